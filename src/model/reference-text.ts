import { describeResource } from "./resource.js";
import type { ObjectReference, ReferenceVia } from "./references.js";

const VIA_TEXT: Record<ReferenceVia, string> = {
  serviceAccountName: "its service account",
  imagePullSecrets: "an image pull secret",
  env: "read by env valueFrom",
  envFrom: "read by envFrom",
  volume: "a volume",
  "projected volume": "in a projected volume",
  priorityClassName: "its priority class",
  serviceName: "its governing Service",
  "ingress backend": "a backend",
  "ingress tls": "a TLS secret",
  "route backend": "a backend",
  "route mirror": "a mirror backend",
  "route parent": "its parent Gateway",
  "listener certificate": "a listener certificate",
  scaleTargetRef: "its scale target",
  roleRef: "its role",
};

/**
 * `ConfigMap tarka/catalog (a volume)`: the referenced object and how the referring one uses it.
 * The formatters name the referring object before the message.
 */
export function describeReference(ref: ObjectReference): string {
  const target = describeResource({ kind: ref.kind, namespace: ref.namespace, name: ref.name });
  return `${target} (${VIA_TEXT[ref.via]})`;
}
