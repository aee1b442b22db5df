//! A local extension registry with the Alga server's publish API (CONTRACT.md 1.3-1.7), served
//! by `alga dev --registry`. Bundles are stored content-addressed under
//! `.alga/registry/sha256/<hex>/bundle.tar.zst`; what the real server leaves to a stub is
//! checked for real: the uploaded size, the bundle's own manifest and, with a trust bundle, the
//! signature.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{OptionalExtension, params};
use serde_json::{Value, json};
use sha2::Digest;

use crate::bundle::{self, Limits};

use crate::api::MAX_BUNDLE_BYTES;

/// What kind of refusal an error is; the registry's routes turn it into an HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Unprocessable,
    Internal,
}

/// Why the registry refused or failed: a kind, the server's error code, a message and details
/// (the routes write them in the server's shapes).
#[derive(Debug, Clone)]
pub struct RegistryError {
    pub kind: Kind,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl RegistryError {
    pub fn new(kind: Kind, code: &'static str, message: impl Into<String>) -> Self {
        RegistryError {
            kind,
            code,
            message: message.into(),
            details: None,
        }
    }

    fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    fn bad(message: impl Into<String>) -> Self {
        RegistryError::new(Kind::Invalid, "BAD_REQUEST", message)
    }

    fn internal(e: impl std::fmt::Display) -> Self {
        RegistryError::new(Kind::Internal, "INTERNAL_ERROR", e.to_string())
    }
}

/// What [`Registry::finalize`] stored.
struct Stored {
    registry_id: String,
    version_id: String,
    version: String,
}

/// The manifest inside a staged bundle (the bundle read safely), the same as the one sent
/// (when sent) and valid: its text and model.
fn manifest_inside(
    staged: &Path,
    req: &Finalize,
) -> Result<(String, crate::manifest::Manifest), RegistryError> {
    let info =
        bundle::read_bundle(staged, &Limits::default(), |p| p == "manifest.json").map_err(|e| {
            RegistryError::new(
                Kind::Invalid,
                "INVALID_BUNDLE",
                format!("The bundle is unsafe: {e}"),
            )
        })?;
    let inside = info.kept.get("manifest.json").ok_or_else(|| {
        RegistryError::new(
            Kind::Invalid,
            "MANIFEST_NOT_FOUND",
            "manifest.json not found in bundle",
        )
    })?;
    let inside = String::from_utf8_lossy(inside).into_owned();
    if let Some(sent) = &req.manifest_json {
        let a: Option<Value> = serde_json::from_str(sent).ok();
        let b: Option<Value> = serde_json::from_str(&inside).ok();
        if a.is_none() || a != b {
            return Err(RegistryError::new(
                Kind::Invalid,
                "MANIFEST_MISMATCH",
                "manifestJson differs from the manifest.json inside the bundle",
            ));
        }
    }
    let manifest = crate::manifest::parse(&inside, Path::new("manifest.json"))
        .map_err(|e| {
            let issues: Vec<Value> = match &e {
                crate::manifest::ManifestError::Invalid { issues, .. } => issues
                    .iter()
                    .map(|i| json!({ "path": i.path, "message": i.message }))
                    .collect(),
                other => vec![json!({ "path": "", "message": other.to_string() })],
            };
            RegistryError::new(Kind::Invalid, "INVALID_MANIFEST", "Invalid manifest")
                .with_details(json!({ "issues": issues }))
        })?
        .manifest;
    Ok((inside, manifest))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The finalize request body (CONTRACT.md 1.4).
#[derive(Debug, Default)]
pub struct Finalize {
    pub key: String,
    pub size: Option<f64>,
    pub declared_hash: Option<String>,
    pub manifest_json: Option<String>,
    pub signature: Option<(String, Option<String>)>,
}

impl Finalize {
    /// Reads and checks the JSON body as the route does.
    pub fn from_json(body: &[u8]) -> Result<Finalize, RegistryError> {
        let v: Value =
            serde_json::from_slice(body).map_err(|_| RegistryError::bad("Invalid JSON body"))?;
        let obj = v
            .as_object()
            .ok_or_else(|| RegistryError::bad("Body must be a JSON object"))?;
        let key = obj
            .get("key")
            .and_then(|k| k.as_str())
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| RegistryError::bad("key is required"))?;
        if !key.starts_with("sha256/") {
            return Err(RegistryError::bad("key must start with \"sha256/\""));
        }
        let size = match obj.get("size") {
            None | Some(Value::Null) => None,
            Some(s) => {
                let n = s
                    .as_f64()
                    .filter(|n| n.is_finite() && *n > 0.0)
                    .ok_or_else(|| RegistryError::bad("size must be a positive number"))?;
                if n > MAX_BUNDLE_BYTES as f64 {
                    return Err(RegistryError::bad(format!(
                        "size exceeds maximum of {MAX_BUNDLE_BYTES} bytes"
                    )));
                }
                Some(n)
            }
        };
        let declared_hash = match obj.get("declaredHash") {
            None | Some(Value::Null) => None,
            Some(h) => Some(
                h.as_str()
                    .filter(|h| is_hex64(h))
                    .ok_or_else(|| {
                        RegistryError::bad("declaredHash must be 64-char lowercase hex sha256")
                    })?
                    .to_string(),
            ),
        };
        let manifest_json = match obj.get("manifestJson") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(RegistryError::new(Kind::Invalid, "INVALID_MANIFEST", "Invalid manifest")
                    .with_details(json!({ "issues": [{ "path": "manifestJson", "message": "manifestJson must be the manifest's JSON text (a string)" }] })));
            }
        };
        let signature = obj.get("signature").and_then(|s| {
            let text = s.get("text")?.as_str()?.to_string();
            let alg = s
                .get("algorithm")
                .and_then(|a| a.as_str())
                .map(str::to_string);
            Some((text, alg))
        });
        Ok(Finalize {
            key: key.to_string(),
            size,
            declared_hash,
            manifest_json,
            signature,
        })
    }
}

/// How long an upload may wait in staging for its finalize.
pub const STAGING_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// The registry: rows in SQLite, bundles on disk.
pub struct Registry {
    root: PathBuf,
    db: Mutex<rusqlite::Connection>,
    /// Signatures are required and verified against this trust bundle when set.
    pub trust: Option<PathBuf>,
    /// The API key the registry accepts (the real server's upload routes take any non-empty
    /// key; a registry on a developer's machine must not).
    api_key: String,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("root", &self.root)
            .field("trust", &self.trust)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

/// A version the registry holds.
#[derive(Debug, Clone)]
pub struct Version {
    pub registry_id: String,
    pub version_id: String,
    pub version: String,
    pub hex: String,
}

impl Registry {
    pub fn open(root: &Path, trust: Option<PathBuf>, api_key: String) -> anyhow::Result<Registry> {
        let api_key = api_key.trim().to_string();
        anyhow::ensure!(!api_key.is_empty(), "the registry needs an API key");
        std::fs::create_dir_all(root.join("sha256").join("_staging"))?;
        let db = rusqlite::Connection::open(root.join("registry.db"))?;
        db.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;
             CREATE TABLE IF NOT EXISTS extension (
               id TEXT PRIMARY KEY, name TEXT NOT NULL, publisher TEXT NOT NULL DEFAULT '',
               UNIQUE(name, publisher));
             CREATE TABLE IF NOT EXISTS version (
               id TEXT PRIMARY KEY, registry_id TEXT NOT NULL REFERENCES extension(id),
               version TEXT NOT NULL, content_hash TEXT NOT NULL, size INTEGER NOT NULL,
               manifest TEXT NOT NULL, signature TEXT, signer TEXT,
               created_at INTEGER NOT NULL, UNIQUE(registry_id, version));
             CREATE TABLE IF NOT EXISTS install (
               tenant TEXT NOT NULL, registry_id TEXT NOT NULL, version_id TEXT NOT NULL,
               install_id TEXT NOT NULL, PRIMARY KEY(tenant, registry_id));",
        )?;
        let registry = Registry {
            root: root.to_path_buf(),
            db: Mutex::new(db),
            trust,
            api_key,
        };
        // Nothing is being uploaded yet: whatever is staged was left by an earlier run.
        registry.sweep_staging(std::time::Duration::ZERO);
        Ok(registry)
    }

    /// A key for a registry started without one: 32 random bytes, hex.
    pub fn random_key() -> String {
        use rand_core::RngCore;
        let mut bytes = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    }

    fn db(&self) -> std::sync::MutexGuard<'_, rusqlite::Connection> {
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The `x-api-key` check: one must be sent, and it must be the registry's.
    pub fn check_key(&self, key: Option<&str>) -> Result<(), RegistryError> {
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        match key {
            None => Err(RegistryError::new(
                Kind::Unauthorized,
                "API_KEY_MISSING",
                "Unauthorized: API key missing",
            )),
            // Compared through digests, so the time taken says nothing about the key.
            Some(k)
                if sha2::Sha256::digest(k.as_bytes())
                    != sha2::Sha256::digest(self.api_key.as_bytes()) =>
            {
                Err(RegistryError::new(
                    Kind::Unauthorized,
                    "UNAUTHORIZED",
                    "Invalid API key (send the key `alga dev --registry` printed at start, or \
                     start it with --api-key)",
                ))
            }
            Some(_) => Ok(()),
        }
    }

    /// Removes staged uploads whose last write is `max_age` old or older (all of them with
    /// `Duration::ZERO`); returns how many. An upload never finalized must not hold its up to
    /// 200 MiB for ever.
    pub fn sweep_staging(&self, max_age: std::time::Duration) -> usize {
        let Ok(entries) = std::fs::read_dir(self.root.join("sha256/_staging")) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let dir = entry.path();
            let mut newest = entry.metadata().and_then(|m| m.modified()).ok();
            if let Ok(files) = std::fs::read_dir(&dir) {
                for f in files.flatten() {
                    let t = f.metadata().and_then(|m| m.modified()).ok();
                    newest = newest.max(t);
                }
            }
            let age = newest.and_then(|t| t.elapsed().ok());
            if age.is_none_or(|a| a >= max_age) && std::fs::remove_dir_all(&dir).is_ok() {
                removed += 1;
            }
        }
        removed
    }

    /// A new staging key and the file its upload goes to.
    pub fn staging(&self) -> (String, PathBuf) {
        let id = crate::runner::new_id();
        let key = format!("sha256/_staging/{id}/bundle.tar.zst");
        let path = self
            .root
            .join("sha256/_staging")
            .join(id)
            .join("bundle.tar.zst");
        (key, path)
    }

    /// The file of a staging key, or why the key is not one.
    fn staged_file(&self, key: &str) -> Result<PathBuf, RegistryError> {
        let id = key
            .strip_prefix("sha256/_staging/")
            .and_then(|r| r.strip_suffix("/bundle.tar.zst"))
            .filter(|id| id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
            .ok_or_else(|| {
                RegistryError::bad(
                    "invalid staging key (expected sha256/_staging/<id>/bundle.tar.zst)",
                )
            })?;
        Ok(self
            .root
            .join("sha256/_staging")
            .join(id)
            .join("bundle.tar.zst"))
    }

    /// Where a content hash's bundle lives.
    pub fn bundle_path(&self, hex: &str) -> PathBuf {
        self.root.join("sha256").join(hex).join("bundle.tar.zst")
    }

    /// Registers the staged upload: hash, size, bundle, manifest and signature checks, then the
    /// bundle moves to its content address before the rows are written (so no registered
    /// version is ever without its bundle).
    pub fn finalize(&self, req: Finalize) -> Result<crate::api::FinalizeResponse, RegistryError> {
        let (staged, bytes, hex) = self.staged_bytes(&req)?;
        let (inside, manifest) = manifest_inside(&staged, &req)?;
        let (signature, signer) = self.check_signature(&staged, &req)?;
        let stored = self.store_version(&manifest, &inside, &bytes, &hex, (signature, &signer))?;
        let _ = std::fs::remove_dir_all(staged.parent().unwrap_or(&staged));
        let out = crate::api::FinalizeResponse {
            extension: crate::api::ExtensionRef {
                id: stored.registry_id,
                name: manifest.name,
                publisher: manifest.publisher,
            },
            version: crate::api::VersionRef {
                id: stored.version_id,
                version: stored.version,
            },
            canonical_key: Some(format!("sha256/{hex}/bundle.tar.zst")),
            content_hash: Some(hex),
            signature: signer.map(|s| crate::api::SignatureCheck {
                verified: true,
                signer: Some(s),
            }),
        };
        Ok(out)
    }

    /// The staged upload of a finalize, checked against the declared size and hash: its path,
    /// bytes and hex SHA-256.
    fn staged_bytes(&self, req: &Finalize) -> Result<(PathBuf, Vec<u8>, String), RegistryError> {
        let staged = self.staged_file(&req.key)?;
        let bytes = match std::fs::read(&staged) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(RegistryError::new(
                    Kind::Invalid,
                    "STAGING_NOT_FOUND",
                    "Uploaded staging object not found in storage",
                ));
            }
            Err(e) => return Err(RegistryError::internal(e)),
        };
        let hex = hex::encode(sha2::Sha256::digest(&bytes));
        if let Some(size) = req.size
            && size != bytes.len() as f64
        {
            return Err(RegistryError::new(
                Kind::Invalid,
                "SIZE_MISMATCH",
                format!(
                    "Declared size {size} does not match the uploaded {} bytes",
                    bytes.len()
                ),
            ));
        }
        if let Some(declared) = &req.declared_hash
            && *declared != hex
        {
            return Err(RegistryError::new(
                Kind::Invalid,
                "HASH_MISMATCH",
                "Declared hash does not match computed content hash",
            )
            .with_details(json!({ "declared": declared, "computed": hex })));
        }
        Ok((staged, bytes, hex))
    }

    /// Stores a new version (the bundle at its content address, then the rows, in one
    /// transaction); refuses a version that exists.
    fn store_version(
        &self,
        manifest: &crate::manifest::Manifest,
        inside: &str,
        bytes: &[u8],
        hex: &str,
        (signature, signer): (Option<String>, &Option<String>),
    ) -> Result<Stored, RegistryError> {
        let publisher = manifest.publisher.clone().unwrap_or_default();
        let mut db = self.db();
        let tx = db.transaction().map_err(RegistryError::internal)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT id FROM extension WHERE name = ?1 AND publisher = ?2",
                params![manifest.name, publisher],
                |r| r.get(0),
            )
            .optional()
            .map_err(RegistryError::internal)?;
        let registry_id = existing.clone().unwrap_or_else(crate::runner::new_id);
        let version = resolve_version(&tx, &registry_id, &manifest.version)?;
        let taken: Option<String> = tx
            .query_row(
                "SELECT id FROM version WHERE registry_id = ?1 AND version = ?2",
                params![registry_id, version],
                |r| r.get(0),
            )
            .optional()
            .map_err(RegistryError::internal)?;
        if let Some(version_id) = taken {
            return Err(RegistryError::new(
                Kind::Conflict,
                "EXTENSION_VERSION_ALREADY_EXISTS",
                format!(
                    "Version \"{version}\" already exists for this extension. Publish a new version and try again."
                ),
            )
            .with_details(json!({ "registryId": registry_id, "versionId": version_id, "version": version })));
        }
        // The bundle first, at its content address; then the rows.
        let target = self.bundle_path(hex);
        if !target.is_file() {
            crate::fsutil::write_atomic(&target, bytes).map_err(RegistryError::internal)?;
        }
        crate::fsutil::write_atomic(&target.with_file_name("manifest.json"), inside.as_bytes())
            .map_err(RegistryError::internal)?;
        if existing.is_none() {
            tx.execute(
                "INSERT INTO extension (id, name, publisher) VALUES (?1, ?2, ?3)",
                params![registry_id, manifest.name, publisher],
            )
            .map_err(RegistryError::internal)?;
        }
        let version_id = crate::runner::new_id();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        tx.execute(
            "INSERT INTO version (id, registry_id, version, content_hash, size, manifest, signature, signer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![version_id, registry_id, version, format!("sha256:{hex}"), bytes.len() as i64, inside, signature, signer, now],
        )
        .map_err(RegistryError::internal)?;
        tx.commit().map_err(RegistryError::internal)?;
        Ok(Stored {
            registry_id,
            version_id,
            version,
        })
    }

    /// With a trust bundle: the signature is required and must verify over the staged bytes.
    fn check_signature(
        &self,
        staged: &Path,
        req: &Finalize,
    ) -> Result<(Option<String>, Option<String>), RegistryError> {
        let Some(trust) = &self.trust else {
            return Ok((req.signature.as_ref().map(|s| s.0.clone()), None));
        };
        let Some((text, _)) = &req.signature else {
            return Err(RegistryError::new(
                Kind::Invalid,
                "SIGNATURE_REQUIRED",
                "This registry requires signed bundles (a trust bundle is configured)",
            ));
        };
        let sig_file = staged.with_file_name("SIGNATURE");
        std::fs::write(&sig_file, text).map_err(RegistryError::internal)?;
        match crate::signing::verify(staged, &sig_file, trust, &Default::default()) {
            Ok(report) => Ok((Some(text.clone()), report.signer)),
            Err(e) => Err(RegistryError::new(
                Kind::Invalid,
                "SIGNATURE_INVALID",
                format!("Signature verification failed: {e}"),
            )
            .with_details(json!({ "exitCode": crate::error::Explain::exit_code(&e) }))),
        }
    }

    /// A version by registry id and exact version string.
    pub fn version(
        &self,
        registry_id: &str,
        version: &str,
    ) -> Result<Option<Version>, RegistryError> {
        self.db()
            .query_row(
                "SELECT id, content_hash FROM version WHERE registry_id = ?1 AND version = ?2",
                params![registry_id, version],
                |r| {
                    let hash: String = r.get(1)?;
                    Ok(Version {
                        registry_id: registry_id.to_string(),
                        version_id: r.get(0)?,
                        version: version.to_string(),
                        hex: hash.trim_start_matches("sha256:").to_string(),
                    })
                },
            )
            .optional()
            .map_err(RegistryError::internal)
    }

    /// Installs (or moves) the tenant's install to `version`; returns the install id.
    pub fn install(&self, tenant: &str, v: &Version) -> Result<String, RegistryError> {
        let db = self.db();
        let existing: Option<String> = db
            .query_row(
                "SELECT install_id FROM install WHERE tenant = ?1 AND registry_id = ?2",
                params![tenant, v.registry_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(RegistryError::internal)?;
        let install_id = existing.unwrap_or_else(crate::runner::new_id);
        db.execute(
            "INSERT INTO install (tenant, registry_id, version_id, install_id) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(tenant, registry_id) DO UPDATE SET version_id = excluded.version_id",
            params![tenant, v.registry_id, v.version_id, install_id],
        )
        .map_err(RegistryError::internal)?;
        Ok(install_id)
    }

    /// Removes the tenant's install; whether there was one.
    pub fn uninstall(&self, tenant: &str, registry_id: &str) -> Result<bool, RegistryError> {
        let n = self
            .db()
            .execute(
                "DELETE FROM install WHERE tenant = ?1 AND registry_id = ?2",
                params![tenant, registry_id],
            )
            .map_err(RegistryError::internal)?;
        Ok(n > 0)
    }
}

/// `X.Y.*` becomes `X.Y.(highest stable patch + 1)`, from `.0`; other versions stay.
fn resolve_version(
    tx: &rusqlite::Transaction<'_>,
    registry_id: &str,
    version: &str,
) -> Result<String, RegistryError> {
    let Some(prefix) = version.strip_suffix(".*") else {
        return Ok(version.to_string());
    };
    let mut stmt = tx
        .prepare("SELECT version FROM version WHERE registry_id = ?1")
        .map_err(RegistryError::internal)?;
    let rows = stmt
        .query_map(params![registry_id], |r| r.get::<_, String>(0))
        .map_err(RegistryError::internal)?;
    let mut next = 0u64;
    for v in rows.flatten() {
        if let Some(patch) = v.strip_prefix(&format!("{prefix}."))
            && let Ok(n) = patch.parse::<u64>()
        {
            next = next.max(n + 1);
        }
    }
    Ok(format!("{prefix}.{next}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finalize_bodies_are_checked_like_the_server() {
        let bad = |body: &str, msg: &str| {
            let e = Finalize::from_json(body.as_bytes()).unwrap_err();
            assert_eq!(e.message, msg, "{body}");
        };
        bad("nope", "Invalid JSON body");
        bad("[]", "Body must be a JSON object");
        bad("{}", "key is required");
        bad(r#"{"key":"tenants/x"}"#, "key must start with \"sha256/\"");
        bad(
            r#"{"key":"sha256/a","size":-1}"#,
            "size must be a positive number",
        );
        bad(
            r#"{"key":"sha256/a","declaredHash":"ABC"}"#,
            "declaredHash must be 64-char lowercase hex sha256",
        );
        let e = Finalize::from_json(br#"{"key":"sha256/a","manifestJson":{}}"#).unwrap_err();
        assert_eq!(e.code, "INVALID_MANIFEST");
    }
}
