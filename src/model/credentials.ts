import { isPlaceholderValue, isReference, isRepetitive } from "./placeholder-value.js";
import { isSopsCiphertext } from "./sops.js";

/** A credential found in a string: what kind it is, and the secret part (for redaction only, never printed). */
export interface CredentialMatch {
  kind: string;
  secret: string;
  /** True for token formats whose first characters name the format (safe to show as a hint). */
  prefixed: boolean;
}

interface TokenFormat {
  kind: string;
  re: RegExp;
  /** Random tokens mix digits with upper- and lower-case letters; a name such as `sk-production-…` does not. */
  mixed?: boolean;
}

/** Well-known token formats: each is a credential wherever it appears. */
const TOKEN_FORMATS: TokenFormat[] = [
  { kind: "an AWS access key ID", re: /\b(?:AKIA|ASIA|ABIA|ACCA)(?=[A-Z]*[0-9])[0-9A-Z]{16}\b/ },
  { kind: "a GitHub token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/, mixed: true },
  { kind: "a Slack token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: "a Slack webhook URL", re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: "a Stripe secret key", re: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}\b/, mixed: true },
  { kind: "a Stripe webhook secret", re: /\bwhsec_[A-Za-z0-9]{24,}\b/, mixed: true },
  { kind: "a JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: "a Google API key", re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, mixed: true },
  { kind: "an Anthropic API key", re: /\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{32,}/, mixed: true },
  { kind: "an OpenAI API key", re: /\bsk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/, mixed: true },
];

/** A substring every token format above contains. */
const TOKEN_HINT = /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox[abposr]-|hooks\.slack\.com|[sr]k_(?:live|test)_|whsec_|eyJ|AIza|sk-/;

const PRIVATE_KEY = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----([\s\S]*?)-----END \1-----/;
/**
 * A private-key block cut short or closed by another label (END RSA after BEGIN EC): still the key's
 * material, as long as a real body follows the BEGIN line.
 */
const PRIVATE_KEY_UNTERMINATED = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----[ \t]*\r?\n?((?:[ \t]*[A-Za-z0-9+/=:,-]+[ \t]*\r?\n?){2,})/;
const CONNECTION_STRING = /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:@/'"]+):([^\s@/'"]+)@[^\s'"]/i;
/** A `NAME=value` line or string (env files, kustomize generator literals). */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/;

/**
 * The token format, private key or connection-string password a string contains, if any. `tokens`
 * false: no token formats (a value whose name says it is public, as a Firebase web API key is).
 */
export function findCredential(s: string, tokens = true): CredentialMatch | undefined {
  if (s.length < 16) return undefined;
  if (s.includes("-----BEGIN")) {
    const pem = PRIVATE_KEY.exec(s) ?? unterminatedPrivateKey(s);
    if (pem && !isPlaceholderValue(pem[0])) return { kind: "a PEM private key", secret: pem[0], prefixed: false };
  }
  if (s.includes("://")) {
    const conn = CONNECTION_STRING.exec(s);
    if (conn && isCredentialValue(conn[2])) return { kind: "a connection string with an inline password", secret: conn[2], prefixed: false };
  }
  // One pass for "could any format be here" before ten: most strings of a manifest are names and numbers.
  if (!tokens || !TOKEN_HINT.test(s)) return undefined;
  for (const f of TOKEN_FORMATS) {
    const m = f.re.exec(s);
    if (!m || isPlaceholderToken(m[0])) continue;
    if (f.mixed && !(/[0-9]/.test(m[0]) && /[A-Z]/.test(m[0]) && /[a-z]/.test(m[0]))) continue;
    return { kind: f.kind, secret: m[0], prefixed: true };
  }
  return undefined;
}

/** A BEGIN … PRIVATE KEY line followed by at least 64 characters of key body, with no END line of its own label. */
function unterminatedPrivateKey(s: string): RegExpExecArray | undefined {
  const m = PRIVATE_KEY_UNTERMINATED.exec(s);
  if (!m || s.includes(`-----END ${m[1]}-----`)) return undefined;
  const body = m[2].replace(/\s+/g, "");
  return body.length >= 64 && !isRepetitive(body) ? m : undefined;
}

/** `AKIAIOSFODNN7EXAMPLE`, `ghp_xxxxxxxx…`, `sk_test_YOUR_KEY`: documentation tokens, not credentials. */
function isPlaceholderToken(token: string): boolean {
  if (/example|sample|dummy|fake|your|xxxx|placeholder|redacted/i.test(token)) return true;
  const body = token.replace(/^[a-z]+[-_](?:[a-z]+[-_])?/i, "");
  return isRepetitive(body) || isPlaceholderValue(body);
}

/** `DB_PASSWORD=…` in a string: the name and value, when the name looks secret and the value real. */
export function findAssignedCredential(s: string): { name: string; value: string } | undefined {
  const m = ASSIGNMENT.exec(s);
  if (!m) return undefined;
  const value = assignedValue(m[2]);
  return looksSecretName(m[1]) && isCredentialValue(value) ? { name: m[1], value } : undefined;
}

/** `password: s3cr3t` in a YAML config file (a list item's key too), quoted or not. */
const YAML_PAIR = /^\s*(?:-\s+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\1\s*:\s+(\S.*?)\s*$/;
/** `"password": "s3cr3t"` in a JSON config file, anywhere on a line. */
const JSON_PAIR = /"([A-Za-z_][A-Za-z0-9_.-]*)"\s*:\s*"([^"\\]*)"/g;
/** Redis' `requirepass s3cr3t` and `masterauth s3cr3t`: its configuration file names the password so. */
const REDIS_PASSWORD = /^\s*(requirepass|masterauth)\s+(\S+)\s*$/;

/**
 * A credential written in one line of a configuration file a ConfigMap or values file carries:
 * `password: …` (YAML: application.yml), `"password": "…"` (JSON), Redis' requirepass. The value must
 * be one token: prose after a key ("password: the password to use") is documentation.
 */
export function findConfigCredential(line: string): { name: string; value: string } | undefined {
  const redis = REDIS_PASSWORD.exec(line);
  if (redis) return isCredentialValue(redis[2]) ? { name: redis[1], value: redis[2] } : undefined;
  if (line.includes('"')) {
    for (const m of line.matchAll(JSON_PAIR)) if (looksSecretName(m[1]) && isConfigToken(m[2])) return { name: m[1], value: m[2] };
  }
  const yaml = YAML_PAIR.exec(line);
  if (!yaml || !looksSecretName(yaml[2])) return undefined;
  const value = assignedValue(yaml[3].replace(/\s+#.*$/, ""));
  return isConfigToken(value) ? { name: yaml[2], value } : undefined;
}

/** One token that is a credential, not the start of a YAML structure (a block, a flow map, an anchor or tag). */
function isConfigToken(value: string): boolean {
  return !/\s/.test(value) && !/^[|>{[&*!]/.test(value) && isCredentialValue(value);
}

/**
 * The value of an assignment as written after `=`: a quoted value is what its quotes hold, whatever
 * follows them (`MASTER_PASSWORD='', \` in a script's SQL is an empty password, not five characters);
 * a line continuation is not part of it.
 */
function assignedValue(written: string): string {
  const rest = written.replace(/\s*\\$/, "");
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    const end = rest.indexOf(quote, 1);
    if (end > 0) return rest.slice(1, end);
  }
  return rest;
}

/** Splits `stripeSecretKey`, `DB_PASSWORD`, `api-key` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

const SECRET_WORDS = new Set(["password", "passwd", "passphrase", "pwd", "secret", "secrets", "token", "credential", "credentials", "apikey", "apikeys", "privatekey", "secretkey", "accesskey", "bearer"]);
const SECRET_PAIRS = new Set([
  "api key", "api keys", "access key", "private key", "secret key", "auth key", "signing key", "encryption key", "master key", "session key", "client secret",
  "account key", "storage key", "subscription key", "key content",
]);
/** Cloud prefixes under which a name ending in KEY is an account or service key: AZURE_OPENAI_KEY, AWS_…_KEY. */
const CLOUD_PREFIXES = new Set(["azure", "aws", "gcp", "gcs", "google", "s3", "digitalocean", "do", "linode", "hetzner", "alibaba", "aliyun", "oci", "ibm", "cloudflare", "scaleway", "ovh"]);
/** Last words that make a secret-sounding name describe something else: SECRET_NAME, TOKEN_TTL, PASSWORD_FILE, token_endpoint_auth_method. */
const NOT_SECRET_LAST = new Set([
  "name", "names", "ref", "file", "path", "dir", "mount", "enabled", "enable", "disabled", "required", "ttl", "expiry", "expiration", "expires",
  "length", "size", "type", "mode", "format", "header", "policy", "id", "ids", "provider", "store", "version", "count", "max", "min", "timeout",
  "interval", "endpoint", "url", "uri", "host", "port", "audience", "issuer", "algorithm", "alg", "kind", "location", "manager", "backend", "rotation", "lifetime",
  "template", "pattern", "prefix", "suffix",
  // How a client authenticates: OIDC's token_endpoint_auth_method: client_secret_basic.
  "method", "methods",
  // How a credential is obtained, hashed or kept: tokenSource: serviceAccount, passwordEncoder: bcrypt,
  // token_cache: memory, auth.token.scheme: Bearer. The credential itself is named otherwise.
  "source", "encoder", "encoding", "cache", "strategy", "scheme",
]);
/** Words before the secret word that make it a setting about secrets: REQUIRE_API_KEY, existingSecret, CHAT_REDACT_SECRETS. */
const NOT_SECRET_FIRST = new Set(["existing", "use", "enable", "require", "requires", "max", "min", "num", "total", "no", "skip", "allow", "redact", "mask"]);

/**
 * Verdicts of looksSecretName by name: the same keys and variable names recur in every object (each
 * ConfigMap's keys, each container's env), and splitting a name into words was most of the credential
 * scan. Bounded, for a tree of endless distinct names.
 */
const secretNameVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_NAMES = 10_000;

/** Whether a key or variable name says its value is a credential. */
export function looksSecretName(name: string): boolean {
  let verdict = secretNameVerdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeSecretName(name);
    if (name.length <= 200) {
      if (secretNameVerdicts.size >= MAX_REMEMBERED_NAMES) secretNameVerdicts.clear();
      secretNameVerdicts.set(name, verdict);
    }
  }
  return verdict;
}

/** A part every secret-sounding name has (a secret word, pair, or `…pass`): most names have none and are not split into words. */
const SECRET_NAME_PART = /key|pass|pwd|secret|token|credential|bearer/;

function judgeSecretName(name: string): boolean {
  // words() lower-cases the name whole: a word it finds is in the lower-cased name.
  if (!SECRET_NAME_PART.test(name.toLowerCase())) return false;
  const w = words(name);
  if (w.length === 0) return false;
  // ACCESS_TOKEN_PUBLIC_KEY, NEXT_PUBLIC_API_KEY, publishableKey: public by design.
  if (w.some(isPublicWord)) return false;
  if (NOT_SECRET_LAST.has(w[w.length - 1])) return false;
  // passwordKey, tokenKey: the name of a key in a Secret, not a key.
  if (w.length >= 2 && w[w.length - 1] === "key" && ["password", "token", "credential", "credentials"].includes(w[w.length - 2])) return false;
  if (w.length >= 2 && w[w.length - 1] === "key" && CLOUD_PREFIXES.has(w[0])) return true;
  for (let i = 0; i < w.length; i++) {
    // A qualifier before the secret word makes the name a setting about secrets (CHAT_REDACT_SECRETS).
    if (NOT_SECRET_FIRST.has(w[i])) return false;
    // PGPASSWORD, DBPASSWORD, APITOKEN: one word that ends with the secret word.
    if (SECRET_WORDS.has(w[i]) || /.(password|passwd|secret|token)$/.test(w[i])) return true;
    if (i + 1 < w.length && SECRET_PAIRS.has(`${w[i]} ${w[i + 1]}`)) return true;
  }
  return w[w.length - 1] === "pass";
}

/** Last words of a key that says where or who (a username, an address, an account), not a credential. */
const IDENTITY_LAST = new Set([
  "user", "username", "usr", "login", "email", "mail", "host", "hostname", "port", "address", "addr", "account", "accountname", "database", "db", "dbname",
  "region", "zone", "endpoint", "url", "uri", "server", "domain", "bucket",
  // The Loki operator's object storage Secrets: bucketnames: loki.
  "buckets", "bucketname", "bucketnames",
  // Which one: Argo CD's repository Secrets carry name, project and type beside their credentials.
  "name", "project", "namespace", "type",
]);
/** Words before `id` or `name` that make it an identifier: client_id, tenantId, account_name, user.name. */
const IDENTITY_OWNER = new Set(["client", "app", "application", "installation", "tenant", "account", "project", "subscription", "user", "login", "db", "database", "host", "org", "organization"]);

/** Whether a key names where or who (`username`, `apiAddress`, `accountname`, `client_id`): such values are not secret. */
export function looksIdentityName(name: string): boolean {
  let verdict = identityNameVerdicts.get(name);
  if (verdict === undefined) {
    verdict = judgeIdentityName(name);
    if (name.length <= 200) {
      if (identityNameVerdicts.size >= MAX_REMEMBERED_NAMES) identityNameVerdicts.clear();
      identityNameVerdicts.set(name, verdict);
    }
  }
  return verdict;
}

/** Verdicts of looksIdentityName by name, as looksSecretName's: every Secret repeats `username`, `token`, `password`. */
const identityNameVerdicts = new Map<string, boolean>();

function judgeIdentityName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const last = w[w.length - 1];
  if (IDENTITY_LAST.has(last)) return true;
  return (last === "id" || last === "name") && w.length >= 2 && IDENTITY_OWNER.has(w[w.length - 2]);
}

/**
 * Whether `name` is the ID half of an access key pair among `siblings` (the other keys of its Secret
 * or env): an access key beside a secret key (MinIO's accesskey and secretkey, S3's ACCESS_KEY and
 * SECRET_KEY, Loki's access_key_id and access_key_secret) names the account, as a username does; the
 * secret key is the credential. An access key alone may be the secret itself (an Azure storage
 * account's), so it stays one.
 */
export function isAccessKeyId(name: string, siblings: readonly string[]): boolean {
  const w = words(name);
  const joined = ` ${w.join(" ")} `;
  if (!(joined.includes(" access key ") || w.includes("accesskey")) || w.includes("secret")) return false;
  return siblings.some((other) => {
    const o = words(other);
    const spaced = ` ${o.join(" ")} `;
    // Loki's S3 Secret pairs access_key_id with access_key_secret.
    return o.includes("secretkey") || spaced.includes(" secret key ") || spaced.includes(" secret access key ") || spaced.includes(" access key secret ");
  });
}

/** Whether a name says its value is a password (an empty one means the service runs without one). */
export function looksPasswordName(name: string): boolean {
  return looksSecretName(name) && words(name).some((w) => /(password|passwd|passphrase)$/.test(w) || w === "pwd" || w === "pass");
}

/**
 * A key of a Secret as Argo CD names it in its ConfigMaps, read from the Secret at run time: `$<key>` of
 * argocd-secret (`clientSecret: $oidc.okta.clientSecret` in argocd-cm), `$<secret>:<key>` of another
 * Secret, `$<key>` of argocd-notifications-secret (`token: $slack-token`). Such a key starts lower-case
 * and has a separator; a password a person chose to start with $ seldom has both (`$Passw0rd-2024`,
 * a bcrypt hash `$2a$10$…` are still credentials).
 * https://argo-cd.readthedocs.io/en/stable/operator-manual/user-management/#sensitive-data-and-sso-client-secrets
 */
const SECRET_KEY_REFERENCE = /^\$[a-z][A-Za-z0-9]*(?:[-_.:][A-Za-z0-9]+)+$/;

/**
 * Whether a value under a secret-looking name is a credential: not a placeholder or reference, not a
 * flag, number, path, plain URL or pointer into a secret manager.
 */
export function isCredentialValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 4 || isPlaceholderValue(v) || isReference(v) || SECRET_KEY_REFERENCE.test(v)) return false;
  if (isPublicMaterial(v)) return false;
  if (v.includes("$(") || v.includes("${") || v.includes("{{")) return false;
  // A name template of {fields} (zalando's '{username}.{cluster}.credentials'): filled in, never a secret.
  if (/\{[A-Za-z_][A-Za-z0-9_.-]*\}/.test(v) && v.replace(/\{[A-Za-z_][A-Za-z0-9_.-]*\}/g, "").replace(/[._\-/:]/g, "").length < 16 && !/\s/.test(v)) return false;
  // SOPS ciphertext, alone or as a whole encrypted file: committing it is the point of SOPS.
  if (isSopsCiphertext(v)) return false;
  if (/^(true|false|yes|no|on|off|enabled|disabled|none|null|nil|required|optional)$/i.test(v)) return false;
  if (/^[0-9.]+[a-z]{0,2}$/i.test(v)) return false;
  if (/^(\/|\.\/|~\/|file:)/.test(v)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i.test(v)) return false;
  if (/^(arn:aws|vault:|ref\+|sm:\/\/|projects\/[^/]+\/secrets\/|azurekeyvault:|secretsmanager:)/i.test(v)) return false;
  return true;
}

function isPublicWord(word: string): boolean {
  return word === "public" || word === "publishable";
}

/**
 * Whether a name says its value is public by design: a public key, a browser-side key
 * (NEXT_PUBLIC_FIREBASE_API_KEY: Firebase's web API keys are meant to ship in client code), a
 * publishable key. Token formats are not looked for in such a value; a private key still is.
 */
export function namesPublicValue(name: string): boolean {
  return words(name).some(isPublicWord);
}

/** Words that name a certificate or a bundle of them (tls.crt, ca.crt, cert-chain.pem, root-cert.pem). */
const CERTIFICATE_WORDS = new Set(["crt", "cert", "certs", "certificate", "certificates", "cacert", "cacerts", "cacrt"]);
/** Words of a name that also holds a private key (cert-key, a PKCS#12 or Java keystore beside its certificate). */
const KEY_HOLDER_WORDS = new Set(["key", "keys", "pfx", "p12", "pkcs12", "jks", "keystore", "private"]);

/**
 * Whether a name says its value is a certificate (tls.crt, ca.crt, crt.pem, caBundle): public by
 * design, whatever it holds, unless the name also says key or secret. A token or private key written
 * in such a value is still found: committed-secret looks for those before it reads the name.
 */
export function namesCertificate(name: string): boolean {
  const w = words(name);
  const certificate = w.some((x) => CERTIFICATE_WORDS.has(x)) || (w.includes("ca") && w.includes("bundle")) || w.includes("cabundle");
  return certificate && !w.some((x) => KEY_HOLDER_WORDS.has(x)) && !looksSecretName(name);
}

/** Certificates and public keys (PEM blocks, as written or base64-encoded): meant to be shared. */
export function isPublicMaterial(v: string): boolean {
  const text = v.includes("-----BEGIN") ? v : decodedPem(v);
  const blocks = text?.match(/-----BEGIN [A-Z0-9 ]+-----/g);
  return blocks !== null && blocks !== undefined && blocks.every((b) => /CERTIFICATE|PUBLIC KEY/.test(b) && !/PRIVATE/.test(b));
}

/** The text of a base64-encoded PEM block (LS0tLS1CRUdJTi… is "-----BEGIN"), else undefined. */
function decodedPem(v: string): string | undefined {
  // Most values are not one: the prefix first, before a copy without white space is made.
  if (!v.trimStart().startsWith("LS0tLS1CRUdJT")) return undefined;
  const compact = v.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}
