import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findKustomizeTool } from "../src/render/kustomize.js";
import { lint } from "../src/lint.js";
import { isSopsObject, isSopsText, isSopsValue } from "../src/model/sops.js";
import committedSecret from "../rules/committed-secret.js";
import schema from "../rules/schema.js";

// SOPS-encrypted Secrets and generator inputs (Flux, ksops) are committed on purpose: their values are
// ciphertext, and the top-level sops block is removed when they are decrypted.

const ENC = "ENC[AES256_GCM,data:oBe5PlPmfQCUUc4sqKImjw==,iv:MLLEW15QC9kRdVVagJnzLCSk0xZGWIpAeTfHzyxT10g=,tag:K3GkBCGS+ut4Tpk6ndb0CA==,type:str]";
const MAC = "ENC[AES256_GCM,data:COGzf5YC,iv:LxitVIYm8srZVqFueJh9loClA44Y2Z3XAVYmxesMmOg=,tag:Y8qFD8UGlDfwNSv7xlcn6A==,type:str]";
const encrypted = `apiVersion: v1
kind: Secret
metadata:
  name: token
type: Opaque
stringData:
  token: ${ENC}
sops:
  age:
    - recipient: age10la2ge0wtvx3qr7datqf7rs4yngxszdal927fs9rukamr8u2pshsvtz7ce
  lastmodified: "2021-11-26T16:34:51Z"
  mac: ${MAC}
  version: 3.7.1
`;

describe("SOPS", () => {
  it("recognises ciphertext values, encrypted objects and whole encrypted files", () => {
    expect(isSopsValue(ENC)).toBe(true);
    expect(isSopsValue("ENC[not really]")).toBe(false);
    expect(isSopsValue("hunter2-hunter2")).toBe(false);
    expect(isSopsObject({ kind: "Secret", sops: { mac: MAC } })).toBe(true);
    expect(isSopsObject({ kind: "Secret", sops: { mac: "x" } })).toBe(false);
    expect(isSopsText(JSON.stringify({ data: ENC, sops: { mac: MAC, version: "3.7.1" } }, null, "\t"))).toBe(true);
    expect(isSopsText(`API_KEY=${ENC}\nsops_mac=${MAC}\n`)).toBe(true);
    expect(isSopsText(`API_KEY=${ENC}\n`)).toBe(false);
  });

  it("an encrypted Secret has no committed value and no unknown sops field; a plain one is still reported", () => {
    const r = lint({ sources: [{ name: "secret.yaml", text: encrypted }], rules: [committedSecret, schema] });
    expect(r.findings).toEqual([]);
    const plain = encrypted.replace(ENC, "Zq8vLw3nRtYp2mKx").replace(/\nsops:[\s\S]*$/, "\n");
    expect(lint({ sources: [{ name: "secret.yaml", text: plain }], rules: [committedSecret, schema] }).findings.map((f) => f.ruleId)).toEqual(["committed-secret"]);
  });

  it.skipIf(!findKustomizeTool())("a secretGenerator reading a SOPS-encrypted file (podinfo's token.encrypted) commits no value; a literal beside it does", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-sops-"));
    try {
      fs.writeFileSync(path.join(dir, "token.encrypted"), JSON.stringify({ data: ENC, sops: { age: [{ recipient: "age10la2ge0wtvx3qr7datqf7rs4yngxszdal927fs9rukamr8u2pshsvtz7ce" }], mac: MAC, version: "3.7.1" } }, null, "\t"));
      fs.writeFileSync(path.join(dir, "kustomization.yaml"), "secretGenerator:\n  - name: token\n    files:\n      - token=token.encrypted\n    literals:\n      - password=Zq8vLw3nRtYp\n");
      const found = lint({ paths: [dir], cwd: dir, rules: [committedSecret] }).findings.map((f) => [f.file, f.line, f.message]);
      expect(found).toEqual([["kustomization.yaml", 6, 'Secret key "password" commits a credential (12 chars) to the repository']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
