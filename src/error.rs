//! The error vocabulary every module shares: user errors with hints, the [`Explain`] view that
//! domain errors give of themselves, and the one table of exit codes. A leaf: it knows no domain
//! module (rendering, and the list of error types, are in `report.rs`).

/// Process exit codes, for the whole binary.
pub mod exit {
    /// Bad input or a failed check (manifest, bundle, flags given but wrong).
    pub const FAILURE: i32 = 1;
    /// The command line could not be parsed (clap), or options that do not go together.
    pub const USAGE: i32 = 2;
    /// A command or option that is not built yet (none at present; kept reserved).
    pub const UNAVAILABLE: i32 = 3;
    /// The Alga server refused the request (4xx).
    pub const SERVER_REFUSED: i32 = 4;
    /// The Alga server could not be reached, timed out or failed (5xx) after retries.
    pub const SERVER_UNAVAILABLE: i32 = 5;
    /// `alga verify`, one per failed check.
    pub const VERIFY_UNREADABLE: i32 = 10;
    pub const VERIFY_DIGEST: i32 = 11;
    pub const VERIFY_SIGNATURE: i32 = 12;
    pub const VERIFY_UNTRUSTED: i32 = 13;
    pub const VERIFY_CERTIFICATE: i32 = 14;
    pub const VERIFY_LAYOUT: i32 = 15;
    pub const VERIFY_MANIFEST: i32 = 16;
    pub const VERIFY_MALFORMED: i32 = 17;
    /// A bug in alga (panic or broken invariant).
    pub const INTERNAL: i32 = 70;
}

/// A user-facing error with an optional hint on what to do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    pub message: String,
    pub hint: Option<String>,
}

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(message: impl Into<String>, hint: impl Into<String>) -> Self {
        UserError {
            message: message.into(),
            hint: Some(hint.into()),
        }
    }
}

/// A failure the command has already reported in its own output (e.g. a `--json` envelope);
/// only the exit code is left to set.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AlreadyReported(pub String);

/// What an error says of itself beyond its message: a hint, extra detail lines, structured
/// data for `--json`, and its exit code when it is not [`exit::FAILURE`].
pub trait Explain {
    fn hint(&self) -> Option<String> {
        None
    }
    fn details(&self) -> Vec<String> {
        Vec::new()
    }
    fn data(&self) -> Option<serde_json::Value> {
        None
    }
    fn exit_code(&self) -> Option<i32> {
        None
    }
}

impl Explain for UserError {
    fn hint(&self) -> Option<String> {
        self.hint.clone()
    }
}
