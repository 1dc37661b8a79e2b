import { defineRule } from "../src/engine/rule.js";
import { probedContainers } from "../src/model/probes.js";
import { onlyWaits } from "../src/model/idle-command.js";
import { containerFieldMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "liveness-probe",
    scope: "object",
    title: "Long-running containers should have a liveness probe",
    category: "reliability",
    severity: "warning",
    description: "Reports containers of long-running workloads (not Jobs, CronJobs or init containers) without a livenessProbe, except one whose written command only waits (`sleep infinity`, `tail -f /dev/null`: the idle main container of a DaemonSet whose init container does the work), which cannot hang.",
    rationale: "Without a liveness probe a deadlocked or wedged process keeps its pod Running forever; the kubelet restarts only what a probe says is dead.",
    remediation: "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when the process cannot recover by itself, with a generous failureThreshold.",
    references: {
      guides: ["Santaclaude: /health liveness probe endpoint", "Tarka: livenessProbe in the example Deployment"],
      equivalents: { kubeLinter: "no-liveness-probe", kubeScore: "pod-probes", polaris: "livenessProbeMissing", checkov: "CKV_K8S_8" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
    },
    examples: {
      bad: "containers:\n  - name: api\n    image: api:1.0\n",
      good: "containers:\n  - name: api\n    image: api:1.0\n    livenessProbe:\n      httpGet:\n        path: /health\n        port: 8080\n",
    },
  },
  check({ model, report }) {
    for (const ref of probedContainers(model.containers)) {
      // A misspelt livenessProbe (livenesProbe) is the schema rule's finding, with the rename.
      if (ref.container.livenessProbe) continue;
      // A container that only sleeps has nothing a probe could find stuck.
      if (onlyWaits(ref.container)) continue;
      report({ target: { resource: ref.pod.resource, path: ref.path }, message: `container "${ref.name}" has no liveness probe`, causedBy: containerFieldMisspelt(ref, "livenessProbe") ? "schema" : undefined });
    }
  },
});
