//! An Alga PSA extension handler in Rust, built for `wasm32-wasip2` as a component of the
//! `alga:extension/runner` world.

wit_bindgen::generate!({
    world: "runner",
    path: "wit",
});

use alga::extension::types::HttpHeader;
use alga::extension::{context, logging};

struct Extension;

impl Guest for Extension {
    fn handler(request: ExecuteRequest) -> ExecuteResponse {
        let ctx = context::get_context();
        let path = request.http.url.split('?').next().unwrap_or_default().to_string();
        logging::log_info(&format!("{} {path}", request.http.method));
        let (status, body) = match (request.http.method.as_str(), path.as_str()) {
            ("GET", "/api/hello") => (
                200,
                format!(
                    "{{\"message\":\"Hello from {}\",\"tenantId\":\"{}\"}}",
                    ctx.extension_id, ctx.tenant_id
                ),
            ),
            _ => (404, "{\"error\":\"not_found\"}".to_string()),
        };
        ExecuteResponse {
            status,
            headers: vec![HttpHeader {
                name: "content-type".into(),
                value: "application/json".into(),
            }],
            body: Some(body.into_bytes()),
        }
    }
}

export!(Extension);
