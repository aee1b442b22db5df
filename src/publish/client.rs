//! The Alga server's extension API as the reference CLI speaks it (CONTRACT.md section 1):
//! upload-proxy, finalize, install, uninstall. Every error shape the server produces is parsed
//! into one `ApiError`; transient failures are retried with backoff where that is safe.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Which call of the flow, for messages and the retry policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Upload,
    Finalize,
    Install,
    Uninstall,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Upload => "upload",
            Step::Finalize => "finalize",
            Step::Install => "install",
            Step::Uninstall => "uninstall",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Step::Upload => crate::api::UPLOAD_PROXY,
            Step::Finalize => crate::api::FINALIZE,
            Step::Install => crate::api::INSTALL,
            Step::Uninstall => crate::api::UNINSTALL,
        }
    }
}

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("cannot reach the Alga server at {base}: {reason}")]
    Unreachable { base: String, reason: String },
    #[error("the {} request got no answer within {after_ms} ms", step.name())]
    Timeout { step: Step, after_ms: u128 },
    #[error("{} failed ({status}): {message}{}", step.name(), code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default())]
    Status {
        step: Step,
        status: u16,
        message: String,
        code: Option<String>,
        request_id: Option<String>,
        details: Option<Value>,
    },
    #[error("{} answered {status} with a body alga cannot read: {snippet}", step.name())]
    BadResponse {
        step: Step,
        status: u16,
        snippet: String,
    },
    #[error(
        "finalize may have succeeded before the connection failed: the server now says version {version} already exists"
    )]
    FinalizeUncertain {
        version: String,
        registry_id: Option<String>,
    },
}

impl crate::error::Explain for ApiError {
    fn exit_code(&self) -> Option<i32> {
        use crate::error::exit;
        Some(match self {
            ApiError::Status { status, .. } if *status < 500 => exit::SERVER_REFUSED,
            ApiError::FinalizeUncertain { .. } => exit::SERVER_REFUSED,
            _ => exit::SERVER_UNAVAILABLE,
        })
    }

    fn hint(&self) -> Option<String> {
        Some(match self {
            ApiError::Unreachable { .. } => "is the server running? Check `--base-url` (ALGA_API_BASE_URL); `alga dev --registry` serves this API locally".into(),
            ApiError::Timeout { .. } => "the server is slow or hanging; raise `--timeout MS` or try again later".into(),
            ApiError::BadResponse { .. } => "is `--base-url` an Alga Enterprise server? A proxy or another app may be answering".into(),
            ApiError::FinalizeUncertain { registry_id, version } => match registry_id {
                Some(id) => format!("the version was most likely registered by the first attempt; install it with `alga extension install {id} --version {version}`"),
                None => "the version was most likely registered by the first attempt; look it up in the Alga UI, or bump the version and publish again".to_string(),
            },
            ApiError::Status { step, status, code, message, .. } => {
                match (*status, code.as_deref()) {
                    (409, Some("EXTENSION_VERSION_ALREADY_EXISTS")) => "bump `version` in manifest.json (or use `X.Y.*` to let the server pick the next patch) and publish again".into(),
                    (401, _) if message == "Unauthorized" && matches!(step, Step::Install | Step::Uninstall) => "this server's install and uninstall routes want a browser session besides the API key (product access guard); install from the Alga web UI".into(),
                    (401, _) => "pass a valid API key with `--api-key` or ALGA_API_KEY (and `--tenant` / ALGA_TENANT_ID for its tenant)".into(),
                    (403, Some("RBAC_FORBIDDEN")) => "the server refused the extension admin request; the API key's user needs permission to manage extensions".into(),
                    (403, Some("TIER_ACCESS_DENIED")) => "the tenant's plan does not include extensions".into(),
                    (403, _) => "the API key's user lacks the `extension:write` permission".into(),
                    (404, _) if matches!(step, Step::Install) => "no such registry id or version: use the registry id and version `alga extension publish` printed".into(),
                    (404, _) => "this server has no such route: is `--base-url` an Alga Enterprise server?".into(),
                    (400, Some("HASH_MISMATCH")) => "the upload was altered in transit or the bundle changed during publish; publish again".into(),
                    (400, Some("INVALID_MANIFEST")) => "fix manifest.json (`alga pack` lists every problem) and publish again".into(),
                    (400, Some("STAGING_NOT_FOUND")) => "the staged upload is gone (storage cleaned up?); publish again".into(),
                    (400, Some("SIGNATURE_REQUIRED" | "SIGNATURE_INVALID")) => "sign the bundle with a key the server trusts (`alga sign`), then publish again".into(),
                    (400, _) | (413, _) => "the server refused the request as sent; see the message".into(),
                    (429, _) => "the server rate-limits extension uploads (30 a minute by default); wait a minute".into(),
                    (501, _) => "the server is the Community Edition; extension publishing needs the Enterprise Edition".into(),
                    (s, _) if s >= 500 => "the server failed; try again later, and check the server's logs for the request id".into(),
                    _ => return None,
                }
            }
        })
    }

    fn details(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let ApiError::Status {
            request_id,
            details,
            ..
        } = self
        {
            if let Some(id) = request_id {
                out.push(format!("request id: {id}"));
            }
            if let Some(issues) = details
                .as_ref()
                .and_then(|d| d.get("issues"))
                .and_then(|i| i.as_array())
            {
                for issue in issues {
                    out.push(format!(
                        "{}: {}",
                        issue.get("path").and_then(|p| p.as_str()).unwrap_or("?"),
                        issue.get("message").and_then(|p| p.as_str()).unwrap_or("?")
                    ));
                }
            } else if let Some(d) = details {
                out.push(format!("details: {d}"));
            }
        }
        out
    }

    fn data(&self) -> Option<Value> {
        match self {
            ApiError::Status {
                step,
                status,
                code,
                request_id,
                details,
                ..
            } => Some(serde_json::json!({
                "step": step.name(), "status": status, "code": code,
                "requestId": request_id, "details": details,
            })),
            _ => None,
        }
    }
}

/// The message and code of any of the server's error shapes (CONTRACT.md 1.10), in the order
/// the reference SDK reads them: `error.message`, `message`, `error` (string); `error.code`,
/// `code`.
pub fn error_of(body: &Value) -> (Option<String>, Option<String>, Option<Value>) {
    let err = body.get("error");
    let message = err
        .and_then(|e| e.get("message"))
        .and_then(|m| m.as_str())
        .or_else(|| body.get("message").and_then(|m| m.as_str()))
        .or_else(|| err.and_then(|e| e.as_str()))
        .map(str::to_string);
    let code = err
        .and_then(|e| e.get("code"))
        .and_then(|c| c.as_str())
        .or_else(|| body.get("code").and_then(|c| c.as_str()))
        .map(str::to_string);
    let details = err
        .and_then(|e| e.get("details"))
        .or_else(|| body.get("details"))
        .cloned();
    (message, code, details)
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Self {
        Secret(s)
    }
    fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How to reach the server.
#[derive(Debug, Clone)]
pub struct Connection {
    pub base: String,
    pub api_key: Secret,
    pub tenant: Option<String>,
    /// Overall deadline for everything the command sends.
    pub deadline: Instant,
    pub timeout_ms: u128,
    /// Retries after the first attempt of an idempotent call.
    pub retries: u32,
    /// First backoff delay (doubled each retry).
    pub backoff: Duration,
}

/// Bytes to upload, shared between attempts, with a counter of bytes handed to the socket.
pub struct Upload {
    pub bytes: Arc<Vec<u8>>,
    pub sent: Arc<AtomicU64>,
}

struct ChunkStream {
    bytes: Arc<Vec<u8>>,
    pos: usize,
    sent: Arc<AtomicU64>,
}

impl futures_core::Stream for ChunkStream {
    type Item = Result<Vec<u8>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        const CHUNK: usize = 64 * 1024;
        if self.pos >= self.bytes.len() {
            return std::task::Poll::Ready(None);
        }
        let end = (self.pos + CHUNK).min(self.bytes.len());
        let chunk = self.bytes[self.pos..end].to_vec();
        let n = (end - self.pos) as u64;
        self.pos = end;
        self.sent.fetch_add(n, Ordering::Relaxed);
        std::task::Poll::Ready(Some(Ok(chunk)))
    }
}

/// One response, read whole.
struct Answer {
    status: u16,
    body: Vec<u8>,
    request_id: Option<String>,
}

/// What went wrong with one attempt, before the retry policy looks at it.
enum Attempt {
    /// Nothing reached the server (connection refused, DNS): always safe to retry.
    NotSent(String),
    /// The request may have reached the server (reset, timeout mid-request).
    MaybeSent(String),
    TimedOut,
}

/// Called before each retry with (step, attempt number, why).
pub type RetryFn = Box<dyn Fn(Step, u32, &str) + Send + Sync>;

pub struct Client {
    http: reqwest::Client,
    pub conn: Connection,
    pub on_retry: RetryFn,
}

impl Client {
    pub fn new(conn: Connection) -> Result<Client, ApiError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("alga/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Unreachable {
                base: conn.base.clone(),
                reason: e.to_string(),
            })?;
        Ok(Client {
            http,
            conn,
            on_retry: Box::new(|_, _, _| {}),
        })
    }

    fn remaining(&self) -> Option<Duration> {
        self.conn
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    async fn attempt(
        &self,
        step: Step,
        query: &[(&str, String)],
        body: &Body<'_>,
    ) -> Result<Answer, Attempt> {
        let remaining = self.remaining().ok_or(Attempt::TimedOut)?;
        let mut url = reqwest::Url::parse(&format!("{}{}", self.conn.base, step.path()))
            .map_err(|e| Attempt::NotSent(e.to_string()))?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        let mut req = self
            .http
            .post(url)
            .timeout(remaining)
            .header("x-api-key", self.conn.api_key.expose());
        if let Some(t) = &self.conn.tenant {
            req = req.header("x-tenant-id", t);
        }
        if matches!(step, Step::Upload | Step::Finalize) {
            req = req.header("x-alga-admin", "true");
        }
        req = match body {
            Body::Json(v) => req
                .header("content-type", "application/json")
                .body(serde_json::to_vec(v).expect("JSON serializes")),
            Body::Bundle(upload) => req
                .header("content-type", "application/octet-stream")
                .header("content-length", upload.bytes.len().to_string())
                .body(reqwest::Body::wrap_stream(ChunkStream {
                    bytes: upload.bytes.clone(),
                    pos: 0,
                    sent: upload.sent.clone(),
                })),
        };
        if let Body::Bundle(upload) = body {
            upload.sent.store(0, Ordering::Relaxed);
        }
        let resp = req.send().await.map_err(|e| classify(&e))?;
        let status = resp.status().as_u16();
        let request_id = resp
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.bytes().await.map_err(|e| classify(&e))?.to_vec();
        Ok(Answer {
            status,
            body,
            request_id,
        })
    }

    /// Sends one call, retrying connection failures, 429 and 500/502/503/504 with backoff.
    /// Upload (a new staging key each time), install (an upsert) and uninstall are safe to
    /// repeat. Finalize is repeated as is only when nothing reached the server; after an
    /// ambiguous failure the repeat is the check: a 409 then means the first attempt took.
    pub async fn call(
        &self,
        step: Step,
        query: &[(&str, String)],
        body: Body<'_>,
    ) -> Result<Value, ApiError> {
        let mut delay = self.conn.backoff;
        let mut ambiguous = false;
        let mut attempt_no = 0u32;
        loop {
            attempt_no += 1;
            let last = attempt_no > self.conn.retries;
            let why = match self.attempt(step, query, &body).await {
                Ok(answer) => {
                    let retryable_status = matches!(answer.status, 429 | 500 | 502 | 503 | 504);
                    // A 500 (the server registers the version before its last steps) or a
                    // 502/504 from a proxy may hide a finalize that went through.
                    if step == Step::Finalize && matches!(answer.status, 500 | 502 | 504) {
                        ambiguous = true;
                    }
                    if !retryable_status || last {
                        return self.interpret(step, answer, ambiguous);
                    }
                    format!("the server answered {}", answer.status)
                }
                Err(Attempt::TimedOut) => {
                    return Err(ApiError::Timeout {
                        step,
                        after_ms: self.conn.timeout_ms,
                    });
                }
                Err(Attempt::NotSent(reason)) => {
                    if last {
                        return Err(ApiError::Unreachable {
                            base: self.conn.base.clone(),
                            reason,
                        });
                    }
                    reason
                }
                Err(Attempt::MaybeSent(reason)) => {
                    if self.remaining().is_none() {
                        return Err(ApiError::Timeout {
                            step,
                            after_ms: self.conn.timeout_ms,
                        });
                    }
                    if step == Step::Finalize {
                        ambiguous = true;
                    }
                    if last {
                        return Err(ApiError::Unreachable {
                            base: self.conn.base.clone(),
                            reason,
                        });
                    }
                    reason
                }
            };
            (self.on_retry)(step, attempt_no, &why);
            let pause = delay.min(self.remaining().unwrap_or_default());
            tokio::time::sleep(pause).await;
            delay = (delay * 2).min(Duration::from_secs(8));
        }
    }

    fn interpret(&self, step: Step, answer: Answer, ambiguous: bool) -> Result<Value, ApiError> {
        let parsed: Option<Value> = serde_json::from_slice(&answer.body).ok();
        if (200..300).contains(&answer.status) {
            return parsed.ok_or_else(|| ApiError::BadResponse {
                step,
                status: answer.status,
                snippet: snippet(&answer.body),
            });
        }
        let (message, code, details) = parsed.as_ref().map(error_of).unwrap_or_default();
        if ambiguous && answer.status == 409 {
            let registry_id = details
                .as_ref()
                .and_then(|d| d.get("registryId"))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let version = details
                .as_ref()
                .and_then(|d| d.get("version"))
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            return Err(ApiError::FinalizeUncertain {
                version,
                registry_id,
            });
        }
        Err(ApiError::Status {
            step,
            status: answer.status,
            message: message.unwrap_or_else(|| {
                if answer.body.is_empty() {
                    reqwest::StatusCode::from_u16(answer.status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                        .unwrap_or("no message")
                        .to_string()
                } else {
                    snippet(&answer.body)
                }
            }),
            code,
            request_id: answer.request_id,
            details,
        })
    }
}

/// A request body.
pub enum Body<'a> {
    Json(Value),
    Bundle(&'a Upload),
}

fn classify(e: &reqwest::Error) -> Attempt {
    if e.is_timeout() {
        return Attempt::TimedOut;
    }
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        reason = format!("{reason}: {s}");
        source = s.source();
    }
    if e.is_connect() {
        Attempt::NotSent(reason)
    } else {
        Attempt::MaybeSent(reason)
    }
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(200).collect::<String>())
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_shape_is_read() {
        let cases = [
            (
                r#"{"error":"Unauthorized: API key missing"}"#,
                "Unauthorized: API key missing",
                None,
            ),
            (
                r#"{"error":"Forbidden","code":"RBAC_FORBIDDEN"}"#,
                "Forbidden",
                Some("RBAC_FORBIDDEN"),
            ),
            (
                r#"{"success":false,"error":{"message":"Version \"1.0.0\" already exists","code":"EXTENSION_VERSION_ALREADY_EXISTS"}}"#,
                "Version \"1.0.0\" already exists",
                Some("EXTENSION_VERSION_ALREADY_EXISTS"),
            ),
            (
                r#"{"error":{"code":"VALIDATION_ERROR","message":"Validation failed","details":[]}}"#,
                "Validation failed",
                Some("VALIDATION_ERROR"),
            ),
            (
                r#"{"success":false,"code":"X","message":"blocked"}"#,
                "blocked",
                Some("X"),
            ),
        ];
        for (body, message, code) in cases {
            let v: Value = serde_json::from_str(body).unwrap();
            let (m, c, _) = error_of(&v);
            assert_eq!(m.as_deref(), Some(message), "{body}");
            assert_eq!(c.as_deref(), code, "{body}");
        }
    }

    #[test]
    fn secrets_do_not_debug_print() {
        let conn = Connection {
            base: "http://x".into(),
            api_key: Secret::new("sk-very-secret".into()),
            tenant: None,
            deadline: Instant::now(),
            timeout_ms: 1,
            retries: 0,
            backoff: Duration::from_millis(1),
        };
        let text = format!("{conn:?}");
        assert!(!text.contains("sk-very-secret"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
