//! `wasi:http/outgoing-handler`, which the Runner links (without its egress allowlist) and
//! which Rust and jco components with HTTP enabled import. Here every request it sends goes
//! through `http.fetch`'s path: `cap:http.fetch`, the allowlist and its DNS checks, dropped
//! routing headers, the response cap and the timeout.

use std::future::Future;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use wasmtime_wasi_http::{
    Error, RequestOptions, WasiBody, WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView,
};

use super::*;

/// The largest request body a guest may send through `wasi:http`.
const MAX_REQUEST_BODY: usize = 10 << 20;

/// The largest header set (`fields`) a guest may build: memory outside its linear memory.
const MAX_FIELDS_BYTES: usize = 32 << 10;

/// Requests of one call in flight at once (`http.fetch` has one at a time).
pub const MAX_IN_FLIGHT: usize = 4;

/// What `wasi:http` needs of one call: whether it may send, and where requests go.
pub struct HttpHooks {
    pub granted: bool,
    pub services: Arc<Services>,
    /// Where the handler log of this call goes.
    pub log: LogEvent,
    /// Bounds the requests in flight.
    pub in_flight: Arc<tokio::sync::Semaphore>,
}

impl HttpHooks {
    pub fn context() -> WasiHttpCtx {
        let mut ctx = WasiHttpCtx::new();
        ctx.set_field_size_limit(MAX_FIELDS_BYTES);
        ctx
    }
}

type Done = Box<dyn Future<Output = Result<(), Error>> + Send>;

impl WasiHttpHooks for HttpHooks {
    /// The guest sets the host from the URL only: a `Host` header it wrote is a routing header.
    fn set_host_header(&mut self) -> bool {
        false
    }

    /// One buffered write of at most 64 KiB per outgoing body, not 1 MiB.
    fn p2_outgoing_body_chunk_size(&mut self) -> usize {
        64 << 10
    }

    fn send_request(
        &mut self,
        request: hyper::Request<WasiBody>,
        _options: Option<RequestOptions>,
        _fut: Done,
    ) -> Box<dyn Future<Output = Result<(hyper::Response<WasiBody>, Done), Error>> + Send> {
        let (granted, services, log) = (self.granted, self.services.clone(), self.log.clone());
        let in_flight = self.in_flight.clone();
        Box::new(async move {
            if !granted {
                return Err(Error::HttpRequestDenied);
            }
            let _permit = in_flight
                .acquire_owned()
                .await
                .map_err(|_| Error::ConnectionLimitReached)?;
            let (parts, body) = request.into_parts();
            let body = Limited::new(body, MAX_REQUEST_BODY)
                .collect()
                .await
                .map_err(|_| Error::HttpRequestBodySize(None))?
                .to_bytes();
            let mut headers = Vec::new();
            let mut dropped = Vec::new();
            for (name, value) in &parts.headers {
                // The body is sent whole, so its length is the one alga counts.
                if name == hyper::header::CONTENT_LENGTH {
                    continue;
                }
                if crate::runner::routing_header(name.as_str()) {
                    dropped.push(name.as_str().to_string());
                } else {
                    headers.push(HttpHeader {
                        name: name.as_str().to_string(),
                        value: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    });
                }
            }
            let note = |message: String| {
                services.emit(LogEvent {
                    message,
                    ..log.clone()
                })
            };
            if !dropped.is_empty() {
                note(format!(
                    "wasi:http: dropped the header(s) {} (the host and framing come from the URL)",
                    dropped.join(", ")
                ));
            }
            let wit_request = HttpRequest {
                method: parts.method.as_str().to_string(),
                url: parts.uri.to_string(),
                headers,
                body: (!body.is_empty()).then(|| Vec::from(body)),
            };
            let answer = services.fetch(wit_request).await.map_err(|(e, why)| {
                if let Some(why) = why {
                    note(format!("wasi:http refused: {why}"));
                }
                match e {
                    HttpError::NotAllowed => Error::HttpRequestDenied,
                    HttpError::InvalidUrl => Error::HttpRequestUriInvalid,
                    HttpError::Transport => Error::ConnectionRefused,
                    HttpError::Internal => Error::HttpResponseBodySize(None),
                }
            })?;
            let mut response = hyper::Response::builder().status(answer.status);
            // The body is whole: the upstream's framing does not describe it.
            for h in answer
                .headers
                .iter()
                .filter(|h| !crate::runner::routing_header(&h.name))
            {
                response = response.header(&h.name, &h.value);
            }
            let body = Full::new(Bytes::from(answer.body.unwrap_or_default()))
                .map_err(|never| match never {})
                .boxed_unsync();
            let response = response
                .body(body)
                .map_err(|_| Error::HttpResponseIncomplete)?;
            Ok((response, Box::new(async { Ok(()) }) as Done))
        })
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.http_hooks,
        }
    }
}
