// Signs an artifact with sigstore-js (`@sigstore/sign`, key-based, no Fulcio, Rekor or TSA)
// and writes the sigstore bundle JSON: the reverse direction of verify.mjs.
// Usage: node sign.mjs ARTIFACT PRIVATE_KEY.pem PUBLIC_KEY.pem OUT.sigstore.json
import { readFileSync, writeFileSync } from "node:fs";
import { createPrivateKey, sign } from "node:crypto";
import { bundleToJSON } from "@sigstore/bundle";
import { MessageSignatureBundleBuilder } from "@sigstore/sign";

const [artifactPath, keyPath, publicPath, outPath] = process.argv.slice(2);
const privateKey = createPrivateKey(readFileSync(keyPath, "utf8"));
const publicKey = readFileSync(publicPath, "utf8");
const signer = {
  sign: async (data) => ({
    signature: sign("sha256", data, privateKey),
    key: { $case: "publicKey", publicKey, hint: "sigstore-js" },
  }),
};
const builder = new MessageSignatureBundleBuilder({ signer, witnesses: [] });
const bundle = await builder.create({ data: readFileSync(artifactPath) });
writeFileSync(outPath, JSON.stringify(bundleToJSON(bundle), null, 2));
console.log("sigstore-js: signed");
