//! The embedded runner through `alga invoke`: a componentize-js handler built from
//! tests/fixtures/host-api calls every host interface; capability denials, the egress
//! allowlist, storage across restarts, timeouts and memory limits. Plus a WAT component.

#[path = "../common/mod.rs"]
mod common;
mod host_api;
mod wat;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use common::{alga, copy_dir};
use predicates::prelude::*;
use serde_json::{Value, json};
// The helpers of each file, for the others.
#[allow(unused_imports)]
use {host_api::*, wat::*};

fn invoke(home: &Path, args: &[&str]) -> (i32, Value) {
    let out = alga(home)
        .args(["invoke", "-q", "--project", "p"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let value = serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!(
            "{args:?}: not JSON: {text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), value)
}

fn ok(home: &Path, args: &[&str]) -> Value {
    let (code, v) = invoke(home, args);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

/// A one-shot HTTP server on 127.0.0.1 answering `hello from loopback`.
fn http_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 19\r\nconnection: close\r\n\r\nhello from loopback");
        }
    });
    port
}

/// A one-shot HTTP server on 127.0.0.1 answering with the head of the request it got.
fn echo_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Some(Ok(mut s)) = listener.incoming().next() {
            let mut buf = [0u8; 4096];
            let n = s.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{head}",
                head.len()
            );
            let _ = s.write_all(reply.as_bytes());
        }
    });
    port
}

/// The host-api fixture, built once for this file.
fn built() -> &'static Path {
    common::host_api_built()
}

/// `home/p`: the built host-api handler with its manifest and a state of its own; the compile
/// cache is shared.
fn host_api(home: &Path) -> PathBuf {
    let from = built();
    let dir = home.join("p");
    std::fs::create_dir_all(dir.join("dist")).unwrap();
    for file in ["manifest.json", "dist/main.wasm"] {
        std::fs::copy(from.join("p").join(file), dir.join(file)).unwrap();
    }
    let cache = Path::new(".cache").join("alga");
    copy_dir(&from.join(&cache), &home.join(&cache));
    dir
}
