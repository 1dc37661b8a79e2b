import { defineRule } from "../src/engine/rule.js";
import { isRecord } from "../src/model/pod-spec.js";
import { sharesHostNamespace } from "../src/model/security-context.js";

export default defineRule({
  meta: {
    id: "host-port",
    scope: "object",
    title: "Containers should not bind host ports",
    category: "networking",
    severity: "warning",
    description:
      "Reports container ports with a hostPort. Pods with hostNetwork: true are left to host-namespaces: their ports are the node's anyway.",
    rationale:
      "A hostPort ties the pod to nodes where that port is free (two replicas cannot share a node, and a rollout can stall), and exposes the container on the node's address, outside Services and most NetworkPolicy setups.",
    remediation: "Remove hostPort and expose the container through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.",
    references: {
      cis: ["CIS 5.2.13"],
      pss: ["PSS baseline: Host Ports"],
      equivalents: { polaris: "hostPortSet", checkov: "CKV_K8S_26", trivy: "KSV024" },
    },
    securitySeverity: 4.0,
    examples: {
      bad: "ports:\n  - containerPort: 8080\n    hostPort: 8080\n",
      good: "ports:\n  - containerPort: 8080\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      if (sharesHostNamespace(ref.pod, "hostNetwork")) continue;
      const ports = (ref.container as { ports?: unknown }).ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((p, i) => {
        // A quoted "0" is the schema rule's finding; like 0, it asks for no host port.
        if (!isRecord(p) || p.hostPort === undefined || p.hostPort === null || p.hostPort === 0 || p.hostPort === "0") return;
        const at = [...ref.path, "ports", i, "hostPort"];
        report({
          target: { resource: ref.pod.resource, path: at },
          message: `container "${ref.name}" binds host port ${String(p.hostPort)}`,
          // A suggestion: whatever reaches the node's port must then come through a Service.
          suggestions: [{ description: "remove hostPort (reach the pod through a Service)", operations: [{ op: "remove", path: at }] }],
        });
      });
    }
  },
});
