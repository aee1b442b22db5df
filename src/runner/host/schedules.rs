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

    /// The endpoint a schedule targets, resolved as the server resolves it: `spec` is a path
    /// (the leading `/` optional) of a declared GET or POST endpoint without parameters. When
    /// it is not, the handler log says why (the guest sees only `ValidationFailed`, as from the
    /// Runner).
    fn schedulable_endpoint(&self, spec: &str) -> Option<(String, String)> {
        let path = with_leading_slash(spec);
        let found = self.call.endpoints.iter().find(|e| {
            stored_path(&e.path) == path
                && matches!(e.method.to_ascii_uppercase().as_str(), "GET" | "POST")
        });
        match found {
            Some(e) if schedulable(&e.method, &e.path) => {
                Some((e.method.to_ascii_uppercase(), stored_path(&e.path)))
            }
            Some(_) => {
                self.scheduler_note(format!(
                    "`{spec}` has path parameters, which a schedule cannot fill"
                ));
                None
            }
            None => {
                self.scheduler_note(format!(
                    "`{spec}` is not the path of a GET or POST endpoint in manifest.json (a schedule names a path only, such as `/api/status`, not a method)"
                ));
                None
            }
        }
    }

    /// A note in the handler log on why the scheduler refused a call.
    fn scheduler_note(&self, why: String) {
        self.log(
            "warn",
            "log",
            format!("scheduler: {why}; the server answers ValidationFailed"),
        );
    }
}

/// An endpoint path as the server stores it: leading `./` removed, `//` collapsed, one
/// leading `/`.
fn stored_path(path: &str) -> String {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let mut out = String::with_capacity(p.len() + 1);
    for c in p.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    with_leading_slash(&out)
}

/// `path` with a leading `/`, as the server looks a schedule's endpoint up.
fn with_leading_slash(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}

/// Whether the server lets a schedule call this endpoint: GET or POST, no path parameters.
fn schedulable(method: &str, path: &str) -> bool {
    matches!(method.to_ascii_uppercase().as_str(), "GET" | "POST")
        && !path.contains([':', '{', '}'])
}

/// Schedules one install may have, as on the server.
const MAX_SCHEDULES: usize = 50;

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

/// Checks a cron expression as the server does: five fields of digits and `*/,-`, not both
/// day-of-month and day-of-week, not more often than every five minutes. Returns why not.
fn cron_problem(cron: &str) -> Option<&'static str> {
    let cron = cron.trim();
    if cron.len() > 128 {
        return Some("Cron expression too long");
    }
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let [min, hour, dom, mon, dow] = fields[..] else {
        return Some("Invalid cron expression (expected 5 fields: m h dom mon dow)");
    };
    let allowed = |f: &str| {
        f.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '*' | '/' | ',' | '-'))
    };
    if !fields.iter().all(|f| allowed(f)) {
        return Some("Invalid cron expression (unsupported characters)");
    }
    if dom != "*" && dow != "*" {
        return Some("Cron cannot set both day-of-month and day-of-week");
    }
    if [hour, dom, mon, dow].iter().all(|f| *f == "*")
        && matches!(min, "*" | "*/1" | "*/2" | "*/3" | "*/4")
    {
        return Some("Cron too frequent (minimum interval is 5 minutes)");
    }
    None
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

/// What the Runner makes of the server's 400: the Debug name of its error.
const VALIDATION_FAILED: &str = "ValidationFailed";

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
        // The server's refusals reach the guest as the Runner passes them on: 400, so
        // `ValidationFailed` and no field errors; the handler log says why.
        if let Some(why) = cron_problem(&input.cron) {
            self.scheduler_note(format!("cron `{}`: {why}", input.cron));
            return fail(VALIDATION_FAILED, None);
        }
        let Some((method, path)) = self.schedulable_endpoint(&input.endpoint) else {
            return fail(VALIDATION_FAILED, None);
        };
        let scope = self.scope();
        match self.services.store.schedules(&scope) {
            Ok(list) if list.len() >= MAX_SCHEDULES => {
                self.scheduler_note(format!(
                    "too many schedules (max {MAX_SCHEDULES} per extension install)"
                ));
                return fail(VALIDATION_FAILED, None);
            }
            Ok(_) => {}
            Err(_) => return fail("Internal", None),
        }
        let id = crate::runner::new_id();
        let schedule = Schedule {
            id: id.clone(),
            endpoint_method: method,
            endpoint_path: path,
            name: input.name,
            cron: input.cron.trim().to_string(),
            timezone: input.timezone.unwrap_or_else(|| "UTC".into()),
            enabled: input.enabled.unwrap_or(true),
            payload: input.payload.filter(|p| !p.is_empty()),
            created_at: crate::runner::now_rfc3339(),
        };
        match self.services.store.save_schedule(&scope, &schedule) {
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
            self.scheduler_note(format!("no schedule `{schedule_id}`"));
            return fail(VALIDATION_FAILED, None);
        };
        if let Some(endpoint) = input.endpoint.filter(|e| !e.is_empty()) {
            let Some((m, p)) = self.schedulable_endpoint(&endpoint) else {
                return fail(VALIDATION_FAILED, None);
            };
            s.endpoint_method = m;
            s.endpoint_path = p;
        }
        if let Some(cron) = input.cron.filter(|c| !c.is_empty()) {
            if let Some(why) = cron_problem(&cron) {
                self.scheduler_note(format!("cron `{cron}`: {why}"));
                return fail(VALIDATION_FAILED, None);
            }
            s.cron = cron.trim().to_string();
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
            Ok(false) => {
                self.scheduler_note(format!("no schedule `{schedule_id}`"));
                fail(VALIDATION_FAILED)
            }
            Err(_) => fail("Internal"),
        }
    }

    async fn get_endpoints(&mut self) -> Result<Vec<EndpointInfo>, SchedulerError> {
        self.scheduler_gate()?;
        // As the server lists them: sorted by path, schedulable worked out (a `schedulable`
        // key in the manifest is not read).
        let mut list: Vec<EndpointInfo> = self
            .call
            .endpoints
            .iter()
            .map(|e| {
                let (method, path) = (e.method.to_ascii_uppercase(), stored_path(&e.path));
                EndpointInfo {
                    id: format!("{method} {path}"),
                    schedulable: schedulable(&method, &path),
                    method,
                    path,
                    handler: e.handler.clone(),
                }
            })
            .collect();
        list.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_rules_are_the_servers() {
        for ok in [
            "*/5 * * * *",
            "0 * * * *",
            "0 9 * * 1-5",
            "15 3 1 * *",
            " 0 0 * * * ",
        ] {
            assert_eq!(cron_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("* * * * *", "too frequent"),
            ("*/4 * * * *", "too frequent"),
            ("0 0 1 * 1", "both day-of-month and day-of-week"),
            ("0 0 * *", "expected 5 fields"),
            ("0 0 * * * *", "expected 5 fields"),
            ("@hourly", "expected 5 fields"),
            ("0 0 ? * MON", "unsupported characters"),
        ] {
            assert!(cron_problem(bad).is_some_and(|w| w.contains(why)), "{bad}");
        }
        assert_eq!(
            cron_problem(&format!("{} * * * *", "1,".repeat(70))),
            Some("Cron expression too long")
        );
    }

    #[test]
    fn endpoint_paths_are_compared_as_the_server_stores_them() {
        assert_eq!(stored_path("./api//status"), "/api/status");
        assert_eq!(stored_path("api/status"), "/api/status");
        assert_eq!(stored_path("/api/status"), "/api/status");
        assert!(schedulable("post", "/api/heartbeat"));
        assert!(!schedulable("GET", "/api/items/:id"));
        assert!(!schedulable("GET", "/api/items/{id}"));
        assert!(!schedulable("DELETE", "/api/purge"));
    }
}
