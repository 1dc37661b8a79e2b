import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";

export default defineRule({
  meta: {
    id: "duplicate-env-var",
    title: "A container must not define an environment variable twice",
    category: "best-practice",
    severity: "warning",
    description: "Reports an env entry whose name an earlier entry of the same container's env already defines (regular, init and ephemeral containers).",
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
      env.forEach((e, i) => {
        if (!isRecord(e) || typeof e.name !== "string") return;
        const earlier = first.get(e.name);
        if (earlier === undefined) {
          first.set(e.name, i);
          return;
        }
        report({
          target: { resource: ref.pod.resource, path: [...ref.path, "env", i, "name"] },
          message: `container "${ref.name}" defines env var "${e.name}" again (first at env[${earlier}]); only this last one takes effect`,
        });
      });
    }
  },
});
