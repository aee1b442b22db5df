//! Handlers written as the official docs write them, for `@alga-psa/extension-runtime`'s
//! `Handler` type: `handler(request, host)`, with `host.secrets.get`, `host.http.fetch`, ...
//! No toolchain passes `host`, so `alga build` wraps such a handler: a generated entry builds
//! the `HostBindings` object on the WIT imports (only for the capabilities the manifest grants;
//! the other members reject with the error the Runner gives) and calls the author's handler.

use crate::manifest::Capability;

/// Whether the entry's source is written for the runtime's `Handler` type: it imports
/// `@alga-psa/extension-runtime`, or its `handler` takes two parameters. (The build also wraps
/// when `package.json` depends on the runtime, for entries that re-export the handler.)
pub fn wants_host(source: &str) -> bool {
    source.contains("@alga-psa/extension-runtime") || handler_arity(source) >= 2
}

/// The number of parameters of the exported `handler`, as far as a look at the text tells
/// (`function handler(a, b)`, `handler = async (a, b) =>`); 0 when it cannot tell.
fn handler_arity(source: &str) -> usize {
    for (at, _) in source.match_indices("handler") {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
            continue;
        }
        let rest = &source[at + "handler".len()..];
        // `handler(`, `handler = (`, `handler = async (`, `handler: Handler = async (`
        let Some(open) = rest.find('(') else { continue };
        let between = &rest[..open];
        let t = between.trim();
        let plain = t.is_empty()
            || ((t.starts_with('=') || t.starts_with(':'))
                && !between.contains([';', '{', '}', '\n']));
        if !plain {
            continue;
        }
        let Some(params) = balanced(&rest[open + 1..]) else {
            continue;
        };
        let params = params.trim();
        if params.is_empty() {
            return 0;
        }
        return top_level_commas(params) + 1;
    }
    0
}

/// The text up to the `)` that closes an already opened `(`.
fn balanced(text: &str) -> Option<&str> {
    let mut depth = 1usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' | '>' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

fn top_level_commas(text: &str) -> usize {
    let mut depth = 0usize;
    let mut n = 0usize;
    for c in text.chars() {
        match c {
            '(' | '{' | '[' | '<' => depth += 1,
            ')' | '}' | ']' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => n += 1,
            _ => {}
        }
    }
    // A trailing comma (`(request, host,)`) is not a parameter.
    if text.trim_end().ends_with(',') {
        n = n.saturating_sub(1);
    }
    n
}

/// The generated entry: imports the author's module (by its absolute path) and the WIT
/// interfaces of the `granted` capabilities, and exports the `handler` the world wants.
pub fn wrapper(entry: &str, granted: &[Capability]) -> String {
    let has = |c: Capability| granted.contains(&c);
    let mut js = String::from(HEADER);
    js.push_str(&format!(
        "import * as entry from {};\n",
        serde_json::to_string(entry).expect("a string serializes")
    ));
    for (cap, import, members) in SECTIONS {
        if has(*cap) {
            js.push_str(import);
            js.push_str(members);
        } else {
            js.push_str(&denied(*cap));
        }
    }
    js.push_str(FOOTER);
    js
}

/// Members of a capability the manifest does not grant: each rejects as the Runner answers.
fn denied(cap: Capability) -> String {
    let (member, code, names): (&str, &str, &[&str]) = match cap {
        Capability::SecretsGet => ("secrets", "denied", &["get", "list"]),
        Capability::HttpFetch => ("http", "not-allowed", &["fetch"]),
        Capability::StorageKv => ("storage", "denied", &["get", "put", "delete", "list"]),
        Capability::UiProxy => ("uiProxy", "denied", &["callRoute", "call"]),
        Capability::SchedulerManage => (
            "scheduler",
            "denied",
            &["list", "get", "create", "update", "delete", "getEndpoints"],
        ),
        Capability::InvoiceManualCreate => ("invoicing", "denied", &["createManualInvoice"]),
        Capability::ClientRead => ("clients", "not-allowed", &["list", "get"]),
        Capability::ServiceRead => ("services", "not-allowed", &["list", "get"]),
        Capability::ContextRead | Capability::LogEmit | Capability::UserRead => {
            return String::new();
        }
    };
    let fns: Vec<String> = names
        .iter()
        .map(|n| format!("  {n}: () => notGranted(\"{member}.{n}\", \"{cap}\", \"{code}\"),"))
        .collect();
    format!("host.{member} = {{\n{}\n}};\n", fns.join("\n"))
}

const HEADER: &str = r#"// Generated by `alga build`: the `host` argument of a handler written for
// @alga-psa/extension-runtime's `Handler` type, on the alga:extension interfaces.
import { getContext } from "alga:extension/context";
import { logInfo, logWarn, logError } from "alga:extension/logging";
import { getUser } from "alga:extension/user-v2";

// A WIT error (componentize-js throws it with the case in `payload`) as an Error with `code`.
function failure(what, err) {
  const code = err && typeof err.payload === "string" ? err.payload : undefined;
  const e = new Error(`${what} failed: ${code ?? String(err)}`);
  e.code = code;
  return e;
}
function call(what, f) {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(failure(what, err));
  }
}
function notGranted(what, cap, code) {
  const e = new Error(`${what} failed: ${code} (manifest.json does not declare ${cap})`);
  e.code = code;
  return Promise.reject(e);
}
const json = (text) => (text === undefined || text === null || text === "" ? undefined : JSON.parse(text));
const text = (value) => (value === undefined ? undefined : value === null ? "" : JSON.stringify(value));

const host = {
  context: { get: () => call("context.get", () => getContext()) },
  logging: {
    info: (m) => call("logging.info", () => logInfo(String(m))),
    warn: (m) => call("logging.warn", () => logWarn(String(m))),
    error: (m) => call("logging.error", () => logError(String(m))),
  },
  user: { getUser: () => call("user.getUser", () => getUser()) },
};
"#;

const FOOTER: &str = r#"
export async function handler(request) {
  const run = entry.handler ?? (entry.default && entry.default.handler) ?? entry.default;
  if (typeof run !== "function") {
    throw new Error("the entry does not export `handler`");
  }
  // `host` goes to a handler that takes a second parameter (a default-valued one does not
  // count in `length`, and keeps its default).
  return run.length >= 2 ? await run(request, host) : await run(request);
}
"#;

/// Per capability: the import and the `host` members built on it.
const SECTIONS: &[(Capability, &str, &str)] = &[
    (
        Capability::SecretsGet,
        "import { get as secretGet, listKeys as secretKeys } from \"alga:extension/secrets\";\n",
        r#"host.secrets = {
  get: (key) => call("secrets.get", () => secretGet(key)),
  list: () => call("secrets.list", () => secretKeys()),
};
"#,
    ),
    (
        Capability::HttpFetch,
        "import { fetch as httpFetch } from \"alga:extension/http\";\n",
        r#"host.http = {
  fetch: (req) =>
    call("http.fetch", () =>
      httpFetch({ method: req.method ?? "GET", url: req.url, headers: req.headers ?? [], body: req.body ?? undefined }),
    ),
};
"#,
    ),
    (
        Capability::StorageKv,
        "import { get as kvGet, put as kvPut, delete as kvDelete, listEntries as kvList } from \"alga:extension/storage\";\n",
        r#"host.storage = {
  get: (namespace, key) =>
    call("storage.get", () => {
      try {
        return kvGet(namespace, key).value;
      } catch (err) {
        if (err && err.payload === "missing") return null;
        throw err;
      }
    }),
  put: (e) =>
    call("storage.put", () => {
      kvPut({ namespace: e.namespace, key: e.key, value: e.value, revision: e.revision ?? undefined });
    }),
  delete: (namespace, key) => call("storage.delete", () => kvDelete(namespace, key)),
  list: (namespace) =>
    call("storage.list", () => kvList(namespace, undefined).map((e) => ({ key: e.key, value: e.value, revision: e.revision }))),
};
"#,
    ),
    (
        Capability::UiProxy,
        "import { callRoute } from \"alga:extension/ui-proxy\";\n",
        r#"host.uiProxy = {
  callRoute: (route, payload) => call("uiProxy.callRoute", () => callRoute(route, payload ?? undefined)),
  call: (route, payload) => call("uiProxy.call", () => callRoute(route, payload ?? undefined)),
};
"#,
    ),
    (
        Capability::SchedulerManage,
        "import { listSchedules, getSchedule, createSchedule, updateSchedule, deleteSchedule, getEndpoints } from \"alga:extension/scheduler\";\n",
        r#"const schedule = (s) => s && { ...s, payload: json(s.payload) };
const outcome = (r) => ({ ...r, fieldErrors: json(r.fieldErrors) });
host.scheduler = {
  list: () => call("scheduler.list", () => listSchedules().map(schedule)),
  get: (id) => call("scheduler.get", () => schedule(getSchedule(id)) ?? null),
  create: (input) => call("scheduler.create", () => outcome(createSchedule({ ...input, payload: text(input.payload) }))),
  update: (id, input) =>
    call("scheduler.update", () => outcome(updateSchedule(id, { ...input, payload: text(input.payload), name: input.name ?? undefined }))),
  delete: (id) => call("scheduler.delete", () => deleteSchedule(id)),
  getEndpoints: () => call("scheduler.getEndpoints", () => getEndpoints()),
};
"#,
    ),
    (
        Capability::InvoiceManualCreate,
        "import { createManualInvoice } from \"alga:extension/invoicing\";\n",
        r#"host.invoicing = {
  createManualInvoice: (input) =>
    call("invoicing.createManualInvoice", () => {
      const r = createManualInvoice(input);
      if (!r.success) return { success: false, error: r.error ?? "failed", fieldErrors: json(r.fieldErrors) };
      const { invoiceId, invoiceNumber, status, subtotal, tax, total } = r;
      return { success: true, invoice: { invoiceId, invoiceNumber, status, subtotal, tax, total } };
    }),
};
"#,
    ),
    (
        Capability::ClientRead,
        "import { listClients, getClient } from \"alga:extension/clients\";\n",
        r#"host.clients = {
  list: (input) => call("clients.list", () => listClients(input ?? {})),
  get: (id) => call("clients.get", () => getClient(id) ?? null),
};
"#,
    ),
    (
        Capability::ServiceRead,
        "import { listServices, getService } from \"alga:extension/services\";\n",
        r#"host.services = {
  list: (input) => call("services.list", () => listServices(input ?? {})),
  get: (id) => call("services.get", () => getService(id) ?? null),
};
"#,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handlers_written_for_the_runtime_are_recognised() {
        for wants in [
            "import { jsonResponse } from '@alga-psa/extension-runtime';\nexport const handler = async (req) => jsonResponse({})",
            "export const handler = async (request, host) => { return x; }",
            "export async function handler(request: ExecuteRequest, host: HostBindings) {}",
            "export const handler: Handler = async (\n  request,\n  host,\n) => {}",
        ] {
            assert!(wants_host(wants), "{wants}");
        }
        for plain in [
            "export function handler(request) { return handle(request, host); }",
            "export function handler(request: ExecuteRequest): ExecuteResponse { return f(a, b); }",
            "const myhandler = (a, b) => 1; export function handler() {}",
            "route.handler(req, ctx); export function handler(request) {}",
            "export function handler(req: Map<string, number>) {}",
        ] {
            assert!(!wants_host(plain), "{plain}");
        }
    }

    #[test]
    fn only_granted_interfaces_are_imported() {
        let js = wrapper(
            "/p/src/handler.ts",
            &[Capability::SecretsGet, Capability::LogEmit],
        );
        assert!(js.contains("import * as entry from \"/p/src/handler.ts\";"));
        assert!(js.contains("from \"alga:extension/secrets\""));
        assert!(!js.contains("from \"alga:extension/http\""));
        assert!(js.contains(
            "fetch: () => notGranted(\"http.fetch\", \"cap:http.fetch\", \"not-allowed\")"
        ));
        assert!(js.contains("export async function handler(request)"));
    }
}
