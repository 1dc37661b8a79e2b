import { defineRule } from "../src/engine/rule.js";
import { servesField } from "../src/model/field-introductions.js";
import type { Probe } from "kubernetes-types/core/v1.js";
import { probeOf } from "../src/model/probe-handler.js";
import type { ContainerRef } from "../src/model/pod-spec.js";
import type { FixSpec } from "../src/engine/fix.js";
import { containerFieldMisspelt } from "../src/schema/misspelt-field.js";

/** How often the proposed startup probe checks: Kubernetes' default period. */
const PERIOD_SECONDS = 10;

export default defineRule({
  meta: {
    id: "startup-probe",
    scope: "object",
    title: "Slow-starting containers should use a startup probe",
    category: "reliability",
    severity: "info",
    description:
      "Reports a container without a startupProbe whose livenessProbe waits initialDelaySeconds at or above a threshold (60 seconds by default) before its first check: advice. Silent for targets before Kubernetes 1.18 (--kube-version), whose API servers drop startup probes unless the StartupProbe feature gate is on.",
    rationale:
      "A long initial delay is a guess at the worst start-up time: too short and a slow start (a cold cache, a migration) is killed in a restart loop, too long and a container that hangs early is left alone for minutes. A startup probe holds the liveness probe back exactly until the process has started, however long that takes within its budget.",
    remediation: "Add a startupProbe on the same endpoint with periodSeconds × failureThreshold covering the slowest start, and lower the liveness probe's initialDelaySeconds (the suggestion does both, keeping the time a slow start had before a restart).",
    references: {
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes"],
    },
    options: {
      minInitialDelaySeconds: { type: "number", default: 60, description: "liveness initialDelaySeconds from which a startup probe is advised" },
    },
    defaultReason:
      "it is advice (info) that does not fail a run, and it points only at the few containers that wait a minute or more on a guess: Caracal's kafka and schema-registry, Santaclaude's browser-pool-service.",
    examples: {
      bad: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n  initialDelaySeconds: 120\n",
      good: "startupProbe:\n  httpGet: {path: /healthz, port: http}\n  failureThreshold: 30\n  periodSeconds: 5\nlivenessProbe:\n  httpGet: {path: /healthz, port: http}\n",
    },
  },
  check({ model, options, report }) {
    // Before 1.18 startup probes are alpha: a default API server drops the probe this rule proposes.
    if (!servesField("container", "startupProbe", model.settings.kubeVersion)) return;
    const threshold = typeof options.minInitialDelaySeconds === "number" ? options.minInitialDelaySeconds : 60;
    for (const ref of model.containers) {
      const liveness = probeOf(ref, "livenessProbe");
      const delay = liveness?.initialDelaySeconds;
      if (!liveness || typeof delay !== "number" || delay < threshold || probeOf(ref, "startupProbe")) continue;
      report({
        target: { resource: ref.pod.resource, path: [...ref.path, "livenessProbe", "initialDelaySeconds"] },
        // A misspelt startupProbe (startupProbs) is the schema rule's finding, with the rename.
        causedBy: containerFieldMisspelt(ref, "startupProbe") ? "schema" : undefined,
        message: `container "${ref.name}" delays its liveness probe ${delay}s instead of using a startup probe`,
        ...startupProbeFor(ref, liveness, delay),
      });
    }
  },
});

/**
 * A startup probe on the liveness probe's own check, and the delay removed: a container that starts
 * sooner is checked sooner. Its budget (failureThreshold × periodSeconds) is at least the time a slow
 * start had before the kubelet restarted it: the delay, then the liveness probe's failures
 * (failureThreshold × periodSeconds, by default 3 × 10s). A suggestion: that budget was a guess.
 */
function startupProbeFor(ref: ContainerRef, liveness: Probe, delay: number): { suggestions?: FixSpec[] } {
  const handler = (["httpGet", "tcpSocket", "grpc", "exec"] as const).find((h) => liveness[h] !== undefined && liveness[h] !== null);
  if (!handler) return {};
  const positive = (v: unknown, dflt: number) => (typeof v === "number" && v > 0 ? v : dflt);
  const allowed = delay + positive(liveness.failureThreshold, 3) * positive(liveness.periodSeconds, 10);
  const failureThreshold = Math.ceil(allowed / PERIOD_SECONDS);
  const probe: Record<string, unknown> = { [handler]: liveness[handler] };
  if (typeof liveness.timeoutSeconds === "number") probe.timeoutSeconds = liveness.timeoutSeconds;
  probe.periodSeconds = PERIOD_SECONDS;
  probe.failureThreshold = failureThreshold;
  return {
    suggestions: [
      {
        description: `add a startupProbe on the liveness check (up to ${failureThreshold * PERIOD_SECONDS}s to start) and remove the liveness delay`,
        operations: [
          { op: "set", path: [...ref.path, "startupProbe"], value: probe },
          { op: "remove", path: [...ref.path, "livenessProbe", "initialDelaySeconds"] },
        ],
      },
    ],
  };
}
