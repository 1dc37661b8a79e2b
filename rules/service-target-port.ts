import { defineRule } from "../src/engine/rule.js";
import { containersOf, isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { closestName } from "../src/engine/closest-id.js";
import { setValue } from "../src/engine/fix.js";

/** Port names a pod serves: those of its regular containers and sidecars (restartable init containers). */
/** The port names a pod's containers declare, each with the protocols it is declared for (TCP when unset). */
function portNames(pod: PodTemplate): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>();
  for (const ref of containersOf(pod)) {
    if (ref.kind !== "container" && !ref.sidecar) continue;
    const ports = (ref.container as { ports?: unknown }).ports;
    if (!Array.isArray(ports)) continue;
    for (const p of ports) {
      if (!isRecord(p) || typeof p.name !== "string") continue;
      const protocol = protocolOf(p);
      const set = names.get(p.name);
      if (set) set.add(protocol);
      else names.set(p.name, new Set([protocol]));
    }
  }
  return names;
}

function protocolOf(port: Record<string, unknown>): string {
  return typeof port.protocol === "string" && port.protocol !== "" ? port.protocol : "TCP";
}

export default defineRule({
  meta: {
    id: "service-target-port",
    scope: "subject",
    title: "A Service's named targetPort must be declared by the pods it selects",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports a Service port whose targetPort is a name that no container of any pod template the Service selects declares (regular containers and sidecars) for the Service port's protocol (TCP when unset, on both sides): a dns port declared for TCP gives a UDP Service port no endpoints. Services that select no pod in the set are left to dangling-selector, and those that select pods whose containers the set does not show (an operator's pods, a workload without its pod spec) are not judged.",
    rationale:
      "Kubernetes resolves a named targetPort in each selected pod; a pod without a port of that name is left out of the Service's endpoints. When no pod declares it, the Service has no endpoint for that port and every connection to it is refused, while the API server accepted everything.",
    remediation: "Name the container port as the Service's targetPort says (ports[].name), or point targetPort at a port name or number the container declares.",
    defaultReason:
      "every finding is a Service port with no endpoint. One on the seed corpora (Continuum's headless Service targets a `federation` port its API container does not declare), a real defect.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports"],
    },
    examples: {
      bad: "# Service\nports:\n  - port: 80\n    targetPort: http   # the container names its port \"web\"\n",
      good: "# Service\nports:\n  - port: 80\n    targetPort: web\n",
    },
  },
  check({ model, report }) {
    const cache = new Map<PodTemplate, Map<string, Set<string>>>();
    const namesOf = (pod: PodTemplate) => {
      let n = cache.get(pod);
      if (!n) cache.set(pod, (n = portNames(pod)));
      return n;
    };
    for (const svc of subjectsOfKind(model, "Service")) {
      const spec = svc.object.spec;
      if (!isRecord(spec) || !Array.isArray(spec.ports)) continue;
      const named = spec.ports.map((p, i) => ({ p, i })).filter(({ p }) => isRecord(p) && typeof p.targetPort === "string" && /[a-z]/.test(p.targetPort));
      if (named.length === 0) continue;
      const pods = model.index.selectedPods(svc);
      // A pod whose containers the set does not show (an operator's, a workload without its spec) may serve any name.
      if (pods.length === 0 || pods.some((pod) => pod.incomplete)) continue;
      for (const { p, i } of named) {
        const name = (p as { targetPort: string }).targetPort;
        // FindPort matches the name and the protocol: a UDP Service port finds no TCP container port.
        const protocol = protocolOf(p as Record<string, unknown>);
        if (pods.some((pod) => namesOf(pod).get(name)?.has(protocol))) continue;
        const who = pods.length === 1 ? `${pods[0].resource.kind} ${pods[0].resource.name}` : `any of the ${pods.length} workloads it selects`;
        const other = pods.flatMap((pod) => [...(namesOf(pod).get(name) ?? [])]);
        if (other.length > 0) {
          report({
            target: { resource: svc, path: ["spec", "ports", i, "targetPort"] },
            message: `targetPort "${name}" is a ${[...new Set(other)].join("/")} port of ${who}, and this Service port is ${protocol}: it gets no endpoints`,
          });
          continue;
        }
        // The name the pods use instead: one a character or two away, or the only one they declare.
        const names = new Set(pods.flatMap((pod) => [...namesOf(pod).keys()]));
        const near = closestName(name, names) ?? (names.size === 1 ? [...names][0] : undefined);
        const at = ["spec", "ports", i, "targetPort"];
        report({
          target: { resource: svc, path: at },
          message: `targetPort "${name}" is not a port name of ${who}${near ? ` (its pods name a port "${near}")` : ""}`,
          ...(near ? { suggestions: [setValue(`set targetPort: ${near}`, at, near)] } : {}),
        });
      }
    }
  },
});
