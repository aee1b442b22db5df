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

// One file per interface group; named apart from the WIT interface modules they implement.
mod directory;
mod fetch;
mod invoices;
mod kv;
mod proxy;
mod schedules;
mod wasi_http;

pub use wasi_http::{HttpHooks, MAX_IN_FLIGHT};

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
    /// `wasi:http`'s state and its path through `http.fetch`'s checks.
    pub http: wasmtime_wasi_http::WasiHttpCtx,
    pub http_hooks: HttpHooks,
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
            install: self.install().unwrap_or_default().to_string(),
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

impl user::Host for HostState {
    async fn get_user(&mut self) -> Result<UserData, UserError> {
        // The first version of the interface: the same answer without the v2 fields.
        let u = user_v2::Host::get_user(self).await?;
        Ok(UserData {
            tenant_id: u.tenant_id,
            client_name: u.client_name,
            user_id: u.user_id,
            user_email: u.user_email,
            user_name: u.user_name,
            user_type: u.user_type,
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
