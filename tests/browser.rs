//! Headless Chromium (Debian's `chromium`, driven by playwright-core from npm) loads the
//! `alga dev` host page, clicks Add in a `ui-gallery` extension and sees the handler's answer
//! come back through `apiproxy`; the theme switch reaches the iframe. A handler edit shows
//! "rebuilding handler…" and reloads the iframe when the new handler is live.

mod common;

use std::path::Path;

use common::alga;

fn chromium() -> String {
    match std::env::var("CHROMIUM") {
        Ok(path) => path,
        Err(_) => common::peer_path("chromium").display().to_string(),
    }
}

/// Creates and builds a `ui-gallery` extension in `h/gallery`.
fn gallery(h: &Path) {
    alga(h)
        .args([
            "create",
            "extension",
            "gallery",
            "--template",
            "ui-gallery",
            "-q",
        ])
        .assert()
        .success();
    alga(h)
        .args(["build", "-q", "--project", "gallery"])
        .assert()
        .success();
}

/// Runs a driver script in `driver` with `args`; its JSON answer.
fn drive(driver: &Path, script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let out = common::peer("node")
        .arg(script)
        .args(args)
        .env("CHROMIUM", chromium())
        .current_dir(driver)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn ui_gallery_round_trip_in_chromium() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    gallery(h);
    // playwright-core from npm (it brings no browser of its own).
    let driver = common::node_driver(h, "driver", "browser/gallery.mjs", &["playwright-core@1"]);

    let server = common::http::start(h, &["--project", "gallery"]);
    let url = format!("http://{}/", server.addr);
    let shot = h.join("gallery.png");
    let v = drive(&driver, "gallery.mjs", &[url.as_ref(), shot.as_os_str()]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["themeBefore"], "light");
    assert_eq!(
        v["bg"], "#0b1120",
        "the dark theme tokens reached the iframe"
    );
    // The UI runs on its own origin, and the bridge ignores a frame of another origin.
    assert_eq!(v["pageOrigin"], format!("http://{}", server.addr));
    assert_eq!(v["frameOrigin"], format!("http://{}", server.ui_addr()));
    assert!(
        v["movedOrigin"]
            .as_str()
            .unwrap()
            .starts_with("http://localhost:"),
        "{v}"
    );
    assert_eq!(
        v["statusAfterForeignReady"], "probe",
        "a `ready` from a foreign origin was answered"
    );
    let logs = v["logs"].as_array().unwrap();
    assert!(
        logs.iter()
            .any(|l| l.as_str().unwrap().contains("POST /api/items")),
        "{logs:?}"
    );

    // The item went through the handler into storage.
    let items = common::http::http(
        &server.addr,
        "GET",
        "/api/ext/com.example.gallery/api/items",
        &[],
        b"",
    )
    .json();
    assert_eq!(items["items"][0]["text"], "from the browser");
    assert!(h.join("gallery.png").is_file());
}

#[test]
fn a_handler_edit_shows_rebuilding_and_reloads_the_iframe_when_live() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    gallery(h);
    let driver = common::node_driver(h, "driver", "browser/rebuild.mjs", &["playwright-core@1"]);
    let server = common::http::start(h, &["--project", "gallery"]);
    let url = format!("http://{}/", server.addr);
    let source = h.join("gallery/src/index.ts");
    let v = drive(&driver, "rebuild.mjs", &[url.as_ref(), source.as_os_str()]);
    assert_eq!(v["ok"], true);
    let statuses: Vec<&str> = v["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let rebuilding = statuses.iter().position(|s| *s == "rebuilding handler…");
    let reloading = statuses.iter().rposition(|s| *s == "reloading…");
    assert!(
        matches!((rebuilding, reloading), (Some(a), Some(b)) if a < b),
        "the page said it was rebuilding, then reloaded: {statuses:?}"
    );
    assert!(v["reloads"].as_u64().unwrap() >= 1, "{v}");
    assert!(
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i == "after the edit (edited)"),
        "the reloaded iframe talks to the new handler: {v}"
    );
}
