import { defineRule } from "../src/engine/rule.js";
import type { ObjectPath } from "../src/types.js";
import type { Resource } from "../src/model/resource.js";
import { isRecord } from "../src/model/pod-spec.js";
import { envFromNames, linkOfOtherService, linkPrefix, serviceLinkNames, variableReferences } from "../src/model/env-expansion.js";

/** Names that look like environment variables; `$(date)` or `$(hostname -f)` are shell command substitutions. */
const VARIABLE_LIKE = /^[A-Z_][A-Z0-9_]*$/;

export default defineRule({
  meta: {
    id: "env-var-reference",
    scope: "subject",
    title: "$(VAR) references must name a variable defined before them",
    category: "reliability",
    severity: "warning",
    description:
      "Reports `$(NAME)` in env values, command, args and subPathExpr that names no variable of the container (env, envFrom, the service links of the namespace's Services that have a cluster IP and of the API server's kubernetes Service), and `$(NAME)` in an env value that names a variable defined only later in the env list. `$$(NAME)` is an escape and is left alone; when an envFrom source is not in the set, any name may be defined and nothing is reported for that container; neither is a service link variable of a Service the set does not hold (one in the cluster defines it).",
    rationale:
      "Kubernetes expands `$(NAME)` only from variables defined earlier in the list (or from envFrom); otherwise it leaves the text as it is, silently. A Kafka broker then advertises `$(POD_NAME).kafka:9092` literally and no client can reach it.",
    remediation:
      "Define the variable before the entry that uses it (move it up the env list), fix the name, or write `$$(NAME)` if the text is meant literally.",
    references: {
      guides: ["Caracal: Kafka advertised listeners built from POD_NAME"],
      links: ["https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/"],
    },
    examples: {
      bad: "env:\n  - name: ADVERTISED\n    value: $(POD_NAME).kafka:9092\n  - name: POD_NAME\n    valueFrom: {fieldRef: {fieldPath: metadata.name}}\n",
      good: "env:\n  - name: POD_NAME\n    valueFrom: {fieldRef: {fieldPath: metadata.name}}\n  - name: ADVERTISED\n    value: $(POD_NAME).kafka:9092\n",
    },
  },
  check({ model, report }) {
    const servicesByNs = new Map<string, Resource[]>();
    for (const svc of model.index.ofKind("Service")) {
      const ns = svc.namespace ?? "";
      const list = servicesByNs.get(ns);
      if (list) list.push(svc);
      else servicesByNs.set(ns, [svc]);
    }
    const linkCache = new Map<string, Set<string>>();
    const prefixCache = new Map<string, Set<string>>();
    // The link prefixes of the Services of a namespace in the set (headless ones too), and KUBERNETES.
    const prefixesFor = (ns: string | undefined) => {
      let prefixes = prefixCache.get(ns ?? "");
      if (!prefixes) prefixCache.set(ns ?? "", (prefixes = new Set(["KUBERNETES", ...(servicesByNs.get(ns ?? "") ?? []).map((s) => linkPrefix(s.name))])));
      return prefixes;
    };
    const linksFor = (ns: string | undefined, withLinks: boolean) => {
      const key = `${withLinks}\u0000${ns ?? ""}`;
      let names = linkCache.get(key);
      if (!names) linkCache.set(key, (names = serviceLinkNames(servicesByNs.get(ns ?? "") ?? [], withLinks)));
      return names;
    };

    for (const ref of model.containers) {
      const container = ref.container as unknown as Record<string, unknown>;
      // Most containers refer to no variable: what they define is looked up only for those that do.
      if (!refersToVariables(container)) continue;
      const resource = ref.pod.resource;
      const fromEnvFrom = envFromNames(container, resource.namespace, model.index);
      if (!fromEnvFrom) continue;
      const withLinks = (ref.pod.spec as { enableServiceLinks?: unknown }).enableServiceLinks !== false;
      const links = linksFor(resource.namespace, withLinks);
      // A link variable of a Service the set does not hold may come from one in the cluster.
      const elsewhere = (name: string) => withLinks && linkOfOtherService(name, prefixesFor(resource.namespace));
      const env = Array.isArray(container.env) ? container.env.filter(isRecord) : [];
      const definedAt = new Map<string, number>();
      env.forEach((e, i) => {
        if (typeof e.name === "string" && !definedAt.has(e.name)) definedAt.set(e.name, i);
      });
      const where = `container "${ref.name}"`;

      const check = (text: unknown, path: ObjectPath, field: string, definedBefore: (name: string) => boolean, self?: number) => {
        if (typeof text !== "string" || !text.includes("$(")) return;
        const reported = new Set<string>();
        for (const name of variableReferences(text)) {
          if (reported.has(name) || definedBefore(name) || fromEnvFrom.has(name) || links.has(name) || elsewhere(name)) continue;
          const later = definedAt.get(name);
          if (later !== undefined && later !== self) {
            reported.add(name);
            report({ target: { resource, path }, message: `$(${name}) in ${field} of ${where} refers to ${name}, which is defined later in the env list: Kubernetes leaves it unexpanded` });
          } else if (VARIABLE_LIKE.test(name)) {
            reported.add(name);
            report({ target: { resource, path }, message: `$(${name}) in ${field} of ${where} refers to ${name}, which the container does not define: Kubernetes leaves it unexpanded` });
          }
        }
      };

      env.forEach((e, i) => {
        check(e.value, [...ref.path, "env", i, "value"], `env ${typeof e.name === "string" ? e.name : `#${i}`}`, (name) => (definedAt.get(name) ?? Infinity) < i, i);
      });
      const anywhere = (name: string) => definedAt.has(name);
      for (const field of ["command", "args"] as const) {
        const list = container[field];
        if (Array.isArray(list)) list.forEach((arg, j) => check(arg, [...ref.path, field, j], field, anywhere));
      }
      const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
      mounts.forEach((m, j) => {
        if (isRecord(m)) check(m.subPathExpr, [...ref.path, "volumeMounts", j, "subPathExpr"], "subPathExpr", anywhere);
      });
    }
  },
});

/** Whether any text the rule checks (env values, command, args, subPathExpr) holds a `$(`. */
function refersToVariables(container: Record<string, unknown>): boolean {
  const has = (text: unknown) => typeof text === "string" && text.includes("$(");
  if (Array.isArray(container.env) && container.env.some((e) => isRecord(e) && has(e.value))) return true;
  for (const field of ["command", "args"] as const) {
    const list = container[field];
    if (Array.isArray(list) && list.some(has)) return true;
  }
  return Array.isArray(container.volumeMounts) && container.volumeMounts.some((m) => isRecord(m) && has(m.subPathExpr));
}
