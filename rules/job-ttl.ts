import { defineRule } from "../src/engine/rule.js";
import { servesField } from "../src/model/field-introductions.js";
import { setValue } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";

/** Annotations by which Helm or Argo CD delete a hook Job themselves. */
const DELETED_BY_TOOL = ["helm.sh/hook-delete-policy", "argocd.argoproj.io/hook-delete-policy"];

export default defineRule({
  meta: {
    id: "job-ttl",
    scope: "object",
    title: "Jobs should be cleaned up after they finish",
    category: "best-practice",
    severity: "info",
    description:
      "Reports a Job without spec.ttlSecondsAfterFinished that no CronJob owns and that no Helm or Argo CD hook delete policy removes. Silent for targets before Kubernetes 1.21 (--kube-version), whose API servers drop the field unless the TTLAfterFinished feature gate is on.",
    rationale:
      "A finished Job and its pods stay in the cluster forever: they pile up, keep their logs and volumes, and a changed Job cannot be applied over the finished one (its pod template is immutable), so the next deploy fails until someone deletes it by hand.",
    remediation:
      "Set spec.ttlSecondsAfterFinished (e.g. 86400) so the Job is deleted a day after it finishes, or let the deploy tool delete it (a helm.sh/hook-delete-policy or argocd.argoproj.io/hook-delete-policy annotation).",
    references: {
      equivalents: { kubeLinter: "job-ttl-seconds-after-finished" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/"],
    },
    optIn: true,
    defaultReason:
      "a TTL is a trade-off, not a fix: with plain `kubectl apply` a Job deleted by its TTL is created and run again by the next apply, which a migration Job must not do. Teams that deploy Jobs through a tool that recreates them on purpose can turn it on. The seed and public corpora have no Job.",
    examples: {
      bad: "kind: Job\nspec:\n  template: ...\n",
      good: "kind: Job\nspec:\n  ttlSecondsAfterFinished: 86400\n  template: ...\n",
    },
  },
  check({ model, report }) {
    // Before 1.21 the TTL controller is alpha: a default API server drops the field this rule asks for.
    if (!servesField("job", "spec.ttlSecondsAfterFinished", model.settings.kubeVersion)) return;
    for (const job of model.index.ofKind("Job")) {
      if (!job.apiVersion.startsWith("batch/")) continue;
      const spec = isRecord(job.object.spec) ? job.object.spec : {};
      if (typeof spec.ttlSecondsAfterFinished === "number") continue;
      const meta = isRecord(job.object.metadata) ? job.object.metadata : {};
      const owners = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
      if (owners.some((o) => isRecord(o) && o.kind === "CronJob")) continue;
      const annotations = isRecord(meta.annotations) ? meta.annotations : {};
      if (DELETED_BY_TOOL.some((a) => typeof annotations[a] === "string")) continue;
      // A suggestion: a tool that applies the Job (GitOps) may create it again once it is deleted.
      report({
        target: { resource: job, path: isRecord(job.object.spec) ? ["spec"] : ["metadata", "name"] },
        message: "sets no ttlSecondsAfterFinished: the finished Job and its pods are never deleted",
        ...(isRecord(job.object.spec) ? { suggestions: [setValue("set ttlSecondsAfterFinished: 86400 (a day after it finishes)", ["spec", "ttlSecondsAfterFinished"], 86400)] } : {}),
      });
    }
  },
});
