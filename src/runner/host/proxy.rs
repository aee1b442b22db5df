//! `ui-proxy`: calls into the extension's own handler, sharing the caller's budget.

use super::*;

impl ui_proxy::Host for HostState {
    async fn call_route(
        &mut self,
        route: String,
        payload: Option<Vec<u8>>,
    ) -> Result<Vec<u8>, ProxyError> {
        if !self.granted(Capability::UiProxy) {
            return Err(ProxyError::Denied);
        }
        let trimmed = route.trim_start_matches('/');
        if trimmed.is_empty() || trimmed.split('/').any(|s| s == "." || s == "..") {
            return Err(ProxyError::BadRequest);
        }
        if trimmed.starts_with("api/")
            && !self.call.endpoints.iter().any(|e| {
                e.path.trim_start_matches('/') == trimmed.split('?').next().unwrap_or(trimmed)
            })
        {
            // Platform API routes need the Alga server; the dev host has none.
            return Err(ProxyError::RouteNotFound);
        }
        if self.call.depth >= 3 {
            return Err(ProxyError::Internal);
        }
        let Some(runtime) = self.runtime.upgrade() else {
            return Err(ProxyError::Internal);
        };
        let request = self.nested_request(trimmed, payload);
        let secrets = self.call.secrets.clone();
        let component = self.component.clone();
        let response =
            Box::pin(runtime.execute_nested(component, request, secrets, &self.call)).await;
        if response.error.is_some() {
            return Err(ProxyError::Internal);
        }
        match response.status {
            200..=299 => Ok(response.body()),
            401 | 403 | 429 => Err(ProxyError::Denied),
            404 => Err(ProxyError::RouteNotFound),
            400..=499 => Err(ProxyError::BadRequest),
            _ => Err(ProxyError::Internal),
        }
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl HostState {
    /// The request a `ui-proxy` call makes of the extension's own handler: this call's
    /// context, limits, capabilities and user; POST with the payload, GET without.
    fn nested_request(
        &self,
        route: &str,
        payload: Option<Vec<u8>>,
    ) -> crate::runner::api::ExecuteRequest {
        let (path, query) = match route.split_once('?') {
            Some((p, q)) => (format!("/{p}"), q.to_string()),
            None => (format!("/{route}"), String::new()),
        };
        let mut headers = BTreeMap::new();
        let method = if payload.is_some() {
            headers.insert("content-type".to_string(), "application/json".to_string());
            "POST"
        } else {
            "GET"
        };
        crate::runner::api::ExecuteRequest {
            context: crate::runner::api::RequestContext {
                request_id: self.call.context.request_id.clone(),
                tenant_id: self.call.context.tenant_id.clone(),
                extension_id: self.call.context.extension_id.clone(),
                install_id: self.call.context.install_id.clone(),
                content_hash: self.component.hash.clone(),
                version_id: self.call.context.version_id.clone(),
                config: BTreeMap::new(),
            },
            http: crate::runner::api::RequestHttp {
                method: method.into(),
                path,
                query: crate::runner::query_map(&query),
                headers,
                body_b64: payload.map(|p| base64_encode(&p)),
            },
            limits: self.call.limits,
            secret_envelope: None,
            providers: self
                .call
                .caps
                .iter()
                .map(|c| c.as_str().to_string())
                .collect(),
            user: self.call.user.clone(),
        }
    }
}
