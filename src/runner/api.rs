//! The Runner's `POST /v1/execute` request and response bodies (JSON).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExecuteRequest {
    pub context: RequestContext,
    pub http: RequestHttp,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_envelope: Option<SecretEnvelope>,
    #[serde(default)]
    pub providers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RequestContext {
    #[serde(default)]
    pub request_id: Option<String>,
    pub tenant_id: String,
    pub extension_id: String,
    #[serde(default)]
    pub install_id: Option<String>,
    #[serde(default)]
    pub content_hash: String,
    #[serde(default)]
    pub version_id: Option<String>,
    #[serde(default)]
    pub config: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RequestHttp {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body_b64: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Limits {
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    #[serde(default)]
    pub memory_mb: Option<u64>,
    #[serde(default)]
    pub fuel: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SecretEnvelope {
    pub ciphertext_b64: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub algorithm: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub key_path: Option<String>,
    #[serde(default)]
    pub mount: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct User {
    pub user_id: String,
    pub user_email: String,
    pub user_name: String,
    pub user_type: String,
    #[serde(default, alias = "company_name")]
    pub client_name: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub additional_fields: BTreeMap<String, String>,
}

/// The error prefix of a request refused because every guest slot is taken (HTTP 503).
pub const BUSY: &str = "runner_busy";

/// Always serialised with explicit `null`s, as the Runner does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecuteResponse {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body_b64: Option<String>,
    pub error: Option<String>,
}

impl ExecuteResponse {
    pub fn error(status: u16, error: impl Into<String>) -> Self {
        ExecuteResponse {
            status,
            headers: BTreeMap::new(),
            body_b64: None,
            error: Some(error.into()),
        }
    }

    /// The body, decoded (empty when there is none, or when it is not base64).
    pub fn body(&self) -> Vec<u8> {
        use base64::Engine as _;
        self.body_b64
            .as_deref()
            .and_then(|b| {
                base64::engine::general_purpose::STANDARD
                    .decode(b.trim())
                    .ok()
            })
            .unwrap_or_default()
    }
}
