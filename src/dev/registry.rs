//! The server's publish API served by `alga dev --registry`: upload-proxy, finalize, install,
//! uninstall, with the server's request checks and error shapes (CONTRACT.md 1.3-1.7).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

use super::app::{App, Current};
use crate::api::MAX_BUNDLE_BYTES;
use crate::registry::{Finalize, Kind, Registry, RegistryError};

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new()
        .route(crate::api::UPLOAD_PROXY, post(upload_proxy))
        .route(crate::api::FINALIZE, post(finalize))
        .route(crate::api::INSTALL, post(install))
        .route(crate::api::UNINSTALL, post(uninstall))
}

fn request_id() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    format!("{}-{}", radix36(t), &crate::runner::new_id()[..6])
}

fn radix36(mut n: u128) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

fn answer(status: u16, body: Value, why: Option<&str>) -> Response {
    let mut resp = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        axum::Json(body),
    )
        .into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id()) {
        h.insert("x-request-id", v);
    }
    if let Some(w) = why.and_then(|w| HeaderValue::from_str(w).ok()) {
        h.insert("x-upload-proxy-why", w);
    }
    resp
}

/// Which of the server's two error families a route answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `/api/ext-bundles/*`: `{"error": message, "code": code, "details"?}`.
    Bundles,
    /// `/api/v1/*`: `{"error": {"code", "message", "details"?}}`.
    V1,
}

/// The HTTP status the server answers an error of `kind` with.
fn status(kind: Kind) -> u16 {
    match kind {
        Kind::Invalid => 400,
        Kind::Unauthorized => 401,
        Kind::Forbidden => 403,
        Kind::NotFound => 404,
        Kind::Conflict => 409,
        Kind::Unprocessable => 422,
        Kind::Internal => 500,
    }
}

/// The JSON body of an error in the server's shape for the route family.
fn body(e: &RegistryError, shape: Shape) -> Value {
    if e.code == "EXTENSION_VERSION_ALREADY_EXISTS" {
        let mut error = json!({ "message": e.message, "code": e.code });
        if let Some(d) = &e.details {
            error["details"] = d.clone();
        }
        return json!({ "success": false, "error": error });
    }
    // The Next.js middleware answers a missing key before any route runs.
    if e.code == "API_KEY_MISSING" {
        return json!({ "error": e.message });
    }
    match shape {
        Shape::Bundles => {
            let mut v = json!({ "error": e.message, "code": e.code });
            if let Some(d) = &e.details {
                v["details"] = d.clone();
            }
            v
        }
        Shape::V1 => {
            let mut error = json!({ "code": e.code, "message": e.message });
            if let Some(d) = &e.details {
                error["details"] = d.clone();
            }
            json!({ "error": error })
        }
    }
}

fn fail(e: RegistryError, shape: Shape, why: Option<&str>) -> Response {
    answer(status(e.kind), body(&e, shape), why)
}

fn registry(app: &App) -> Arc<Registry> {
    app.registry
        .clone()
        .expect("registry routes are mounted only with a registry")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The upload routes' checks: an API key, and `x-alga-admin: true`.
fn admin(reg: &Registry, headers: &HeaderMap) -> Result<(), Box<Response>> {
    reg.check_key(header(headers, "x-api-key"))
        .map_err(|e| Box::new(fail(e, Shape::Bundles, None)))?;
    if !header(headers, "x-alga-admin").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return Err(Box::new(fail(
            RegistryError::new(Kind::Forbidden, "RBAC_FORBIDDEN", "Forbidden"),
            Shape::Bundles,
            Some("rbac_forbidden_missing_admin_header"),
        )));
    }
    Ok(())
}

fn bad_upload(message: &str, why: &str) -> Response {
    fail(
        RegistryError::new(Kind::Invalid, "BAD_REQUEST", message),
        Shape::Bundles,
        Some(why),
    )
}

async fn upload_proxy(
    State(app): State<Arc<App>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let reg = registry(&app);
    if let Err(r) = admin(&reg, &headers) {
        return *r;
    }
    let params = crate::runner::query_map(query.as_deref().unwrap_or(""));
    let filename = params.get("filename").map(|f| f.trim()).unwrap_or("");
    if filename.is_empty() {
        return bad_upload("filename is required", "filename_required");
    }
    let Some(size) = params.get("size").filter(|s| !s.trim().is_empty()) else {
        return bad_upload("size is required", "size_required");
    };
    let size = match size.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n.fract() == 0.0 => n as u64,
        _ => return bad_upload("size must be a positive number", "size_invalid"),
    };
    if size > MAX_BUNDLE_BYTES {
        return bad_upload(
            &format!("size exceeds maximum of {MAX_BUNDLE_BYTES} bytes"),
            "size_exceeds_cap",
        );
    }
    let declared = params.get("declaredHash").cloned();
    if let Some(h) = &declared
        && !(h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
    {
        return bad_upload(
            "declaredHash must be 64-char lowercase hex sha256",
            "declared_hash_invalid",
        );
    }
    if let Some(len) = header(&headers, "content-length").and_then(|l| l.parse::<u64>().ok())
        && len != size
    {
        return bad_upload(
            "content-length header does not match size param",
            "content_length_mismatch",
        );
    }
    reg.sweep_staging(crate::registry::STAGING_MAX_AGE);
    let (key, path) = reg.staging();
    if let Err(r) = receive(body, &path, size).await {
        let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
        return *r;
    }
    let out = crate::api::UploadResponse {
        upload: crate::api::StagedUpload {
            key,
            strategy: Some("staging".into()),
        },
        filename: Some(filename.to_string()),
        size: Some(size),
        declared_hash: declared,
    };
    answer(200, json!(out), None)
}

/// Streams the body to `path` (through a temporary name), refusing more or fewer bytes than
/// `size`.
async fn receive(body: Body, path: &std::path::Path, size: u64) -> Result<(), Box<Response>> {
    use tokio::io::AsyncWriteExt;
    let internal = |e: std::io::Error| {
        Box::new(fail(
            RegistryError::new(
                Kind::Internal,
                "S3_PUT_FAILED",
                format!("Failed to store upload: {e}"),
            ),
            Shape::Bundles,
            Some("s3_put_failed"),
        ))
    };
    let dir = path.parent().expect("staging path has a folder");
    tokio::fs::create_dir_all(dir).await.map_err(internal)?;
    let part = path.with_extension("part");
    let mut file = tokio::fs::File::create(&part).await.map_err(internal)?;
    let mut stream = body.into_data_stream();
    let mut received: u64 = 0;
    loop {
        let next = std::future::poll_fn(|cx| {
            futures_core::Stream::poll_next(std::pin::Pin::new(&mut stream), cx)
        })
        .await;
        let chunk: Bytes = match next {
            None => break,
            Some(Ok(c)) => c,
            Some(Err(e)) => {
                return Err(Box::new(bad_upload(
                    &format!("the upload was cut off: {e}"),
                    "body_read_failed",
                )));
            }
        };
        received += chunk.len() as u64;
        if received > size {
            return Err(Box::new(bad_upload(
                "Request body is larger than the size param",
                "body_too_large",
            )));
        }
        file.write_all(&chunk).await.map_err(internal)?;
    }
    if received == 0 {
        return Err(Box::new(bad_upload("Missing request body", "missing_body")));
    }
    if received != size {
        return Err(Box::new(bad_upload(
            &format!("Request body has {received} bytes, the size param says {size}"),
            "size_mismatch",
        )));
    }
    file.sync_all().await.map_err(internal)?;
    drop(file);
    tokio::fs::rename(&part, path).await.map_err(internal)?;
    Ok(())
}

async fn finalize(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let reg = registry(&app);
    if let Err(r) = admin(&reg, &headers) {
        return *r;
    }
    let req = match Finalize::from_json(&body) {
        Ok(r) => r,
        Err(e) => return fail(e, Shape::Bundles, None),
    };
    let reg2 = reg.clone();
    let result =
        tokio::task::spawn_blocking(move || crate::panics::request_sync(|| reg2.finalize(req)))
            .await
            .unwrap_or_else(|e| {
                Err(RegistryError::new(
                    Kind::Internal,
                    "INTERNAL_ERROR",
                    e.to_string(),
                ))
            });
    match result {
        Ok(done) => {
            (app.status)(
                "Registered",
                &format!(
                    "{} {} ({})",
                    done.extension.name, done.version.version, done.extension.id
                ),
            );
            answer(200, json!(done), None)
        }
        Err(mut e) => {
            // As the server: 5xx messages are generic, details dropped.
            if e.kind == Kind::Internal {
                e.message = "Failed to finalize extension bundle.".into();
                e.details = None;
            }
            fail(e, Shape::Bundles, None)
        }
    }
}

/// The v1 routes' body: an object with non-empty string fields; anything else is a
/// `VALIDATION_ERROR` listing the missing fields (an unparsable body counts as `{}`).
fn v1_body(body: &[u8], fields: &[&str]) -> Result<Vec<String>, RegistryError> {
    let v: Value = serde_json::from_slice(body).unwrap_or(json!({}));
    let mut issues = Vec::new();
    let mut out = Vec::new();
    for f in fields {
        match v.get(*f).and_then(|x| x.as_str()).filter(|x| !x.is_empty()) {
            Some(x) => out.push(x.to_string()),
            None => issues.push(json!({
                "code": "invalid_type", "path": [f], "message": format!("{f} is required (a non-empty string)"),
            })),
        }
    }
    if issues.is_empty() {
        Ok(out)
    } else {
        let mut e = RegistryError::new(Kind::Invalid, "VALIDATION_ERROR", "Validation failed");
        e.details = Some(Value::Array(issues));
        Err(e)
    }
}

fn tenant_of(app: &App, headers: &HeaderMap) -> String {
    header(headers, "x-tenant-id")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(&app.env.defaults.tenant)
        .to_string()
}

async fn install(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let reg = registry(&app);
    if let Err(e) = reg.check_key(header(&headers, "x-api-key")) {
        return fail(e, Shape::V1, None);
    }
    let (registry_id, version) = match v1_body(&body, &["registryId", "version"]) {
        Ok(v) => (v[0].clone(), v[1].clone()),
        Err(e) => return fail(e, Shape::V1, None),
    };
    let found = match reg.version(&registry_id, &version) {
        Ok(Some(v)) => v,
        Ok(None) => {
            return fail(
                RegistryError::new(
                    Kind::NotFound,
                    "NOT_FOUND",
                    format!("Version {version} of extension {registry_id} not found"),
                ),
                Shape::V1,
                None,
            );
        }
        Err(e) => return fail(e, Shape::V1, None),
    };
    let tenant = tenant_of(&app, &headers);
    // The dev tenant's install is what alga dev serves: load it first, so that a bundle that
    // cannot run is refused rather than recorded.
    if tenant == app.env.defaults.tenant {
        let app2 = app.clone();
        let v = found.clone();
        let reg2 = reg.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            crate::panics::request_sync(|| {
                let root = super::unpack_bundle(&reg2.bundle_path(&v.hex), &app2.env.state_dir)?;
                super::app::load_current(&app2, &root, false)
            })
        })
        .await
        .map_err(anyhow::Error::from)
        .and_then(|r| r);
        match loaded {
            Ok(current) => serve_installed(&app, current, found.clone()),
            Err(e) => {
                return fail(
                    RegistryError::new(
                        Kind::Unprocessable,
                        "INSTALL_FAILED",
                        format!("The bundle cannot be served: {e:#}"),
                    ),
                    Shape::V1,
                    None,
                );
            }
        }
    }
    let install_id = match reg.install(&tenant, &found) {
        Ok(id) => id,
        Err(e) => return fail(e, Shape::V1, None),
    };
    answer(
        202,
        json!(crate::api::InstallResponse {
            data: crate::api::InstallData {
                registry_id: Some(registry_id),
                version: Some(version),
                install_id: Some(install_id),
                success: true,
                message: Some("Extension installation enqueued".into()),
                ..Default::default()
            }
        }),
        None,
    )
}

fn serve_installed(app: &Arc<App>, current: Current, version: crate::registry::Version) {
    let mut installed = app.installed.lock().unwrap_or_else(|p| p.into_inner());
    (app.status)(
        "Installed",
        &format!(
            "{} {} (sha256:{}…), now served",
            current.manifest.name,
            version.version,
            &version.hex[..12]
        ),
    );
    *installed = Some(version);
    app.swap(current);
}

async fn uninstall(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let reg = registry(&app);
    if let Err(e) = reg.check_key(header(&headers, "x-api-key")) {
        return fail(e, Shape::V1, None);
    }
    let registry_id = match v1_body(&body, &["registryId"]) {
        Ok(v) => v[0].clone(),
        Err(e) => return fail(e, Shape::V1, None),
    };
    let tenant = tenant_of(&app, &headers);
    if let Err(e) = reg.uninstall(&tenant, &registry_id) {
        return fail(e, Shape::V1, None);
    }
    let served = app
        .installed()
        .is_some_and(|v| v.registry_id == registry_id);
    if tenant == app.env.defaults.tenant && served {
        let app2 = app.clone();
        let home = tokio::task::spawn_blocking(move || {
            super::app::load_current(&app2, &app2.home.clone(), false)
        })
        .await
        .map_err(anyhow::Error::from)
        .and_then(|r| r);
        let mut installed = app.installed.lock().unwrap_or_else(|p| p.into_inner());
        *installed = None;
        match home {
            Ok(current) => {
                (app.status)("Uninstalled", "serving the project again");
                app.swap(current);
            }
            Err(e) => (app.status)(
                "Uninstalled",
                &format!("the project cannot be served: {e:#}"),
            ),
        }
    }
    answer(
        200,
        json!(crate::api::InstallResponse {
            data: crate::api::InstallData {
                registry_id: Some(registry_id),
                success: true,
                message: Some("Uninstalled".into()),
                ..Default::default()
            }
        }),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_has_the_server_shape() {
        let e = RegistryError::new(
            Kind::Conflict,
            "EXTENSION_VERSION_ALREADY_EXISTS",
            "Version \"1\" exists",
        );
        let b = body(&e, Shape::Bundles);
        assert_eq!(b["success"], false);
        assert_eq!(b["error"]["code"], "EXTENSION_VERSION_ALREADY_EXISTS");
        let v1 = body(
            &RegistryError::new(Kind::Invalid, "VALIDATION_ERROR", "Validation failed"),
            Shape::V1,
        );
        assert_eq!(v1["error"]["code"], "VALIDATION_ERROR");
    }
}
