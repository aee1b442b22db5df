// A handler written as the Alga Extension Development Guide writes them: the `Handler` type of
// @alga-psa/extension-runtime, called with the request and `host`. `alga build` gives it
// `host` (built on the alga:extension interfaces the manifest's capabilities grant).
import { jsonResponse, type Handler } from "@alga-psa/extension-runtime";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The value of `name` in the request's query string. */
function query(url: string, name: string): string | undefined {
  const q = url.split("?")[1] ?? "";
  for (const part of q.split("&")) {
    const [k, v = ""] = part.split("=");
    if (decodeURIComponent(k) === name) return decodeURIComponent(v.replace(/\+/g, " "));
  }
  return undefined;
}

export const handler: Handler = async (request, host) => {
  const path = request.http.url.split("?")[0];
  if (path.endsWith("/api/hello")) {
    const context = await host.context.get();
    await host.logging.info(`hello for tenant ${context.tenantId}`);
    return jsonResponse({ message: "Hello from the extension", tenantId: context.tenantId });
  }
  if (path.endsWith("/api/status")) {
    // The guide's example: call an upstream with the install's `api_key` secret.
    const apiKey = await host.secrets.get("api_key");
    const upstream = query(request.http.url, "url") ?? "https://api.example.com/status";
    const res = await host.http.fetch({
      method: "GET",
      url: upstream,
      headers: [{ name: "authorization", value: `Bearer ${apiKey}` }],
    });
    return jsonResponse({ ok: true, upstream: res.status });
  }
  if (path.endsWith("/api/visits") && request.http.method === "POST") {
    const stored = await host.storage.get("app", "visits");
    const visits = Number(stored ? decoder.decode(stored) : "0") + 1;
    await host.storage.put({ namespace: "app", key: "visits", value: encoder.encode(String(visits)) });
    return jsonResponse({ visits });
  }
  return jsonResponse({ error: "not found" }, { status: 404 });
};
