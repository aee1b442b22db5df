//! `alga extension publish|install|uninstall`: the upload-proxy -> finalize -> install flow of
//! the Alga server (CONTRACT.md section 1), with the bundle's own manifest and signature.

pub mod client;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Value, json};

use crate::bundle::{self, Limits};
use crate::cli::ServerArgs;
use crate::error::UserError;
use client::{ApiError, Body, Client, Connection, Secret, Step, Upload};

use crate::api::{self, MAX_BUNDLE_BYTES};

/// Default overall time limit when `--timeout` is not given.
const DEFAULT_TIMEOUT_MS: u64 = 300_000;

/// Connection settings from the command line and environment; the API key is required.
pub fn connection(server: &ServerArgs) -> anyhow::Result<Connection> {
    let api_key = server
        .api_key
        .clone()
        .map(|k| k.0)
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| {
            UserError::with_hint(
                "no API key given",
                "pass `--api-key KEY` or set ALGA_API_KEY (the server wants an `x-api-key` header)",
            )
        })?;
    let tenant = server
        .tenant
        .clone()
        .or_else(|| std::env::var("ALGA_TENANT").ok())
        .filter(|t| !t.trim().is_empty());
    let base = server.base_url.trim().trim_end_matches('/').to_string();
    match reqwest::Url::parse(&base) {
        Ok(u) if u.scheme() == "http" && !is_loopback(&u) && !server.allow_insecure_http => {
            return Err(UserError::with_hint(
                format!(
                    "`--base-url {base}` is plain http to another machine: the API key would \
                     cross the network unencrypted"
                ),
                format!(
                    "use `https://{}`, or pass `--allow-insecure-http` if you trust every network \
                     between here and the server",
                    u.host_str().unwrap_or("…")
                ),
            )
            .into());
        }
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
        _ => {
            return Err(UserError::with_hint(
                format!("`--base-url {base}` is not an http(s) URL"),
                "give the server's address, e.g. `--base-url https://alga.example.com`",
            )
            .into());
        }
    }
    let timeout_ms = server.timeout.unwrap_or(DEFAULT_TIMEOUT_MS);
    Ok(Connection {
        base,
        api_key: Secret::new(api_key),
        tenant,
        deadline: Instant::now() + Duration::from_millis(timeout_ms),
        timeout_ms: timeout_ms.into(),
        retries: 3,
        backoff: Duration::from_millis(250),
    })
}

/// Whether a URL names this machine: `localhost`, a subdomain of it, or a loopback address.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(base: &str, allow: bool) -> ServerArgs {
        ServerArgs {
            api_key: Some(crate::cli::ApiKey("k".into())),
            tenant: None,
            base_url: base.into(),
            allow_insecure_http: allow,
            timeout: None,
        }
    }

    #[test]
    fn plain_http_only_to_this_machine_unless_allowed() {
        for local in [
            "http://localhost:3000",
            "http://LOCALHOST.",
            "http://app.localhost",
            "http://127.0.0.1:7070",
            "http://127.8.0.1",
            "http://[::1]:3000",
            "http://[::ffff:127.0.0.1]",
            "https://alga.example.com",
        ] {
            assert!(connection(&server(local, false)).is_ok(), "{local}");
        }
        for remote in [
            "http://alga.example.com",
            "http://10.0.0.2:3000",
            "http://localhost.example.com",
            "http://[::ffff:10.0.0.1]",
        ] {
            let e = connection(&server(remote, false)).unwrap_err();
            let text = format!("{e:#}");
            assert!(text.contains("unencrypted"), "{remote}: {text}");
            assert!(
                connection(&server(remote, true)).is_ok(),
                "{remote} allowed"
            );
        }
    }
}

/// A bundle ready to publish: its bytes, hash, and the manifest and signature inside/beside it.
pub struct Prepared {
    pub bytes: Arc<Vec<u8>>,
    /// Lowercase hex SHA-256 of the file (no prefix), as the server wants `declaredHash`.
    pub hex: String,
    pub manifest_text: String,
    pub name: String,
    /// The SIGNATURE beside the bundle, when it is for these bytes: (text, algorithm).
    pub signature: Option<(String, String)>,
}

/// Reads a bundle for publishing: safe to read, canonical or not, has a valid manifest, is
/// within the server's size cap. A SIGNATURE beside it is sent when it names these bytes.
pub fn prepare(bundle_path: &Path, warn: &dyn Fn(&str)) -> anyhow::Result<Prepared> {
    let len = std::fs::metadata(bundle_path)
        .map_err(|e| UserError::new(format!("cannot read `{}`: {e}", bundle_path.display())))?
        .len();
    if len > MAX_BUNDLE_BYTES {
        return Err(UserError::with_hint(
            format!(
                "`{}` is {len} bytes; the server accepts at most {MAX_BUNDLE_BYTES} (200 MiB)",
                bundle_path.display()
            ),
            "move large assets out of the bundle",
        )
        .into());
    }
    let info = bundle::read_bundle(bundle_path, &Limits::default(), |p| p == "manifest.json")
        .map_err(|e| {
            UserError::with_hint(
                format!("cannot read bundle `{}`: {e}", bundle_path.display()),
                "pack it with `alga pack`, or publish the project folder",
            )
        })?;
    let bytes = std::fs::read(bundle_path)?;
    let manifest_bytes = info.kept.get("manifest.json").ok_or_else(|| {
        UserError::with_hint(
            format!("`{}` has no manifest.json", bundle_path.display()),
            "pack the project with `alga pack`",
        )
    })?;
    let manifest_text = String::from_utf8(manifest_bytes.clone()).map_err(|_| {
        UserError::new(format!(
            "manifest.json in `{}` is not UTF-8",
            bundle_path.display()
        ))
    })?;
    let loaded = crate::manifest::parse(&manifest_text, Path::new("manifest.json"))?;
    let hex = info.content_hash.trim_start_matches("sha256:").to_string();
    let signature = signature_for(bundle_path, &info.content_hash, warn);
    Ok(Prepared {
        bytes: Arc::new(bytes),
        hex,
        manifest_text,
        name: loaded.manifest.name.clone(),
        signature,
    })
}

/// The SIGNATURE beside a bundle, when it is for `digest`.
fn signature_for(bundle: &Path, digest: &str, warn: &dyn Fn(&str)) -> Option<(String, String)> {
    let path = crate::signing::signature_path(bundle);
    let text = std::fs::read_to_string(&path).ok()?;
    match serde_json::from_str::<crate::signing::SignatureFile>(&text) {
        Ok(sig) if sig.subject.digest == digest => Some((text, sig.algorithm)),
        Ok(sig) => {
            warn(&format!(
                "`{}` is for {}, not this bundle ({digest}); publishing unsigned",
                path.display(),
                sig.subject.digest
            ));
            None
        }
        Err(_) => {
            warn(&format!(
                "`{}` is not a SIGNATURE file; publishing unsigned",
                path.display()
            ));
            None
        }
    }
}

/// What publish did, for `--json` and the summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    pub registry_id: String,
    pub version_id: String,
    pub version: String,
    pub name: String,
    pub content_hash: String,
    pub canonical_key: Option<String>,
    pub upload_key: String,
    pub signed: bool,
    pub install_id: Option<String>,
    pub installed: bool,
    /// Attempts that failed and were retried.
    pub retries: Vec<String>,
}

/// A successful answer read as the API's type for it.
fn typed<T: serde::de::DeserializeOwned>(v: Value, step: Step) -> Result<T, ApiError> {
    serde_json::from_value(v.clone()).map_err(|e| ApiError::BadResponse {
        step,
        status: 200,
        snippet: format!("{e} in {v}"),
    })
}

/// The `data` of an install or uninstall answer (or the answer itself, as older servers give).
fn install_data(v: Value) -> api::InstallData {
    let data = match v {
        Value::Object(mut o) if o.contains_key("data") => o.remove("data").unwrap_or_default(),
        other => other,
    };
    serde_json::from_value(data).unwrap_or_default()
}

/// Upload, finalize and (unless `install` is false) install.
pub async fn publish(
    client: &Client,
    prepared: &Prepared,
    upload: &Upload,
    install: bool,
) -> Result<Published, ApiError> {
    let staged = client
        .call(
            Step::Upload,
            &[
                ("filename", "bundle.tar.zst".to_string()),
                ("size", prepared.bytes.len().to_string()),
                ("declaredHash", prepared.hex.clone()),
            ],
            Body::Bundle(upload),
        )
        .await?;
    let key = typed::<api::UploadResponse>(staged, Step::Upload)?
        .upload
        .key;
    let body = api::FinalizeRequest {
        key: key.clone(),
        declared_hash: prepared.hex.clone(),
        size: prepared.bytes.len() as u64,
        manifest_json: prepared.manifest_text.clone(),
        signature: prepared
            .signature
            .as_ref()
            .map(|(text, algorithm)| api::SignatureBody {
                text: text.clone(),
                algorithm: algorithm.clone(),
            }),
    };
    let done = client
        .call(Step::Finalize, &[], Body::Json(json!(body)))
        .await?;
    let done: api::FinalizeResponse = typed(done, Step::Finalize)?;
    let mut out = Published {
        version_id: done.version.id,
        name: prepared.name.clone(),
        content_hash: format!(
            "sha256:{}",
            done.content_hash
                .as_deref()
                .unwrap_or(&prepared.hex)
                .trim_start_matches("sha256:")
        ),
        canonical_key: done.canonical_key,
        upload_key: key,
        signed: prepared.signature.is_some(),
        install_id: None,
        installed: false,
        retries: Vec::new(),
        registry_id: done.extension.id,
        // The resolved version (an `X.Y.*` manifest gets a concrete one), not the manifest's.
        version: done.version.version,
    };
    if out.content_hash != format!("sha256:{}", prepared.hex) {
        return Err(ApiError::BadResponse {
            step: Step::Finalize,
            status: 200,
            snippet: format!(
                "the server registered {} but alga uploaded sha256:{}",
                out.content_hash, prepared.hex
            ),
        });
    }
    if install {
        out.install_id = install_version(client, &out.registry_id, &out.version).await?;
        out.installed = true;
    }
    Ok(out)
}

/// `POST /api/v1/extensions/install`; returns the install id.
pub async fn install_version(
    client: &Client,
    registry_id: &str,
    version: &str,
) -> Result<Option<String>, ApiError> {
    let body = api::InstallRequest {
        registry_id: registry_id.to_string(),
        version: version.to_string(),
    };
    let v = client
        .call(Step::Install, &[], Body::Json(json!(body)))
        .await?;
    let data = install_data(v);
    Ok(data.install_id.or(data.install_id_snake))
}

/// `POST /api/v1/extensions/uninstall`; returns the server's message.
pub async fn uninstall(client: &Client, registry_id: &str) -> Result<String, ApiError> {
    let body = api::UninstallRequest {
        registry_id: registry_id.to_string(),
    };
    let v = client
        .call(Step::Uninstall, &[], Body::Json(json!(body)))
        .await?;
    Ok(install_data(v)
        .message
        .unwrap_or_else(|| "Uninstalled".into()))
}

/// The bytes to upload, with a counter for the progress bar.
pub fn upload_of(prepared: &Prepared) -> Upload {
    Upload {
        bytes: prepared.bytes.clone(),
        sent: Arc::new(AtomicU64::new(0)),
    }
}
