/** The request the Runner hands to `handler` (WIT `execute-request`). */
export interface ExecuteRequest {
  context: {
    requestId?: string;
    tenantId: string;
    extensionId: string;
    installId?: string;
    versionId?: string;
  };
  http: {
    method: string;
    /** Path and query, e.g. `/api/fetch?url=...`. */
    url: string;
    headers: Header[];
    body?: Uint8Array;
  };
}

export interface Header {
  name: string;
  value: string;
}

/** What `handler` returns (WIT `execute-response`). */
export interface ExecuteResponse {
  status: number;
  headers: Header[];
  body?: Uint8Array;
}
