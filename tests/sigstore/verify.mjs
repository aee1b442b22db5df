// Verifies a key-signed sigstore bundle (v0.3) with sigstore-js: `@sigstore/verify` with
// key-based trust material and no transparency log or timestamp requirements.
// Usage: node verify.mjs ARTIFACT BUNDLE.sigstore.json PUBLIC_KEY.pem
import { readFileSync } from "node:fs";
import { createPublicKey } from "node:crypto";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";

const [artifactPath, bundlePath, keyPath] = process.argv.slice(2);
const bundle = bundleFromJSON(JSON.parse(readFileSync(bundlePath, "utf8")));
const publicKey = createPublicKey(readFileSync(keyPath, "utf8"));
const root = TrustedRoot.fromJSON({
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});
const trust = toTrustMaterial(root, () => ({ publicKey, validFor: () => true }));
const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
try {
  verifier.verify(toSignedEntity(bundle, readFileSync(artifactPath)));
  console.log("sigstore-js: verified");
} catch (e) {
  console.error(`sigstore-js: ${e.code ?? ""} ${e.message}`);
  process.exit(1);
}
