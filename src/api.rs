//! The Alga server's extension API, as both sides here speak it: the publish client and the
//! local registry of `alga dev --registry` (CONTRACT.md section 1). Route paths and limits are
//! written once, here, with the bodies both sides send and read.

use serde::{Deserialize, Serialize};

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

/// The answer of upload-proxy.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadResponse {
    pub upload: StagedUpload,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_hash: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct StagedUpload {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureCheck>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ExtensionRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "install_id")]
    pub install_id: Option<String>,
    #[serde(default)]
    pub success: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// An install or uninstall answer: `{"data": ...}`.
#[derive(Debug, Serialize, Deserialize)]
pub struct InstallResponse {
    pub data: InstallData,
}
