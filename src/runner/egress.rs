//! Where `http.fetch` may connect: the allowlist names hosts, and a name on it that resolves to
//! this machine, a link-local address or a cloud metadata service is refused unless the allowlist
//! names that address itself (or the request names a loopback host such as `localhost`). So an
//! allowed name whose DNS answer changes (rebinding) cannot reach services on this machine or the
//! cloud's credentials.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

/// Resolves a host name to addresses.
pub type Lookup = Arc<
    dyn Fn(String) -> Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>
        + Send
        + Sync,
>;

/// The system resolver.
pub fn system_lookup() -> Lookup {
    Arc::new(|host: String| {
        Box::pin(async move {
            Ok(tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .map(|a| a.ip())
                .collect())
        })
    })
}

/// Why an address may not be reached by name.
pub fn internal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return internal_v4(v4);
            }
            let s = v6.segments();
            // NAT64 (64:ff9b::/96, and the local-use 64:ff9b:1::/48) and IPv4-compatible
            // (::/96) forms of an IPv4 address.
            let nat64 = s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || s[..3] == [0x64, 0xff9b, 1];
            if (nat64 || s[..6] == [0; 6]) && !v6.is_loopback() {
                let v4 = Ipv4Addr::from(((s[6] as u32) << 16) | s[7] as u32);
                if let Some(why) = internal_v4(v4) {
                    return Some(why);
                }
            }
            if v6.is_loopback() || v6.is_unspecified() {
                Some("a loopback address")
            } else if s[0] & 0xffc0 == 0xfe80 {
                Some("a link-local address")
            } else if v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
                Some("a cloud metadata address")
            } else {
                None
            }
        }
    }
}

fn internal_v4(v4: Ipv4Addr) -> Option<&'static str> {
    // Alibaba's metadata service, Azure's wire server, Oracle's older metadata address.
    const METADATA: [Ipv4Addr; 3] = [
        Ipv4Addr::new(100, 100, 100, 200),
        Ipv4Addr::new(168, 63, 129, 16),
        Ipv4Addr::new(192, 0, 0, 192),
    ];
    if v4.is_loopback() || v4.octets()[0] == 0 {
        Some("a loopback address")
    } else if v4 == Ipv4Addr::new(169, 254, 169, 254) || METADATA.contains(&v4) {
        Some("a cloud metadata address")
    } else if v4.is_link_local() {
        Some("a link-local address")
    } else {
        None
    }
}

fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

/// `localhost` and its subdomains (RFC 6761), which resolve to this machine by definition.
pub fn loopback_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

/// A name that resolved to an address it may not reach.
#[derive(Debug)]
pub struct Refused {
    pub host: String,
    pub addr: IpAddr,
    pub why: &'static str,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entry = match self.addr {
            IpAddr::V4(a) => a.to_string(),
            IpAddr::V6(a) => format!("[{a}]"),
        };
        write!(
            f,
            "`{}` resolves to {} ({}); add `{entry}` to the allowlist to allow it",
            self.host, self.addr, self.why
        )
    }
}

impl std::error::Error for Refused {}

/// Whether the allowlist names `ip` itself.
fn names_address(allow: &[String], ip: IpAddr) -> bool {
    let plain = ip.to_string();
    let bracketed = format!("[{plain}]");
    allow
        .iter()
        .any(|a| a.eq_ignore_ascii_case(&plain) || a.eq_ignore_ascii_case(&bracketed))
}

/// Checks what `host` (an allowed name) resolved to. A loopback name (which the allowlist
/// allowed) may reach this machine, and only this machine: a resolver that sends `*.localhost`
/// to DNS may answer anything.
pub fn check(host: &str, addrs: &[IpAddr], allow: &[String]) -> Result<(), Refused> {
    if loopback_name(host) {
        return match addrs.iter().find(|a| !is_loopback(**a)) {
            Some(&addr) => Err(Refused {
                host: host.to_string(),
                addr,
                why: "not this machine, for a loopback name",
            }),
            None => Ok(()),
        };
    }
    for &addr in addrs {
        if let Some(why) = internal(addr)
            && !names_address(allow, addr)
        {
            return Err(Refused {
                host: host.to_string(),
                addr,
                why,
            });
        }
    }
    Ok(())
}

/// The HTTP client's resolver: resolves, then [`check`]s.
pub struct GuardedResolver {
    pub allow: Vec<String>,
    pub lookup: Lookup,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allow = self.allow.clone();
        let lookup = self.lookup.clone();
        Box::pin(async move {
            let addrs = lookup(host.clone()).await?;
            check(&host, &addrs, &allow)?;
            let addrs: reqwest::dns::Addrs =
                Box::new(addrs.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

/// The [`Refused`] somewhere in an error's sources.
pub fn refused_in<'e>(err: &'e (dyn std::error::Error + 'static)) -> Option<&'e Refused> {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<Refused>() {
            return Some(r);
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_in_every_spelling() {
        for a in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "169.254.169.254",
            "169.254.1.1",
            "100.100.100.200",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::a9fe:a9fe",
            "192.0.0.192",
            "::127.0.0.1",
        ] {
            assert!(internal(ip(a)).is_some(), "{a}");
        }
        for a in [
            "93.184.215.14",
            "10.0.0.1",
            "2606:4700::1",
            "::ffff:8.8.8.8",
        ] {
            assert!(internal(ip(a)).is_none(), "{a}");
        }
    }

    #[test]
    fn an_allowed_name_reaches_internal_addresses_only_when_they_are_allowed() {
        let allow = vec!["api.example.com".to_string()];
        let err = check(
            "api.example.com",
            &[ip("93.184.215.14"), ip("127.0.0.1")],
            &allow,
        )
        .unwrap_err();
        assert_eq!(err.addr, ip("127.0.0.1"));
        assert!(err.to_string().contains("add `127.0.0.1`"), "{err}");
        assert!(check("api.example.com", &[ip("93.184.215.14")], &allow).is_ok());
        let allow = vec!["api.example.com".to_string(), "[::1]".to_string()];
        assert!(check("api.example.com", &[ip("::1")], &allow).is_ok());
        assert!(check("api.example.com", &[ip("fe80::1")], &allow).is_err());
        // Loopback names are this machine by definition: the allowlist named them.
        assert!(check("localhost", &[ip("127.0.0.1")], &[]).is_ok());
        assert!(check("app.localhost.", &[ip("::1")], &[]).is_ok());
        // ...and nothing else.
        assert!(check("app.localhost", &[ip("169.254.169.254")], &[]).is_err());
        assert!(check("app.localhost", &[ip("93.184.215.14")], &[]).is_err());
    }

    /// A server on 127.0.0.1 answering 200 to each connection; counts them.
    fn server() -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = hits.clone();
        std::thread::spawn(move || {
            for mut s in listener.incoming().flatten() {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = s.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                );
            }
        });
        (port, hits)
    }

    fn services(allow: &[&str]) -> super::super::Services {
        // A resolver that knows two names, as a DNS answer could say anything.
        let lookup: Lookup = Arc::new(|host: String| {
            Box::pin(async move {
                match host.as_str() {
                    "api.test" | "localhost" => Ok(vec![ip("127.0.0.1")]),
                    "public.test" => Ok(vec![ip("93.184.215.14")]),
                    _ => Err(std::io::Error::other("unknown name")),
                }
            })
        });
        super::super::Services::with_lookup(
            super::super::storage::Store::in_memory().unwrap(),
            Default::default(),
            super::super::Egress {
                allow: allow.iter().map(|s| s.to_string()).collect(),
            },
            lookup,
        )
    }

    fn get(url: String) -> super::super::wit::HttpRequest {
        super::super::wit::HttpRequest {
            method: "GET".into(),
            url,
            headers: Vec::new(),
            body: None,
        }
    }

    #[tokio::test]
    async fn http_fetch_refuses_an_allowed_name_that_resolves_to_this_machine() {
        use super::super::wit::HttpError;
        let (port, hits) = server();
        let refused = services(&["api.test"])
            .fetch(get(format!("http://api.test:{port}/")))
            .await
            .unwrap_err();
        assert!(matches!(refused.0, HttpError::NotAllowed));
        let why = refused.1.expect("a reason for the log");
        assert!(why.contains("`api.test` resolves to 127.0.0.1"), "{why}");
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);

        // Allowed when the allowlist names the address, or a loopback name is asked for.
        let ok = services(&["api.test", "127.0.0.1"])
            .fetch(get(format!("http://api.test:{port}/")))
            .await
            .unwrap();
        assert_eq!((ok.status, ok.body.as_deref()), (200, Some(&b"ok"[..])));
        let ok = services(&["localhost"])
            .fetch(get(format!("http://localhost:{port}/")))
            .await
            .unwrap();
        assert_eq!(ok.status, 200);
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
