import { isDeepStrictEqual } from "node:util";
import { defineRule } from "../src/engine/rule.js";
import { containersOf, isRecord } from "../src/model/pod-spec.js";
import { formatPath } from "../src/engine/finding.js";
import type { ObjectPath } from "../src/types.js";
import type { FixSpec } from "../src/engine/fix.js";
import { mappingsAt } from "../src/model/list-items.js";

function protocolOf(p: Record<string, unknown>): string {
  return typeof p.protocol === "string" && p.protocol !== "" ? p.protocol : "TCP";
}

/**
 * A fix for a port written twice, when both entries are the same in every field: the repeat removed
 * (the API server refuses a Service's; a container's says nothing more). Entries that differ (another
 * name, targetPort or nodePort) need a person to say which is meant.
 */
function removeRepeat(ports: readonly Record<string, unknown>[], earlier: number, i: number, list: ObjectPath): { fix?: FixSpec } {
  if (!isDeepStrictEqual(ports[earlier], ports[i])) return {};
  return { fix: { description: `remove ports[${i}], the same entry as ports[${earlier}]`, operations: [{ op: "remove", path: [...list, i] }] } };
}

export default defineRule({
  meta: {
    id: "duplicate-port",
    scope: "object",
    title: "Ports must not be defined twice",
    category: "networking",
    severity: "error",
    description:
      "Reports a Service port whose port/protocol or name an earlier port of the same Service has, and a container port whose containerPort/protocol (with the same hostIP and hostPort) another port of the pod's long-running containers already declares, or whose name its container already uses.",
    rationale:
      "The API server rejects a Service with two ports of the same port/protocol or name. Two containers of one pod share a network namespace, so only one can bind a port: the other crash-loops (the API server only warns). Duplicates in one container confuse Services that target ports by name.",
    remediation: "Remove the duplicate port, or give it another port number (or protocol) and a unique name.",
    references: {
      links: ["https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services"],
    },
    examples: {
      bad: "ports:\n  - name: http\n    port: 80\n  - name: web\n    port: 80\n",
      good: "ports:\n  - name: http\n    port: 80\n  - name: https\n    port: 443\n",
    },
  },
  check({ model, report }) {
    for (const svc of model.index.ofKind("Service")) {
      const byPort = new Map<string, number>();
      const byName = new Map<string, number>();
      const ports = mappingsAt(isRecord(svc.object.spec) ? svc.object.spec.ports : undefined);
      ports.forEach((p, i) => {
        if (typeof p.port === "number") {
          const k = `${p.port}/${protocolOf(p)}`;
          const earlier = byPort.get(k);
          if (earlier !== undefined) {
            report({ target: { resource: svc, path: ["spec", "ports", i, "port"] }, message: `defines port ${k} twice (spec.ports[${earlier}] and spec.ports[${i}])`, ...removeRepeat(ports, earlier, i, ["spec", "ports"]) });
            return;
          }
          byPort.set(k, i);
        }
        if (typeof p.name === "string" && p.name !== "") {
          const earlier = byName.get(p.name);
          if (earlier !== undefined) report({ target: { resource: svc, path: ["spec", "ports", i, "name"] }, message: `uses port name "${p.name}" twice (spec.ports[${earlier}] and spec.ports[${i}])` });
          else byName.set(p.name, i);
        }
      });
    }

    for (const pod of model.pods) {
      const resource = pod.resource;
      // Long-running containers share the pod's ports; run-once init containers exit before the others start.
      const seen = new Map<string, ObjectPath>();
      // Sidecars first, as the API server visits them (and as they start): the later declaration is the duplicate.
      const running = containersOf(pod).filter((c) => c.kind === "container" || c.sidecar);
      for (const ref of [...running.filter((c) => c.sidecar), ...running.filter((c) => !c.sidecar)]) {
        const names = new Map<string, number>();
        const ports = mappingsAt((ref.container as { ports?: unknown }).ports);
        ports.forEach((p, i) => {
          const path = [...ref.path, "ports", i];
          if (typeof p.name === "string" && p.name !== "") {
            const earlier = names.get(p.name);
            if (earlier !== undefined) {
              report({ target: { resource, path: [...path, "name"] }, message: `container "${ref.name}" uses port name "${p.name}" twice (ports[${earlier}] and ports[${i}])` });
            } else names.set(p.name, i);
          }
          if (typeof p.containerPort !== "number") return;
          const k = `${p.containerPort}/${protocolOf(p)}/${String(p.hostIP ?? "")}/${String(p.hostPort ?? 0)}`;
          const earlier = seen.get(k);
          if (earlier) {
            // The same entry twice in this container's list: removing the repeat changes nothing the pod does.
            const sameList = earlier.length === path.length && earlier.slice(0, -1).every((seg, j) => seg === path[j]);
            report({
              target: { resource, path: [...path, "containerPort"] },
              severity: "warning",
              message: `container "${ref.name}" declares port ${p.containerPort}/${protocolOf(p)}, already declared at ${formatPath(earlier)}`,
              ...(sameList ? removeRepeat(ports, earlier[earlier.length - 1] as number, i, [...ref.path, "ports"]) : {}),
            });
          } else seen.set(k, path);
        });
      }
    }
  },
});
