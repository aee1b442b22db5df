//! Who may talk to `alga dev`. The server runs all day next to a browser that opens untrusted
//! pages, so, as dev servers that learned it the hard way do (Vite's `server.allowedHosts`,
//! webpack-dev-server's `allowedHosts`):
//! - every request must name the server by a loopback name, an IP address it answers on, or a
//!   name given with `--allowed-host` (`Host`), which stops DNS rebinding;
//! - a route that runs a handler or changes state takes browser requests only from the dev
//!   host page and the extension UI (`Origin`, `Sec-Fetch-Site`), whatever the method or
//!   content type, so no other site can drive it with a form or a `fetch`;
//! - clients that are not browsers (curl, scripts, CI) send neither header and are served.

use std::net::IpAddr;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The names and ports the server answers to.
#[derive(Debug, Clone)]
pub struct Site {
    /// Names from `--allowed-host`, lowercase; a leading `.` allows every subdomain.
    extra_hosts: Vec<String>,
    /// The address the server listens on.
    bound: IpAddr,
    /// The port of the host page, the API and the registry.
    pub main_port: u16,
    /// The port of the extension UI (its own origin).
    pub ui_port: u16,
}

/// What a route does, for the browser checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pages, scripts, events, health: the `Host` check only.
    Read,
    /// Runs the extension's handler: from the host page or the extension UI.
    Handler,
    /// Changes the server's state (the registry): from the host page only.
    State,
}

/// Which kind of route a path is; a path not known to only read is taken as changing state.
pub fn kind(path: &str) -> Kind {
    // `/v1/execute` lets its caller choose tenant, capabilities and limits: the Alga server
    // calls it, never a page, so it is a state route (no browser but the host page's).
    if path.starts_with("/api/ext/") || path.starts_with("/api/ext-proxy/") {
        Kind::Handler
    } else if path == "/"
        || path == "/healthz"
        || path == "/favicon.ico"
        || path.starts_with("/_alga/")
        || path.starts_with("/ext-ui/")
    {
        Kind::Read
    } else {
        Kind::State
    }
}

/// A request refused by a check: which one, and how to allow it.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub hint: String,
}

impl Refusal {
    /// 403 with a JSON body naming the check.
    pub fn response(&self) -> Response {
        (
            StatusCode::FORBIDDEN,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(serde_json::json!({
                "error": self.code,
                "message": self.message,
                "hint": self.hint,
            })),
        )
            .into_response()
    }
}

/// Splits `name:port`, `[v6]:port` or `name` into the lowercase name (IPv6 in brackets, no
/// trailing dot) and the port, if any.
fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim();
    let (name, port) = if let Some(rest) = a.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse().ok()?),
        };
        (format!("[{inside}]"), port)
    } else {
        match a.rsplit_once(':') {
            Some((n, p)) => (n.to_string(), Some(p.parse().ok()?)),
            None => (a.to_string(), None),
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some((name, port))
}

/// An IP address, IPv6 in brackets.
fn ip_of(name: &str) -> Option<IpAddr> {
    name.strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(name)
        .parse()
        .ok()
}

/// `localhost`, a subdomain of it, or a loopback address.
fn is_loopback(name: &str) -> bool {
    name == "localhost"
        || name.ends_with(".localhost")
        || ip_of(name).is_some_and(|ip| ip.is_loopback())
}

/// Headers a page of another site cannot send without a CORS preflight, which alga dev
/// answers only for its own origins: whoever sends one is not a cross-site `<img>` or form.
pub const CLIENT_HEADERS: [&str; 3] = ["x-alga-client", "x-alga-tenant", "x-api-key"];

/// The request's `Host`, for messages: printable and short.
fn shown(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    clean
}

impl Site {
    pub fn new(bound: IpAddr, main_port: u16, ui_port: u16, extra_hosts: &[String]) -> Site {
        Site {
            extra_hosts: extra_hosts
                .iter()
                .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|h| !h.is_empty())
                .collect(),
            bound,
            main_port,
            ui_port,
        }
    }

    /// Whether browsers may name the server `name` (lowercase, as [`split_authority`] gives).
    pub fn host_allowed(&self, name: &str) -> bool {
        if is_loopback(name) || self.named(name) {
            return true;
        }
        // A rebinding page always uses a name; an address is what the browser connects to.
        ip_of(name).is_some_and(|ip| ip == self.bound || self.bound.is_unspecified())
    }

    /// Whether `name` was given with `--allowed-host`.
    fn named(&self, name: &str) -> bool {
        self.extra_hosts.iter().any(|h| match h.strip_prefix('.') {
            Some(parent) => name == parent || name.ends_with(h.as_str()),
            None => name == h,
        })
    }

    /// The `Host` check of every route.
    pub fn check_host(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let Some(value) = headers.get(header::HOST) else {
            // HTTP/1.0 clients; browsers always send one.
            return Ok(());
        };
        let text = value.to_str().unwrap_or("");
        match split_authority(text) {
            Some((name, _)) if self.host_allowed(&name) => Ok(()),
            parsed => {
                let name = parsed.map_or_else(|| shown(text), |(n, _)| n);
                Err(Refusal {
                    code: "host_not_allowed",
                    message: format!(
                        "alga dev answers only to loopback names and the addresses it listens \
                         on; this request named it `{}` (a web page may be trying to reach it \
                         through DNS rebinding)",
                        shown(text)
                    ),
                    hint: format!(
                        "if you opened alga dev under that name yourself, start it with \
                         `--allowed-host {name}`"
                    ),
                })
            }
        }
    }

    /// The browser checks of a route that runs a handler (`ui_too`: the extension UI may call
    /// it) or changes state. Returns the origin to name in CORS headers, when one was sent.
    pub fn check_caller(
        &self,
        headers: &HeaderMap,
        ui_too: bool,
    ) -> Result<Option<String>, Refusal> {
        let ports: &[u16] = if ui_too {
            &[self.main_port, self.ui_port]
        } else {
            &[self.main_port]
        };
        let reached_as = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .and_then(split_authority)
            .map(|(name, _)| name);
        if let Some(origin) = headers.get(header::ORIGIN) {
            let text = origin.to_str().unwrap_or("");
            if self.origin_allowed(text, ports, reached_as.as_deref()) {
                return Ok(Some(text.to_string()));
            }
            return Err(Refusal {
                code: "origin_not_allowed",
                message: format!(
                    "this route runs the extension's handler or changes alga dev's state, so a \
                     browser may call it only from {}{}; this request came from a page at \
                     `{}`",
                    self.host_page(),
                    if ui_too { " or the extension UI" } else { "" },
                    shown(text)
                ),
                hint: "call it from the host page, or without a browser (curl, a script, CI \
                       send no Origin header)"
                    .into(),
            });
        }
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase());
        match site.as_deref() {
            Some("same-origin") | Some("none") => Ok(None),
            None if reached_as.as_deref().is_none_or(is_loopback)
                || CLIENT_HEADERS.iter().any(|h| headers.contains_key(*h)) =>
            {
                Ok(None)
            }
            // Browsers send no `Sec-Fetch-Site` to a plain-http name that is not loopback, and
            // no `Origin` on a GET: an `<img>` on any site could run a handler. Clients prove
            // they are not such a page with a header a page cannot send without a preflight.
            None => Err(Refusal {
                code: "client_header_missing",
                message: format!(
                    "this route runs the extension's handler or changes alga dev's state, and \
                     the request reached it as `{}`, a name other sites' pages can use too, \
                     with nothing to show it is not one of them",
                    reached_as.as_deref().map(shown).unwrap_or_default()
                ),
                hint: "send the header `X-Alga-Client: 1` (curl -H 'X-Alga-Client: 1'), or \
                       call it as 127.0.0.1"
                    .into(),
            }),
            Some(other) => Err(Refusal {
                code: "cross_site_request",
                message: format!(
                    "this route runs the extension's handler or changes alga dev's state, and \
                     the browser says this request came from another site (`Sec-Fetch-Site: \
                     {}`)",
                    shown(other)
                ),
                hint: format!(
                    "open {} and call it from there, or call it without a browser",
                    self.host_page()
                ),
            }),
        }
    }

    /// The host page, as refusals name it (formatted only when a request is refused).
    fn host_page(&self) -> String {
        format!("the dev host page (http://127.0.0.1:{}/)", self.main_port)
    }

    /// `http://NAME:PORT` exactly as a browser writes it, with one of `ports` and a name that
    /// is a loopback one, the address listened on, a `--allowed-host` name, or the name this
    /// request reached the server by (any address is a valid `Host` when listening on all
    /// of them, but only the one the page was loaded from is its origin).
    fn origin_allowed(&self, origin: &str, ports: &[u16], reached_as: Option<&str>) -> bool {
        let Some(rest) = origin.strip_prefix("http://") else {
            return false;
        };
        let Some((name, Some(port))) = split_authority(rest) else {
            return false;
        };
        if format!("{name}:{port}") != rest || !ports.contains(&port) {
            return false;
        }
        is_loopback(&name)
            || reached_as == Some(name.as_str())
            || self.named(&name)
            || ip_of(&name).is_some_and(|ip| ip == self.bound && !ip.is_unspecified())
    }

    /// The extension UI's origin for a request that reached the server as `host`.
    pub fn ui_origin(&self, headers: &HeaderMap) -> String {
        let name = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .and_then(split_authority)
            .map_or_else(|| "127.0.0.1".to_string(), |(n, _)| n);
        format!("http://{name}:{}", self.ui_port)
    }
}

/// Headers that let an allowed page of another port read the answer.
pub fn add_cors(resp: &mut Response, origin: &str) {
    if let Ok(v) = HeaderValue::from_str(origin) {
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        h.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

/// The answer to a CORS preflight from an allowed origin (as the Alga server's middleware).
pub fn preflight(origin: &str) -> Response {
    let mut resp = (
        StatusCode::NO_CONTENT,
        [
            (
                header::ACCESS_CONTROL_ALLOW_METHODS,
                "GET,POST,PUT,PATCH,DELETE,OPTIONS",
            ),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Content-Type,Authorization,X-API-Key,X-Tenant-ID,X-Request-ID,X-Idempotency-Key,X-Alga-Client",
            ),
            (header::ACCESS_CONTROL_MAX_AGE, "86400"),
        ],
    )
        .into_response();
    add_cors(&mut resp, origin);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site::new(
            "127.0.0.1".parse().unwrap(),
            7070,
            7071,
            &["devbox.lan".into(), ".corp.example".into()],
        )
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    #[test]
    fn hosts() {
        let s = site();
        for ok in [
            "127.0.0.1:7070",
            "localhost:7070",
            "LOCALHOST.",
            "app.localhost:1",
            "[::1]:7070",
            "127.9.9.9",
            "devbox.lan:7070",
            "a.corp.example",
        ] {
            assert!(s.check_host(&headers(&[("host", ok)])).is_ok(), "{ok}");
        }
        for bad in [
            "evil.example:7070",
            "localhost.evil.example",
            "10.0.0.1:7070",
            "devbox.lan.evil",
            "[::1",
            "",
            "127.0.0.1:x",
        ] {
            let r = s.check_host(&headers(&[("host", bad)])).unwrap_err();
            assert_eq!(r.code, "host_not_allowed", "{bad}");
        }
        let any = Site::new("0.0.0.0".parse().unwrap(), 1, 2, &[]);
        assert!(any.host_allowed("192.168.1.5"));
        assert!(!any.host_allowed("rebind.evil.example"));
    }

    #[test]
    fn listening_on_every_address_takes_only_the_pages_own_origin() {
        let any = Site::new("0.0.0.0".parse().unwrap(), 7070, 7071, &[]);
        let lan = |origin: &str, host: &str, extra: &[(&str, &str)]| {
            let mut pairs = vec![("origin", origin), ("host", host)];
            pairs.extend_from_slice(extra);
            any.check_caller(&headers(&pairs), true)
        };
        assert!(lan("http://192.168.1.5:7070", "192.168.1.5:7070", &[]).is_ok());
        assert!(lan("http://192.168.1.5:7071", "192.168.1.5:7070", &[]).is_ok());
        assert!(lan("http://127.0.0.1:7071", "192.168.1.5:7070", &[]).is_ok());
        // A page on another machine's address, same port.
        assert!(lan("http://203.0.113.7:7070", "127.0.0.1:7070", &[]).is_err());
        assert!(lan("http://203.0.113.7:7070", "192.168.1.5:7070", &[]).is_err());
        // Reached by a name other pages can use: a client must show it is not an <img>.
        let plain = any.check_caller(&headers(&[("host", "192.168.1.5:7070")]), true);
        assert_eq!(plain.unwrap_err().code, "client_header_missing");
        let client = any.check_caller(
            &headers(&[("host", "192.168.1.5:7070"), ("x-alga-client", "1")]),
            true,
        );
        assert!(client.is_ok());
        assert!(
            any.check_caller(&headers(&[("host", "localhost:7070")]), true)
                .is_ok()
        );
    }

    #[test]
    fn origins_must_be_written_as_browsers_write_them() {
        let s = site();
        for odd in [
            "http://127.0.0.1:+7070",
            "http://127.0.0.1:07070",
            "http://LOCALHOST:7070",
        ] {
            let h = headers(&[("origin", odd)]);
            assert!(s.check_caller(&h, true).is_err(), "{odd}");
        }
    }

    #[test]
    fn callers() {
        let s = site();
        let check = |pairs: &[(&str, &str)], ui| s.check_caller(&headers(pairs), ui);
        assert_eq!(check(&[], true).unwrap(), None, "curl");
        assert!(check(&[("sec-fetch-site", "same-origin")], true).is_ok());
        assert!(check(&[("sec-fetch-site", "none")], false).is_ok());
        assert_eq!(
            check(&[("sec-fetch-site", "cross-site")], true)
                .unwrap_err()
                .code,
            "cross_site_request"
        );
        assert!(check(&[("sec-fetch-site", "same-site")], true).is_err());
        assert_eq!(
            check(&[("origin", "http://127.0.0.1:7070")], false).unwrap(),
            Some("http://127.0.0.1:7070".into())
        );
        assert!(check(&[("origin", "http://localhost:7071")], true).is_ok());
        for bad in [
            "http://localhost:7071",
            "null",
            "https://127.0.0.1:7070",
            "http://evil.example:7070",
            "http://127.0.0.1:9999",
            "http://127.0.0.1",
            "http://127.0.0.1:7070/x",
        ] {
            assert_eq!(
                check(&[("origin", bad)], false).unwrap_err().code,
                "origin_not_allowed",
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_header_value_is_judged_without_panicking(
            host in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60),
            origin in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60),
            fetch_site in "[ -~]{0,20}",
        ) {
            let s = site();
            let mut h = HeaderMap::new();
            for (name, bytes) in [("host", &host), ("origin", &origin)] {
                if let Ok(v) = HeaderValue::from_bytes(bytes) {
                    h.insert(axum::http::HeaderName::from_static(name), v);
                }
            }
            if let Ok(v) = HeaderValue::from_str(&fetch_site) {
                h.insert("sec-fetch-site", v);
            }
            let _ = s.check_host(&h);
            let _ = s.check_caller(&h, true);
            let _ = s.ui_origin(&h);
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(kind("/v1/execute"), Kind::State);
        assert_eq!(kind("/api/ext/x/y"), Kind::Handler);
        assert_eq!(kind("/api/ext-proxy/x/y"), Kind::Handler);
        assert_eq!(kind("/api/ext-bundles/finalize"), Kind::State);
        assert_eq!(kind("/api/v1/extensions/install"), Kind::State);
        assert_eq!(kind("/api/anything"), Kind::State);
        assert_eq!(kind("//api/ext/x"), Kind::State);
        assert_eq!(kind("/"), Kind::Read);
        assert_eq!(kind("/healthz"), Kind::Read);
    }
}
