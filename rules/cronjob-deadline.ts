import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { getPath, isRecord } from "../src/model/pod-spec.js";

export default defineRule({
  meta: {
    id: "cronjob-deadline",
    scope: "object",
    title: "CronJobs should bound how late a run may start",
    category: "best-practice",
    severity: "info",
    description:
      "Reports a CronJob without spec.startingDeadlineSeconds (info), and one whose startingDeadlineSeconds is below 10 (a warning: the controller checks schedules about every 10 seconds, so such a CronJob may never start).",
    rationale:
      "Without a deadline, a run missed while the controller or the cluster was down starts whenever it comes back, hours late: a nightly report runs at noon, a backup overlaps business hours. A deadline skips runs that are too late to be useful.",
    remediation: "Set spec.startingDeadlineSeconds to how late a run may still start (e.g. 300), and at least 10.",
    references: {
      equivalents: { kubeScore: "cronjob-has-deadline" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation"],
    },
    optIn: true,
    defaultReason:
      "whether a late run is better than none depends on the job (a late backup is still wanted), so most findings would be answered with a justification rather than a change. The seed and public corpora have no CronJob.",
    examples: {
      bad: "kind: CronJob\nspec:\n  schedule: \"0 3 * * *\"\n",
      good: "kind: CronJob\nspec:\n  schedule: \"0 3 * * *\"\n  startingDeadlineSeconds: 600\n",
    },
  },
  check({ model, report }) {
    for (const cron of model.index.ofKind("CronJob")) {
      if (!cron.apiVersion.startsWith("batch/")) continue;
      const deadline = getPath(cron.object, ["spec", "startingDeadlineSeconds"]);
      if (deadline === undefined || deadline === null) {
        // How late a run may still start is the job's to say: the remediation's example, as a suggestion.
        const suggestions = isRecord(cron.object.spec) ? [setValue("set startingDeadlineSeconds: 300", ["spec", "startingDeadlineSeconds"], 300)] : [];
        report({ target: { resource: cron, path: ["spec", "schedule"] }, message: "sets no startingDeadlineSeconds: a missed run starts however late", suggestions });
      } else if (typeof deadline === "number" && deadline < 10) {
        report({
          target: { resource: cron, path: ["spec", "startingDeadlineSeconds"] },
          severity: "warning",
          message: `startingDeadlineSeconds ${deadline} is below the controller's 10-second check interval: runs may never start`,
          suggestions: [setValue("set startingDeadlineSeconds: 10", ["spec", "startingDeadlineSeconds"], 10)],
        });
      }
    }
  },
});
