//! The Alga server's extension API, as both sides here speak it: the publish client and the
//! local registry of `alga dev --registry` (CONTRACT.md section 1). Route paths and limits are
//! written once, here, with the bodies both sides send and read.

use serde::{Deserialize, Deserializer, Serialize};

/// `POST`: the bundle bytes, streamed; answers the staging key.
pub const UPLOAD_PROXY: &str = "/api/ext-bundles/upload-proxy";
/// `POST`: registers the staged bundle as a version (`key`, `size`, `declaredHash`,
/// `manifestJson`, `signature`).
pub const FINALIZE: &str = "/api/ext-bundles/finalize";
/// `POST`: installs a version for the tenant (`registryId`, `version`).
pub const INSTALL: &str = "/api/v1/extensions/install";
/// `POST`: uninstalls an extension from the tenant (`registryId`).
pub const UNINSTALL: &str = "/api/v1/extensions/uninstall";

/// The largest bundle the server accepts (200 MiB).
pub const MAX_BUNDLE_BYTES: u64 = 200 * 1024 * 1024;

/// Reads an optional field the client does not depend on: a value of another type than expected
/// counts as absent instead of failing the whole answer (servers differ in what they echo).
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(value).ok())
}

fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(lenient(d)?.unwrap_or_default())
}

fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient(d)?.unwrap_or_default())
}

/// The answer of upload-proxy.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadResponse {
    pub upload: StagedUpload,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub filename: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub size: Option<u64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub declared_hash: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StagedUpload {
    pub key: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub strategy: Option<String>,
}

/// The body of finalize, as the client sends it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeRequest {
    pub key: String,
    pub declared_hash: String,
    pub size: u64,
    pub manifest_json: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub signature: Option<SignatureBody>,
}

/// A SIGNATURE sent with finalize.
#[derive(Debug, Serialize, Deserialize)]
pub struct SignatureBody {
    pub text: String,
    pub algorithm: String,
}

/// The answer of finalize: the extension and the version it registered.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalizeResponse {
    pub extension: ExtensionRef,
    pub version: VersionRef,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub content_hash: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub canonical_key: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub signature: Option<SignatureCheck>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExtensionRef {
    pub id: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub name: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub publisher: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct VersionRef {
    pub id: String,
    pub version: String,
}

/// What the registry made of a SIGNATURE.
#[derive(Debug, Serialize, Deserialize)]
pub struct SignatureCheck {
    pub verified: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub signer: Option<String>,
}

/// The body of install.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallRequest {
    pub registry_id: String,
    pub version: String,
}

/// The body of uninstall.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UninstallRequest {
    pub registry_id: String,
}

/// The `data` of an install or uninstall answer.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstallData {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub registry_id: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub version: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub install_id: Option<String>,
    /// `install_id`, as some servers spell it (read only; `installId` wins).
    #[serde(
        default,
        rename = "install_id",
        skip_serializing,
        deserialize_with = "lenient"
    )]
    pub install_id_snake: Option<String>,
    #[serde(default, deserialize_with = "lenient_bool")]
    pub success: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient"
    )]
    pub message: Option<String>,
}

/// An install or uninstall answer: `{"data": ...}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct InstallResponse {
    pub data: InstallData,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_for_what_the_client_needs_only() {
        // Echoes of other types than this registry writes do not fail the answer.
        let done: FinalizeResponse = serde_json::from_value(serde_json::json!({
            "extension": { "id": "r1", "publisher": 7 },
            "version": { "id": "v1", "version": "1.0.0" },
            "contentHash": null,
            "canonicalKey": ["x"],
            "signature": { "signer": "me" },
            "extra": true,
        }))
        .unwrap();
        assert_eq!(
            (done.extension.id.as_str(), done.version.version.as_str()),
            ("r1", "1.0.0")
        );
        assert!(done.extension.publisher.is_none() && done.canonical_key.is_none());
        assert!(done.signature.is_none());
        // What it needs must be there.
        assert!(
            serde_json::from_value::<FinalizeResponse>(serde_json::json!({
                "extension": { "name": "x" }, "version": { "id": "v1", "version": "1" }
            }))
            .is_err()
        );
        let up: UploadResponse = serde_json::from_value(
            serde_json::json!({ "upload": { "key": "k", "strategy": 1 }, "size": "12" }),
        )
        .unwrap();
        assert_eq!((up.upload.key.as_str(), up.size), ("k", None));
        // Both spellings of the install id; `installId` wins; odd types count as absent.
        let data: InstallData = serde_json::from_value(serde_json::json!({
            "install_id": "snake", "installId": "camel", "success": null, "version": 2
        }))
        .unwrap();
        assert_eq!(data.install_id.as_deref(), Some("camel"));
        assert_eq!(data.install_id_snake.as_deref(), Some("snake"));
        assert!(!data.success && data.version.is_none());
    }
}
