// Types of the `alga:extension/*` imports as componentize-js exposes them to JavaScript:
// kebab-case names become camelCase, `option<T>` is `T | undefined`, `u64` is `bigint`,
// and a `result` error is thrown.

declare module "alga:extension/context" {
  export interface ContextData {
    requestId?: string;
    tenantId: string;
    extensionId: string;
    installId?: string;
    versionId?: string;
  }
  export function getContext(): ContextData;
}

declare module "alga:extension/logging" {
  export function logInfo(message: string): void;
  export function logWarn(message: string): void;
  export function logError(message: string): void;
}

declare module "alga:extension/storage" {
  export interface StorageEntry {
    namespace: string;
    key: string;
    value: Uint8Array;
    revision?: bigint;
  }
  /** Throws `missing`, `conflict`, `denied` or `internal`. */
  export function get(namespace: string, key: string): StorageEntry;
  export function put(entry: StorageEntry): StorageEntry;
  export function delete_(namespace: string, key: string): void;
  export { delete_ as delete };
  export function listEntries(namespace: string, cursor?: string): StorageEntry[];
}

declare module "alga:extension/secrets" {
  /** Throws `missing`, `denied`, `expired` or `internal`. */
  export function get(key: string): string;
  export function listKeys(): string[];
}

declare module "alga:extension/http" {
  export interface HttpHeader {
    name: string;
    value: string;
  }
  export interface HttpRequest {
    method: string;
    url: string;
    headers: HttpHeader[];
    body?: Uint8Array;
  }
  export interface HttpResponse {
    status: number;
    headers: HttpHeader[];
    body?: Uint8Array;
  }
  /** Throws `invalid-url`, `not-allowed`, `transport` or `internal`. */
  export function fetch(request: HttpRequest): HttpResponse;
}
