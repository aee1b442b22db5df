//! The `alga dev` HTTP server: Runner-compatible `/v1/execute`, direct `/api/ext/...` calls,
//! the UI under `/ext-ui/...`, the host page with its postMessage bridge, and live events.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use tokio::sync::broadcast;

use super::app::App;
use super::guard::{self, Kind};
use super::static_ui;
use crate::runner::api;

/// The host page, the APIs and the registry, on the main port.
pub fn router(app: Arc<App>) -> axum::Router {
    let registry = if app.registry.is_some() {
        super::registry::routes()
    } else {
        axum::Router::new()
    };
    axum::Router::new()
        .merge(registry)
        .route("/", get(index))
        .route("/_alga/host.js", get(host_js))
        .route("/_alga/host.css", get(host_css))
        .route("/_alga/events", get(events))
        .route("/healthz", get(healthz))
        .route("/v1/execute", post(execute))
        .route("/api/ext/{id}", any(api_ext_root))
        .route("/api/ext/{id}/{*path}", any(api_ext))
        .route("/api/ext-proxy/{id}/{*path}", any(ext_proxy))
        .route("/ext-ui/{*rest}", get(ui_moved))
        .layer(axum::middleware::from_fn_with_state(app.clone(), checks))
        .layer(axum::middleware::from_fn(catch_panics))
        .with_state(app)
}

/// The extension UI on its own port: another origin than the host page and the APIs, as the
/// Runner's domain is in production, so the iframe's `allow-same-origin` gives it nothing of
/// theirs.
pub fn ui_router(app: Arc<App>) -> axum::Router {
    axum::Router::new()
        .route("/ext-ui/{id}/{hash}/{*path}", get(ext_ui))
        .layer(axum::middleware::from_fn_with_state(app.clone(), checks))
        .layer(axum::middleware::from_fn(catch_panics))
        .with_state(app)
}

/// The `Host` check on every route, and the browser checks on the routes that run a handler
/// or change state (see [`guard`]); CORS headers for the allowed origins.
async fn checks(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Err(r) = app.site.check_host(req.headers()) {
        return app.refuse(r);
    }
    let kind = guard::kind(req.uri().path());
    if kind == Kind::Read {
        return next.run(req).await;
    }
    let origin = match app.site.check_caller(req.headers(), kind == Kind::Handler) {
        Ok(o) => o,
        Err(r) => return app.refuse(r),
    };
    if let Some(origin) = &origin
        && req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        return guard::preflight(origin);
    }
    let mut resp = next.run(req).await;
    if let Some(origin) = &origin {
        guard::add_cors(&mut resp, origin);
    }
    resp
}

/// A panic while answering one request answers 500 for that request; the server goes on.
async fn catch_panics(req: Request, next: Next) -> Response {
    use futures_util::FutureExt as _;
    match std::panic::AssertUnwindSafe(crate::panics::request(next.run(req)))
        .catch_unwind()
        .await
    {
        Ok(resp) => resp,
        Err(_) => json_no_store(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({
                "error": "internal_error",
                "message": "alga dev failed on this request (a bug; the terminal shows where); \
                            the server keeps running",
            }),
        ),
    }
}

/// The UI moved to its own origin: old links are sent there.
async fn ui_moved(State(app): State<Arc<App>>, req: Request) -> Response {
    let target = format!(
        "{}{}",
        app.site.ui_origin(req.headers()),
        req.uri().path_and_query().map_or("/", |p| p.as_str())
    );
    match HeaderValue::from_str(&target) {
        Ok(v) => (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, v)]).into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "invalid path").into_response(),
    }
}

/// A request refused because every guest slot is taken: 503 with `Retry-After`.
/// `/v1/execute` keeps the Runner's HTTP 200 with the outcome (503) in the body.
fn busy(resp: &api::ExecuteResponse, http: StatusCode) -> Option<Response> {
    let error = resp.error.as_deref()?;
    (resp.status == 503 && error.starts_with(api::BUSY)).then(|| {
        let mut out = json_no_store(http, resp);
        out.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        out
    })
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn index(State(app): State<Arc<App>>) -> Response {
    let cur = app.current();
    let title = cur
        .manifest
        .hook_label("appMenu")
        .unwrap_or(&cur.manifest.name)
        .to_string();
    let config = serde_json::json!({
        "extensionId": cur.manifest.name,
        "tenant": app.env.defaults.tenant,
        "uiHash": cur.ui_hash,
        "hasUi": cur.ui_root.is_some(),
        "uiPort": app.site.ui_port,
    });
    // `</` cannot appear inside the JSON script block.
    let config = config.to_string().replace("</", "<\\/");
    (
        // No other site may frame the host page.
        [(header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'")],
        Html(
            include_str!("assets/index.html")
                .replace("__TITLE__", &escape_html(&title))
                .replace("__CONFIG__", &config),
        ),
    )
        .into_response()
}

async fn host_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("assets/host.js"),
    )
}

async fn host_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("assets/host.css"),
    )
}

async fn healthz(State(app): State<Arc<App>>) -> Json<serde_json::Value> {
    let cur = app.current();
    Json(serde_json::json!({
        "ok": true,
        "extension": cur.manifest.name,
        "version": cur.manifest.version,
        "installed": app.installed().map(|v| serde_json::json!({
            "registryId": v.registry_id, "version": v.version, "contentHash": format!("sha256:{}", v.hex),
        })),
        "handler": cur.handler.as_ref().map(|h| h.hash.clone()),
        "uiHash": cur.ui_hash,
        "uiPort": app.site.ui_port,
        "running": app.env.runtime.running(),
    }))
}

async fn events(
    State(app): State<Arc<App>>,
) -> Sse<impl futures_core::Stream<Item = Result<Event, Infallible>>> {
    let mut rx = app.events.subscribe();
    let stream = async_stream(move |tx| async move {
        loop {
            match rx.recv().await {
                Ok(ev) => {
                    let event = Event::default().event(ev.kind).data(ev.data.to_string());
                    if tx.send(Ok(event)).await.is_err() {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A stream fed by a task through a channel.
fn async_stream<T, F, Fut>(f: F) -> tokio_stream_like::ReceiverStream<T>
where
    T: Send + 'static,
    F: FnOnce(tokio::sync::mpsc::Sender<T>) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(f(tx));
    tokio_stream_like::ReceiverStream { rx }
}

mod tokio_stream_like {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub struct ReceiverStream<T> {
        pub rx: tokio::sync::mpsc::Receiver<T>,
    }

    impl<T> futures_core::Stream for ReceiverStream<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.rx.poll_recv(cx)
        }
    }
}

fn json_no_store(status: StatusCode, value: &impl serde::Serialize) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(serde_json::to_value(value).expect("serializable")),
    )
        .into_response()
}

/// `POST /v1/execute`: the Runner's contract; HTTP 200 with the outcome in the body.
async fn execute(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Json(req): Json<api::ExecuteRequest>,
) -> Response {
    let routing = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty())
            .is_some()
    };
    if !routing("x-alga-tenant") || !routing("x-alga-extension") {
        return json_no_store(
            StatusCode::OK,
            &api::ExecuteResponse::error(400, "missing_routing_headers"),
        );
    }
    let idem = headers
        .get("x-idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| {
            let tenant = headers
                .get("x-alga-tenant")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            format!("{tenant}\u{0}{k}")
        });
    if let Some(key) = &idem
        && let Some(hit) = app
            .idempotent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
    {
        return json_no_store(StatusCode::OK, hit);
    }
    let cur = app.current();
    let Some(handler) = cur.handler.clone() else {
        return json_no_store(
            StatusCode::OK,
            &api::ExecuteResponse::error(
                502,
                "bundle_fetch_failed: the extension has no handler component",
            ),
        );
    };
    let resp = app.env.runtime.execute(handler, req).await;
    if let Some(out) = busy(&resp, StatusCode::OK) {
        return out;
    }
    if let Some(key) = idem
        && (resp.error.is_none()
            || resp
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("execute_failed")))
    {
        app.idempotent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, resp.clone());
    }
    json_no_store(StatusCode::OK, &resp)
}

/// Request headers the gateway forwards to the handler.
const FORWARDED: [&str; 5] = [
    "accept",
    "content-type",
    "accept-encoding",
    "user-agent",
    "x-request-id",
];

async fn call_handler(
    app: &App,
    id: &str,
    method: &str,
    path: &str,
    query: Option<String>,
    headers: &HeaderMap,
    body: Option<Vec<u8>>,
) -> Response {
    let cur = app.current();
    if id != cur.manifest.name {
        return json_no_store(
            StatusCode::NOT_FOUND,
            &serde_json::json!({ "error": "extension_not_available" }),
        );
    }
    let Some(handler) = cur.handler.clone() else {
        return json_no_store(
            StatusCode::NOT_FOUND,
            &serde_json::json!({ "error": "endpoint_not_found" }),
        );
    };
    let mut fwd = BTreeMap::new();
    for name in FORWARDED {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            fwd.insert(name.to_string(), v.to_string());
        }
    }
    let target = match &query {
        Some(q) if !q.is_empty() => format!("/{path}?{q}"),
        _ => format!("/{path}"),
    };
    let req = app.env.request(&handler, method, &target, fwd, body);
    let resp = app.env.call(handler, req).await;
    if let Some(out) = busy(&resp, StatusCode::SERVICE_UNAVAILABLE) {
        return out;
    }
    let body = resp.body();
    if resp.error.is_some() && resp.status >= 500 {
        return json_no_store(
            StatusCode::from_u16(resp.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &serde_json::json!({ "error": resp.error }),
        );
    }
    // A status below 200 would switch protocols or leave the answer open.
    let status = match StatusCode::from_u16(resp.status) {
        Ok(s) if s.as_u16() >= 200 => s,
        _ => {
            return json_no_store(
                StatusCode::BAD_GATEWAY,
                &serde_json::json!({
                    "error": "bad_gateway",
                    "message": format!("the handler answered with status {}", resp.status),
                }),
            );
        }
    };
    let mut out = (status, body).into_response();
    for (k, v) in &resp.headers {
        let lower = k.to_ascii_lowercase();
        if !GATEWAY_HEADERS.contains(&lower.as_str()) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(lower.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            out.headers_mut().insert(name, value);
        }
    }
    let h = out.headers_mut();
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    // The answer is the extension's, served on the host page's origin: never sniffed as
    // something else, and if opened as a page it runs in a sandbox of its own.
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox"),
    );
    out
}

/// Handler response headers the gateway passes on (as the Alga server's ext-proxy does); the
/// rest (`set-cookie` among them) stays with the handler.
const GATEWAY_HEADERS: [&str; 5] = [
    "content-type",
    "cache-control",
    "etag",
    "x-ext-request-id",
    "x-ext-warning",
];

fn body_of(method: &Method, body: Bytes) -> Option<Vec<u8>> {
    (method != Method::GET && method != Method::HEAD).then(|| body.to_vec())
}

async fn api_ext_root(
    State(app): State<Arc<App>>,
    method: Method,
    UrlPath(id): UrlPath<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let b = body_of(&method, body);
    call_handler(&app, &id, method.as_str(), "", query, &headers, b).await
}

async fn api_ext(
    State(app): State<Arc<App>>,
    method: Method,
    UrlPath((id, path)): UrlPath<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let b = body_of(&method, body);
    call_handler(&app, &id, method.as_str(), &path, query, &headers, b).await
}

/// `/api/ext-proxy/...`, what the iframe's `apiproxy` reaches: a POST may carry a `__method`
/// override in its query or JSON body.
async fn ext_proxy(
    State(app): State<Arc<App>>,
    method: Method,
    UrlPath((id, path)): UrlPath<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut method = method.as_str().to_string();
    let mut query = query;
    let mut body = body_of(
        &Method::from_bytes(method.as_bytes()).unwrap_or(Method::POST),
        body,
    );
    if method == "POST" {
        let mut params = crate::runner::query_map(query.as_deref().unwrap_or(""));
        let mut over = params.remove("__method");
        if over.is_some() {
            query = Some(crate::runner::url_encode_query(&params));
        }
        if over.is_none()
            && let Some(b) = &body
            && let Ok(serde_json::Value::Object(mut obj)) =
                serde_json::from_slice::<serde_json::Value>(b)
            && let Some(serde_json::Value::String(m)) = obj.remove("__method")
        {
            over = Some(m);
            body = Some(serde_json::to_vec(&obj).unwrap_or_default());
        }
        if let Some(m) = over {
            let m = m.to_ascii_uppercase();
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m.as_str()) {
                if m == "GET" {
                    body = None;
                }
                method = m;
            }
        }
    }
    call_handler(&app, &id, &method, &path, query, &headers, body).await
}

async fn ext_ui(
    State(app): State<Arc<App>>,
    UrlPath((_id, hash, path)): UrlPath<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let cur = app.current();
    match &cur.ui_root {
        Some(root) => static_ui::serve(root, &hash, &path, &headers).await,
        None => (StatusCode::NOT_FOUND, "this extension has no UI").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt as _;

    #[tokio::test]
    async fn a_panic_answers_500_for_its_request_only() {
        let app = axum::Router::new()
            .route(
                "/boom",
                get(|| async {
                    let index: usize = "9".parse().unwrap_or(0);
                    "x".as_bytes()[index].to_string()
                }),
            )
            .route("/fine", get(|| async { "fine" }))
            .layer(axum::middleware::from_fn(catch_panics));
        let get = |path: &str| {
            axum::http::Request::builder()
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let resp = app.clone().oneshot(get("/boom")).await.unwrap();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(resp.into_body(), 1 << 16)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains("internal_error"));
        let resp = app.oneshot(get("/fine")).await.unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
    }
}
