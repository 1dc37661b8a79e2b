import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { isPlaceholderValue } from "../src/model/placeholder-value.js";
import { findCredential, isAccessKeyId, isCredentialValue, isPublicMaterial, looksIdentityName, looksSecretName, namesCertificate, namesPublicValue } from "../src/model/credentials.js";
import { configEntries } from "../src/model/config-document.js";
import { dataKey, redact } from "../src/model/redact.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { isSopsCiphertext } from "../src/model/sops.js";
import { workloadWrittenSecrets } from "../src/model/generated-secrets.js";
import type { Resource } from "../src/model/resource.js";


/** The value of a `data` entry: base64-decoded when it is valid base64, as written otherwise. */
function decodeData(v: string): string {
  const compact = v.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return v;
  return Buffer.from(compact, "base64").toString("utf8");
}

export default defineRule({
  meta: {
    id: "committed-secret",
    scope: "subject",
    title: "Secret values must not be committed",
    category: "secrets",
    severity: "error",
    description:
      "Reports kind: Secret objects whose data or stringData hold real-looking values (decoded from base64). Placeholder values (empty, changeme, REPLACE_ME, <...>, ${VAR}, YOUR_..., filler PEM blocks) are reported once per Secret as info, unless a bound role lets a workload update that Secret by name (it fills them in itself, as Kubernetes Dashboard does). Certificates, public keys, SOPS ciphertext (ENC[…] values, or a whole SOPS-encrypted file read by a generator), keys that say where, who or which (a username, an address, a host, an account, a name, a project, a type), keys that say public or name a certificate (tls.crt, ca.crt, crt.pem, caBundle; not cert-key), and true/false switches are not reported. A value that is a whole config file (YAML, JSON, INI, TOML, a shell env file of `export KEY=\"value\"` lines: alertmanager.yaml, grafana.ini, MinIO's config.env) is reported only when an entry inside it holds a credential (a secret-sounding key with a real-looking value, a token, a private key, a connection string with a password), naming that entry's key and, in stringData written as a literal block, at its line.",
    rationale:
      "base64 is an encoding, not encryption: a Secret manifest in git publishes its values to everyone who can read the repository, forever (history keeps them after the file changes). A template Secret with placeholders invites someone to fill it in and commit it.",
    remediation:
      "Remove the values from the repository and rotate any that were real; create the Secret at deploy time (kubectl create secret, a CI secret store) or commit a SealedSecret, an ExternalSecret, a SecretProviderClass or a SOPS-encrypted Secret instead.",
    references: {
      guides: ["CONTINUUM: never commit secrets to version control", "Caracal: secret.yaml ships passwords to update before deploying"],
      cis: ["CIS 5.4.1"],
      links: ["https://kubernetes.io/docs/concepts/security/secrets-good-practices/"],
    },
    securitySeverity: 8.0,
    pointsAtCredentials: true,
    examples: {
      bad: "kind: Secret\ndata:\n  DB_PASSWORD: aHVudGVyMg==\n",
      good: "kind: ExternalSecret\nspec:\n  data:\n    - secretKey: DB_PASSWORD\n      remoteRef: {key: prod/db, property: password}\n",
    },
  },
  check({ model, report }) {
    let written: Set<string> | undefined;
    const writtenByWorkload = (r: Resource) => {
      written ??= workloadWrittenSecrets((kind) => model.index.ofKind(kind));
      return written.has(`${r.namespace ?? ""}/${r.name}`) || written.has(`*/${r.name}`);
    };
    for (const resource of subjectsOfKind(model, "Secret")) {
      if (resource.apiVersion !== "v1") continue;
      const placeholders: Array<{ field: string; key: string }> = [];
      // Every key of the Secret, data and stringData alike, made when first asked.
      let keys: string[] | undefined;
      const keysOf = () => (keys ??= ["data", "stringData"].flatMap((f) => (isRecord(resource.object[f]) ? Object.keys(resource.object[f] as object) : [])));
      for (const field of ["data", "stringData"] as const) {
        const entries = resource.object[field];
        if (!isRecord(entries)) continue;
        for (const [key, raw] of Object.entries(entries)) {
          if (raw === null || raw === undefined) continue;
          const written = typeof raw === "string" ? raw : String(raw);
          const value = field === "data" ? decodeData(written) : written;
          // Certificates and public keys, and SOPS ciphertext (a value, or a whole encrypted file a generator read).
          if (isPublicMaterial(value) || isSopsCiphertext(value)) continue;
          const found = findCredential(value);
          // Keys that say where or who (a username, an address, an account), even with a value still to fill in.
          if (!found && looksIdentityName(key) && !looksSecretName(key)) continue;
          // The ID half of an access key pair (beside its secret key) names the account.
          if (!found && isAccessKeyId(key, keysOf())) continue;
          // A setting, not a credential: a switch (Argo CD's insecure: "true"), or a value its key says is
          // public, such as a certificate's (tls.crt of a test bundle holding a stand-in text, not a PEM block).
          if (!found && (/^(true|false)$/i.test(value.trim()) || namesPublicValue(key) || namesCertificate(key))) continue;
          if (!found && isPlaceholderValue(value)) {
            placeholders.push({ field, key });
            continue;
          }
          // A whole config file (alertmanager.yaml, grafana.ini): a finding only for a credential inside it.
          const configured = found ? undefined : configEntries(value);
          if (configured) {
            const inner = configured.find((e) => looksSecretName(e.key) && !looksIdentityName(e.key) && isCredentialValue(e.value));
            if (inner) {
              report({
                target: { resource, path: [field, key] },
                message: `Secret key ${dataKey(key)} holds a config file whose ${JSON.stringify(inner.key)} commits a credential ${redact(inner.value)} to the repository`,
                // At the entry's line where the file is written as it is held; data's is base64.
                ...(field === "stringData" ? { valueLine: inner.line } : {}),
              });
            }
            continue;
          }

          const what = found ? found.kind : looksSecretName(key) ? "a credential" : "a value";
          report({
            target: { resource, path: [field, key] },
            message: `Secret key ${dataKey(key)} commits ${what} ${redact(found?.secret ?? value, found?.prefixed ?? false)} to the repository`,
          });
        }
      }
      // A Secret the set lets a workload write by name is the workload's to fill in, not a template.
      if (placeholders.length > 0 && !writtenByWorkload(resource)) {
        const names = placeholders.slice(0, 3).map((p) => dataKey(p.key, false)).join(", ") + (placeholders.length > 3 ? ", …" : "");
        const count = placeholders.length === 1 ? "1 key holds a placeholder value" : `${placeholders.length} keys hold placeholder values`;
        report({
          target: { resource, path: [placeholders[0].field] },
          severity: "info",
          message: `Secret is a template: ${count} (${names}) to be filled in outside the repository`,
        });
      }
    }
  },
});
