import { describe, expect, it } from "vitest";
import { findConfigCredential, findCredential, isCredentialValue, looksSecretName } from "../src/model/credentials.js";
import { isPlaceholderValue } from "../src/model/placeholder-value.js";
import { redact } from "../src/model/redact.js";

describe("placeholder values", () => {
  it("recognises the forms templates use", () => {
    for (const v of ["", "  ", "changeme", "CHANGE_ME", "REPLACE_ME", "replace-me", "<password>", "${DB_PASSWORD}", "$(TOKEN)", "{{ .Values.token }}", "YOUR_API_KEY", "your-password", "xxx", "********", "...", "STAGING_PASSWORD", "whsec_STAGING_WEBHOOK_SECRET", "GENERATED_BY_DEPLOYMENT_SCRIPT", "caracal_dev_password_CHANGE_ME", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "metrics-user:$apr1$dotdotdo$dotdotdotdotdotdotdot", "replace-default-auth", "CHANGEME00000000"]) {
      expect(isPlaceholderValue(v), JSON.stringify(v)).toBe(true);
    }
  });

  it("does not take real-looking values for placeholders", () => {
    for (const v of ["caracal_dev_password", "Tr0ub4dor&3", "s3cr3t-Pa55w0rd-2024", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "metrics-user:$apr1$Vq7rT2mX$kL9pW4zS1nB6cF3hJ8dQ0.", "hunter2hunter2"]) {
      expect(isPlaceholderValue(v), v).toBe(false);
    }
  });
});

describe("secret-looking names", () => {
  it("reads the words of a name, not substrings", () => {
    for (const n of ["DB_PASSWORD", "stripeSecretKey", "apiKey", "API_KEYS", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "client-secret", "PGPASSWORD", "REDIS_PASS"]) expect(looksSecretName(n), n).toBe(true);
    for (const n of ["MAX_TOKENS", "TOTAL_CONTEXT_TOKENS", "REQUIRE_API_KEY", "SECRET_NAME", "secretName", "existingSecret", "TOKEN_URL", "PASSWORD_FILE", "passwordKey", "TOKEN_TTL", "CHAT_REDACT_SECRETS", "GOOGLE_OAUTH_CLIENT_ID", "token_endpoint_auth_method", "OIDC_TOKEN_ENDPOINT_AUTH_METHOD", "tokenEndpointAuthMethod"]) expect(looksSecretName(n), n).toBe(false);
  });

  it("takes flags, numbers, paths, plain URLs and references for non-credentials", () => {
    for (const v of ["true", "3600", "/var/run/secrets/token", "https://vault:8200", "$(DB_PASSWORD)", "postgres://app:${PW}@db/app", "arn:aws:secretsmanager:eu-west-1:1:secret:db", "changeme"]) expect(isCredentialValue(v), v).toBe(false);
    expect(isCredentialValue("m4il-Relay-pw")).toBe(true);
  });

  it("takes Argo CD's $<key> and $<secret>:<key> for references to a Secret, not a password starting with $", () => {
    for (const v of ["$dex.github.clientSecret", "$oidc.okta.clientSecret", "$another-secret:oidc.okta.clientSecret", "$slack-token", "$webhook-secret:github-token"]) expect(isCredentialValue(v), v).toBe(false);
    for (const v of ["$Upr3me-Vault#9", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", "$Passw0rd-2024", "$ecretPass"]) expect(isCredentialValue(v), v).toBe(true);
  });
});

describe("credential formats", () => {
  it("finds token formats, private keys and inline connection-string passwords", () => {
    expect(findCredential("key: AKIAQ4W7E2R9T5Y1U8I3 here")?.kind).toBe("an AWS access key ID");
    expect(findCredential("ghp_Z3x8Kq1Lm5Vn9Bw2Rt6Yp4Hs7Df0Gj3Ka8Uc")?.kind).toBe("a GitHub token");
    expect(findCredential("postgres://app:Zx4Cv7Bn2Mq9@db:5432/app")).toMatchObject({ kind: "a connection string with an inline password", secret: "Zx4Cv7Bn2Mq9" });
    expect(findCredential("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----")?.kind).toBe("a PEM private key");
  });

  it("leaves documentation tokens, placeholders and names that only look like tokens alone", () => {
    for (const s of ["AKIAIOSFODNN7EXAMPLE", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "postgres://user:CHANGEME@db/app", "postgresql://tarka:<password>@postgres:5432/tarka", "sk-production-analytics-worker-pool-east", "AKIAPRODUCTIONREGIONX", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"]) {
      expect(findCredential(s), s).toBeUndefined();
    }
  });
});

describe("credentials in configuration files", () => {
  it("finds a password in a YAML, JSON or Redis configuration line", () => {
    expect(findConfigCredential("    password: Xk82mfPq91zL")).toEqual({ name: "password", value: "Xk82mfPq91zL" });
    expect(findConfigCredential("  - apiKey: 'Qw81LmTx93bVzz'  # prod")).toEqual({ name: "apiKey", value: "Qw81LmTx93bVzz" });
    expect(findConfigCredential('{"db": {"user": "shop", "password": "Wm72kQpZ84nR"}}')).toEqual({ name: "password", value: "Wm72kQpZ84nR" });
    expect(findConfigCredential("requirepass Zq81LmTx93bV")).toEqual({ name: "requirepass", value: "Zq81LmTx93bV" });
  });

  it("leaves references, placeholders, prose, structure and non-secret keys alone", () => {
    for (const line of [
      "password: ${DB_PASSWORD}",
      "password: the password of the admin user",
      "password: |",
      "password: {secretKeyRef: db}",
      "password: &pw Xk82mfPq91zL",
      '"password": ""',
      "requirepass replace-default-auth",
      "signing_key: CHANGEME00000000",
      "existingSecret: db-credentials",
      "passwordFile: /etc/db/password",
      "tokenTTL: 24h",
      "username: Xk82mfPq91zL",
    ]) {
      expect(findConfigCredential(line), line).toBeUndefined();
    }
  });
});

describe("redaction", () => {
  it("shows the length, and a format's first four characters only when asked", () => {
    expect(redact("hunter2hunter2")).toBe("(14 chars)");
    expect(redact("sk_live_4eC39HqLyjWDarjtT1zdp7dc", true)).toBe("sk_l…(32 chars)");
    expect(redact("short", true)).toBe("(5 chars)");
  });
});
