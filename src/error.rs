//! Error kinds the binary tells apart, hints, and the rendered report.

use std::error::Error as StdError;

use serde::Serialize;

/// Process exit codes.
pub mod exit {
    /// Bad input or a failed check (manifest, bundle, flags given but wrong).
    pub const FAILURE: i32 = 1;
    /// The command line could not be parsed (clap).
    pub const USAGE: i32 = 2;
    /// The command exists but is not built yet.
    pub const UNAVAILABLE: i32 = 3;
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

/// A command that exists in the tree but is not built yet.
#[derive(Debug, thiserror::Error)]
#[error("`alga {command}` is not available yet")]
pub struct NotAvailable {
    pub command: String,
}

/// Errors that carry a hint, extra detail lines, or structured data for `--json`.
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
}

impl Explain for UserError {
    fn hint(&self) -> Option<String> {
        self.hint.clone()
    }
}

impl Explain for NotAvailable {
    fn hint(&self) -> Option<String> {
        Some("this release of alga does not implement it; nothing was done".into())
    }
}

/// Finds the `Explain` view of an error in the chain, if its type is one alga knows.
fn explain<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a dyn Explain> {
    if let Some(x) = e.downcast_ref::<UserError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<NotAvailable>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::manifest::ManifestError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::bundle::PackError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::bundle::ReadError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::scaffold::ScaffoldError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::build::BuildError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::build::WorldError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::signing::SignError>() {
        return Some(x);
    }
    if let Some(x) = e.downcast_ref::<crate::publish::client::ApiError>() {
        return Some(x);
    }
    None
}

/// An error ready to print: message, causes, detail lines, hint and exit code.
#[derive(Debug, Serialize)]
pub struct Report {
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<String>,
    #[serde(skip)]
    pub details: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    #[serde(rename = "exitCode")]
    pub exit_code: i32,
}

impl Report {
    pub fn from_error(err: &anyhow::Error) -> Self {
        let mut causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
        // anyhow chains repeat a source's text when context wraps a message equal to it.
        causes.dedup();
        let message = err.to_string();
        causes.retain(|c| *c != message);
        let mut report = Report {
            message,
            causes,
            details: Vec::new(),
            hint: None,
            data: None,
            exit_code: exit::FAILURE,
        };
        for cause in err.chain() {
            if cause.downcast_ref::<NotAvailable>().is_some() {
                report.exit_code = exit::UNAVAILABLE;
            }
            if let Some(code) = cause
                .downcast_ref::<crate::signing::SignError>()
                .and_then(|e| e.exit_code())
            {
                report.exit_code = code;
            }
            if let Some(e) = cause.downcast_ref::<crate::publish::client::ApiError>() {
                report.exit_code = e.exit_code();
            }
            if let Some(x) = explain(cause) {
                if report.hint.is_none() {
                    report.hint = x.hint();
                }
                if report.details.is_empty() {
                    report.details = x.details();
                }
                if report.data.is_none() {
                    report.data = x.data();
                }
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn hint_found_through_context() {
        let err: anyhow::Error = Err::<(), _>(UserError::with_hint("inner", "do this"))
            .context("outer")
            .unwrap_err();
        let r = Report::from_error(&err);
        assert_eq!(r.message, "outer");
        assert_eq!(r.causes, vec!["inner".to_string()]);
        assert_eq!(r.hint.as_deref(), Some("do this"));
        assert_eq!(r.exit_code, exit::FAILURE);
    }

    #[test]
    fn unavailable_has_own_exit_code() {
        let err = anyhow::Error::new(NotAvailable {
            command: "dev".into(),
        });
        let r = Report::from_error(&err);
        assert_eq!(r.exit_code, exit::UNAVAILABLE);
        assert_eq!(r.message, "`alga dev` is not available yet");
    }
}
