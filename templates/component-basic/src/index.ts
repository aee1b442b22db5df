// The component's entry: connects the real host interfaces to the logic in `app.ts`.
import { logError, logInfo, logWarn } from "alga:extension/logging";
import { get as storageGet, put as storagePut } from "alga:extension/storage";
import { listKeys } from "alga:extension/secrets";
import { fetch as httpFetch } from "alga:extension/http";
import { errorCode, handle, type Host } from "./app";
import type { ExecuteRequest, ExecuteResponse } from "./types";

const host: Host = {
  log(level, message) {
    if (level === "error") logError(message);
    else if (level === "warn") logWarn(message);
    else logInfo(message);
  },
  load(namespace, key) {
    try {
      const entry = storageGet(namespace, key);
      return { value: entry.value, revision: entry.revision };
    } catch (err) {
      if (errorCode(err) === "missing") return undefined;
      throw err;
    }
  },
  save(namespace, key, value, revision) {
    storagePut({ namespace, key, value, revision });
  },
  secretNames() {
    return listKeys();
  },
  get(url) {
    const res = httpFetch({ method: "GET", url, headers: [], body: undefined });
    return { status: res.status, body: res.body ?? new Uint8Array() };
  },
};

export function handler(request: ExecuteRequest): ExecuteResponse {
  return handle(request, host);
}
