import { defineRule } from "../src/engine/rule.js";
import { unitMistake } from "../src/model/resource-units.js";
import { setValue } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";
import { compareQuantities } from "../src/model/quantity.js";

export default defineRule({
  meta: {
    id: "requests-above-limits",
    scope: "object",
    title: "A container's requests must not exceed its limits",
    category: "resources",
    severity: "error",
    description: "Reports a resource request (cpu, memory, ephemeral-storage, extended resources) greater than the limit the same container sets for it, in every container kind. Where the request or the limit is in a unit its author cannot have meant (`cpu: 500` for 500m), resource-units reports that instead.",
    rationale:
      "The API server refuses such a pod (`must be less than or equal to cpu limit`). For a workload the controller accepts the template, then fails to create a single pod: the rollout hangs with a FailedCreate event nobody sees in the manifest.",
    remediation: "Lower the request to at most the limit, or raise the limit.",
    defaultReason:
      "every finding is a pod the API server refuses. None on the seed or public corpora.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#requests-and-limits"],
    },
    examples: {
      bad: "resources:\n  requests:\n    memory: 1Gi\n  limits:\n    memory: 512Mi\n",
      good: "resources:\n  requests:\n    memory: 512Mi\n  limits:\n    memory: 1Gi\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const res = (ref.container as { resources?: unknown }).resources;
      if (!isRecord(res) || !isRecord(res.requests) || !isRecord(res.limits)) continue;
      for (const [name, request] of Object.entries(res.requests)) {
        const limit = res.limits[name];
        if ((typeof request !== "string" && typeof request !== "number") || (typeof limit !== "string" && typeof limit !== "number")) continue;
        // A value in a unit its author cannot have meant (cpu: 500 for 500m) is resource-units' finding:
        // compared as written, it would make the wrong one look too high.
        if (compareQuantities(request, limit) !== 1 || unitMistake(name, request, res) || unitMistake(name, limit, res)) continue;
        // Which of the two is wrong is the author's to say: both as suggestions.
        const suggestions = [
          setValue(`lower the ${name} request to the limit (${limit})`, [...ref.path, "resources", "requests", name], limit),
          setValue(`raise the ${name} limit to the request (${request})`, [...ref.path, "resources", "limits", name], request),
        ];
        report({
          target: { resource: ref.pod.resource, path: [...ref.path, "resources", "requests", name] },
          message: `container "${ref.name}" requests ${request} ${name}, above its limit of ${limit}`,
          suggestions,
        });
      }
    }
  },
});
