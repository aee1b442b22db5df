//! The manifest rules: those the Alga server enforces at publish, plus the ones that keep an
//! extension runnable (reverse-domain name, `wasm-js@1`, known capabilities, routable endpoints).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::span::{SpanIndex, join_index, join_key};
use super::{Capability, Pos, RUNTIME};

/// Top-level keys the server's finalize step accepts; anything else is rejected there.
const TOP_LEVEL: [&str; 9] = [
    "name",
    "publisher",
    "version",
    "runtime",
    "capabilities",
    "ui",
    "api",
    "assets",
    "precompiled",
];

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a manifest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// JSON path such as `api.endpoints[0].method`; empty for the whole document.
    pub path: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub pos: Option<Pos>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Issue {
    pub fn error(path: &str, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Error,
            path: path.to_string(),
            pos: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: &str, message: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(path, message)
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column: path: message` and an indented hint line.
    pub fn render(&self, file: &Path) -> String {
        let place = match self.pos {
            Some(p) => format!("{}:{}:{}", file.display(), p.line, p.column),
            None => file.display().to_string(),
        };
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        let mut text = format!("  {place}: {path}: {}", self.message);
        if let Some(h) = &self.hint {
            text.push_str(&format!("\n      hint: {h}"));
        }
        text
    }
}

struct Checker<'a> {
    spans: &'a SpanIndex,
    issues: Vec<Issue>,
}

/// Checks every rule and returns all problems found, errors and warnings, in document order.
pub fn validate(root: &Value, spans: &SpanIndex) -> Vec<Issue> {
    let mut c = Checker {
        spans,
        issues: Vec::new(),
    };
    match root.as_object() {
        Some(obj) => c.root(obj),
        None => c.push(
            Issue::error(
                "",
                format!("the manifest must be a JSON object, not {}", kind(root)),
            )
            .hint("start from `alga create extension NAME`, which writes a valid manifest"),
        ),
    }
    let mut issues = c.issues;
    issues.sort_by_key(|i| i.pos.map(|p| (p.line, p.column)));
    issues
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Checker<'_> {
    fn push(&mut self, mut issue: Issue) {
        if issue.pos.is_none() {
            issue.pos = self.spans.value(&issue.path);
        }
        self.issues.push(issue);
    }

    /// Reports at the key of `path` (used for unknown or misplaced keys).
    fn push_at_key(&mut self, mut issue: Issue) {
        issue.pos = self.spans.key(&issue.path);
        self.issues.push(issue);
    }

    fn missing(&mut self, parent: &str, key: &str, example: &str) {
        let mut issue = Issue::error(parent, format!("missing required field `{key}`"))
            .hint(format!("add `\"{key}\": {example}`"));
        issue.pos = self.spans.value(parent);
        self.issues.push(issue);
    }

    /// A string that is present and not blank, or an error.
    fn non_empty_str<'v>(&mut self, path: &str, v: &'v Value, what: &str) -> Option<&'v str> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s),
            Value::String(_) => {
                self.push(Issue::error(path, format!("{what} must not be empty")));
                None
            }
            other => {
                self.push(Issue::error(
                    path,
                    format!("{what} must be a string, not {}", kind(other)),
                ));
                None
            }
        }
    }

    fn root(&mut self, obj: &Map<String, Value>) {
        for key in obj.keys() {
            if !TOP_LEVEL.contains(&key.as_str()) {
                let issue = Issue::error(
                    &join_key("", key),
                    format!("unknown top-level field `{key}`"),
                )
                .hint(unknown_field_hint(key));
                self.push_at_key(issue);
            }
        }

        match obj.get("name") {
            None => self.missing("", "name", "\"com.example.my-extension\""),
            Some(v) => {
                if let Some(name) = self.non_empty_str("name", v, "`name`") {
                    self.name(name);
                }
            }
        }
        if let Some(v) = obj.get("publisher") {
            self.non_empty_str("publisher", v, "`publisher`");
        }
        match obj.get("version") {
            None => self.missing("", "version", "\"0.1.0\""),
            Some(v) => {
                if let Some(version) = self.non_empty_str("version", v, "`version`") {
                    self.version(version);
                }
            }
        }
        match obj.get("runtime") {
            None => self.missing("", "runtime", "\"wasm-js@1\""),
            Some(v) => {
                if let Some(rt) = self.non_empty_str("runtime", v, "`runtime`")
                    && rt.trim() != RUNTIME
                {
                    self.push(
                        Issue::error("runtime", format!("unsupported runtime `{rt}`"))
                            .hint(format!("the Runner executes only `{RUNTIME}`")),
                    );
                }
            }
        }
        if let Some(v) = obj.get("capabilities") {
            self.capabilities(v);
        }
        if let Some(v) = obj.get("ui") {
            self.ui(v);
        }
        if let Some(v) = obj.get("api") {
            self.api(v);
        }
        if let Some(v) = obj.get("assets") {
            self.assets(v);
        }
        if let Some(v) = obj.get("precompiled") {
            self.precompiled(v);
        }
    }

    fn name(&mut self, name: &str) {
        if !is_reverse_domain(name) {
            self.push(
                Issue::error(
                    "name",
                    format!("`{name}` is not a reverse-domain name"),
                )
                .hint("use lowercase dot-separated segments of letters, digits, `-` and `_`, such as `com.example.my-extension`"),
            );
        }
    }

    fn version(&mut self, version: &str) {
        let v = version.trim();
        if is_wildcard_version(v) {
            return;
        }
        if semver::Version::parse(v).is_err() {
            self.push(
                Issue::error("version", format!("`{version}` is not a semantic version"))
                    .hint("write MAJOR.MINOR.PATCH such as `1.0.0` (or `1.0.*` to let the server pick the next patch)"),
            );
        }
    }

    fn capabilities(&mut self, v: &Value) {
        let Some(items) = v.as_array() else {
            self.push(
                Issue::error(
                    "capabilities",
                    format!(
                        "`capabilities` must be an array of strings, not {}",
                        kind(v)
                    ),
                )
                .hint("for example `[\"cap:log.emit\", \"cap:storage.kv\"]`"),
            );
            return;
        };
        let mut seen: BTreeSet<Capability> = BTreeSet::new();
        for (i, item) in items.iter().enumerate() {
            let path = join_index("capabilities", i);
            let Some(text) = self.non_empty_str(&path, item, "a capability") else {
                continue;
            };
            match Capability::parse(text) {
                Some(cap) => {
                    if text != cap.as_str() {
                        self.push(
                            Issue::warning(
                                &path,
                                format!("capability `{text}` is not in canonical form"),
                            )
                            .hint(format!("write `{cap}`")),
                        );
                    }
                    if !seen.insert(cap) {
                        self.push(Issue::warning(&path, format!("`{cap}` is listed twice")));
                    }
                }
                None => {
                    let issue = Issue::error(&path, format!("unknown capability `{text}`"));
                    let issue = match Capability::from_legacy(text) {
                        Some(cap) => issue.hint(format!(
                            "un-prefixed names are dropped at install; write `{cap}`"
                        )),
                        None => issue.hint(format!(
                            "known capabilities: {}",
                            Capability::ALL.map(|c| c.as_str()).join(", ")
                        )),
                    };
                    self.push(issue);
                }
            }
        }
    }

    fn ui(&mut self, v: &Value) {
        let Some(ui) = v.as_object() else {
            self.push(Issue::error(
                "ui",
                format!("`ui` must be an object, not {}", kind(v)),
            ));
            return;
        };
        match ui.get("type") {
            None => self.missing("ui", "type", "\"iframe\""),
            Some(Value::String(t)) if t == "iframe" => {}
            Some(other) => self.push(
                Issue::error(
                    "ui.type",
                    format!("`ui.type` must be \"iframe\", not {other}"),
                )
                .hint("extension UIs are rendered in a sandboxed iframe"),
            ),
        }
        match ui.get("entry") {
            None => self.missing("ui", "entry", "\"ui/index.html\""),
            Some(v) => {
                if let Some(entry) = self.non_empty_str("ui.entry", v, "`ui.entry`") {
                    if entry.contains("..") {
                        self.push(Issue::error("ui.entry", "`ui.entry` must not contain `..`"));
                    } else if entry != "ui/index.html" {
                        self.push(
                            Issue::warning("ui.entry", format!("`ui.entry` is `{entry}`, but the host always loads `ui/index.html`"))
                                .hint("set `\"entry\": \"ui/index.html\"` and start the UI from that page"),
                        );
                    }
                }
            }
        }
        if let Some(hooks) = ui.get("hooks") {
            let Some(hooks) = hooks.as_object() else {
                self.push(Issue::error(
                    "ui.hooks",
                    format!("`ui.hooks` must be an object, not {}", kind(hooks)),
                ));
                return;
            };
            for name in ["appMenu", "clientPortalMenu"] {
                let Some(hook) = hooks.get(name) else {
                    continue;
                };
                let path = format!("ui.hooks.{name}");
                match hook.as_object() {
                    None => self.push(Issue::error(
                        &path,
                        format!(
                            "`{path}` must be an object with a `label`, not {}",
                            kind(hook)
                        ),
                    )),
                    Some(obj) => match obj.get("label") {
                        None => self.missing(&path, "label", "\"My Extension\""),
                        Some(label) => {
                            self.non_empty_str(&format!("{path}.label"), label, "the menu label");
                        }
                    },
                }
            }
        }
    }

    fn api(&mut self, v: &Value) {
        let Some(api) = v.as_object() else {
            self.push(Issue::error(
                "api",
                format!("`api` must be an object, not {}", kind(v)),
            ));
            return;
        };
        let Some(endpoints) = api.get("endpoints") else {
            self.missing("api", "endpoints", "[{\"method\": \"GET\", \"path\": \"/api/hello\", \"handler\": \"dist/main.wasm\"}]");
            return;
        };
        let Some(endpoints) = endpoints.as_array() else {
            self.push(Issue::error(
                "api.endpoints",
                format!("`api.endpoints` must be an array, not {}", kind(endpoints)),
            ));
            return;
        };
        if endpoints.is_empty() {
            self.push(
                Issue::warning(
                    "api.endpoints",
                    "`api.endpoints` is empty, so no request can reach the handler",
                )
                .hint("declare each route the UI calls, or remove `api` for a UI-only extension"),
            );
        }
        let mut seen: HashMap<(String, String), usize> = HashMap::new();
        for (i, ep) in endpoints.iter().enumerate() {
            let path = join_index("api.endpoints", i);
            let Some(obj) = ep.as_object() else {
                self.push(Issue::error(
                    &path,
                    format!("an endpoint must be an object, not {}", kind(ep)),
                ));
                continue;
            };
            let method = match obj.get("method") {
                None => {
                    self.missing(&path, "method", "\"GET\"");
                    None
                }
                Some(m) => self.method(&format!("{path}.method"), m),
            };
            let route = match obj.get("path") {
                None => {
                    self.missing(&path, "path", "\"/api/hello\"");
                    None
                }
                Some(p) => self.route(&format!("{path}.path"), p),
            };
            match obj.get("handler") {
                None => self.missing(&path, "handler", "\"dist/main.wasm\""),
                Some(h) => {
                    let hp = format!("{path}.handler");
                    if let Some(handler) = self.non_empty_str(&hp, h, "`handler`")
                        && handler.contains("..")
                    {
                        self.push(Issue::error(&hp, "`handler` must not contain `..`"));
                    }
                }
            }
            if let (Some(m), Some(r)) = (method, route)
                && let Some(first) = seen.insert((m.clone(), r.clone()), i)
            {
                self.push(
                    Issue::error(
                        &path,
                        format!("duplicate endpoint `{m} {r}` (also api.endpoints[{first}])"),
                    )
                    .hint("each method and path pair may be declared once"),
                );
            }
        }
    }

    fn method(&mut self, path: &str, v: &Value) -> Option<String> {
        let m = self.non_empty_str(path, v, "`method`")?;
        let upper = m.trim().to_ascii_uppercase();
        if !METHODS.contains(&upper.as_str()) {
            self.push(
                Issue::error(path, format!("unknown HTTP method `{m}`"))
                    .hint("use GET, POST, PUT, PATCH or DELETE"),
            );
            return None;
        }
        if upper == "OPTIONS" || upper == "HEAD" {
            self.push(
                Issue::warning(
                    path,
                    format!("`{upper}` endpoints are not routed by the Alga gateway"),
                )
                .hint("use GET, POST, PUT, PATCH or DELETE"),
            );
        }
        Some(upper)
    }

    fn route(&mut self, path: &str, v: &Value) -> Option<String> {
        let p = self.non_empty_str(path, v, "`path`")?;
        if p.chars().any(char::is_whitespace) {
            self.push(Issue::error(
                path,
                format!("endpoint path `{p}` contains white space"),
            ));
            return None;
        }
        if p.split('/').any(|s| s == ".." || s == ".") || p.contains("..") {
            self.push(Issue::error(
                path,
                format!("endpoint path `{p}` must not contain `..`"),
            ));
            return None;
        }
        if !p.starts_with('/') {
            self.push(
                Issue::error(path, format!("endpoint path `{p}` must start with `/`"))
                    .hint(format!("write `/{}`", p.trim_start_matches("./"))),
            );
            return None;
        }
        let mut norm = String::new();
        for seg in p.split('/').filter(|s| !s.is_empty()) {
            norm.push('/');
            norm.push_str(seg);
        }
        if norm.is_empty() {
            norm.push('/');
        }
        Some(norm)
    }

    fn assets(&mut self, v: &Value) {
        let Some(items) = v.as_array() else {
            self.push(
                Issue::error(
                    "assets",
                    format!("`assets` must be an array of globs, not {}", kind(v)),
                )
                .hint("for example `[\"ui/**/*\"]`"),
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let path = join_index("assets", i);
            let Some(glob) = self.non_empty_str(&path, item, "an assets glob") else {
                continue;
            };
            if glob.starts_with('/') || glob.split('/').any(|s| s == "..") {
                self.push(
                    Issue::error(&path, format!("assets glob `{glob}` must be relative to the bundle root"))
                        .hint("globs match bundle paths such as `ui/index.html`; remove the leading `/` or `..`"),
                );
                continue;
            }
            if let Err(e) = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
            {
                self.push(Issue::error(
                    &path,
                    format!("invalid assets glob `{glob}`: {}", e.kind()),
                ));
            }
        }
    }

    fn precompiled(&mut self, v: &Value) {
        let Some(map) = v.as_object() else {
            self.push(Issue::error(
                "precompiled",
                format!(
                    "`precompiled` must be an object of target to path, not {}",
                    kind(v)
                ),
            ));
            return;
        };
        for (key, value) in map {
            let path = join_key("precompiled", key);
            if key.trim().is_empty() {
                self.push_at_key(Issue::error(&path, "`precompiled` keys must not be empty"));
            }
            self.non_empty_str(&path, value, "a precompiled path");
        }
    }
}

fn unknown_field_hint(key: &str) -> String {
    match key {
        "entry" => "the handler is always loaded from `dist/main.wasm`; remove `entry`".into(),
        "description" | "$schema" | "events" | "sbom" | "displayName" | "author" => {
            format!("the Alga server rejects unknown top-level fields at publish; remove `{key}`")
        }
        _ => match TOP_LEVEL.iter().min_by_key(|k| edit_distance(k, key)) {
            Some(best) if edit_distance(best, key) <= 2 => format!("did you mean `{best}`?"),
            _ => format!("allowed fields: {}", TOP_LEVEL.join(", ")),
        },
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `com.example.my-ext`: two or more lowercase segments of `[a-z0-9_-]`, each starting with
/// a letter or digit.
fn is_reverse_domain(name: &str) -> bool {
    let segments: Vec<&str> = name.split('.').collect();
    segments.len() >= 2
        && segments.iter().all(|s| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        })
}

/// `1.2.*`, which the server resolves to the next free patch.
fn is_wildcard_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts[2] == "*"
        && parts[..2]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_domain_names() {
        assert!(is_reverse_domain(
            "com.alga.sample.client-service-read-demo"
        ));
        assert!(is_reverse_domain("io.x_y.z9"));
        assert!(!is_reverse_domain("hello"));
        assert!(!is_reverse_domain("Com.Example.X"));
        assert!(!is_reverse_domain("com..x"));
        assert!(!is_reverse_domain("com.-x"));
    }

    #[test]
    fn wildcard_versions() {
        assert!(is_wildcard_version("1.2.*"));
        assert!(!is_wildcard_version("1.*.*"));
        assert!(!is_wildcard_version("1.2"));
    }

    #[test]
    fn typo_hint() {
        assert_eq!(
            unknown_field_hint("capabilites"),
            "did you mean `capabilities`?"
        );
    }
}
