//! What passes between the Runner's HTTP API and a guest: the WIT request of an API request,
//! the API answer of a guest's response, the capabilities and secrets a request carries, query
//! strings, endpoint matching, and the ids and times the host hands out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::api;
use super::bindings::alga::extension::types as wit;
use crate::manifest::{Capability, Endpoint};

/// The WIT request of a Runner request: the body decoded, the query put back on the path.
pub(super) fn guest_request(req: &api::ExecuteRequest) -> Result<wit::ExecuteRequest, String> {
    let body = match &req.http.body_b64 {
        None => None,
        Some(b) => Some(
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .map_err(|e| format!("invalid body base64: {e}"))?,
        ),
    };
    let mut url = req.http.path.clone();
    if !req.http.query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&url_encode_query(&req.http.query));
    }
    Ok(wit::ExecuteRequest {
        context: wit::ContextData {
            request_id: req.context.request_id.clone(),
            tenant_id: req.context.tenant_id.clone(),
            extension_id: req.context.extension_id.clone(),
            install_id: req.context.install_id.clone(),
            version_id: req.context.version_id.clone(),
        },
        http: wit::HttpRequest {
            method: req.http.method.clone(),
            url,
            headers: req
                .http
                .headers
                .iter()
                .map(|(k, v)| wit::HttpHeader {
                    name: k.clone(),
                    value: v.clone(),
                })
                .collect(),
            body,
        },
    })
}

/// The Runner response of a guest's answer.
pub(super) fn api_response(resp: wit::ExecuteResponse) -> api::ExecuteResponse {
    api::ExecuteResponse {
        status: resp.status,
        headers: resp
            .headers
            .into_iter()
            .map(|h| (h.name, h.value))
            .collect(),
        body_b64: resp
            .body
            .map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
        error: None,
    }
}

/// The capabilities a request is granted: the defaults and its `providers`, all known.
pub(super) fn granted(providers: &[String]) -> Result<BTreeSet<Capability>, api::ExecuteResponse> {
    let mut unknown = Vec::new();
    let mut caps: BTreeSet<Capability> = Capability::DEFAULTS.into_iter().collect();
    for p in providers {
        let norm = p.trim().to_ascii_lowercase();
        if norm.is_empty() {
            continue;
        }
        match Capability::parse(&norm) {
            Some(c) => {
                caps.insert(c);
            }
            None => unknown.push(norm),
        }
    }
    if unknown.is_empty() {
        Ok(caps)
    } else {
        Err(api::ExecuteResponse::error(
            400,
            format!("unknown_capabilities: {}", unknown.join(", ")),
        ))
    }
}

/// The inline envelope: base64 of a JSON object of string values.
pub(super) fn decode_envelope(env: &api::SecretEnvelope) -> Result<BTreeMap<String, String>, ()> {
    if env.ciphertext_b64.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    if env
        .algorithm
        .as_deref()
        .is_some_and(|a| a.to_ascii_lowercase().starts_with("vault-transit"))
    {
        return Err(());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(env.ciphertext_b64.trim())
        .map_err(|_| ())?;
    serde_json::from_slice(&bytes).map_err(|_| ())
}

/// `application/x-www-form-urlencoded` serialisation of a query map.
pub fn url_encode_query(query: &BTreeMap<String, String>) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(query)
        .finish()
}

/// Parses `a=1&b=two` (last value wins); malformed escapes and bytes that are not UTF-8 are
/// kept as they are (lossily), never refused.
pub fn query_map(query: &str) -> BTreeMap<String, String> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A random identifier (a UUID v4).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The current UTC time as RFC 3339 (seconds).
pub fn now_rfc3339() -> String {
    crate::output::rfc3339(std::time::SystemTime::now())
}

/// Where a project's dev state lives.
pub fn state_dir(project: &Path) -> PathBuf {
    project.join(".alga")
}

/// The endpoints of a manifest that a request may reach (`:param` segments match anything).
pub fn match_endpoint<'a>(
    endpoints: &'a [Endpoint],
    method: &str,
    path: &str,
) -> Option<&'a Endpoint> {
    let method = if method.eq_ignore_ascii_case("HEAD") {
        "GET"
    } else {
        method
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    endpoints.iter().find(|e| {
        if !e.method.eq_ignore_ascii_case(method) {
            return false;
        }
        let want: Vec<&str> = e.path.split('/').filter(|s| !s.is_empty()).collect();
        want.len() == segs.len()
            && want
                .iter()
                .zip(&segs)
                .all(|(w, s)| w.starts_with(':') || w == s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parsing_never_panics_on_broken_escapes() {
        // `%a` then a two-byte character once sliced a string inside a character.
        let q = query_map("q=%a\u{e9}&r=%\u{1F600}&s=%zz&t=%4");
        assert_eq!(q["q"], "%a\u{e9}");
        assert_eq!(q["s"], "%zz");
        assert_eq!(q["t"], "%4");
        assert_eq!(query_map("a=%C3%A9+b")["a"], "\u{e9} b");
        assert_eq!(query_map("a=%FF")["a"], "\u{fffd}");
    }

    proptest::proptest! {
        #[test]
        fn any_query_parses_and_round_trips(text in "\\PC{0,40}", bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let _ = query_map(&text);
            let _ = query_map(&String::from_utf8_lossy(&bytes));
            let map = query_map(&text);
            proptest::prop_assert_eq!(query_map(&url_encode_query(&map)), map);
        }
    }

    #[test]
    fn query_round_trip() {
        let mut q = BTreeMap::new();
        q.insert("a b".to_string(), "x&y=z".to_string());
        let text = url_encode_query(&q);
        assert_eq!(text, "a+b=x%26y%3Dz");
        assert_eq!(query_map(&text), q);
    }

    #[test]
    fn endpoint_matching() {
        let eps: Vec<Endpoint> = serde_json::from_str(
            r#"[{"method":"GET","path":"/api/items","handler":"h"},{"method":"DELETE","path":"/api/items/:id","handler":"h"}]"#,
        )
        .unwrap();
        assert!(match_endpoint(&eps, "GET", "/api/items").is_some());
        assert!(match_endpoint(&eps, "HEAD", "/api/items/").is_some());
        assert!(match_endpoint(&eps, "DELETE", "/api/items/42").is_some());
        assert!(match_endpoint(&eps, "POST", "/api/items").is_none());
        assert!(match_endpoint(&eps, "DELETE", "/api/items").is_none());
    }

    #[test]
    fn time_and_ids_have_their_shape() {
        let t = now_rfc3339();
        assert_eq!(t.len(), 20);
        assert!(t.starts_with("20"));
        let id = new_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}
