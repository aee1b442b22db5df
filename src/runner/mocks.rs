//! Canned upstream responses for `alga test`: `http.fetch` (and `wasi:http`) is answered from
//! `tests/http/*.json` by method and URL, and never leaves the machine. A request no mock
//! answers is refused and remembered, so the test fails naming its URL.

use std::path::Path;
use std::sync::Mutex;

use anyhow::Context;
use base64::Engine as _;
use serde::Deserialize;

use super::bindings::alga::extension::types as wit;
use crate::error::UserError;

/// One canned response, as written in a mock file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Mock {
    #[serde(default = "get")]
    pub method: String,
    /// The full URL the handler fetches; its query string must match too.
    pub url: String,
    #[serde(default = "ok")]
    pub status: u16,
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    /// A string is sent as is; any other JSON value is sent as JSON.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
    /// Binary bodies, in base64.
    #[serde(default)]
    pub body_base64: Option<String>,
}

fn get() -> String {
    "GET".into()
}

fn ok() -> u16 {
    200
}

#[derive(Debug, Default)]
pub struct Mocks {
    mocks: Vec<Mock>,
    unmatched: Mutex<Vec<String>>,
}

/// A mock file holds one mock or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Mock),
    Many(Vec<Mock>),
}

impl Mocks {
    pub fn new(mocks: Vec<Mock>) -> Mocks {
        Mocks {
            mocks,
            unmatched: Mutex::new(Vec::new()),
        }
    }

    /// Reads every `*.json` file of `dir` (none when the folder does not exist).
    pub fn load(dir: &Path) -> anyhow::Result<Mocks> {
        let mut mocks = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Mocks::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            let parsed: OneOrMany = serde_json::from_str(&text).map_err(|e| {
                UserError::with_hint(
                    format!("`{}` is not a mock: {e}", path.display()),
                    "write {\"method\": \"GET\", \"url\": \"https://api.example.com/v1/items\", \"status\": 200, \"body\": {…}} or a list of them",
                )
            })?;
            let list = match parsed {
                OneOrMany::One(m) => vec![m],
                OneOrMany::Many(v) => v,
            };
            for m in &list {
                if !(100..=599).contains(&m.status) {
                    return Err(UserError::with_hint(
                        format!(
                            "the mock for {} in `{}` has status {}",
                            m.url,
                            path.display(),
                            m.status
                        ),
                        "give an HTTP status from 100 to 599",
                    )
                    .into());
                }
                if m.body.is_some() && m.body_base64.is_some() {
                    return Err(UserError::with_hint(
                        format!(
                            "a mock in `{}` for {} has both `body` and `bodyBase64`",
                            path.display(),
                            m.url
                        ),
                        "keep one",
                    )
                    .into());
                }
                if let Some(b) = &m.body_base64 {
                    base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .map_err(|_| {
                            UserError::with_hint(
                                format!(
                                    "`bodyBase64` of the mock for {} in `{}` is not base64",
                                    m.url,
                                    path.display()
                                ),
                                "encode the body with `base64 -w0`",
                            )
                        })?;
                }
            }
            mocks.extend(list);
        }
        Ok(Mocks::new(mocks))
    }

    pub fn into_mocks(self) -> Vec<Mock> {
        self.mocks
    }

    /// The canned answer to a request, or `None` (and the request is remembered).
    pub fn answer(&self, method: &str, url: &str) -> Option<wit::HttpResponse> {
        let same_url = |m: &Mock| match (reqwest::Url::parse(&m.url), reqwest::Url::parse(url)) {
            (Ok(a), Ok(b)) => a == b,
            _ => m.url == url,
        };
        let Some(m) = self
            .mocks
            .iter()
            .find(|m| m.method.eq_ignore_ascii_case(method) && same_url(m))
        else {
            self.unmatched
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(format!("{} {url}", method.to_ascii_uppercase()));
            return None;
        };
        let mut headers: Vec<wit::HttpHeader> = m
            .headers
            .iter()
            .map(|(k, v)| wit::HttpHeader {
                name: k.clone(),
                value: v.clone(),
            })
            .collect();
        let body = match (&m.body, &m.body_base64) {
            (_, Some(b)) => base64::engine::general_purpose::STANDARD
                .decode(b)
                .unwrap_or_default(),
            (Some(serde_json::Value::String(s)), None) => s.clone().into_bytes(),
            (Some(v), None) => {
                if !m
                    .headers
                    .keys()
                    .any(|k| k.eq_ignore_ascii_case("content-type"))
                {
                    headers.push(wit::HttpHeader {
                        name: "content-type".into(),
                        value: "application/json".into(),
                    });
                }
                v.to_string().into_bytes()
            }
            (None, None) => Vec::new(),
        };
        Some(wit::HttpResponse {
            status: m.status,
            headers,
            body: Some(body),
        })
    }

    /// Requests no mock answered since the last call.
    pub fn take_unmatched(&self) -> Vec<String> {
        std::mem::take(&mut *self.unmatched.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mocks_match_method_and_url_and_remember_misses() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.json"),
            r#"[{"url": "https://api.example.com/v1/items?page=1", "body": {"items": []}},
                {"method": "POST", "url": "https://api.example.com/v1/items", "status": 201, "body": "made"}]"#,
        )
        .unwrap();
        let mocks = Mocks::load(dir.path()).unwrap();
        let r = mocks
            .answer("get", "https://API.example.com/v1/items?page=1")
            .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body.unwrap(), br#"{"items":[]}"#);
        assert!(r.headers.iter().any(|h| h.value == "application/json"));
        assert_eq!(
            mocks
                .answer("POST", "https://api.example.com/v1/items")
                .unwrap()
                .status,
            201
        );
        assert!(
            mocks
                .answer("GET", "https://api.example.com/v1/items")
                .is_none(),
            "query differs"
        );
        assert_eq!(
            mocks.take_unmatched(),
            ["GET https://api.example.com/v1/items"]
        );
        assert!(mocks.take_unmatched().is_empty());

        std::fs::write(dir.path().join("b.json"), r#"{"url": 3}"#).unwrap();
        let err = Mocks::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("b.json"), "{err}");
        std::fs::write(
            dir.path().join("b.json"),
            r#"{"url": "https://a.test/", "status": 1000}"#,
        )
        .unwrap();
        let err = Mocks::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("status 1000"), "{err}");
    }
}
