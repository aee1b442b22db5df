//! Headless Chromium (Debian's `chromium`, driven by playwright-core from npm) loads the
//! `alga dev` host page, clicks Add in a `ui-gallery` extension and sees the handler's answer
//! come back through `apiproxy`; the theme switch reaches the iframe.

mod common;

use common::alga;

#[test]
fn ui_gallery_round_trip_in_chromium() {
    let chromium = match std::env::var("CHROMIUM") {
        Ok(path) => path,
        Err(_) => common::peer_path("chromium").display().to_string(),
    };
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
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

    // playwright-core from npm (it brings no browser of its own).
    let driver = common::node_driver(h, "driver", "browser/gallery.mjs", &["playwright-core@1"]);

    let server = common::http::start(h, &["--project", "gallery"]);
    let out = common::peer("node")
        .arg("gallery.mjs")
        .arg(format!("http://{}/", server.addr))
        .arg(h.join("gallery.png"))
        .env("CHROMIUM", &chromium)
        .current_dir(&driver)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
