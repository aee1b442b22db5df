// The handler's logic, written against a small `Host` so that it can be unit-tested in Node
// with a fake host (see test/app.test.ts). `src/index.ts` connects it to the real host.
import type { ExecuteRequest, ExecuteResponse } from "./types";

export interface Host {
  log(level: "info" | "warn" | "error", message: string): void;
  /** The stored bytes and their revision, or undefined when the key is missing. */
  load(namespace: string, key: string): { value: Uint8Array; revision?: bigint } | undefined;
  /** Stores bytes; `revision` makes the write fail if someone else wrote in between. */
  save(namespace: string, key: string, value: Uint8Array, revision?: bigint): void;
  secretNames(): string[];
  get(url: string): { status: number; body: Uint8Array };
}

export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

export function utf8Decode(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    let c = b;
    if (b >= 0xf0) c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else if (b >= 0xe0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else if (b >= 0xc0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    out += String.fromCodePoint(c);
  }
  return out;
}

function json(status: number, value: unknown): ExecuteResponse {
  return {
    status,
    headers: [{ name: "content-type", value: "application/json" }],
    body: utf8Encode(JSON.stringify(value)),
  };
}

function query(url: string): Map<string, string> {
  const out = new Map<string, string>();
  const q = url.indexOf("?");
  if (q < 0) return out;
  for (const part of url.slice(q + 1).split("&")) {
    if (!part) continue;
    const [k, v = ""] = part.split("=");
    out.set(decodeURIComponent(k.replace(/\+/g, " ")), decodeURIComponent(v.replace(/\+/g, " ")));
  }
  return out;
}

const COUNTER = { namespace: "demo", key: "counter" };

function readCounter(host: Host): { count: number; revision?: bigint } {
  const entry = host.load(COUNTER.namespace, COUNTER.key);
  if (!entry) return { count: 0 };
  return { count: Number(utf8Decode(entry.value)) || 0, revision: entry.revision };
}

export function handle(request: ExecuteRequest, host: Host): ExecuteResponse {
  const method = request.http.method.toUpperCase();
  const path = request.http.url.split("?")[0];
  host.log("info", `${method} ${path}`);
  try {
    if (method === "GET" && path === "/api/hello") {
      return json(200, {
        message: `Hello from ${request.context.extensionId}`,
        tenantId: request.context.tenantId,
        requestId: request.context.requestId ?? null,
      });
    }
    if (path === "/api/counter" && method === "GET") {
      return json(200, { count: readCounter(host).count });
    }
    if (path === "/api/counter" && method === "POST") {
      const { count, revision } = readCounter(host);
      host.save(COUNTER.namespace, COUNTER.key, utf8Encode(String(count + 1)), revision);
      return json(200, { count: count + 1 });
    }
    if (method === "GET" && path === "/api/secrets") {
      // Only the names: secret values never leave the handler.
      return json(200, { names: host.secretNames() });
    }
    if (method === "GET" && path === "/api/fetch") {
      const url = query(request.http.url).get("url");
      if (!url) return json(400, { error: "missing ?url=" });
      const res = host.get(url);
      return json(200, { status: res.status, bytes: res.body.length });
    }
    return json(404, { error: "not_found", path });
  } catch (err) {
    const code = errorCode(err);
    host.log("error", `${method} ${path} failed: ${code}`);
    const status = code === "not-allowed" || code === "denied" ? 403 : code === "conflict" ? 409 : 500;
    return json(status, { error: code });
  }
}

/** The WIT error value of a failed host call (componentize-js throws it). */
export function errorCode(err: unknown): string {
  if (typeof err === "string") return err;
  if (err && typeof err === "object") {
    const e = err as { payload?: unknown; message?: unknown };
    if (typeof e.payload === "string") return e.payload;
    if (typeof e.message === "string") return e.message;
  }
  return String(err);
}
