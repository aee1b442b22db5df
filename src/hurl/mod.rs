//! Hurl files run against a handler: parsed by `hurl_core` (Hurl's own parser), evaluated
//! here. A file's entries run in order, captures feed later entries, and the file stops at
//! its first failing entry, as `hurl --test` does.

mod eval;
mod request;
mod response;
pub mod value;

use std::path::{Path, PathBuf};
use std::time::Duration;

use hurl_core::ast::{Entry, HurlFile, SourceInfo};
use hurl_core::error::{DisplaySourceError, OutputFormat};
use hurl_core::text::StyledString;

pub use eval::Variables;

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
    let request = match request::build_request(entry, files, vars) {
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
        if response::check_status(spec, &response, &mut run) {
            response::capture(spec, &response, vars, &mut run);
        }
        if run.failures.is_empty() {
            response::check_response(spec, &response, files, vars, &mut run);
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

#[cfg(test)]
mod tests {
    use super::value::Value;
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

    /// XML bodies are found by the patched hurl_core's scanner (vendor/hurl_core): each ends
    /// right after its root element and is sent as written; one that is not well-formed is a
    /// parse error at the char that breaks it.
    #[test]
    fn xml_bodies_end_after_their_root_element() {
        let docs = [
            "<users><user /></users>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- users, listed -->\n\
             <a x='1' y=\"&lt;&#10;&#x41;\"><![CDATA[<not> a </tag>]]><?pi data?><b/>\
             x &amp; y</a>",
            "<!DOCTYPE a [<!ENTITY e \"x\"> <!-- ] -->]>\n<a>&e;</a>",
            "<ns:a xmlns:ns=\"urn:x\">\n  <ns:b>\u{e9}t\u{e9}</ns:b>\n</ns:a>",
        ];
        for doc in docs {
            let mut sent = None;
            let runs = run_text(
                &format!("POST http://x/a\n{doc}\nHTTP 200\n"),
                &mut |req: Request| {
                    sent = req.body;
                    Response {
                        status: 200,
                        ..Response::default()
                    }
                },
            );
            assert!(runs[0].failures.is_empty(), "{doc}: {:?}", runs[0].failures);
            assert_eq!(sent.as_deref(), Some(doc.as_bytes()), "{doc}");
        }
        for (doc, col) in [
            ("<a></b>", 6),
            ("<a><b></a>", 9),
            ("<a x=1/>", 6),
            ("<a x='1'y='2'/>", 9),
            ("<a>&nbsp;</a>", 5),
            ("<a>&#;</a>", 6),
            ("<a>]]></a>", 4),
            ("<a><!-- x -- y --></a>", 13),
            ("<1a/>", 2),
            ("<a x='1' x='2'/>", 10),
            ("<a>&#0;</a>", 6),
            ("<a>&#xD800;</a>", 7),
            ("<a>\u{1}</a>", 4),
            ("<a y='\u{fffe}'/>", 7),
            ("<a><?xml version='1.0'?></a>", 6),
            ("<!-- c --><?xml version='1.0'?><a/>", 13),
        ] {
            let err =
                parse("t.hurl", &format!("POST http://x/a\n{doc}\nHTTP 200\n")).expect_err(doc);
            assert!(err.contains(&format!("t.hurl:2:{col}")), "{doc}: {err}");
        }
    }

    proptest::proptest! {
        /// Whatever follows a request line, the XML body scanner answers without panicking.
        #[test]
        fn any_xml_body_is_judged(body in "<[<>/!?\\[\\]a-z:&#;'\"= \n-]{0,60}") {
            let _ = parse("t.hurl", &format!("POST http://x/a\n{body}\nHTTP 200\n"));
        }
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
