// Types of alga-toolchain's JS API: each function runs the `alga` binary with `--json`.

/** Where and how the binary runs. */
export interface RunOptions {
  /** Working directory (default: this process's). */
  cwd?: string;
  /** Variables added to this process's environment. */
  env?: Record<string, string | undefined>;
}

/** A failed command: its exit code, message and hint, as `alga --json` reports them. */
export declare class AlgaError extends Error {
  name: "AlgaError";
  /** 1 refused or failed, 2 usage, 3 not available, 4 server refused, 5 server unreachable,
   * 10–17 verify's checks, 70 a bug; undefined when the binary could not run or was stopped. */
  exitCode: number | undefined;
  hint?: string;
  causes: string[];
  data?: unknown;
  /** The result the command printed before failing (`test`, `invoke`), if any. */
  result?: unknown;
  stderr: string;
  command: string[];
}

export interface ProjectOptions extends RunOptions {
  /** The project folder (the one holding manifest.json); default `.`. */
  project?: string;
}

export interface BuildOptions extends ProjectOptions {
  skipInstall?: boolean;
  skipUi?: boolean;
  release?: boolean;
  entry?: string;
  wasm?: string;
  fixCapabilities?: boolean;
  noCapabilityCheck?: boolean;
}

export interface BuildReport {
  project: string;
  kind: "js" | "wasm" | "rust" | "ui-only";
  ui: { out: string; skipped: boolean } | null;
  handler: {
    wasm: string;
    size: number;
    sha256: string;
    skipped: boolean;
    imports: string[];
    capabilities: string[];
  } | null;
  warnings: string[];
}

export interface PackOptions extends ProjectOptions {
  out?: string;
  force?: boolean;
  fast?: boolean;
  level?: number;
  /** A signing key: the bundle is signed in the same step. */
  sign?: string;
  cert?: string;
  chain?: string;
  signAlgorithm?: "x509" | "pgp" | "cosign";
  export?: boolean;
}

export interface PackReport {
  bundle: string;
  sidecar: string;
  contentHash: string;
  tarDigest: string;
  size: number;
  tarSize: number;
  level: number;
  files: { path: string; size: number }[];
  warnings: string[];
  signatureFiles?: string[];
}

export interface SignOptions extends RunOptions {
  key: string;
  algorithm?: "x509" | "pgp" | "cosign";
  cert?: string;
  chain?: string;
  tsa?: string;
  export?: boolean;
}

export interface Subject {
  name: string;
  digest: string;
  size: number;
  tar_digest?: string;
}

export interface SignReport {
  signature: { algorithm: string; subject: Subject; [field: string]: unknown };
  written: string[];
}

export interface VerifyOptions extends RunOptions {
  /** CA certificates, PEM public keys or OpenPGP certificates (default: SIGNING_TRUST_BUNDLE). */
  trust?: string;
  signature?: string;
  /** Check certificates as of this RFC 3339 time. */
  at?: string;
  crl?: string[];
}

export interface VerifyReport {
  subject: Subject;
  algorithm: string;
  source: string;
  signer: string | null;
  signing_time?: string;
  timestamp?: string;
  timestamp_ignored?: string;
  certificates_checked_at?: string;
  checks: string[];
}

export interface InspectOptions extends RunOptions {
  wit?: boolean;
  maxSize?: string;
  maxFileSize?: string;
  maxFiles?: number;
}

export interface BundleInspection {
  kind: "bundle";
  path: string;
  contentHash: string;
  tarDigest: string;
  size: number;
  tarSize: number;
  files: { path: string; size: number; mode: string; sha256: string }[];
  notCanonical: string[];
  manifest: Record<string, unknown> | null;
  manifestProblems: unknown[];
  handler: {
    kind: "component" | "core-module";
    size: number;
    imports: { name: string; functions?: string[] }[];
    exports: { name: string; functions?: string[] }[];
    wit?: string;
  } | null;
  handlerProblem: string | null;
}

export interface ComponentInspection {
  kind: "component" | "core-module";
  path: string;
  size: number;
  imports: { name: string; functions?: string[] }[];
  exports: { name: string; functions?: string[] }[];
  /** The component's world as WIT text, with `wit: true`. */
  wit?: string;
}

export interface PublishOptions extends RunOptions {
  noInstall?: boolean;
  sign?: string;
  cert?: string;
  chain?: string;
  timeout?: number;
  /** Sent through ALGA_API_KEY, never on the command line. */
  apiKey?: string;
  tenant?: string;
  baseUrl?: string;
  allowInsecureHttp?: boolean;
}

export interface Published {
  registryId: string;
  versionId: string;
  version: string;
  name: string;
  contentHash: string;
  canonicalKey: string | null;
  uploadKey: string;
  signed: boolean;
  installId: string | null;
  installed: boolean;
  retries: string[];
}

export interface InvokeOptions extends ProjectOptions {
  /** The request body, sent through standard input. */
  body?: string | Buffer | Uint8Array;
  /** Text, or `@FILE` to send a file. */
  data?: string;
  headers?: Record<string, string>;
  secrets?: Record<string, string>;
  tenant?: string;
  installId?: string;
  timeoutMs?: number;
  memoryMb?: number;
  fuel?: number;
  allowHost?: string[];
}

/** Rejected invokes (a 5xx answer) carry it as `AlgaError.result`, `body` decoded too. */
export interface InvokeResponse {
  status: number;
  headers: Record<string, string>;
  body_b64: string | null;
  error: string | null;
  /** `body_b64` decoded. */
  body: Buffer;
}

export interface TestOptions extends ProjectOptions {
  bundle?: string;
  filters?: string[];
  jobs?: number;
  update?: boolean;
  junit?: string;
  variables?: Record<string, string>;
  timeoutMs?: number;
  skipInstall?: boolean;
}

export interface TestSummary {
  passed: number;
  failed: number;
  millis: number;
  files: {
    file: string;
    passed: boolean;
    millis: number;
    error: string | null;
    entries: {
      line: number;
      method: string;
      url: string;
      status: number | null;
      millis: number;
      skipped: boolean;
      failures: { line: number; column: number; description: string; message: string; rendered: string }[];
    }[];
    logs: { level: string; stream: string; message: string; [field: string]: unknown }[];
    updated: string[];
  }[];
}

/** Any command: its `--json` result, or its text output when it prints no JSON (`--version`). */
export declare function run(args: string[], options?: RunOptions & { input?: string | Buffer }): Promise<unknown>;
export declare function build(options?: BuildOptions): Promise<BuildReport>;
export declare function pack(options?: PackOptions): Promise<PackReport>;
export declare function sign(bundle: string, options: SignOptions): Promise<SignReport>;
export declare function verify(bundle: string, options?: VerifyOptions): Promise<VerifyReport>;
export declare function inspect(
  target: string,
  options?: InspectOptions,
): Promise<BundleInspection | ComponentInspection>;
export declare function publish(target: string, options?: PublishOptions): Promise<Published>;
export declare function invoke(method: string, path: string, options?: InvokeOptions): Promise<InvokeResponse>;
/** Resolves when every file passes; rejects with an AlgaError whose `result` is the summary otherwise. */
export declare function test(options?: TestOptions): Promise<TestSummary>;
/** The native binary this package runs. */
export declare function binaryPath(): string;
