import { describeResource } from "./resource.js";
import type { ObjectReference, ReferenceVia } from "./references.js";

const VIA_TEXT: Record<ReferenceVia, string> = {
  serviceAccountName: "the service account",
  imagePullSecrets: "an image pull secret",
  env: "an env valueFrom",
  envFrom: "envFrom",
  volume: "a volume",
  "projected volume": "a projected volume",
  priorityClassName: "the priority class",
  serviceName: "the governing Service",
  "ingress backend": "a backend",
  "ingress tls": "a TLS secret",
  "route backend": "a backend",
  scaleTargetRef: "the scale target",
  roleRef: "the role",
};

/** `ConfigMap tarka/catalog (a volume of Deployment tarka/worker)`: the referenced object and how it is used. */
export function describeReference(ref: ObjectReference): string {
  const target = describeResource({ kind: ref.kind, namespace: ref.namespace, name: ref.name });
  return `${target} (${VIA_TEXT[ref.via]} of ${describeResource(ref.from)})`;
}
