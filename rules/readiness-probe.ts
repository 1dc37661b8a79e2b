import { defineRule } from "../src/engine/rule.js";
import { podsBehindServices, probedContainers, servesTraffic } from "../src/model/probes.js";
import { containerFieldMisspelt } from "../src/schema/misspelt-field.js";

export default defineRule({
  meta: {
    id: "readiness-probe",
    scope: "subject",
    title: "Long-running containers should have a readiness probe",
    category: "reliability",
    severity: "warning",
    description:
      "Reports containers of long-running workloads (not Jobs, CronJobs or init containers, nor a Knative Service, whose serving container Knative probes by default) that serve traffic without a readinessProbe: containers that declare a port, and the only container of a pod a Service in the set selects. A sidecar or a main container without a declared port beside others (one that listens on localhost behind a proxy) is not asked, nor a container whose written command only waits (`sleep infinity`: a client pod kept for `kubectl exec`, which opens no socket even when a Service selects it).",
    rationale:
      "Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve, and keeps receiving it while it is overloaded; rolling updates then drop requests.",
    remediation: "Add a readinessProbe that succeeds only when the container can serve requests (e.g. httpGet on /ready).",
    references: {
      guides: ["Santaclaude: /ready readiness probe endpoint", "Tarka: readinessProbe in the example Deployment"],
      equivalents: { kubeLinter: "no-readiness-probe", kubeScore: "pod-probes", polaris: "readinessProbeMissing", checkov: "CKV_K8S_9" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/"],
    },
    differences: [
      "Readiness probes are asked only of containers that serve traffic (they declare a port, or are the only container of a pod a Service in the set selects): a queue worker or a batch consumer that no Service routes to has no readiness to report, where kube-linter, Polaris and Checkov ask every container.",
    ],
    examples: {
      bad: "containers:\n  - name: api\n    image: api:1.0\n    ports:\n      - containerPort: 8080\n",
      good: "containers:\n  - name: api\n    image: api:1.0\n    ports:\n      - containerPort: 8080\n    readinessProbe:\n      httpGet:\n        path: /ready\n        port: 8080\n",
    },
  },
  check({ model, report }) {
    const behindServices = podsBehindServices(model);
    for (const ref of probedContainers(model.containers)) {
      if (ref.container.readinessProbe || !servesTraffic(ref, behindServices)) continue;
      // Knative Serving gives a revision's serving container a TCP readiness probe when it has none
      // (revision_defaults.go applyProbes).
      if (ref.pod.resource.apiVersion.startsWith("serving.knative.dev/")) continue;
      report({ target: { resource: ref.pod.resource, path: ref.path }, message: `container "${ref.name}" has no readiness probe`, causedBy: containerFieldMisspelt(ref, "readinessProbe") ? "schema" : undefined });
    }
  },
});
