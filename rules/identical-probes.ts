import { defineRule } from "../src/engine/rule.js";
import type { Probe } from "kubernetes-types/core/v1.js";
import { probeOf } from "../src/model/probe-handler.js";
import { applyProbeDefaults } from "../src/model/probe-defaults.js";
import { isRecord } from "../src/model/pod-spec.js";

/** JSON with keys sorted, so that two probes written in different key orders compare equal. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** A probe as the kubelet runs it: the API server's defaults filled in, so `periodSeconds: 10` equals leaving it out. */
function asRun(probe: Probe): unknown {
  const copy = structuredClone(probe) as Record<string, unknown>;
  applyProbeDefaults(copy);
  // An initial delay of 0 is the zero value the API server leaves out.
  if (copy.initialDelaySeconds === 0 || copy.initialDelaySeconds === null) delete copy.initialDelaySeconds;
  return copy;
}

/**
 * A cheap proof that two probes differ as run, before they are cloned, defaulted and written out:
 * one checks by HTTP and the other not, or both by HTTP on different written paths (defaults fill
 * only a path that is left out, null or empty). Most pairs differ so (`/healthz` and `/ready`).
 */
function surelyDiffer(a: Probe, b: Probe): boolean {
  const ga: unknown = a.httpGet;
  const gb: unknown = b.httpGet;
  if (isRecord(ga) !== isRecord(gb)) return true;
  if (!isRecord(ga) || !isRecord(gb)) return false;
  return typeof ga.path === "string" && typeof gb.path === "string" && ga.path !== "" && gb.path !== "" && ga.path !== gb.path;
}

export default defineRule({
  meta: {
    id: "identical-probes",
    scope: "object",
    title: "A liveness probe must not be identical to the readiness probe",
    category: "reliability",
    severity: "warning",
    description:
      "Reports a container whose livenessProbe is identical to its readinessProbe: same handler and same timing, with Kubernetes' defaults for what is left out (periodSeconds: 10 is the same as none). The same endpoint with a more tolerant liveness (a higher failureThreshold or period), as the Kubernetes documentation suggests, is not reported.",
    rationale:
      "Readiness takes an overloaded pod or one whose dependency is slow out of rotation until it recovers. A liveness probe that fails at exactly the same moment restarts it instead: a slow database then restarts every replica at once, and the cold starts deepen the outage.",
    remediation: "Make the liveness probe check only that the process is alive (a lightweight endpoint that does not call dependencies), or at least give it a higher failureThreshold than the readiness probe.",
    differences: [
      "kube-score's pod-probes-identical compares only the handler, so the same endpoint with a more tolerant liveness probe (a higher failureThreshold), which the Kubernetes documentation recommends, is reported there; here only probes that fail at exactly the same moment are.",
    ],
    references: {
      equivalents: { kubeScore: "pod-probes-identical" },
      links: ["https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/"],
    },
    defaultReason:
      "an identical pair turns every readiness dip into a restart, and the fix is one field. On the corpora it finds one pair: the haproxy container of Argo CD's redis-ha manifests (in its source and in each of the four generated install bundles).",
    examples: {
      bad: "livenessProbe:\n  httpGet: {path: /ready, port: http}\nreadinessProbe:\n  httpGet: {path: /ready, port: http}\n",
      good: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n  failureThreshold: 6\nreadinessProbe:\n  httpGet: {path: /ready, port: http}\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const liveness = probeOf(ref, "livenessProbe");
      const readiness = probeOf(ref, "readinessProbe");
      if (!liveness || !readiness || surelyDiffer(liveness, readiness) || canonical(asRun(liveness)) !== canonical(asRun(readiness))) continue;
      report({ target: { resource: ref.pod.resource, path: [...ref.path, "livenessProbe"] }, message: `container "${ref.name}" has a liveness probe identical to its readiness probe` });
    }
  },
});
