import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";

const PREFIX = "nginx.ingress.kubernetes.io/";
/** Annotations whose value ingress-nginx pastes into its nginx.conf as written. */
const SNIPPETS = new Set(["configuration-snippet", "server-snippet", "auth-snippet", "stream-snippet", "modsecurity-snippet"]);
/** Directives that read files of the controller (its service account token, other tenants' keys) or run code in it. */
const FILE_OR_CODE = /(?:^|[\s;{}])(alias|root|[a-z_]+_by_lua(?:_block|_file)?)\s/;

/**
 * The snippet with its comments (`#` to the end of the line) and quoted strings blanked, each character
 * a space so that positions and lines stay: `# the root of the site` or a header value "alias " is no
 * directive.
 */
function directivesOnly(snippet: string): string {
  let out = "";
  let quote: string | undefined;
  let comment = false;
  // By UTF-16 unit, as the match's index counts.
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === "\n") {
      comment = false;
      quote = undefined;
      out += c;
    } else if (comment) out += " ";
    else if (quote) {
      if (c === quote) quote = undefined;
      out += " ";
    } else if (c === "#") {
      comment = true;
      out += " ";
    } else if (c === '"' || c === "'") {
      quote = c;
      out += " ";
    } else out += c;
  }
  return out;
}

export default defineRule({
  meta: {
    id: "ingress-nginx-snippet",
    scope: "object",
    title: "Ingresses must not inject NGINX configuration through snippet annotations",
    category: "security",
    severity: "warning",
    description:
      "Reports ingress-nginx snippet annotations (configuration-snippet, server-snippet, auth-snippet, stream-snippet, modsecurity-snippet) on an Ingress: a warning, and an error when the snippet uses alias, root or a *_by_lua directive. The annotation's value is never shown.",
    rationale:
      "Whoever may write an Ingress can put any NGINX configuration into the shared controller through a snippet: read its files, including the controller's ServiceAccount token that can read every Secret of the cluster (CVE-2021-25742), or run Lua code in it. Since ingress-nginx 1.9 the controller refuses snippets unless an administrator allows them, so such an Ingress also breaks on a default installation.",
    remediation:
      "Replace the snippet with the dedicated annotation or the controller's ConfigMap (custom-headers / add-headers for response headers, auth-url for external authentication), and never read files with alias or root in a snippet.",
    references: {
      equivalents: { checkov: "CKV_K8S_153" },
      links: [
        "https://github.com/kubernetes/ingress-nginx/issues/7837",
        "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations-risk/",
      ],
    },
    securitySeverity: 6.5,
    defaultReason:
      "the one finding on the seed corpora (Continuum's configuration-snippet that sets security headers) is an Ingress a default ingress-nginx refuses, and the headers have a dedicated ConfigMap setting.",
    examples: {
      bad: "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: |\n      location /static { alias /; }\n",
      good: "metadata:\n  annotations:\n    nginx.ingress.kubernetes.io/custom-headers: ingress-nginx/security-headers\n",
    },
  },
  check({ model, report }) {
    for (const ingress of model.index.ofKind("Ingress")) {
      const annotations = ingress.object.metadata?.annotations;
      if (!isRecord(annotations)) continue;
      for (const [key, value] of Object.entries(annotations)) {
        if (!key.startsWith(PREFIX) || !SNIPPETS.has(key.slice(PREFIX.length))) continue;
        if (typeof value !== "string" || value.trim() === "") continue;
        const target = { resource: ingress, path: ["metadata", "annotations", key] };
        const found = FILE_OR_CODE.exec(directivesOnly(value));
        const directive = found?.[1];
        // The directive's own line, when the snippet is a literal block of several.
        const line = found && value.includes("\n") ? value.slice(0, found.index + found[0].indexOf(found[1])).split("\n").length - 1 : undefined;
        if (directive) report({ target, severity: "error", message: `annotation ${key} uses the ${directive} directive in raw NGINX configuration`, ...(line !== undefined ? { valueLine: line } : {}) });
        else report({ target, message: `annotation ${key} injects raw NGINX configuration into the shared controller` });
      }
    }
  },
});
