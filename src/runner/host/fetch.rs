//! `http.fetch`: the egress allowlist applies, routing headers are dropped.

use super::*;

impl http::Host for HostState {
    async fn fetch(&mut self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        if !self.granted(Capability::HttpFetch) {
            return Err(HttpError::NotAllowed);
        }
        let mut request = request;
        let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut request.headers)
            .into_iter()
            .partition(|h| crate::runner::routing_header(&h.name));
        request.headers = kept;
        if !dropped.is_empty() {
            let names: Vec<String> = dropped
                .iter()
                .map(|h| h.name.to_ascii_lowercase())
                .collect();
            self.log(
                "warn",
                "log",
                format!(
                    "http.fetch: dropped the header(s) {} (the host and framing come from the URL)",
                    names.join(", ")
                ),
            );
        }
        self.services.fetch(request).await.map_err(|(e, why)| {
            if let Some(why) = why {
                self.log("warn", "log", format!("http.fetch refused: {why}"));
            }
            e
        })
    }
}
