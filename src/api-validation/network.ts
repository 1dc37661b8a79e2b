import type { Report } from "../engine/rule.js";
import { removeValue, setValue } from "../engine/fix.js";
import { isRecord } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { portOk, reportPort } from "./port-number.js";
import { dns1123Subdomain } from "../model/api-names.js";
import { items, noItems } from "../model/list-items.js";
import { objectChainMisspelt, writesMisspelt } from "../schema/misspelt-field.js";

type Emit = (r: Report) => void;


const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_SUFFIXES = ["/..", "/."];

export function checkIngress(resource: Resource, report: Emit): void {
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  // networking.k8s.io/v1 calls it defaultBackend; the beta versions, backend.
  const fallback = resource.apiVersion === "networking.k8s.io/v1" ? "defaultBackend" : "backend";
  if (noItems(spec.rules) && (spec[fallback] === undefined || spec[fallback] === null)) {
    // Either under a misspelt key (deafultBackend, rulse) is the schema rule's finding, with the rename.
    const causedBy = objectChainMisspelt(resource, ["spec", fallback]) || objectChainMisspelt(resource, ["spec", "rules"]) ? "schema" : undefined;
    report({ target: { resource, path: ["spec"] }, message: `has neither rules nor a ${fallback}: the API server refuses it`, causedBy });
  }
  if (isRecord(spec[fallback])) checkBackendPort(resource, spec[fallback], ["spec", fallback], report);
  items(spec.rules).forEach((rule, r) => {
    if (!isRecord(rule) || !isRecord(rule.http)) return;
    items(rule.http.paths).forEach((p, i) => {
      if (isRecord(p) && isRecord(p.backend)) checkBackendPort(resource, p.backend, ["spec", "rules", r, "http", "paths", i, "backend"], report);
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

/** A v1 backend's Service port: a name or a number, not both, not neither. */
function checkBackendPort(resource: Resource, backend: Record<string, unknown>, at: Array<string | number>, report: Emit): void {
  const service = backend.service;
  if (!isRecord(service) || !isRecord(service.port)) return;
  // A name or number of the wrong type (number: "80") is written: the schema rule's finding.
  const named = service.port.name !== undefined && service.port.name !== null && service.port.name !== "";
  const numbered = service.port.number !== undefined && service.port.number !== null && service.port.number !== 0;
  if (named && numbered) report({ target: { resource, path: [...at, "service", "port"] }, message: "backend service port sets both a name and a number: the API server refuses it" });
  else if (!named && !numbered) {
    // A name or number under a misspelt key (nubmer) is the schema rule's finding, with the rename.
    const causedBy = ["number", "name"].some((f) => writesMisspelt(resource, service.port, "IoK8sApiNetworkingV1ServiceBackendPort", f)) ? "schema" : undefined;
    report({ target: { resource, path: [...at, "service", "port"] }, message: "backend service port has neither a name nor a number: the API server refuses it", causedBy });
  }
}

export function checkService(resource: Resource, report: Emit): void {
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  if (noItems(spec.ports) && spec.clusterIP !== "None" && spec.type !== "ExternalName") {
    report({ target: { resource, path: ["spec"] }, message: "has no ports: only a headless (clusterIP: None) or ExternalName Service may have none, and the API server refuses it" });
  }
  const type = typeof spec.type === "string" ? spec.type : "ClusterIP";
  if (type === "ExternalName") {
    const name = spec.externalName;
    if (name === undefined || name === null || name === "") {
      // An externalName under a misspelt key (externalNmae) is the schema rule's finding, with the rename.
      const causedBy = objectChainMisspelt(resource, ["spec", "externalName"]) ? "schema" : undefined;
      report({ target: { resource, path: ["spec"] }, message: "is of type ExternalName but sets no externalName: the API server refuses it", causedBy });
    }
    // A trailing dot (a fully qualified name) is allowed; upper case is not.
    else if (typeof name === "string" && dns1123Subdomain(name.replace(/\.$/, "")) !== undefined) {
      const lower = name.toLowerCase();
      report({
        target: { resource, path: ["spec", "externalName"] },
        message: `externalName ${JSON.stringify(name)} is not a DNS name (lower-case letters, digits, '-' and '.'): the API server refuses it`,
        ...(lower !== name && dns1123Subdomain(lower.replace(/\.$/, "")) === undefined ? { fix: setValue(`set externalName: ${lower}`, ["spec", "externalName"], lower) } : {}),
      });
    }
  }
  if ((type === "NodePort" || type === "LoadBalancer") && spec.clusterIP === "None") {
    report({ target: { resource, path: ["spec", "clusterIP"] }, message: `clusterIP None (headless) is refused for a ${type} Service: a node port needs a cluster IP` });
  }
  items(spec.ports).forEach((p, i) => {
    if (!isRecord(p)) return;
    if (type === "ClusterIP" && typeof p.nodePort === "number" && p.nodePort !== 0) {
      // Left from a NodePort Service changed to ClusterIP: the port has no node to open.
      report({
        target: { resource, path: ["spec", "ports", i, "nodePort"] },
        message: "nodePort is refused on a ClusterIP Service",
        suggestions: [removeValue("remove nodePort", resource.object, ["spec", "ports", i, "nodePort"]), setValue("set type: NodePort", ["spec", "type"], "NodePort")],
      });
    }
    if (!portOk(p.port)) reportPort(resource, p.port, ["spec", "ports", i, "port"], "port", report);
    // targetPort 0 (or "") is defaulted to port; nodePort 0 means "allocate one".
    if (p.targetPort !== 0 && !portOk(p.targetPort)) reportPort(resource, p.targetPort, ["spec", "ports", i, "targetPort"], "targetPort", report);
    if (p.nodePort !== 0 && !portOk(p.nodePort)) reportPort(resource, p.nodePort, ["spec", "ports", i, "nodePort"], "nodePort", report);
  });
}

/** A NetworkPolicy's ports (ValidateNetworkPolicyPort): numbers in range, endPort only after a numeric port, not below it. */
export function checkNetworkPolicy(resource: Resource, report: Emit): void {
  const spec = resource.object.spec;
  if (!isRecord(spec)) return;
  for (const direction of ["ingress", "egress"]) {
    items(spec[direction]).forEach((rule, r) => {
      if (!isRecord(rule)) return;
      items(rule.ports).forEach((p, i) => {
        if (!isRecord(p)) return;
        const at = [direction, r, "ports", i];
        if (typeof p.port === "number" && !portOk(p.port)) reportPort(resource, p.port, ["spec", ...at, "port"], "port", report);
        const end = p.endPort;
        if (typeof end !== "number") return;
        const endAt = ["spec", ...at, "endPort"];
        if (p.port === undefined || p.port === null) report({ target: { resource, path: endAt }, message: "endPort needs a port to start the range from: the API server refuses it" });
        else if (typeof p.port === "string") report({ target: { resource, path: endAt }, message: `endPort may not follow a named port (${JSON.stringify(p.port)}): a range needs numbers, and the API server refuses it` });
        else if (typeof p.port === "number" && end < p.port) report({ target: { resource, path: endAt }, message: `endPort ${end} is below port ${p.port}: the API server refuses it` });
        if (!portOk(end)) reportPort(resource, end, endAt, "endPort", report);
      });
    });
  }
}
