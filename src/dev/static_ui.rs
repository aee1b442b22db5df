//! Serving an extension's UI the way the Runner's `/ext-ui/...` does: sanitised paths, the
//! file-type allowlist, SPA fallback, strong ETags, immutable caching, nosniff and CSP on HTML.

use std::path::{Path, PathBuf};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";
const CACHE: &str = "public, max-age=31536000, immutable";

/// Why a path is refused (400 `invalid path`).
pub fn sanitize(path: &str) -> Option<String> {
    if path.starts_with('/') || path.contains('\\') || path.chars().any(|c| c.is_control()) {
        return None;
    }
    let mut segs = Vec::new();
    for seg in path.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." || seg.starts_with('.') {
            return None;
        }
        if crate::bundle::windows_special(seg).is_some() {
            return None;
        }
        segs.push(seg);
    }
    if let Some(last) = segs.last()
        && last.contains('.')
    {
        let ext = last.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if ext.is_empty() || !crate::bundle::UI_SERVED_EXTENSIONS.contains(&ext.as_str()) {
            return None;
        }
    }
    Some(segs.join("/"))
}

fn mime(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("json") | Some("map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg") | Some("jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (status, [(header::CACHE_CONTROL, CACHE)], body).into_response()
}

/// Files up to this size are read whole; larger ones are hashed for their ETag, then streamed, so
/// that memory does not grow with the files served.
const READ_WHOLE: u64 = 1 << 20;

/// A file to answer with, and its ETag.
enum Found {
    Whole(Vec<u8>, String),
    Large(PathBuf, String),
}

fn find(file: PathBuf) -> std::io::Result<Found> {
    let etag = |digest: &[u8]| format!("\"sha256-{}\"", hex::encode(digest));
    if std::fs::metadata(&file)?.len() <= READ_WHOLE {
        let bytes = std::fs::read(&file)?;
        let tag = etag(&Sha256::digest(&bytes));
        return Ok(Found::Whole(bytes, tag));
    }
    let mut h = Sha256::new();
    hash_file(&file, &mut h)?;
    Ok(Found::Large(file, etag(&h.finalize())))
}

/// The body of a file read a buffer at a time.
async fn stream(path: &Path) -> std::io::Result<axum::body::Body> {
    use tokio::io::AsyncReadExt;
    let file = tokio::fs::File::open(path).await?;
    let chunks = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 256 << 10];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(axum::body::Bytes::from(buf)), Some(file)))
            }
            // The error ends the response (and the stream).
            Err(e) => Some((Err(e), None)),
        }
    });
    Ok(axum::body::Body::from_stream(chunks))
}

/// Answers `GET /ext-ui/{ext}/{hash}/{path}` from `root` (the UI folder).
pub async fn serve(root: &Path, content_hash: &str, path: &str, headers: &HeaderMap) -> Response {
    let valid_hash = content_hash
        .strip_prefix("sha256:")
        .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
    if !valid_hash {
        return text(StatusCode::BAD_REQUEST, "invalid content hash");
    }
    let Some(clean) = sanitize(path) else {
        return text(StatusCode::BAD_REQUEST, "invalid path");
    };
    let mut file: PathBuf = root.join(&clean);
    if clean.is_empty() || !file.is_file() {
        file = root.join("index.html");
    }
    let content_type = mime(&file);
    let not_found = || (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, CACHE)]).into_response();
    let Ok(Ok(found)) = tokio::task::spawn_blocking(move || find(file)).await else {
        return not_found();
    };
    let etag = match &found {
        Found::Whole(_, tag) | Found::Large(_, tag) => tag.clone(),
    };
    let html = content_type == "text/html";
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut resp = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = match found {
            Found::Whole(bytes, _) => bytes.into_response(),
            Found::Large(file, _) => match stream(&file).await {
                Ok(body) => body.into_response(),
                Err(_) => return not_found(),
            },
        };
        r.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        r.headers_mut().insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        r
    };
    let h = resp.headers_mut();
    h.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("ascii etag"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE));
    if html {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    resp
}

/// A content hash for the UI folder: changes whenever a file does, so URLs bust caches.
pub fn folder_hash(root: &Path) -> String {
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
    }
    walk(root, &mut files);
    files.sort();
    let mut h = Sha256::new();
    for f in files {
        h.update(
            f.strip_prefix(root)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        let _ = hash_file(&f, &mut h);
    }
    format!("sha256:{}", hex::encode(h.finalize()))
}

/// Feeds the file at `path` into `h`, a buffer at a time.
fn hash_file(path: &Path, h: &mut Sha256) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 256 << 10];
    loop {
        match file.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => h.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_the_runner_rules() {
        assert_eq!(sanitize("index.html").as_deref(), Some("index.html"));
        assert_eq!(sanitize("a//b/app.js").as_deref(), Some("a/b/app.js"));
        assert_eq!(sanitize("").as_deref(), Some(""));
        assert_eq!(sanitize("deep/link").as_deref(), Some("deep/link"));
        assert!(sanitize("../x.js").is_none());
        assert!(sanitize("/etc/passwd").is_none());
        assert!(sanitize(".env").is_none());
        assert!(sanitize("favicon.ico").is_none());
        assert!(sanitize("a\\b.js").is_none());
        assert!(sanitize("x.").is_none());
        assert!(sanitize("C:x").is_none());
        assert!(sanitize("ui/C:/x.js").is_none());
        assert!(sanitize("con.js").is_none());
    }
}
