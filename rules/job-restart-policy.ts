import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";

export default defineRule({
  meta: {
    id: "job-restart-policy",
    scope: "object",
    title: "Job and CronJob pods must set restartPolicy OnFailure or Never",
    category: "schema",
    severity: "error",
    description: "Reports a Job or CronJob whose pod template sets restartPolicy Always, or sets none (the default is Always).",
    rationale:
      "The API server refuses a Job whose pods restart always (`spec.template.spec.restartPolicy: Unsupported value`): such a pod never completes. A CronJob is accepted, and then every Job it creates is refused at each schedule.",
    remediation: "Set restartPolicy: OnFailure (retry in place) or Never (a new pod per retry, counted by backoffLimit) in the pod template.",
    defaultReason:
      "every finding is a Job the API server refuses. None on the seed or public corpora.",
    differences: [
      "kube-score's cronjob-restartpolicy checks CronJobs only; Jobs are refused by the API server for the same reason, and an unset policy (Always by default) is reported too.",
    ],
    references: {
      equivalents: { kubeScore: "cronjob-restartpolicy" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-template"],
    },
    examples: {
      bad: "kind: Job\nspec:\n  template:\n    spec:\n      containers: [...]\n",
      good: "kind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [...]\n",
    },
  },
  check({ model, report }) {
    for (const pod of model.pods) {
      const kind = pod.resource.kind;
      if ((kind !== "Job" && kind !== "CronJob") || !pod.resource.apiVersion.startsWith("batch/")) continue;
      const policy = pod.spec.restartPolicy as unknown;
      if (policy === "OnFailure" || policy === "Never") continue;
      // Both values are what the API requires; which one suits the job (retry in place, or a new pod
      // per retry counted by backoffLimit) is the author's choice: two suggestions, no fix.
      const at = [...pod.specPath, "restartPolicy"];
      const suggestions = [setValue("set restartPolicy: OnFailure (retry in place)", at, "OnFailure"), setValue("set restartPolicy: Never (a new pod per retry)", at, "Never")];
      if (policy === undefined || policy === null) {
        report({ target: { resource: pod.resource, path: pod.specPath }, message: `${kind} pod template sets no restartPolicy (Always by default)`, suggestions });
      } else if (policy === "Always") {
        report({ target: { resource: pod.resource, path: at }, message: `${kind} pod template sets restartPolicy Always`, suggestions });
      }
    }
  },
});
