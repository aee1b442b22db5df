// Unit tests of src/handler.ts with the runtime's mock host (no WebAssembly needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createMockHostBindings, type ExecuteRequest } from "@alga-psa/extension-runtime";
import { handler } from "../src/handler";

const decoder = new TextDecoder();

function request(method: string, url: string): ExecuteRequest {
  return { context: { tenantId: "t1", extensionId: "x" }, http: { method, url, headers: [] } };
}

function body(res: { body?: Uint8Array | null }) {
  return JSON.parse(decoder.decode(res.body ?? new Uint8Array()));
}

test("hello names the tenant", async () => {
  const host = createMockHostBindings({
    context: { get: async () => ({ tenantId: "acme", extensionId: "x" }) },
  });
  const res = await handler(request("GET", "/api/hello"), host);
  assert.equal(res.status, 200);
  assert.equal(body(res).tenantId, "acme");
});

test("status calls the upstream with the api_key secret", async () => {
  let seen = "";
  const host = createMockHostBindings({
    secrets: { get: async () => "k-123", list: async () => ["api_key"] },
    http: {
      fetch: async (req) => {
        seen = req.headers.find((h) => h.name === "authorization")?.value ?? "";
        return { status: 204, headers: [] };
      },
    },
  });
  const res = await handler(request("GET", "/api/status?url=https%3A%2F%2Fup.example%2Fs"), host);
  assert.deepEqual(body(res), { ok: true, upstream: 204 });
  assert.equal(seen, "Bearer k-123");
});

test("visits count in storage", async () => {
  const store = new Map<string, Uint8Array>();
  const host = createMockHostBindings({
    storage: {
      get: async (_ns, key) => store.get(key) ?? null,
      put: async (e) => void store.set(e.key, e.value),
      delete: async () => {},
      list: async () => [],
    },
  });
  assert.equal(body(await handler(request("POST", "/api/visits"), host)).visits, 1);
  assert.equal(body(await handler(request("POST", "/api/visits"), host)).visits, 2);
});
