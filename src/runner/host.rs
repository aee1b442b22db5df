//! The host side of every `alga:extension/*` interface, each gated by its capability as the
//! Alga Runner does, backed by dev services (SQLite, local secrets, fixtures, real HTTP).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::bindings::alga::extension::types::*;
use super::bindings::alga::extension::{
    clients, context, http, invoicing, logging, scheduler, secrets, services, storage, types,
    ui_proxy, user, user_v2,
};
use super::storage::{MAX_KEY, MAX_NAMESPACE, MAX_VALUE, PutError, Schedule, Scope};
use super::{LogEvent, Runtime, Services};
use crate::manifest::Capability;

/// What one invocation may see and do.
pub struct Call {
    pub context: ContextData,
    pub caps: BTreeSet<Capability>,
    pub user: Option<super::api::User>,
    /// Decrypted secrets; `None` when the request carried none.
    pub secrets: Option<BTreeMap<String, String>>,
    pub endpoints: Vec<crate::manifest::Endpoint>,
    /// Nesting of `ui-proxy` calls into the extension's own handler.
    pub depth: u32,
    pub limits: super::api::Limits,
    /// The deadline and memory shared with the request's `ui-proxy` calls.
    pub budget: Arc<super::limits::Budget>,
}

pub struct HostState {
    pub wasi: WasiCtx,
    pub table: ResourceTable,
    pub limits: super::limits::Limiter,
    pub call: Call,
    pub services: Arc<Services>,
    pub runtime: std::sync::Weak<Runtime>,
    pub component: Arc<super::Loaded>,
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl HostState {
    fn granted(&self, cap: Capability) -> bool {
        self.call.caps.contains(&cap)
    }

    fn scope(&self) -> Scope {
        Scope {
            tenant: self.call.context.tenant_id.clone(),
            extension: self.call.context.extension_id.clone(),
        }
    }

    /// The install id, required by storage, scheduler, invoicing, clients and services.
    fn install(&self) -> Option<&str> {
        self.call
            .context
            .install_id
            .as_deref()
            .filter(|s| !s.trim().is_empty())
    }

    fn log(&self, level: &'static str, stream: &'static str, message: String) {
        self.services.emit(LogEvent {
            level,
            stream,
            tenant_id: self.call.context.tenant_id.clone(),
            extension_id: self.call.context.extension_id.clone(),
            request_id: self.call.context.request_id.clone(),
            message,
        });
    }
}

impl types::Host for HostState {}

impl context::Host for HostState {
    async fn get_context(&mut self) -> ContextData {
        // `cap:context.read` is always granted.
        self.call.context.clone()
    }
}

impl secrets::Host for HostState {
    async fn get(&mut self, key: String) -> Result<String, SecretError> {
        if !self.granted(Capability::SecretsGet) {
            return Err(SecretError::Denied);
        }
        let Some(map) = &self.call.secrets else {
            return Err(SecretError::Missing);
        };
        map.get(&key).cloned().ok_or(SecretError::Missing)
    }

    async fn list_keys(&mut self) -> Vec<String> {
        if !self.granted(Capability::SecretsGet) {
            return Vec::new();
        }
        self.call
            .secrets
            .as_ref()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}

impl http::Host for HostState {
    async fn fetch(&mut self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        if !self.granted(Capability::HttpFetch) {
            return Err(HttpError::NotAllowed);
        }
        let mut request = request;
        let (dropped, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut request.headers)
            .into_iter()
            .partition(|h| super::routing_header(&h.name));
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

fn storage_error(e: rusqlite::Error) -> StorageError {
    let _ = e;
    StorageError::Internal
}

impl HostState {
    fn storage_gate(&self, namespace: &str, key: Option<&str>) -> Result<Scope, StorageError> {
        if !self.granted(Capability::StorageKv) || self.install().is_none() {
            return Err(StorageError::Denied);
        }
        if namespace.is_empty()
            || namespace.len() > MAX_NAMESPACE
            || key.is_some_and(|k| k.is_empty() || k.len() > MAX_KEY)
        {
            return Err(StorageError::Internal);
        }
        Ok(self.scope())
    }
}

impl storage::Host for HostState {
    async fn get(&mut self, namespace: String, key: String) -> Result<StorageEntry, StorageError> {
        let scope = self.storage_gate(&namespace, Some(&key))?;
        match self
            .services
            .store
            .get(&scope, &namespace, &key)
            .map_err(storage_error)?
        {
            Some(e) => Ok(StorageEntry {
                namespace: e.namespace,
                key: e.key,
                value: e.value,
                revision: Some(e.revision),
            }),
            None => Err(StorageError::Missing),
        }
    }

    async fn put(&mut self, entry: StorageEntry) -> Result<StorageEntry, StorageError> {
        let scope = self.storage_gate(&entry.namespace, Some(&entry.key))?;
        // The server measures the base64 form of the value.
        if entry.value.len().div_ceil(3) * 4 > MAX_VALUE {
            return Err(StorageError::Internal);
        }
        match self
            .services
            .store
            .put(
                &scope,
                &entry.namespace,
                &entry.key,
                &entry.value,
                entry.revision,
            )
            .map_err(storage_error)?
        {
            Ok(revision) => Ok(StorageEntry {
                revision: Some(revision),
                ..entry
            }),
            Err(PutError::Conflict) => Err(StorageError::Conflict),
        }
    }

    async fn delete(&mut self, namespace: String, key: String) -> Result<(), StorageError> {
        let scope = self.storage_gate(&namespace, Some(&key))?;
        self.services
            .store
            .delete(&scope, &namespace, &key)
            .map_err(storage_error)?;
        Ok(())
    }

    async fn list_entries(
        &mut self,
        namespace: String,
        cursor: Option<String>,
    ) -> Result<Vec<StorageEntry>, StorageError> {
        let scope = self.storage_gate(&namespace, None)?;
        let entries = self
            .services
            .store
            .list(&scope, &namespace, cursor.as_deref())
            .map_err(storage_error)?;
        Ok(entries
            .into_iter()
            .map(|e| StorageEntry {
                namespace: e.namespace,
                key: e.key,
                value: e.value,
                revision: Some(e.revision),
            })
            .collect())
    }
}

impl logging::Host for HostState {
    async fn log_info(&mut self, message: String) {
        if self.granted(Capability::LogEmit) {
            self.log("info", "log", message);
        }
    }

    async fn log_warn(&mut self, message: String) {
        if self.granted(Capability::LogEmit) {
            self.log("warn", "log", message);
        }
    }

    async fn log_error(&mut self, message: String) {
        if self.granted(Capability::LogEmit) {
            self.log("error", "log", message);
        }
    }
}

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
        let (path, query) = match trimmed.split_once('?') {
            Some((p, q)) => (format!("/{p}"), q.to_string()),
            None => (format!("/{trimmed}"), String::new()),
        };
        let mut headers = BTreeMap::new();
        let method = if payload.is_some() {
            headers.insert("content-type".to_string(), "application/json".to_string());
            "POST"
        } else {
            "GET"
        };
        let request = super::api::ExecuteRequest {
            context: super::api::RequestContext {
                request_id: self.call.context.request_id.clone(),
                tenant_id: self.call.context.tenant_id.clone(),
                extension_id: self.call.context.extension_id.clone(),
                install_id: self.call.context.install_id.clone(),
                content_hash: self.component.hash.clone(),
                version_id: self.call.context.version_id.clone(),
                config: BTreeMap::new(),
            },
            http: super::api::RequestHttp {
                method: method.into(),
                path,
                query: super::query_map(&query),
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
        };
        let secrets = self.call.secrets.clone();
        let component = self.component.clone();
        let response =
            Box::pin(runtime.execute_nested(component, request, secrets, &self.call)).await;
        if response.error.is_some() {
            return Err(ProxyError::Internal);
        }
        match response.status {
            200..=299 => Ok(response
                .body_b64
                .as_deref()
                .map(base64_decode)
                .unwrap_or_default()),
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

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .unwrap_or_default()
}

impl user::Host for HostState {
    async fn get_user(&mut self) -> Result<UserData, UserError> {
        if !self.granted(Capability::UserRead) {
            return Err(UserError::NotAllowed);
        }
        let u = self.call.user.as_ref().ok_or(UserError::NotAvailable)?;
        Ok(UserData {
            tenant_id: self.call.context.tenant_id.clone(),
            client_name: u.client_name.clone(),
            user_id: u.user_id.clone(),
            user_email: u.user_email.clone(),
            user_name: u.user_name.clone(),
            user_type: u.user_type.clone(),
        })
    }
}

impl user_v2::Host for HostState {
    async fn get_user(&mut self) -> Result<UserDataV2, UserError> {
        if !self.granted(Capability::UserRead) {
            return Err(UserError::NotAllowed);
        }
        let u = self.call.user.as_ref().ok_or(UserError::NotAvailable)?;
        Ok(UserDataV2 {
            tenant_id: self.call.context.tenant_id.clone(),
            client_name: u.client_name.clone(),
            user_id: u.user_id.clone(),
            user_email: u.user_email.clone(),
            user_name: u.user_name.clone(),
            user_type: u.user_type.clone(),
            client_id: u.client_id.clone(),
            additional_fields: u
                .additional_fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
    }
}

const SCHEDULER_DENIED: &str = "Permission denied: cap:scheduler.manage not granted";

impl HostState {
    fn scheduler_gate(&self) -> Result<Scope, SchedulerError> {
        if !self.granted(Capability::SchedulerManage) || self.install().is_none() {
            return Err(SchedulerError::Denied);
        }
        Ok(self.scope())
    }

    /// The endpoint a schedule targets, from `METHOD /path` or `/path` (GET implied).
    fn schedulable_endpoint(&self, spec: &str) -> Option<(String, String)> {
        let (method, path) = match spec.trim().split_once(' ') {
            Some((m, p)) => (m.trim().to_ascii_uppercase(), p.trim().to_string()),
            None => ("GET".to_string(), spec.trim().to_string()),
        };
        self.call
            .endpoints
            .iter()
            .find(|e| e.method.eq_ignore_ascii_case(&method) && e.path == path)
            .map(|e| (e.method.to_ascii_uppercase(), e.path.clone()))
    }
}

fn schedule_info(s: Schedule) -> ScheduleInfo {
    ScheduleInfo {
        id: s.id,
        endpoint_path: s.endpoint_path,
        endpoint_method: s.endpoint_method,
        name: s.name,
        cron: s.cron,
        timezone: s.timezone,
        enabled: s.enabled,
        payload: s.payload,
        last_run_at: None,
        last_run_status: None,
        last_error: None,
        created_at: Some(s.created_at),
    }
}

/// A five-field cron expression (`*/5 * * * *`), checked for shape only.
fn valid_cron(cron: &str) -> bool {
    let fields: Vec<&str> = cron.split_whitespace().collect();
    fields.len() == 5
        && fields.iter().all(|f| {
            f.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '*' | '/' | ',' | '-'))
        })
}

fn valid_payload(p: &Option<String>) -> bool {
    match p {
        None => true,
        Some(t) if t.is_empty() => true,
        Some(t) => matches!(
            serde_json::from_str::<serde_json::Value>(t),
            Ok(serde_json::Value::Object(_) | serde_json::Value::Array(_))
        ),
    }
}

const PAYLOAD_ERROR: &str = "Payload must be valid JSON object or array";

fn field_errors(field: &str, message: &str) -> Option<String> {
    Some(serde_json::json!({ field: message }).to_string())
}

impl scheduler::Host for HostState {
    async fn list_schedules(&mut self) -> Result<Vec<ScheduleInfo>, SchedulerError> {
        let scope = self.scheduler_gate()?;
        let list = self
            .services
            .store
            .schedules(&scope)
            .map_err(|_| SchedulerError::Internal)?;
        Ok(list.into_iter().map(schedule_info).collect())
    }

    async fn get_schedule(
        &mut self,
        schedule_id: String,
    ) -> Result<Option<ScheduleInfo>, SchedulerError> {
        let scope = self.scheduler_gate()?;
        let list = self
            .services
            .store
            .schedules(&scope)
            .map_err(|_| SchedulerError::Internal)?;
        Ok(list
            .into_iter()
            .find(|s| s.id == schedule_id)
            .map(schedule_info))
    }

    async fn create_schedule(&mut self, input: CreateScheduleInput) -> CreateScheduleResult {
        let fail = |error: &str, fields: Option<String>| CreateScheduleResult {
            success: false,
            schedule_id: None,
            error: Some(error.to_string()),
            field_errors: fields,
        };
        if !self.granted(Capability::SchedulerManage) {
            return fail(SCHEDULER_DENIED, None);
        }
        if self.install().is_none() {
            return fail("Install ID missing", None);
        }
        if !valid_payload(&input.payload) {
            return fail(PAYLOAD_ERROR, field_errors("payload", PAYLOAD_ERROR));
        }
        if !valid_cron(&input.cron) {
            return fail(
                "ValidationFailed",
                field_errors("cron", "expected five cron fields"),
            );
        }
        let Some((method, path)) = self.schedulable_endpoint(&input.endpoint) else {
            return fail(
                "ValidationFailed",
                field_errors("endpoint", "not an endpoint declared in manifest.json"),
            );
        };
        let id = super::new_id();
        let schedule = Schedule {
            id: id.clone(),
            endpoint_method: method,
            endpoint_path: path,
            name: input.name,
            cron: input.cron,
            timezone: input.timezone.unwrap_or_else(|| "UTC".into()),
            enabled: input.enabled.unwrap_or(true),
            payload: input.payload.filter(|p| !p.is_empty()),
            created_at: super::now_rfc3339(),
        };
        match self.services.store.save_schedule(&self.scope(), &schedule) {
            Ok(()) => CreateScheduleResult {
                success: true,
                schedule_id: Some(id),
                error: None,
                field_errors: None,
            },
            Err(_) => fail("Internal", None),
        }
    }

    async fn update_schedule(
        &mut self,
        schedule_id: String,
        input: UpdateScheduleInput,
    ) -> UpdateScheduleResult {
        let fail = |error: &str, fields: Option<String>| UpdateScheduleResult {
            success: false,
            error: Some(error.to_string()),
            field_errors: fields,
        };
        if !self.granted(Capability::SchedulerManage) {
            return fail(SCHEDULER_DENIED, None);
        }
        if self.install().is_none() {
            return fail("Install ID missing", None);
        }
        if !valid_payload(&input.payload) {
            return fail(PAYLOAD_ERROR, field_errors("payload", PAYLOAD_ERROR));
        }
        let scope = self.scope();
        let Ok(list) = self.services.store.schedules(&scope) else {
            return fail("Internal", None);
        };
        let Some(mut s) = list.into_iter().find(|s| s.id == schedule_id) else {
            return fail("NotFound", None);
        };
        if let Some(endpoint) = input.endpoint {
            match self.schedulable_endpoint(&endpoint) {
                Some((m, p)) => {
                    s.endpoint_method = m;
                    s.endpoint_path = p;
                }
                None => {
                    return fail(
                        "ValidationFailed",
                        field_errors("endpoint", "not an endpoint declared in manifest.json"),
                    );
                }
            }
        }
        if let Some(cron) = input.cron {
            if !valid_cron(&cron) {
                return fail(
                    "ValidationFailed",
                    field_errors("cron", "expected five cron fields"),
                );
            }
            s.cron = cron;
        }
        if let Some(tz) = input.timezone {
            s.timezone = tz;
        }
        if let Some(enabled) = input.enabled {
            s.enabled = enabled;
        }
        if let Some(name) = input.name {
            s.name = Some(name);
        }
        if let Some(payload) = input.payload {
            s.payload = (!payload.is_empty()).then_some(payload);
        }
        match self.services.store.save_schedule(&scope, &s) {
            Ok(()) => UpdateScheduleResult {
                success: true,
                error: None,
                field_errors: None,
            },
            Err(_) => fail("Internal", None),
        }
    }

    async fn delete_schedule(&mut self, schedule_id: String) -> DeleteScheduleResult {
        let fail = |error: &str| DeleteScheduleResult {
            success: false,
            error: Some(error.to_string()),
        };
        if !self.granted(Capability::SchedulerManage) {
            return fail(SCHEDULER_DENIED);
        }
        if self.install().is_none() {
            return fail("Install ID missing");
        }
        match self
            .services
            .store
            .delete_schedule(&self.scope(), &schedule_id)
        {
            Ok(true) => DeleteScheduleResult {
                success: true,
                error: None,
            },
            Ok(false) => fail("NotFound"),
            Err(_) => fail("Internal"),
        }
    }

    async fn get_endpoints(&mut self) -> Result<Vec<EndpointInfo>, SchedulerError> {
        self.scheduler_gate()?;
        Ok(self
            .call
            .endpoints
            .iter()
            .map(|e| EndpointInfo {
                id: format!("{} {}", e.method.to_ascii_uppercase(), e.path),
                method: e.method.to_ascii_uppercase(),
                path: e.path.clone(),
                handler: e.handler.clone(),
                schedulable: e
                    .extra
                    .get("schedulable")
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
            })
            .collect())
    }
}

impl invoicing::Host for HostState {
    async fn create_manual_invoice(
        &mut self,
        input: CreateManualInvoiceInput,
    ) -> CreateManualInvoiceResult {
        let fail = |error: String, fields: Option<String>| CreateManualInvoiceResult {
            success: false,
            invoice_id: None,
            invoice_number: None,
            status: None,
            subtotal: None,
            tax: None,
            total: None,
            error: Some(error),
            field_errors: fields,
        };
        if !self.granted(Capability::InvoiceManualCreate) {
            return fail(
                "Permission denied: cap:invoice.manual.create not granted".into(),
                None,
            );
        }
        if self.install().is_none() {
            return fail("Permission denied: install_id missing".into(), None);
        }
        let fixtures = &self.services.fixtures;
        if !fixtures
            .clients
            .iter()
            .any(|c| c.client_id == input.client_id)
        {
            return fail(
                "Validation failed".into(),
                field_errors("clientId", "unknown client"),
            );
        }
        if input.items.is_empty() {
            return fail(
                "Validation failed".into(),
                field_errors("items", "at least one item is required"),
            );
        }
        let mut subtotal = 0.0;
        for (i, item) in input.items.iter().enumerate() {
            if !fixtures
                .services
                .iter()
                .any(|s| s.service_id == item.service_id)
            {
                return fail(
                    "Validation failed".into(),
                    field_errors(&format!("items[{i}].serviceId"), "unknown service"),
                );
            }
            if item.quantity.is_nan() || item.quantity <= 0.0 {
                return fail(
                    "Validation failed".into(),
                    field_errors(&format!("items[{i}].quantity"), "must be positive"),
                );
            }
            let amount = item.quantity * item.rate;
            if item.is_discount == Some(true) {
                subtotal -= match item.discount_type {
                    Some(DiscountType::Percentage) => subtotal * item.rate / 100.0,
                    _ => amount.abs(),
                };
            } else {
                subtotal += amount;
            }
        }
        let id = super::new_id();
        let body = serde_json::json!({
            "clientId": input.client_id,
            "items": input.items.len(),
            "subtotal": subtotal,
            "invoiceDate": input.invoice_date,
            "dueDate": input.due_date,
            "poNumber": input.po_number,
        });
        match self
            .services
            .store
            .insert_invoice(&self.scope(), &id, &body.to_string())
        {
            Ok(number) => CreateManualInvoiceResult {
                success: true,
                invoice_id: Some(id),
                invoice_number: Some(number),
                status: Some("draft".into()),
                subtotal: Some(subtotal),
                tax: Some(0.0),
                total: Some(subtotal),
                error: None,
                field_errors: None,
            },
            Err(_) => fail("internal error".into(), None),
        }
    }
}

fn page_args(page: Option<u32>, size: Option<u32>) -> Option<(u32, u32)> {
    let page = page.unwrap_or(1);
    let size = size.unwrap_or(25);
    (page >= 1 && (1..=100).contains(&size)).then_some((page, size))
}

fn paginate<T: Clone>(items: &[T], page: u32, size: u32) -> Vec<T> {
    items
        .iter()
        .skip((page as usize - 1).saturating_mul(size as usize))
        .take(size as usize)
        .cloned()
        .collect()
}

fn matches_search(search: &Option<String>, name: &str) -> bool {
    search
        .as_ref()
        .is_none_or(|s| name.to_lowercase().contains(&s.to_lowercase()))
}

fn client_summary(c: &super::fixtures::Client) -> ClientSummary {
    ClientSummary {
        client_id: c.client_id.clone(),
        client_name: c.client_name.clone(),
        client_type: c.client_type.clone(),
        is_inactive: c.is_inactive,
        default_currency_code: c.default_currency_code.clone(),
        account_manager_id: c.account_manager_id.clone(),
        account_manager_name: c.account_manager_name.clone(),
        billing_email: c.billing_email.clone(),
    }
}

impl clients::Host for HostState {
    async fn list_clients(
        &mut self,
        input: ClientsListInput,
    ) -> Result<ClientsListResult, ClientReadError> {
        if !self.granted(Capability::ClientRead) || self.install().is_none() {
            return Err(ClientReadError::NotAllowed);
        }
        let (page, size) =
            page_args(input.page, input.page_size).ok_or(ClientReadError::InvalidInput)?;
        let all: Vec<ClientSummary> = self
            .services
            .fixtures
            .clients
            .iter()
            .filter(|c| input.include_inactive == Some(true) || !c.is_inactive)
            .filter(|c| matches_search(&input.search, &c.client_name))
            .map(client_summary)
            .collect();
        Ok(ClientsListResult {
            total_count: all.len() as u32,
            items: paginate(&all, page, size),
            page,
            page_size: size,
        })
    }

    async fn get_client(
        &mut self,
        client_id: String,
    ) -> Result<Option<ClientSummary>, ClientReadError> {
        if !self.granted(Capability::ClientRead) || self.install().is_none() {
            return Err(ClientReadError::NotAllowed);
        }
        if client_id.trim().is_empty() {
            return Err(ClientReadError::InvalidInput);
        }
        Ok(self
            .services
            .fixtures
            .clients
            .iter()
            .find(|c| c.client_id == client_id)
            .map(client_summary))
    }
}

fn service_summary(s: &super::fixtures::Service) -> Option<ServiceSummary> {
    Some(ServiceSummary {
        service_id: s.service_id.clone(),
        service_name: s.service_name.clone(),
        item_kind: match s.item_kind.as_str() {
            "service" => ServiceItemKind::Service,
            "product" => ServiceItemKind::Product,
            _ => return None,
        },
        billing_method: match s.billing_method.as_str() {
            "fixed" => ServiceBillingMethod::Fixed,
            "hourly" => ServiceBillingMethod::Hourly,
            "usage" => ServiceBillingMethod::Usage,
            _ => return None,
        },
        service_type_id: s.service_type_id.clone(),
        service_type_name: s.service_type_name.clone(),
        default_rate: s.default_rate,
        unit_of_measure: s.unit_of_measure.clone(),
        is_active: s.is_active,
        sku: s.sku.clone(),
    })
}

impl services::Host for HostState {
    async fn list_services(
        &mut self,
        input: ServicesListInput,
    ) -> Result<ServicesListResult, ServiceReadError> {
        if !self.granted(Capability::ServiceRead) || self.install().is_none() {
            return Err(ServiceReadError::NotAllowed);
        }
        let (page, size) =
            page_args(input.page, input.page_size).ok_or(ServiceReadError::InvalidInput)?;
        let mut all = Vec::new();
        for s in &self.services.fixtures.services {
            let summary = service_summary(s).ok_or(ServiceReadError::Internal)?;
            let keep = matches_search(&input.search, &summary.service_name)
                && input.item_kind.is_none_or(|k| k == summary.item_kind)
                && input
                    .billing_method
                    .is_none_or(|b| b == summary.billing_method)
                && input.is_active.is_none_or(|a| a == summary.is_active);
            if keep {
                all.push(summary);
            }
        }
        Ok(ServicesListResult {
            total_count: all.len() as u32,
            items: paginate(&all, page, size),
            page,
            page_size: size,
        })
    }

    async fn get_service(
        &mut self,
        service_id: String,
    ) -> Result<Option<ServiceSummary>, ServiceReadError> {
        if !self.granted(Capability::ServiceRead) || self.install().is_none() {
            return Err(ServiceReadError::NotAllowed);
        }
        match self
            .services
            .fixtures
            .services
            .iter()
            .find(|s| s.service_id == service_id)
        {
            Some(s) => service_summary(s)
                .map(Some)
                .ok_or(ServiceReadError::Internal),
            None => Ok(None),
        }
    }
}
