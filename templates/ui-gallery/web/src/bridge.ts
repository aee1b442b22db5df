// The host protocol: envelopes `{ alga: true, version: "1", type, request_id?, payload }`.
// `callHandler` sends `apiproxy` and resolves with the handler's answer (`apiproxy_response`).

type Envelope = { alga: true; version: "1"; type: string; request_id?: string; payload: any };

const pending = new Map<string, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
const themeListeners: Array<(tokens: Record<string, string>) => void> = [];

function post(type: string, payload: unknown, request_id?: string) {
  const msg: Envelope = { alga: true, version: "1", type, payload };
  if (request_id) msg.request_id = request_id;
  window.parent.postMessage(msg, "*");
}

window.addEventListener("message", (event) => {
  const msg = event.data as Envelope;
  if (!msg || msg.alga !== true || msg.version !== "1") return;
  if (msg.type === "apiproxy_response" && msg.request_id) {
    const p = pending.get(msg.request_id);
    if (!p) return;
    pending.delete(msg.request_id);
    if (msg.payload?.error) p.reject(new Error(String(msg.payload.error)));
    else p.resolve(fromBase64(msg.payload?.body ?? ""));
  } else if (msg.type === "theme") {
    const tokens = (msg.payload ?? {}) as Record<string, string>;
    for (const [name, value] of Object.entries(tokens)) {
      document.documentElement.style.setProperty(name, String(value));
    }
    themeListeners.forEach((f) => f(tokens));
  }
});

function toBase64(bytes: Uint8Array): string {
  let s = "";
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

let counter = 0;

/** Calls the extension's handler at `route` and parses its JSON answer. */
export function callHandler<T>(route: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = (options.method ?? "GET").toUpperCase();
  const request_id = `${Date.now().toString(36)}-${++counter}`;
  const payload: Record<string, string> = { route, method };
  if (options.body !== undefined) payload.body = toBase64(new TextEncoder().encode(JSON.stringify(options.body)));
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(request_id, { resolve, reject });
    post("apiproxy", payload, request_id);
    setTimeout(() => {
      if (pending.delete(request_id)) reject(new Error("Proxy request timed out"));
    }, 15000);
  }).then((bytes) => (bytes.length ? JSON.parse(new TextDecoder().decode(bytes)) : null));
}

export function onTheme(listener: (tokens: Record<string, string>) => void) {
  themeListeners.push(listener);
}

export function ready() {
  post("ready", {});
}

export function resize(height: number) {
  post("resize", { height });
}
