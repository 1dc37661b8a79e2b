import { defineRule, type Target } from "../src/engine/rule.js";
import type { ObjectPath } from "../src/types.js";
import type { FixSpec } from "../src/engine/fix.js";
import { isRecord, type ContainerRef } from "../src/model/pod-spec.js";
import { findAssignedCredential, findConfigCredential, findCredential, isAccessKeyId, isCredentialValue, looksPasswordName, looksSecretName, namesPublicValue } from "../src/model/credentials.js";
import { dataKey, redact } from "../src/model/redact.js";
import { getPath } from "../src/model/pod-spec.js";
import { eachString } from "../src/model/walk-values.js";
import { credentialDocuments } from "../src/model/credential-documents.js";

/** Kinds whose values are the business of committed-secret, or are ciphertext (SealedSecret). */
const SKIPPED_KINDS = new Set(["Secret", "SealedSecret"]);

/** Keys beside which a `…Key` value names a key in an existing Secret (a chart's existingSecret/authKey pair). */
const SECRET_NAME_KEYS = ["existingSecret", "existingSecretName", "secretName"];

/**
 * `authKey: auth` beside `existingSecret: redis`: the value is the name of a key in that Secret, not
 * a credential. Only a short key-like value under a name ending in "key" qualifies.
 */
/**
 * Whether the name a string is stored under says it is public by design (namesPublicValue): its own
 * key, or, for an env entry's `value`, the entry's name (NEXT_PUBLIC_FIREBASE_API_KEY).
 */
function saysPublic(root: unknown, path: ObjectPath, last: string | number | undefined): boolean {
  if (typeof last !== "string") return false;
  if (namesPublicValue(last)) return true;
  if (last !== "value") return false;
  const entry = getPath(root, path.slice(0, -1));
  return isRecord(entry) && typeof entry.name === "string" && namesPublicValue(entry.name);
}

function namesSecretKey(root: unknown, path: ObjectPath): boolean {
  const name = path[path.length - 1];
  if (typeof name !== "string" || !/key$/i.test(name)) return false;
  const value = getPath(root, path);
  if (typeof value !== "string" || !/^[-._a-zA-Z0-9]{1,63}$/.test(value)) return false;
  const parent = getPath(root, path.slice(0, -1));
  if (!isRecord(parent)) return false;
  // Beside the Secret's name: existingSecret, or a …SecretName of its own (passwordSecretName/passwordSecretKey).
  if (Object.entries(parent).some(([k, v]) => typeof v === "string" && v !== "" && (SECRET_NAME_KEYS.includes(k) || /secret_?name$/i.test(k)))) return true;
  // Inside a reference to a Secret: clientCredentialsSecretRef: {name: …, clientSecretKey: client-secret}.
  const owner = path[path.length - 2];
  return typeof owner === "string" && /secret_?(key_?)?ref$/i.test(owner) && typeof parent.name === "string" && parent.name !== "";
}

export default defineRule({
  meta: {
    id: "hardcoded-credential",
    scope: "subject",
    title: "Credentials must not be written outside Secrets",
    category: "secrets",
    severity: "error",
    description:
      "Reports credentials outside Secret objects: literal env values and ConfigMap keys whose name says secret (PASSWORD, TOKEN, API_KEY, …), NAME=value lines of that kind, the same in the configuration files a ConfigMap or values file carries (`password: …` in YAML, `\"password\": \"…\"` in JSON, Redis' requirepass and masterauth; one token, not prose), connection strings with an inline password, PEM private keys, and well-known token formats (AWS, GitHub, Slack, Stripe, JWT, Google, OpenAI, Anthropic) in any string of any manifest and of the non-Kubernetes YAML that a cluster receives: Helm values (files beside a Chart.yaml of the run) and the inputs of Kustomize generators. Other YAML (a server's config in a Docker build context, test resources) is not scanned, and a `…Key` value beside `existingSecret` (the name of a key in that Secret, `authKey: auth`) is not a credential. Placeholders, $(VAR) / ${VAR} references and Argo CD's references to a Secret's key ($oidc.okta.clientSecret, $my-secret:key, as its ConfigMaps write them) are not reported. An empty literal password (an env value \"\" or an empty ConfigMap value under a password name) is a warning: the service runs with no password; valueFrom entries are never reported.",
    rationale:
      "A credential in a Deployment, a ConfigMap or a values file is readable by everyone with access to the repository or to the namespace's ConfigMaps, is printed by kubectl describe, and stays in git history after it is removed.",
    remediation:
      "Move the value into a Secret created outside the repository (or an ExternalSecret / SealedSecret) and reference it with env.valueFrom.secretKeyRef or envFrom.secretRef; rotate the credential if it was real.",
    references: {
      guides: ["CONTINUUM: never commit secrets to version control"],
      cis: ["CIS 5.4.1"],
      equivalents: { kubeLinter: "env-var-secret", polaris: "sensitiveContainerEnvVar / sensitiveConfigmapContent", trivy: "KSV109" },
    },
    securitySeverity: 8.0,
    pointsAtCredentials: true,
    examples: {
      bad: "env:\n  - name: DB_PASSWORD\n    value: hunter2hunter2\n",
      good: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: db, key: password}\n",
    },
  },
  check({ model, report }) {
    const reported = new Set<string>();
    const emit = (target: Target, path: ObjectPath, message: string, severity?: "warning", valueLine?: number, suggestions?: FixSpec[]) => {
      const id = `${"resource" in target ? `r${target.resource.id}` : "document" in target ? `d${target.document.file.path}#${target.document.docIndex}` : ""}:${path.join("\u0000")}`;
      if (reported.has(id)) return;
      reported.add(id);
      report({ target, message, ...(severity ? { severity } : {}), ...(valueLine !== undefined ? { valueLine } : {}), ...(suggestions ? { suggestions } : {}) });
    };
    // Literal env values under secret names.
    for (const ref of model.containers) {
      if (SKIPPED_KINDS.has(ref.pod.resource.kind)) continue;
      const env = (ref.container as { env?: unknown }).env;
      if (!Array.isArray(env)) continue;
      // The other variables' names, for an access key beside its secret key (made when first asked).
      let names: string[] | undefined;
      const envNames = () => (names ??= env.filter(isRecord).map((e) => String(e.name)));
      env.forEach((e, i) => {
        if (!isRecord(e) || typeof e.name !== "string" || typeof e.value !== "string") return;
        // The path is made only for a value reported on.
        if (e.value === "" && e.valueFrom === undefined && looksPasswordName(e.name)) {
          const path = envValuePath(ref, i);
          emit({ resource: ref.pod.resource, path }, path, `container "${ref.name}" sets ${e.name} to an empty password`, "warning");
          return;
        }
        // A token format under a name that says public (NEXT_PUBLIC_…) is no credential; asked only for a match.
        let found = findCredential(e.value);
        if (found?.prefixed && namesPublicValue(e.name)) found = findCredential(e.value, false);
        if (found) {
          const path = envValuePath(ref, i);
          emit({ resource: ref.pod.resource, path }, path, `container "${ref.name}" sets ${e.name} to ${found.kind} ${redact(found.secret, found.prefixed)}`, undefined, undefined, fromSecret(ref, i));
        } else if (looksSecretName(e.name) && isCredentialValue(e.value) && !isAccessKeyId(e.name, envNames())) {
          const path = envValuePath(ref, i);
          emit({ resource: ref.pod.resource, path }, path, `container "${ref.name}" sets ${e.name} to a literal credential ${redact(e.value)}`, undefined, undefined, fromSecret(ref, i));
        }
      });
    }
    // Everything else: ConfigMap keys, NAME=value strings, token formats, keys, connection strings.
    // byKeyName: whether a string at this path is judged by its key's name; undefined for an object
    // where none is (every object but a ConfigMap), which spares a name lookup per string.
    const scan = (root: unknown, at: (path: ObjectPath) => Target, noun: string, byKeyName: ((path: ObjectPath) => boolean) | undefined) =>
      eachString(root, (s) => {
        const value = s.value;
        if (value.length < 4) return;
        // Where a string sits, for the message: the last key of its path (its own key, when it has one).
        let found = findCredential(value);
        if (found?.prefixed && saysPublic(root, s.path, s.last)) found = findCredential(value, false);
        // A kustomization's generator literal (`DB_PASSWORD=…`) is a key of the Secret or ConfigMap it
        // makes: the message names that key, not the `literals` list it is written in. Asked only of a
        // string reported on or holding a `=`: reading its path makes one (an array per string scanned).
        if (found) {
          const literal = generatorLiteralKey(s.path, value);
          emit(at(s.path), s.path, `${noun} ${literal !== undefined ? dataKey(literal) : `"${s.key ?? "value"}"`} holds ${found.kind} ${redact(found.secret, found.prefixed)}`);
          return;
        }
        // The name first: it is judged once per distinct name, while byKeyName reads the whole path.
        const last = s.last;
        if (byKeyName && typeof last === "string" && looksSecretName(last) && byKeyName(s.path) && isCredentialValue(value) && !value.includes("\n")) {
          emit(at(s.path), s.path, `${noun} "${last}" holds a literal credential ${redact(value)}`);
          return;
        }
        // An assignment needs its `=`, a configuration file several lines or a JSON text: most strings
        // are none of these, and leave before their key, lines and line closure are made.
        const multiline = value.includes("\n");
        const assigns = value.includes("=");
        if (!assigns && !multiline && !value.startsWith("{")) return;
        const key = s.key ?? "value";
        // The line of a multi-line string is where the finding points (when the string is a literal block).
        const lines = multiline ? value.split("\n") : [value];
        const lineOf = (i: number) => (lines.length > 1 ? i : undefined);
        if (assigns) {
          const literal = generatorLiteralKey(s.path, value);
          for (const [i, line] of lines.entries()) {
            const assigned = findAssignedCredential(line);
            if (!assigned) continue;
            if (literal !== undefined) {
              emit(at(s.path), s.path, `${noun} ${dataKey(literal)} holds a literal credential ${redact(assigned.value)}`);
              return;
            }
            emit(at(s.path), s.path, `${noun} "${key}" sets ${assigned.name} to a literal credential ${redact(assigned.value)}`, undefined, lineOf(i));
            return;
          }
        }
        // A configuration file carried as data (application.yml, config.json, redis.conf) read line by line.
        if (!(lines.length > 1 || value.startsWith("{")) || !byKeyName || !byKeyName(s.path)) return;
        for (const [i, line] of lines.entries()) {
          const found = findConfigCredential(line);
          if (!found) continue;
          emit(at(s.path), s.path, `${noun} "${key}" sets ${found.name} to a literal credential ${redact(found.value)}`, undefined, lineOf(i));
          return;
        }
      });
    for (const resource of model.resources) {
      if (SKIPPED_KINDS.has(resource.kind)) continue;
      // In other objects a secret-sounding key is an API field naming a reference (secretName,
      // serviceAccountToken): only a ConfigMap's data is user data read by key name.
      const configMap = resource.kind === "ConfigMap";
      if (configMap && isRecord(resource.object.data)) {
        for (const [key, value] of Object.entries(resource.object.data)) {
          if (value !== "" || !looksPasswordName(key)) continue;
          const path = ["data", key];
          emit({ resource, path }, path, `ConfigMap key ${dataKey(key)} holds an empty password`, "warning");
        }
      }
      scan(resource.object, (path) => ({ resource, path }), configMap ? "ConfigMap key" : "field", configMap ? (path) => path[0] === "data" || path[0] === "binaryData" : undefined);
    }
    for (const document of credentialDocuments(model)) {
      scan(document.value, (path) => ({ document, path }), "key", (path) => !path.some((seg) => typeof seg === "string" && /annotations$/i.test(seg)) && !namesSecretKey(document.value, path));
    }
  },
});

/** Generators of a kustomization whose `literals` entries are `KEY=value` lines. */
const GENERATORS = new Set(["secretGenerator", "configMapGenerator"]);

/**
 * The key a kustomization's generator literal sets (`secretGenerator[i].literals[j]`: `KEY=value`,
 * split at the first `=` as kustomize does), or undefined for any other string.
 */
function generatorLiteralKey(path: ObjectPath, value: string): string | undefined {
  if (path.length !== 4 || path[2] !== "literals" || typeof path[0] !== "string" || !GENERATORS.has(path[0])) return undefined;
  const eq = value.indexOf("=");
  return eq > 0 ? value.slice(0, eq).trim() : undefined;
}

function envValuePath(ref: ContainerRef, i: number): ObjectPath {
  return [...ref.path, "env", i, "value"];
}

/**
 * The variable read from a Secret instead: its literal value removed (the change takes the credential
 * out of the manifest), a secretKeyRef with placeholders the API server refuses until someone names the
 * Secret and key that hold it. A suggestion: that Secret has to be made, outside the repository.
 */
function fromSecret(ref: ContainerRef, i: number): FixSpec[] {
  const entry = [...ref.path, "env", i];
  return [
    {
      description: "read it from a Secret (valueFrom.secretKeyRef, placeholders to fill in)",
      operations: [
        { op: "remove", path: [...entry, "value"] },
        { op: "set", path: [...entry, "valueFrom"], value: { secretKeyRef: { name: "<Secret name: fill in>", key: "<key: fill in>" } } },
      ],
    },
  ];
}
