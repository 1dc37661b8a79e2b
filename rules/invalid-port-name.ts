import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { dns1123Label, ianaServiceName, isSubstituted } from "../src/model/api-names.js";

function list(v: unknown): Array<Record<string, unknown> | undefined> {
  return Array.isArray(v) ? v.map((x) => (isRecord(x) ? x : undefined)) : [];
}

export default defineRule({
  meta: {
    id: "invalid-port-name",
    scope: "object",
    title: "Port names must have the syntax the API server requires",
    category: "schema",
    severity: "error",
    description:
      "Reports container port names and named Service targetPorts that are not IANA service names (at most 15 lower-case letters, digits and '-', with a letter, no '-' at either end nor two in a row), Service port names that are not DNS-1123 labels, and Services with several ports where one has no name.",
    rationale:
      "The OpenAPI schemas only say that a port name is a string. The API server refuses these objects (`spec.ports[0].name: Invalid value`, `Required value`), so `kubectl apply` fails although schema validation passed. A 16-character name such as `metrics-exporter` is the usual cause.",
    remediation: "Name the port with at most 15 lower-case letters, digits and single '-' (e.g. `http-metrics`), and name every port of a multi-port Service.",
    defaultReason:
      "every finding is an object `kubectl apply` refuses. None on the seed or public corpora.",
    differences: [
      "kube-linter's invalid-target-ports checks container port names and targetPorts; Service port names (DNS labels) and unnamed ports of multi-port Services are refused by the API server as well.",
    ],
    references: {
      equivalents: { kubeLinter: "invalid-target-ports" },
      links: ["https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services"],
    },
    examples: {
      bad: "ports:\n  - name: prometheus-metrics\n    containerPort: 9090\n",
      good: "ports:\n  - name: metrics\n    containerPort: 9090\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      list((ref.container as { ports?: unknown }).ports).forEach((p, i) => {
        if (!p || typeof p.name !== "string" || p.name === "" || isSubstituted(p.name)) return;
        const why = ianaServiceName(p.name);
        if (why) report({ target: { resource: ref.pod.resource, path: [...ref.path, "ports", i, "name"] }, message: `container "${ref.name}" port name "${p.name}" is not an IANA service name: ${why}` });
      });
    }
    for (const svc of model.index.ofKind("Service")) {
      const ports = list(isRecord(svc.object.spec) ? svc.object.spec.ports : undefined);
      ports.forEach((p, i) => {
        if (!p) return;
        const path = ["spec", "ports", i];
        if (typeof p.name === "string" && p.name !== "" && !isSubstituted(p.name)) {
          const why = dns1123Label(p.name);
          if (why) report({ target: { resource: svc, path: [...path, "name"] }, message: `port name "${p.name}" is ${why}` });
        } else if (ports.length > 1 && (p.name === undefined || p.name === "" || p.name === null)) {
          report({ target: { resource: svc, path }, message: `port ${typeof p.port === "number" ? p.port : i} has no name, which a Service with several ports requires` });
        }
        // A quoted number is a name to the API server, and a name needs a letter.
        if (typeof p.targetPort === "string" && !isSubstituted(p.targetPort)) {
          const why = ianaServiceName(p.targetPort);
          if (why) report({ target: { resource: svc, path: [...path, "targetPort"] }, message: `targetPort "${p.targetPort}" is not an IANA service name: ${why}` });
        }
      });
    }
  },
});
