//! What guests reach through the host: the dev services shared by every request (storage,
//! fixtures, the egress allowlist and its HTTP client, the log channel).

use std::time::Duration;

use super::bindings::alga::extension::types as wit;
use super::{LogEvent, egress, fixtures, mocks, storage};

/// Which hosts `http.fetch` may reach: exact names or any subdomain; empty denies everything.
#[derive(Debug, Clone, Default)]
pub struct Egress {
    pub allow: Vec<String>,
}

impl Egress {
    /// Checks one allowlist entry: a host name or IP address (IPv6 in brackets), without
    /// scheme, port or path, as `http.fetch` matches hosts only. Returns it lowercased.
    pub fn parse_entry(text: &str) -> Result<String, String> {
        let t = text.trim();
        let hint = |what: &str, host: &str| {
            format!(
                "`{t}` {what}; egress is allowed by host name, any scheme and port: write `{host}`"
            )
        };
        if let Some((_, rest)) = t.split_once("://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            let host = strip_port(host.rsplit('@').next().unwrap_or(host));
            return Err(hint("has a scheme", host));
        }
        if t.contains(['/', '?', '#']) {
            return Err(hint(
                "has a path",
                t.split(['/', '?', '#']).next().unwrap_or(t),
            ));
        }
        if let Some(parent) = t.strip_prefix("*.") {
            return Err(hint(
                "has a wildcard (subdomains are always included)",
                parent,
            ));
        }
        if !t.starts_with('[') && t.parse::<std::net::Ipv6Addr>().is_ok() {
            return Err(hint(
                "is an IPv6 address without brackets",
                &format!("[{t}]"),
            ));
        }
        if !(t.starts_with('[') && t.ends_with(']')) && t.contains(':') {
            return Err(hint("has a port", strip_port(t)));
        }
        let bare = t.trim_start_matches('[').trim_end_matches(']');
        if bare.is_empty()
            || !bare
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        {
            return Err(format!(
                "`{t}` is not a host name; write a name such as `api.example.com`"
            ));
        }
        Ok(t.to_ascii_lowercase())
    }

    /// Whether the URL host `host` is allowed: a name, or a subdomain of a name, on the list
    /// (one trailing dot ignored); an address only when the list names that address.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let host = host.strip_suffix('.').unwrap_or(&host);
        let address = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
        self.allow.iter().any(|a| {
            let a = a.trim().to_ascii_lowercase();
            !a.is_empty() && (host == a || (!address && host.ends_with(&format!(".{a}"))))
        })
    }
}

/// Headers that route or frame a request rather than describe it: a guest may not set them on
/// `http.fetch` (the `Host` comes from the URL, which the allowlist checked).
pub fn routing_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "host"
            | "connection"
            | "keep-alive"
            | "transfer-encoding"
            | "te"
            | "trailer"
            | "upgrade"
            | "content-length"
            | "forwarded"
            | "x-forwarded-host"
            | "x-original-url"
            | "x-rewrite-url"
    ) || n.starts_with("proxy-")
}

/// `host:port` without the port (IPv6 literals in brackets are kept whole).
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| &host[..h.len() + 1]);
    }
    host.split(':').next().unwrap_or(host)
}

/// Largest response body `http.fetch` returns.
pub const MAX_FETCH_BYTES: usize = 10 << 20;

/// The dev backends shared by every request.
pub struct Services {
    pub store: storage::Store,
    pub fixtures: fixtures::Fixtures,
    pub egress: Egress,
    pub http: reqwest::Client,
    /// Receives handler logs (terminal, page).
    pub logs: tokio::sync::broadcast::Sender<LogEvent>,
    /// `alga test`'s canned upstream responses: when set, no request leaves the machine.
    pub mocks: Option<std::sync::Arc<mocks::Mocks>>,
}

impl Services {
    pub fn new(store: storage::Store, fixtures: fixtures::Fixtures, egress: Egress) -> Services {
        Services::with_lookup(store, fixtures, egress, egress::system_lookup())
    }

    /// [`Services::new`], resolving host names with `lookup`.
    pub fn with_lookup(
        store: storage::Store,
        fixtures: fixtures::Fixtures,
        egress: Egress,
        lookup: egress::Lookup,
    ) -> Services {
        let resolver = egress::GuardedResolver {
            allow: egress.allow.clone(),
            lookup,
        };
        let http = reqwest::Client::builder()
            .dns_resolver(resolver)
            // A proxy would resolve the allowed names itself, past the resolver's checks.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        let (logs, _) = tokio::sync::broadcast::channel(1024);
        Services {
            store,
            fixtures,
            egress,
            http,
            logs,
            mocks: None,
        }
    }

    pub fn emit(&self, event: LogEvent) {
        let _ = self.logs.send(event);
    }

    /// Runs an `http.fetch`; a refusal the guest's log should explain comes with the reason.
    pub(super) async fn fetch(
        &self,
        request: wit::HttpRequest,
    ) -> Result<wit::HttpResponse, (wit::HttpError, Option<String>)> {
        self.fetch_checked(request).await.map_err(|e| match e {
            FetchError::Wit(e) => (e, None),
            FetchError::Refused(why) => (wit::HttpError::NotAllowed, Some(why)),
        })
    }

    async fn fetch_checked(
        &self,
        request: wit::HttpRequest,
    ) -> Result<wit::HttpResponse, FetchError> {
        let url = reqwest::Url::parse(&request.url).map_err(|_| wit::HttpError::InvalidUrl)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(wit::HttpError::InvalidUrl.into());
        }
        let host = url.host_str().ok_or(wit::HttpError::InvalidUrl)?;
        if let Some(mocks) = &self.mocks {
            return mocks.answer(&request.method, url.as_str()).ok_or_else(|| {
                FetchError::Refused(format!("no mock in tests/http/ answers {url}"))
            });
        }
        if !self.egress.allows(host) {
            return Err(wit::HttpError::NotAllowed.into());
        }
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| wit::HttpError::InvalidUrl)?;
        let mut req = self.http.request(method, url);
        for h in &request.headers {
            req = req.header(&h.name, &h.value);
        }
        if let Some(body) = request.body {
            req = req.body(body);
        }
        let mut resp = req.send().await.map_err(|e| match egress::refused_in(&e) {
            Some(refused) => FetchError::Refused(refused.to_string()),
            None => FetchError::Wit(wit::HttpError::Transport),
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| wit::HttpHeader {
                name: k.as_str().to_string(),
                value: v.to_str().unwrap_or("").to_string(),
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|_| wit::HttpError::Transport)? {
            if body.len() + chunk.len() > MAX_FETCH_BYTES {
                return Err(wit::HttpError::Internal.into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(wit::HttpResponse {
            status,
            headers,
            body: Some(body),
        })
    }
}

enum FetchError {
    Wit(wit::HttpError),
    /// The name resolved to an address the allowlist does not name.
    Refused(String),
}

impl From<wit::HttpError> for FetchError {
    fn from(e: wit::HttpError) -> FetchError {
        FetchError::Wit(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_egress_entry_is_judged(text in "\\PC{0,30}") {
            let _ = Egress::parse_entry(&text);
        }
    }

    #[test]
    fn egress_rules() {
        let e = Egress {
            allow: vec!["example.com".into(), " API.test ".into()],
        };
        assert!(e.allows("example.com"));
        assert!(e.allows("a.b.example.com"));
        assert!(e.allows("api.test"));
        assert!(!e.allows("badexample.com"));
        assert!(
            e.allows("example.com."),
            "one trailing dot is the same name"
        );
        assert!(
            !Egress::default().allows("example.com"),
            "empty list denies"
        );
        // Addresses match whole: `0.0.1` does not allow 127.0.0.1.
        let e = Egress {
            allow: vec!["0.0.1".into(), "10.0.0.1".into(), "[::1]".into()],
        };
        assert!(!e.allows("127.0.0.1"));
        assert!(e.allows("10.0.0.1"));
        assert!(e.allows("[::1]"));
        assert!(!e.allows("[::2]"));
    }

    #[test]
    fn egress_entries_are_host_names_only() {
        assert_eq!(
            Egress::parse_entry(" API.example.com ").unwrap(),
            "api.example.com"
        );
        assert_eq!(Egress::parse_entry("[::1]").unwrap(), "[::1]");
        assert_eq!(Egress::parse_entry("10.0.0.1").unwrap(), "10.0.0.1");
        assert!(
            Egress::parse_entry("::1")
                .unwrap_err()
                .contains("write `[::1]`")
        );
        for (bad, fix) in [
            ("https://api.example.com/v1", "write `api.example.com`"),
            ("http://u@api.example.com:8443", "write `api.example.com`"),
            ("api.example.com:443", "write `api.example.com`"),
            ("api.example.com/v1", "write `api.example.com`"),
            ("*.example.com", "write `example.com`"),
        ] {
            let e = Egress::parse_entry(bad).unwrap_err();
            assert!(e.contains(fix), "{bad}: {e}");
        }
        assert!(Egress::parse_entry("").is_err());
        assert!(Egress::parse_entry("a b").is_err());
    }
}
