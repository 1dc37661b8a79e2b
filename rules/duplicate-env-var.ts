import { defineRule } from "../src/engine/rule.js";
import { isDeepStrictEqual } from "node:util";
import { isRecord } from "../src/model/pod-spec.js";
import type { FixSpec } from "../src/engine/fix.js";

export default defineRule({
  meta: {
    id: "duplicate-env-var",
    scope: "object",
    title: "A container must not define an environment variable twice",
    category: "best-practice",
    severity: "warning",
    description: "Reports an env entry whose name an earlier entry of the same container's env already defines (regular, init and ephemeral containers), unless it builds on the earlier value (X: \"$(X)-b\" reads it, as the API server's own warning sees).",
    rationale:
      "Only the last definition takes effect (the API server warns that it hides the earlier one), so the value a reviewer reads first is not the one the container gets; `kubectl apply` merges env by name and can drop or mix the two on update.",
    remediation: "Remove one of the two entries, keeping the value you mean.",
    references: {
      equivalents: { kubeLinter: "duplicate-env-var" },
      links: ["https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/"],
    },
    examples: {
      bad: "env:\n  - name: LOG_LEVEL\n    value: info\n  - name: LOG_LEVEL\n    value: debug\n",
      good: "env:\n  - name: LOG_LEVEL\n    value: debug\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const env = (ref.container as { env?: unknown }).env;
      if (!Array.isArray(env)) continue;
      const first = new Map<string, number>();
      const latest = new Map<string, number>();
      env.forEach((e, i) => {
        if (!isRecord(e) || typeof e.name !== "string") return;
        const earlier = first.get(e.name);
        const previous = latest.get(e.name);
        latest.set(e.name, i);
        if (earlier === undefined || previous === undefined) {
          first.set(e.name, i);
          return;
        }
        // A redefinition that builds on the earlier value (X: "$(X)-b") uses it, as the API server's
        // own warning (pkg/api/pod/warnings.go) sees: only a bare "$(X)" or a valueFrom hides it.
        const reference = `$(${e.name})`;
        if ((e.valueFrom === undefined || e.valueFrom === null) && typeof e.value === "string" && e.value !== reference && e.value.includes(reference)) return;
        // The same entry as the one in effect before it (the previous of its name, not the first: in
        // MODE=safe, MODE=fast, MODE=safe the last one is what the container gets): dropping this copy
        // changes nothing. Different values: the earlier one has no effect on the container, but an
        // entry between them may read it through $(NAME), so a person decides.
        const same = isDeepStrictEqual(env[previous], e);
        const change: FixSpec = same
          ? { description: `remove the repeated env entry ${e.name}`, operations: [{ op: "remove", path: [...ref.path, "env", i] }] }
          : { description: `remove the earlier env entry ${e.name} (env[${earlier}]), which the container never sees`, operations: [{ op: "remove", path: [...ref.path, "env", earlier] }] };
        report({
          ...(same ? { fix: change } : { suggestions: [change] }),
          target: { resource: ref.pod.resource, path: [...ref.path, "env", i, "name"] },
          message: `container "${ref.name}" defines env var "${e.name}" again (first at env[${earlier}]); only this last one takes effect`,
        });
      });
    }
  },
});
