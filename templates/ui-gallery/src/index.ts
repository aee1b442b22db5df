// The handler behind the UI: a list of items kept in the extension's storage.
import { logInfo } from "alga:extension/logging";
import { get as storageGet, put as storagePut } from "alga:extension/storage";
import type { ExecuteRequest, ExecuteResponse } from "./types";

type Item = { id: number; text: string };

const enc = new TextEncoder();
const dec = new TextDecoder();

function json(status: number, value: unknown): ExecuteResponse {
  return { status, headers: [{ name: "content-type", value: "application/json" }], body: enc.encode(JSON.stringify(value)) };
}

function load(): { items: Item[]; revision?: bigint } {
  try {
    const entry = storageGet("gallery", "items");
    return { items: JSON.parse(dec.decode(entry.value)), revision: entry.revision };
  } catch {
    return { items: [] };
  }
}

export function handler(request: ExecuteRequest): ExecuteResponse {
  const method = request.http.method.toUpperCase();
  const path = request.http.url.split("?")[0];
  logInfo(`${method} ${path}`);
  if (path !== "/api/items") return json(404, { error: "not_found" });
  if (method === "GET") return json(200, { items: load().items });
  if (method === "POST") {
    const input = JSON.parse(dec.decode(request.http.body ?? new Uint8Array()) || "{}");
    const text = String(input.text ?? "").trim();
    if (!text) return json(400, { error: "text is required" });
    const { items, revision } = load();
    items.push({ id: items.length + 1, text });
    storagePut({ namespace: "gallery", key: "items", value: enc.encode(JSON.stringify(items)), revision });
    return json(200, { items });
  }
  return json(405, { error: "method_not_allowed" });
}
