//! The response spec of a Hurl entry checked against what the handler answered: status,
//! captures, headers, body (snapshots with `--update`) and `[Asserts]`.

use hurl_core::ast::{Body, Bytes, StatusValue, VersionValue};

use super::value::Value;
use super::{EntryRun, Failure, Files, Response, Variables, eval, request};

/// The HTTP version and status of the response spec; whether they hold.
pub(super) fn check_status(
    spec: &hurl_core::ast::Response,
    r: &Response,
    run: &mut EntryRun,
) -> bool {
    if !matches!(
        spec.version.value,
        VersionValue::VersionAny | VersionValue::Version11
    ) {
        run.failures.push(Failure::new(
            spec.version.source_info,
            "Assert HTTP version",
            format!(
                "the embedded runner answers HTTP/1.1, not {}; write `HTTP`",
                spec.version.value
            ),
        ));
        return false;
    }
    if let StatusValue::Specific(want) = spec.status.value
        && want != u64::from(r.status)
    {
        run.failures.push(Failure::new(
            spec.status.source_info,
            "Assert status code",
            format!("actual:   {}\nexpected: {want}", r.status),
        ));
        return false;
    }
    true
}

/// The `[Captures]` of the response spec, into `vars`; stops at the first that fails.
pub(super) fn capture(
    spec: &hurl_core::ast::Response,
    response: &Response,
    vars: &mut Variables,
    run: &mut EntryRun,
) {
    for capture in spec.captures() {
        let name = match eval::template(&capture.name, vars) {
            Ok(n) => n,
            Err(f) => {
                run.failures.push(f);
                return;
            }
        };
        match query_filtered(&capture.query, &capture.filters, response, vars) {
            Ok(Some(v)) => {
                if capture.redacted {
                    run.redacted.push(v.render());
                }
                vars.insert(name, v);
            }
            Ok(None) => {
                run.failures.push(Failure::new(
                    capture.query.source_info,
                    "Capture",
                    format!("`{name}`: the query found no value"),
                ));
                return;
            }
            Err(f) => {
                run.failures.push(f);
                return;
            }
        }
    }
}

fn query_filtered(
    query: &hurl_core::ast::Query,
    filters: &[(hurl_core::ast::Whitespace, hurl_core::ast::Filter)],
    response: &Response,
    vars: &Variables,
) -> Result<Option<Value>, Failure> {
    let mut v = eval::query(query, response, vars)?;
    for (_, f) in filters {
        v = eval::filter(f, v, vars)?;
    }
    Ok(v)
}

/// The headers, body and `[Asserts]` of the response spec (the status is checked before).
pub(super) fn check_response(
    spec: &hurl_core::ast::Response,
    r: &Response,
    files: &Files,
    vars: &Variables,
    run: &mut EntryRun,
) {
    for h in &spec.headers {
        let (name, want) = match (eval::template(&h.key, vars), eval::template(&h.value, vars)) {
            (Ok(n), Ok(v)) => (n, v),
            (Err(f), _) | (_, Err(f)) => {
                run.failures.push(f);
                continue;
            }
        };
        let got: Vec<&str> = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(&name))
            .map(|(_, v)| v.as_str())
            .collect();
        if !got.contains(&want.as_str()) {
            run.failures.push(Failure::new(
                h.key.source_info,
                "Assert header value",
                format!(
                    "actual:   {}\nexpected: {name}: {want}",
                    if got.is_empty() {
                        "no such header".to_string()
                    } else {
                        got.join(", ")
                    }
                ),
            ));
        }
    }
    if let Some(body) = &spec.body
        && let Err(f) = check_body(body, r, files, vars, run)
    {
        run.failures.push(f);
    }
    for a in spec.asserts() {
        let result = query_filtered(&a.query, &a.filters, r, vars)
            .and_then(|v| eval::predicate(&a.predicate, v.as_ref(), vars, files));
        if let Err(f) = result {
            run.failures.push(f);
        }
    }
}

/// The implicit body assert: JSON compared as JSON, anything else byte for byte. A body
/// given as a file is a snapshot `--update` rewrites.
fn check_body(
    body: &Body,
    r: &Response,
    files: &Files,
    vars: &Variables,
    run: &mut EntryRun,
) -> Result<(), Failure> {
    let at = body.space0.source_info;
    let expected = match &body.value {
        Bytes::File(f) => {
            let name = eval::template(&f.filename, vars)?;
            let path = files.resolve(&name, at)?;
            // A snapshot is taken only of a response that passed everything before it.
            if files.update && run.failures.is_empty() {
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(Failure::new(
                        at,
                        "Snapshot",
                        format!(
                            "`{}` is a symbolic link; alga test writes snapshots to real files only",
                            path.display()
                        ),
                    ));
                }
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        Failure::new(
                            at,
                            "Snapshot",
                            format!("cannot create `{}`: {e}", parent.display()),
                        )
                    })?;
                }
                crate::fsutil::write_atomic(&path, &r.body).map_err(|e| {
                    Failure::new(
                        at,
                        "Snapshot",
                        format!("cannot write `{}`: {e}", path.display()),
                    )
                })?;
                run.updated.push(path);
                return Ok(());
            }
            std::fs::read(&path).map_err(|e| {
                Failure::new(
                    at,
                    "Snapshot",
                    format!(
                        "cannot read `{}`: {e}\nrun `alga test --update` to write it from the response",
                        path.display()
                    ),
                )
            })?
        }
        _ => request::body_bytes(body, files, vars)?.0,
    };
    let as_json = |b: &[u8]| serde_json::from_slice::<serde_json::Value>(b).ok();
    let same = match (as_json(&expected), as_json(&r.body)) {
        (Some(e), Some(a)) => e == a,
        _ => expected == r.body,
    };
    if same {
        return Ok(());
    }
    Err(Failure::new(
        at,
        "Assert body value",
        body_diff(&expected, &r.body),
    ))
}

/// A line diff of two bodies (JSON pretty-printed first, so a field is a line).
fn body_diff(expected: &[u8], actual: &[u8]) -> String {
    let pretty = |b: &[u8]| match serde_json::from_slice::<serde_json::Value>(b) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    };
    let (e, a) = (pretty(expected), pretty(actual));
    let diff = similar::TextDiff::from_lines(&e, &a);
    let mut out = String::from("--- expected\n+++ actual\n");
    for group in diff.grouped_ops(2) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push_str(change.value().trim_end_matches('\n'));
                out.push('\n');
            }
        }
    }
    out
}
