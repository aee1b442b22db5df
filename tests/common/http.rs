//! A client for `alga dev` in tests: start it on a free port, talk HTTP/1.1 over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running `alga dev`, stopped when dropped.
pub struct Dev {
    child: Child,
    pub addr: String,
    /// Where its stderr goes, when it is kept.
    log: Option<std::path::PathBuf>,
}

impl Drop for Dev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(home: &Path, args: &[&str]) -> Dev {
    start_with(home, args, None)
}

/// [`start`] with the server's stderr (its terminal output) written to `log`.
pub fn start_logged(home: &Path, args: &[&str], log: &Path) -> Dev {
    start_with(home, args, Some(log))
}

fn start_with(home: &Path, args: &[&str], log: Option<&Path>) -> Dev {
    let stderr = match log {
        Some(log) => std::fs::File::create(log).unwrap().into(),
        None => Stdio::null(),
    };
    let mut cmd: Command = super::alga_std(home);
    let mut child = cmd
        .args(["dev", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("alga dev listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .trim_end_matches('/')
        .to_string();
    Dev {
        child,
        addr,
        log: log.map(Path::to_path_buf),
    }
}

impl Dev {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// [`wait_for`], with what the server printed in the message when it times out.
    pub fn wait_for(&self, what: &str, timeout: Duration, check: impl FnMut() -> bool) {
        if !waited(timeout, check) {
            let log = self.log.as_ref().map(std::fs::read_to_string);
            let log = match log {
                Some(Ok(text)) => text,
                Some(Err(e)) => format!("(cannot read its log: {e})"),
                None => "(not kept: start it with `start_logged`)".into(),
            };
            panic!("timed out waiting for {what}; alga dev printed:\n{log}");
        }
    }

    /// `host:port` of the extension UI's own origin.
    pub fn ui_addr(&self) -> String {
        let port = http(&self.addr, "GET", "/healthz", &[], b"").json()["uiPort"]
            .as_u64()
            .expect("healthz names the UI port");
        format!("127.0.0.1:{port}")
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A plain HTTP/1.1 request over loopback (`host: addr` unless `headers` name another).
pub fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("host: {addr}\r\n"));
    }
    req.push_str(&format!(
        "connection: close\r\ncontent-length: {}\r\n",
        body.len()
    ));
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    raw_http(addr, &bytes)
}

/// Sends `request` as it is (any bytes) and reads the answer.
pub fn raw_http(addr: &str, request: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = std::str::from_utf8(&data[..end]).unwrap().trim();
        let size = usize::from_str_radix(size_text, 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

pub fn wait_for(what: &str, timeout: Duration, check: impl FnMut() -> bool) {
    assert!(waited(timeout, check), "timed out waiting for {what}");
}

/// Whether `check` held within `timeout`, tried every 200 ms.
fn waited(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while !check() {
        if started.elapsed() >= timeout {
            return false;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    true
}
