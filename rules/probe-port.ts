import { defineRule } from "../src/engine/rule.js";
import { containersOf, isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { PROBE_FIELDS, probeName, probePort } from "../src/model/probe-handler.js";
import type { ContainerRef } from "../src/model/pod-spec.js";
import { closestName } from "../src/engine/closest-id.js";
import { setValue } from "../src/engine/fix.js";

function declaredPorts(ref: ContainerRef): Array<Record<string, unknown>> {
  const ports = (ref.container as { ports?: unknown }).ports;
  return Array.isArray(ports) ? ports.filter(isRecord) : [];
}

export default defineRule({
  meta: {
    id: "probe-port",
    scope: "object",
    title: "Probes must connect to a port the pod declares",
    category: "reliability",
    severity: "error",
    description:
      "Reports an httpGet, tcpSocket or grpc probe whose port is a name the container does not declare (an error: the probe can never succeed), or a number that no container of the pod declares and that is a typo of a port the probed container declares (a digit added or dropped, or two neighbours swapped: 8800 or 808 for 8080; a warning). Other undeclared numbers are not reported, a digit changed among them: many servers answer health checks on a port of their own that the manifest does not declare (ingress-nginx's 10254, a kubebuilder operator's 8081 beside metrics on 8080).",
    rationale:
      "The kubelet resolves a named probe port among the container's own ports; when it is missing every probe fails: a liveness probe restarts the container forever, a readiness probe keeps it out of every Service. A probe on the declared port with two digits swapped, or one added or dropped, is how a typo shows up.",
    remediation: "Point the probe at a port the container declares (by its name or number), or declare the port the probe uses in the container's ports.",
    differences: [
      "kube-linter's liveness-port, readiness-port and startup-port report every numeric port the container does not declare; declaring ports is optional in Kubernetes, and a separate health port is common, so a number is reported here only when no container of the pod declares it and it is a typo of a port the container declares (swapped, added or dropped digits; not a changed digit, which is how neighbouring health ports are numbered).",
    ],
    references: {
      equivalents: { kubeLinter: "liveness-port / readiness-port / startup-port" },
      links: ["https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#use-a-named-port"],
    },
    defaultReason:
      "a probe on a name the container does not declare always fails, and one on a declared port with its digits swapped, added or dropped is a typo; the seed and public corpora have none, so it costs nothing where probes are right.",
    examples: {
      bad: "ports:\n  - name: http\n    containerPort: 8080\nlivenessProbe:\n  httpGet:\n    path: /health\n    port: web\n",
      good: "ports:\n  - name: http\n    containerPort: 8080\nlivenessProbe:\n  httpGet:\n    path: /health\n    port: http\n",
    },
  },
  check({ model, report }) {
    const podPorts = new Map<PodTemplate, Set<number>>();
    const numbersOf = (pod: PodTemplate) => {
      let set = podPorts.get(pod);
      if (!set) {
        set = new Set();
        for (const c of containersOf(pod)) for (const p of declaredPorts(c)) if (typeof p.containerPort === "number") set.add(p.containerPort);
        podPorts.set(pod, set);
      }
      return set;
    };
    for (const ref of model.containers) {
      for (const field of PROBE_FIELDS) {
        const probe = probePort(ref, field);
        if (!probe) continue;
        const own = declaredPorts(ref);
        const target = { resource: ref.pod.resource, path: probe.path };
        const numeric = typeof probe.port === "number" ? probe.port : /^\d+$/.test(probe.port) ? Number(probe.port) : undefined;
        if (numeric === undefined) {
          const name = probe.port as string;
          if (name.includes("${") || name.includes("{{")) continue;
          if (own.some((p) => p.name === name)) continue;
          const names = own.map((p) => p.name).filter((n): n is string => typeof n === "string");
          const near = closestName(name, names) ?? (names.length === 1 ? names[0] : undefined);
          report({
            target,
            message: `container "${ref.name}" ${probeName(field)} probe uses port "${name}", which the container does not declare${near ? ` (it declares "${near}")` : ""}`,
            ...(near ? { suggestions: [setValue(`use port ${near}`, probe.path, near)] } : {}),
          });
        } else if (!numbersOf(ref.pod).has(numeric)) {
          const near = own.find((p) => typeof p.containerPort === "number" && looksMistyped(String(numeric), String(p.containerPort)));
          if (!near) continue;
          report({
            target,
            severity: "warning",
            message: `container "${ref.name}" ${probeName(field)} probe uses port ${numeric}, which no container of the pod declares; the container declares ${near.containerPort as number}`,
            suggestions: [setValue(`use port ${near.containerPort as number}`, probe.path, near.containerPort)],
          });
        }
      }
    }
  },
});

/**
 * Whether digit string `a` is `b` mistyped: two neighbouring digits swapped, or one added or dropped.
 * Not one digit changed: 8081 beside 8080 is how a second port (health beside metrics) is numbered;
 * nor a 1 in front: 15672 beside 5672 is RabbitMQ's management port, a numbering servers use.
 */
function looksMistyped(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  if (a === `1${b}` || b === `1${a}`) return false;
  if (a.length === b.length) {
    const diffs: number[] = [];
    for (let i = 0; i < a.length && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    const [i, j] = diffs;
    return diffs.length === 2 && j === i + 1 && a[i] === b[j] && a[j] === b[i];
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}
