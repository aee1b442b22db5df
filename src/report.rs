//! Turning any error into what the user sees: the message, its causes, the hint and detail
//! lines and the exit code, found through the [`Explain`] view of each error type alga knows.

use std::error::Error as StdError;

use serde::Serialize;

use crate::error::{Explain, UserError, exit};

/// Finds the `Explain` view of an error in the chain, if its type is one alga knows.
fn explain<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a dyn Explain> {
    macro_rules! known {
        ($($t:ty),* $(,)?) => {
            $(if let Some(x) = e.downcast_ref::<$t>() {
                return Some(x);
            })*
        };
    }
    known!(
        UserError,
        crate::manifest::ManifestError,
        crate::bundle::PackError,
        crate::bundle::ReadError,
        crate::scaffold::ScaffoldError,
        crate::build::BuildError,
        crate::build::WorldError,
        crate::signing::SignError,
        crate::publish::client::ApiError,
    );
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
            let Some(x) = explain(cause) else { continue };
            if let Some(code) = x.exit_code() {
                report.exit_code = code;
            }
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
    fn a_domain_error_gives_its_exit_code_through_context() {
        let err: anyhow::Error = Err::<(), _>(crate::signing::SignError::BadSignature)
            .context("cannot install")
            .unwrap_err();
        let r = Report::from_error(&err);
        assert_eq!(r.exit_code, exit::VERIFY_SIGNATURE);
        assert!(r.hint.is_some());
    }
}
