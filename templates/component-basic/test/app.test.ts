import { test } from "node:test";
import assert from "node:assert/strict";
import { handle, utf8Decode, utf8Encode, type Host } from "../src/app";
import type { ExecuteRequest } from "../src/types";

function fakeHost() {
  const store = new Map<string, { value: Uint8Array; revision: bigint }>();
  const logs: string[] = [];
  const host: Host = {
    log: (level, message) => logs.push(`${level}: ${message}`),
    load: (ns, key) => store.get(`${ns}/${key}`),
    save(ns, key, value, revision) {
      const current = store.get(`${ns}/${key}`);
      if (current && current.revision !== revision) throw "conflict";
      store.set(`${ns}/${key}`, { value, revision: (current?.revision ?? 0n) + 1n });
    },
    secretNames: () => ["api_key"],
    get(url) {
      if (!url.startsWith("https://allowed.example/")) throw "not-allowed";
      return { status: 200, body: utf8Encode("hello") };
    },
  };
  return { host, logs };
}

function request(method: string, url: string): ExecuteRequest {
  return {
    context: { tenantId: "t1", extensionId: "ext", requestId: "r1" },
    http: { method, url, headers: [] },
  };
}

function body(res: { body?: Uint8Array }) {
  return JSON.parse(utf8Decode(res.body ?? new Uint8Array()));
}

test("hello names the tenant", () => {
  const { host, logs } = fakeHost();
  const res = handle(request("GET", "/api/hello"), host);
  assert.equal(res.status, 200);
  assert.equal(body(res).tenantId, "t1");
  assert.deepEqual(logs, ["info: GET /api/hello"]);
});

test("counter counts and keeps revisions", () => {
  const { host } = fakeHost();
  assert.equal(body(handle(request("POST", "/api/counter"), host)).count, 1);
  assert.equal(body(handle(request("POST", "/api/counter"), host)).count, 2);
  assert.equal(body(handle(request("GET", "/api/counter"), host)).count, 2);
});

test("secrets lists names only", () => {
  const { host } = fakeHost();
  assert.deepEqual(body(handle(request("GET", "/api/secrets"), host)), { names: ["api_key"] });
});

test("fetch denied by the host becomes 403", () => {
  const { host } = fakeHost();
  const res = handle(request("GET", "/api/fetch?url=https%3A%2F%2Fevil.example%2F"), host);
  assert.equal(res.status, 403);
  assert.equal(body(res).error, "not-allowed");
  assert.equal(body(handle(request("GET", "/api/fetch?url=https://allowed.example/x"), host)).bytes, 5);
});

test("utf8 round trip", () => {
  const text = "héllo ✓ 𝄞";
  assert.equal(utf8Decode(utf8Encode(text)), text);
});

test("unknown routes are 404", () => {
  const { host } = fakeHost();
  assert.equal(handle(request("GET", "/nope"), host).status, 404);
});
