//! `scheduler`: schedule entries kept in the dev database.

use super::*;

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

pub(super) fn field_errors(field: &str, message: &str) -> Option<String> {
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
        let id = crate::runner::new_id();
        let schedule = Schedule {
            id: id.clone(),
            endpoint_method: method,
            endpoint_path: path,
            name: input.name,
            cron: input.cron,
            timezone: input.timezone.unwrap_or_else(|| "UTC".into()),
            enabled: input.enabled.unwrap_or(true),
            payload: input.payload.filter(|p| !p.is_empty()),
            created_at: crate::runner::now_rfc3339(),
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
