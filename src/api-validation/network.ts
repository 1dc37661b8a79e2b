import type { Report } from "../engine/rule.js";
import { setValue } from "../engine/fix.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { portNumber } from "./port-number.js";

type Emit = (r: Report) => void;

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];

export function checkIngress(resource: Resource, report: Emit): void {
  list(getPath(resource.object, ["spec", "rules"])).forEach((rule, r) => {
    if (!isRecord(rule) || !isRecord(rule.http)) return;
    list(rule.http.paths).forEach((p, i) => {
      if (!isRecord(p) || typeof p.path !== "string") return;
      const at = ["spec", "rules", r, "http", "paths", i, "path"];
      const type = p.pathType ?? "ImplementationSpecific";
      const path = p.path;
      const absolute = path.startsWith("/");
      if (type === "Exact" || type === "Prefix") {
        if (!absolute) {
          report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} (pathType ${type}) does not begin with /: the API server refuses it`, ...(path !== "" ? { fix: setValue(`set path: /${path}`, at, `/${path}`) } : {}) });
          return;
        }
        const bad = INVALID_SEQUENCES.find((s) => path.includes(s)) ?? INVALID_SUFFIXES.find((s) => path.endsWith(s));
        if (bad) report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} (pathType ${type}) ${path.includes(bad) && INVALID_SEQUENCES.includes(bad) ? "contains" : "ends in"} ${JSON.stringify(bad)}: the API server refuses it` });
      } else if (type === "ImplementationSpecific" && path !== "" && !absolute) {
        report({ target: { resource, path: at }, message: `path ${JSON.stringify(path)} does not begin with /: the API server refuses it`, fix: setValue(`set path: /${path}`, at, `/${path}`) });
      }
    });
  });
}

export function checkService(resource: Resource, report: Emit): void {
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  if (ports.length === 0 && spec.clusterIP !== "None" && spec.type !== "ExternalName") {
    report({ target: { resource, path: ["spec"] }, message: "has no ports: only a headless (clusterIP: None) or ExternalName Service may have none, and the API server refuses it" });
  }
  ports.forEach((p, i) => {
    if (!isRecord(p)) return;
    portNumber(resource, p.port, () => ["spec", "ports", i, "port"], () => "port", report);
    // targetPort 0 (or "") is defaulted to port; nodePort 0 means "allocate one".
    if (p.targetPort !== 0) portNumber(resource, p.targetPort, () => ["spec", "ports", i, "targetPort"], () => "targetPort", report);
    if (p.nodePort !== 0) portNumber(resource, p.nodePort, () => ["spec", "ports", i, "nodePort"], () => "nodePort", report);
  });
}
