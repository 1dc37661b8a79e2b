import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import { isRecord } from "../src/model/pod-spec.js";
import { unitMistake } from "../src/model/resource-units.js";

export default defineRule({
  meta: {
    id: "resource-units",
    scope: "object",
    title: "Resource quantities must be written in the unit they mean",
    category: "resources",
    severity: "warning",
    description:
      "Reports a container's memory or ephemeral-storage request or limit written in millibytes (`memory: 512m` is half a byte: an error) or below one MiB (`memory: 512` is 512 bytes), and a CPU request or limit of 100 or more written as a bare number (`cpu: 500` is 500 cores; 500m is half of one) unless the container writes at least 256Mi of memory per such core (a pod sized for a large machine). Each gets a suggestion with the unit it most likely meant (Mi for memory, m for CPU).",
    rationale:
      "The API server accepts any quantity, so a missing or wrong unit passes `kubectl apply`: a memory limit of half a byte keeps the container from starting (the runtime refuses limits below a few MiB), a tiny request tells the scheduler the pod needs nothing, and a CPU request of 500 cores leaves the pod Pending forever.",
    remediation: "Write the unit: Mi or Gi for memory and ephemeral-storage (512Mi), m for CPU millicores (500m).",
    references: {
      links: ["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#resource-units-in-kubernetes"],
    },
    defaultReason: "each finding is a quantity that cannot be what its author meant; none on the seed or public corpora.",
    examples: {
      bad: "resources:\n  requests:\n    cpu: 500\n    memory: 256m\n",
      good: "resources:\n  requests:\n    cpu: 500m\n    memory: 256Mi\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const res = (ref.container as { resources?: unknown }).resources;
      if (!isRecord(res)) continue;
      for (const section of ["requests", "limits"] as const) {
        const list = res[section];
        if (!isRecord(list)) continue;
        for (const [name, written] of Object.entries(list)) {
          const mistake = unitMistake(name, written, res);
          if (!mistake) continue;
          const text = String(written).trim();
          const path = [...ref.path, "resources", section, name];
          const what = `container "${ref.name}" ${name} ${section === "requests" ? "request" : "limit"} ${text}`;
          const number = /^[0-9.]+/.exec(text)?.[0];
          if (mistake.kind === "millibytes") {
            report({
              target: { resource: ref.pod.resource, path },
              severity: "error",
              message: `${what} is in millibytes (${formatBytes(mistake.bytes)})`,
              ...(number ? { suggestions: [setValue(`set ${name} to ${number}Mi`, path, `${number}Mi`)] } : {}),
            });
          } else if (mistake.kind === "bytes") {
            report({
              target: { resource: ref.pod.resource, path },
              message: `${what} is ${formatBytes(mistake.bytes)}`,
              ...(number && /^[0-9.]+$/.test(text) ? { suggestions: [setValue(`set ${name} to ${number}Mi`, path, `${number}Mi`)] } : {}),
            });
          } else {
            report({
              target: { resource: ref.pod.resource, path },
              message: `${what} is ${text} cores`,
              suggestions: [setValue(`set cpu to ${text}m`, path, `${text}m`)],
            });
          }
        }
      }
    }
  },
});

/** "0.5 bytes", "512 bytes", "100 KiB". */
function formatBytes(n: number): string {
  if (n < 1024) return `${Number(n.toPrecision(3))} byte${n === 1 ? "" : "s"}`;
  return `${Number((n / 1024).toPrecision(3))} KiB`;
}
