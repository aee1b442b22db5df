//! Hurl files run against a handler: parsed by `hurl_core` (Hurl's own parser), evaluated
//! here. A file's entries run in order, captures feed later entries, and the file stops at
//! its first failing entry, as `hurl --test` does.

mod eval;
pub mod value;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hurl_core::ast::{
    Body, Bytes, Entry, HurlFile, MultilineStringKind, OptionKind, SectionValue, SourceInfo,
    StatusValue, VariableValue, VersionValue,
};
use hurl_core::error::{DisplaySourceError, OutputFormat};
use hurl_core::text::StyledString;

pub use eval::Variables;
use value::Value;

/// A request for the handler, as a Hurl entry describes it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query string, e.g. `/api/items?page=2`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// `max-time` in the entry's `[Options]`.
    pub timeout_ms: Option<u64>,
    /// The variables in scope (`alga_tenant` and the like choose the request's context).
    pub variables: Variables,
}

/// What the handler answered.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub duration: Duration,
    /// The URL as written in the file, after templating.
    pub url: String,
    /// Why the runner answered an error status itself (a trap, a timeout), if it did.
    pub error: Option<String>,
    /// Requests the handler made that no mock answered.
    pub unmocked: Vec<String>,
}

/// Something that failed in an entry, at a place in the file.
#[derive(Debug, Clone)]
pub struct Failure {
    pub at: SourceInfo,
    pub description: String,
    pub message: String,
}

impl Failure {
    pub fn new(at: SourceInfo, description: &str, message: String) -> Failure {
        Failure {
            at,
            description: description.to_string(),
            message,
        }
    }

    /// The failure as Hurl prints it: what, where, the source line and the details.
    pub fn render(&self, filename: &str, content: &str, entry: SourceInfo) -> String {
        DisplaySourceError::render(self, filename, content, Some(entry), OutputFormat::Plain)
    }
}

impl DisplaySourceError for Failure {
    fn source_info(&self) -> SourceInfo {
        self.at
    }

    fn description(&self) -> String {
        self.description.clone()
    }

    fn fixme(&self, _content: &[&str]) -> StyledString {
        let mut text = StyledString::new();
        for (i, line) in self.message.lines().enumerate() {
            if i > 0 {
                text.push("\n");
            }
            text.push(&format!("  {}", crate::output::escape_controls(line)));
        }
        text
    }
}

/// How one entry went.
#[derive(Debug, Clone)]
pub struct EntryRun {
    pub at: SourceInfo,
    pub method: String,
    pub url: String,
    pub status: Option<u16>,
    pub duration: Duration,
    pub failures: Vec<Failure>,
    /// Snapshot files `--update` wrote.
    pub updated: Vec<PathBuf>,
    pub skipped: bool,
    /// Values of `redact` captures, hidden from what is shown.
    pub redacted: Vec<String>,
}

/// A file's text parsed, or the parse error rendered as Hurl renders it.
pub fn parse(filename: &str, content: &str) -> Result<HurlFile, String> {
    hurl_core::parser::parse_hurl_file(content)
        .map_err(|e| e.render(filename, content, None, OutputFormat::Plain))
}

/// Where a file's run reads and writes the files it names.
#[derive(Debug, Clone)]
pub struct Files {
    /// The Hurl file's folder: names are relative to it.
    pub dir: PathBuf,
    /// The folder no name may leave (the project's `tests/`).
    pub root: PathBuf,
    /// `--update`: response body files (`file,expected.json;`) are rewritten from the response.
    pub update: bool,
}

impl Files {
    /// The path of `name`, which must stay under [`Files::root`], symbolic links included.
    pub(crate) fn resolve(&self, name: &str, at: SourceInfo) -> Result<PathBuf, Failure> {
        let denied = || {
            Failure::new(
                at,
                "File access",
                format!(
                    "`{name}` is outside the tests folder; files a test reads or writes stay under `{}`",
                    self.root.display()
                ),
            )
        };
        let mut path = self.dir.clone();
        for part in Path::new(name).components() {
            match part {
                std::path::Component::Normal(p) => path.push(p),
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    path.pop();
                }
                _ => return Err(denied()),
            }
        }
        if !path.starts_with(&self.root) {
            return Err(denied());
        }
        // What exists of the path must resolve under the root too (no link out of it).
        let root = self.root.canonicalize().map_err(|_| denied())?;
        let mut existing = path.as_path();
        while !existing.exists() {
            existing = existing.parent().ok_or_else(denied)?;
        }
        let real = existing.canonicalize().map_err(|_| denied())?;
        if !real.starts_with(&root) {
            return Err(denied());
        }
        Ok(path)
    }

    pub(crate) fn read(&self, name: &str, at: SourceInfo) -> Result<Vec<u8>, Failure> {
        let path = self.resolve(name, at)?;
        std::fs::read(&path).map_err(|e| {
            Failure::new(
                at,
                "File read access",
                format!("cannot read `{}`: {e}", path.display()),
            )
        })
    }
}

/// Runs the entries of `file` in order through `send`, stopping at the first that fails.
pub fn run(
    file: &HurlFile,
    files: &Files,
    vars: &mut Variables,
    send: &mut dyn FnMut(Request) -> Response,
) -> Vec<EntryRun> {
    let mut runs = Vec::new();
    for entry in &file.entries {
        let run = run_entry(entry, files, vars, send);
        let failed = !run.failures.is_empty();
        runs.push(run);
        if failed {
            break;
        }
    }
    runs
}

fn run_entry(
    entry: &Entry,
    files: &Files,
    vars: &mut Variables,
    send: &mut dyn FnMut(Request) -> Response,
) -> EntryRun {
    let mut run = EntryRun {
        at: entry.source_info(),
        method: entry.request.method.to_string(),
        url: entry.request.url.to_string(),
        status: None,
        duration: Duration::ZERO,
        failures: Vec::new(),
        updated: Vec::new(),
        skipped: false,
        redacted: Vec::new(),
    };
    let request = match build_request(entry, files, vars) {
        Ok(Some(r)) => r,
        Ok(None) => {
            run.skipped = true;
            return run;
        }
        Err(f) => {
            run.failures.push(f);
            return run;
        }
    };
    run.url = request.1.clone();
    let mut response = send(request.0);
    response.url = request.1;
    run.status = Some(response.status);
    run.duration = response.duration;
    for url in &response.unmocked {
        run.failures.push(Failure::new(
            entry.request.source_info,
            "Un-mocked request",
            format!(
                "the handler fetched {url}, which no mock in tests/http/ answers\n\
                 add one: {{\"method\": \"…\", \"url\": \"…\", \"status\": 200, \"body\": …}}"
            ),
        ));
    }
    if let Some(spec) = &entry.response {
        // As in Hurl: the status first, then the captures (which asserts may use), then the rest.
        if check_status(spec, &response, &mut run) {
            capture(spec, &response, vars, &mut run);
        }
        if run.failures.is_empty() {
            check_response(spec, &response, files, vars, &mut run);
        }
    }
    if !run.failures.is_empty()
        && let Some(why) = &response.error
    {
        run.failures.push(Failure::new(
            entry.request.source_info,
            "Runner error",
            format!("the runner answered {} itself: {why}", response.status),
        ));
    }
    run
}

/// The HTTP version and status of the response spec; whether they hold.
fn check_status(spec: &hurl_core::ast::Response, r: &Response, run: &mut EntryRun) -> bool {
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
fn capture(
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

/// The request of an entry and its URL after templating; `None` when `skip: true`.
fn build_request(
    entry: &Entry,
    files: &Files,
    vars: &mut Variables,
) -> Result<Option<(Request, String)>, Failure> {
    let r = &entry.request;
    let mut timeout_ms = None;
    for option in r.options() {
        let at = option.space0.source_info;
        match &option.kind {
            OptionKind::Variable(def) => {
                let v = match &def.value {
                    VariableValue::Null => Value::Null,
                    VariableValue::Bool(b) => Value::Bool(*b),
                    VariableValue::Number(n) => match n {
                        hurl_core::ast::Number::Integer(i) => Value::Integer(i.as_i64()),
                        hurl_core::ast::Number::Float(f) => Value::Float(f.as_f64()),
                        hurl_core::ast::Number::BigInteger(s) => Value::String(s.clone()),
                    },
                    VariableValue::String(t) => Value::String(eval::template(t, vars)?),
                };
                vars.insert(def.name.clone(), v);
            }
            OptionKind::Skip(b) => {
                if boolean_option(b, vars, at)? {
                    return Ok(None);
                }
            }
            OptionKind::MaxTime(d) => timeout_ms = Some(duration_option(d, vars, at)?),
            OptionKind::Delay(d) => {
                let ms = duration_option(d, vars, at)?;
                if ms > MAX_DELAY_MS {
                    return Err(Failure::new(
                        at,
                        "Option",
                        format!(
                            "a delay of {ms} ms is more than alga test waits ({MAX_DELAY_MS} ms)"
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(ms));
            }
            other => {
                return Err(eval::unsupported(
                    at,
                    &format!("the `{}` option", other.identifier()),
                ));
            }
        }
    }
    let text = eval::template(&r.url, vars)?;
    let mut url = match reqwest::Url::parse(&text) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        _ => {
            return Err(Failure::new(
                r.url.source_info,
                "Invalid URL",
                format!("`{text}` is not an http:// or https:// URL; write {{{{base}}}}/api/…"),
            ));
        }
    };
    url.set_fragment(None);
    let mut query = Vec::new();
    let mut headers = Vec::new();
    let mut body = None;
    for h in &r.headers {
        headers.push((
            eval::template(&h.key, vars)?,
            eval::template(&h.value, vars)?,
        ));
    }
    for section in &r.sections {
        match &section.value {
            SectionValue::QueryParams(params, _) => {
                for p in params {
                    query.push((
                        eval::template(&p.key, vars)?,
                        eval::template(&p.value, vars)?,
                    ));
                }
            }
            SectionValue::FormParams(params, _) => {
                let mut form = form_urlencoded::Serializer::new(String::new());
                for p in params {
                    form.append_pair(
                        &eval::template(&p.key, vars)?,
                        &eval::template(&p.value, vars)?,
                    );
                }
                body = Some(form.finish().into_bytes());
                set_default(
                    &mut headers,
                    "content-type",
                    "application/x-www-form-urlencoded",
                );
            }
            SectionValue::BasicAuth(Some(kv)) => {
                use base64::Engine as _;
                let pair = format!(
                    "{}:{}",
                    eval::template(&kv.key, vars)?,
                    eval::template(&kv.value, vars)?
                );
                headers.push((
                    "authorization".into(),
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    ),
                ));
            }
            SectionValue::BasicAuth(None) | SectionValue::Options(_) => {}
            SectionValue::Cookies(cookies) => {
                let mut pairs = Vec::new();
                for c in cookies {
                    pairs.push(format!(
                        "{}={}",
                        eval::template(&c.name, vars)?,
                        eval::template(&c.value, vars)?
                    ));
                }
                headers.push(("cookie".into(), pairs.join("; ")));
            }
            other => {
                return Err(eval::unsupported(
                    section.source_info,
                    &format!("the [{}] section in a request", section_name(other)),
                ));
            }
        }
    }
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(&query);
    }
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    if let Some(b) = &r.body {
        let (bytes, content_type) = body_bytes(b, files, vars)?;
        body = Some(bytes);
        if let Some(ct) = content_type {
            set_default(&mut headers, "content-type", ct);
        }
    }
    Ok(Some((
        Request {
            method: r.method.to_string(),
            path,
            headers,
            body,
            timeout_ms,
            variables: vars.clone(),
        },
        url.to_string(),
    )))
}

fn section_name(v: &SectionValue) -> &'static str {
    match v {
        SectionValue::MultipartFormData(..) => "Multipart",
        SectionValue::Captures(_) => "Captures",
        SectionValue::Asserts(_) => "Asserts",
        _ => "?",
    }
}

/// The longest `delay` option a file may ask for.
const MAX_DELAY_MS: u64 = 60_000;

fn boolean_option(
    b: &hurl_core::ast::BooleanOption,
    vars: &Variables,
    at: SourceInfo,
) -> Result<bool, Failure> {
    match b {
        hurl_core::ast::BooleanOption::Literal(v) => Ok(*v),
        hurl_core::ast::BooleanOption::Placeholder(p) => match eval::placeholder(p, vars)? {
            Value::Bool(v) => Ok(v),
            other => Err(Failure::new(
                at,
                "Option",
                format!("expected a boolean, the variable holds {other}"),
            )),
        },
    }
}

/// A duration option in milliseconds (a bare number is milliseconds, as in Hurl).
fn duration_option(
    d: &hurl_core::ast::DurationOption,
    vars: &Variables,
    at: SourceInfo,
) -> Result<u64, Failure> {
    match d {
        hurl_core::ast::DurationOption::Literal(d) => Ok(millis(d)),
        hurl_core::ast::DurationOption::Placeholder(p) => match eval::placeholder(p, vars)? {
            Value::Integer(n) if n >= 0 => Ok(n as u64),
            other => Err(Failure::new(
                at,
                "Option",
                format!("expected a number of milliseconds, the variable holds {other}"),
            )),
        },
    }
}

fn millis(d: &hurl_core::ast::Duration) -> u64 {
    use hurl_core::types::DurationUnit as U;
    let n = d.value.as_u64();
    match d.unit {
        None | Some(U::MilliSecond) => n,
        Some(U::Second) => n.saturating_mul(1000),
        Some(U::Minute) => n.saturating_mul(60_000),
        Some(U::Hour) => n.saturating_mul(3_600_000),
    }
}

fn set_default(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
        headers.push((name.to_string(), value.to_string()));
    }
}

/// A body's bytes and the content type Hurl gives it when the entry sets none.
fn body_bytes(
    b: &Body,
    files: &Files,
    vars: &Variables,
) -> Result<(Vec<u8>, Option<&'static str>), Failure> {
    let at = b.space0.source_info;
    Ok(match &b.value {
        Bytes::Json(j) => (eval::json(j, vars)?.into_bytes(), Some("application/json")),
        Bytes::Xml(x) => (x.clone().into_bytes(), Some("application/xml")),
        Bytes::OnelineString(t) => (eval::template(t, vars)?.into_bytes(), None),
        Bytes::MultilineString(m) => match &m.kind {
            MultilineStringKind::GraphQl(_) => {
                return Err(eval::unsupported(at, "a GraphQL body"));
            }
            MultilineStringKind::Json(t) => (
                eval::template(t, vars)?.into_bytes(),
                Some("application/json"),
            ),
            MultilineStringKind::Xml(t) => (
                eval::template(t, vars)?.into_bytes(),
                Some("application/xml"),
            ),
            MultilineStringKind::Text(t) | MultilineStringKind::Raw(t) => {
                (eval::template(t, vars)?.into_bytes(), None)
            }
        },
        Bytes::Base64(b) => (b.value.clone(), None),
        Bytes::Hex(h) => (h.value.clone(), None),
        Bytes::File(f) => {
            let name = eval::template(&f.filename, vars)?;
            (files.read(&name, at)?, None)
        }
    })
}

/// The headers, body and `[Asserts]` of the response spec (the status is checked before).
fn check_response(
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
        _ => body_bytes(body, files, vars)?.0,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn respond(status: u16, body: &str) -> impl FnMut(Request) -> Response {
        let body = body.to_string();
        move |_req| Response {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.clone().into_bytes(),
            ..Response::default()
        }
    }

    fn run_text(text: &str, send: &mut dyn FnMut(Request) -> Response) -> Vec<EntryRun> {
        let file = parse("t.hurl", text).unwrap();
        let mut vars = Variables::new();
        vars.insert("base".into(), Value::String("http://localhost".into()));
        let files = Files {
            dir: PathBuf::from("."),
            root: PathBuf::from("."),
            update: false,
        };
        run(&file, &files, &mut vars, send)
    }

    #[test]
    fn captures_come_before_asserts_and_not_keeps_type_mismatches_failing() {
        let runs = run_text(
            "GET http://x/a\nHTTP 200\n[Captures]\nn: jsonpath \"$.n\"\n[Asserts]\n\
             jsonpath \"$.n\" == {{n}}\njsonpath \"$.n\" not startsWith \"1\"\n",
            &mut respond(200, r#"{"n": 2}"#),
        );
        let f = &runs[0].failures;
        assert_eq!(f.len(), 1, "the capture is there for the assert: {f:?}");
        assert_eq!(
            f[0].at.start.line, 7,
            "startsWith on an integer fails, `not` or not"
        );
        let runs = run_text(
            "GET http://x/a\nHTTP 200\n[Asserts]\njsonpath \"$.gone\" not exists\njsonpath \"$.gone\" not == 1\n",
            &mut respond(200, "{}"),
        );
        let lines: Vec<_> = runs[0].failures.iter().map(|f| f.at.start.line).collect();
        assert_eq!(lines, [5], "no value passes `not exists` only");
    }

    #[test]
    fn files_stay_under_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("tests");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        std::fs::write(root.join("ok.json"), "{}").unwrap();
        let files = Files {
            dir: root.join("sub"),
            root: root.clone(),
            update: false,
        };
        let at = SourceInfo::new(
            hurl_core::reader::Pos::new(1, 1),
            hurl_core::reader::Pos::new(1, 1),
        );
        assert!(files.read("../ok.json", at).is_ok());
        for bad in [
            "../../secret.txt",
            "/etc/passwd",
            "../../tests/../secret.txt",
        ] {
            let f = files.read(bad, at).unwrap_err();
            assert_eq!(f.description, "File access", "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link")).unwrap();
            assert_eq!(
                files.read("../link", at).unwrap_err().description,
                "File access"
            );
        }
    }

    #[test]
    fn asserts_captures_and_templates() {
        let mut seen = Vec::new();
        let mut send = |req: Request| {
            seen.push(req.path.clone());
            Response {
                status: 200,
                headers: vec![("content-type".into(), "application/json".into())],
                body: br#"{"id": 7, "tags": ["a", "b"], "name": "x"}"#.to_vec(),
                ..Response::default()
            }
        };
        let runs = run_text(
            "GET {{base}}/api/items\n[Query]\nq: a b\nHTTP 200\n[Captures]\nid: jsonpath \"$.id\"\n\
             [Asserts]\njsonpath \"$.tags\" count == 2\njsonpath \"$.name\" == \"x\"\n\
             header \"content-type\" contains \"json\"\n\n\
             GET {{base}}/api/items/{{id}}\nHTTP 200\n",
            &mut send,
        );
        assert!(runs.iter().all(|r| r.failures.is_empty()), "{runs:?}");
        assert_eq!(seen, ["/api/items?q=a+b", "/api/items/7"]);
    }

    #[test]
    fn a_failed_assert_says_actual_and_expected_and_stops_the_file() {
        let text = "GET http://x/a\nHTTP 200\n[Asserts]\njsonpath \"$.n\" == 3\n\nGET http://x/b\n";
        let runs = run_text(text, &mut respond(200, r#"{"n": 2}"#));
        assert_eq!(runs.len(), 1, "the second entry does not run");
        let f = &runs[0].failures[0];
        assert_eq!(f.at.start.line, 4);
        let shown = f.render("t.hurl", text, runs[0].at);
        assert!(shown.contains("actual:   integer <2>"), "{shown}");
        assert!(shown.contains("expected: integer <3>"), "{shown}");
        assert!(shown.contains("t.hurl:4:"), "{shown}");
    }

    #[test]
    fn status_and_json_body_compare() {
        let runs = run_text(
            "GET http://x/a\nHTTP 201\n{\"n\": 2}\n",
            &mut respond(200, r#"{ "n" : 3 }"#),
        );
        let descriptions: Vec<_> = runs[0]
            .failures
            .iter()
            .map(|f| f.description.as_str())
            .collect();
        assert_eq!(
            descriptions,
            ["Assert status code"],
            "a wrong status is enough"
        );
        let runs = run_text(
            "GET http://x/a\nHTTP 200\n{\"n\": 2}\n",
            &mut respond(200, r#"{ "n" : 3 }"#),
        );
        assert_eq!(runs[0].failures[0].description, "Assert body value");
        assert!(
            runs[0].failures[0]
                .message
                .contains("-  \"n\": 2\n+  \"n\": 3"),
            "{}",
            runs[0].failures[0].message
        );
        let runs = run_text(
            "GET http://x/a\nHTTP 200\n{\"n\": 3}\n",
            &mut respond(200, r#"{ "n" : 3 }"#),
        );
        assert!(runs[0].failures.is_empty(), "JSON is compared as JSON");
    }

    #[test]
    fn unsupported_features_are_named() {
        let runs = run_text(
            "GET http://x/a\nHTTP 200\n[Asserts]\nxpath \"//a\" exists\n",
            &mut respond(200, "{}"),
        );
        let f = &runs[0].failures[0];
        assert_eq!(f.description, "Not supported");
        assert!(
            f.message.contains("the `xpath` query is not supported"),
            "{}",
            f.message
        );
    }

    #[test]
    fn undefined_variables_and_parse_errors_are_clear() {
        let runs = run_text("GET http://x/{{nope}}\n", &mut respond(200, "{}"));
        assert!(runs[0].failures[0].message.contains("`nope`"));
        let err = parse("bad.hurl", "GET\n").unwrap_err();
        assert!(err.contains("bad.hurl:1:"), "{err}");
    }
}
