import { defineRule } from "../src/engine/rule.js";
import { isRecord, type PodTemplate } from "../src/model/pod-spec.js";
import { apiGroup, describeResource, type Resource } from "../src/model/resource.js";
import { GATEWAY_GROUP, isBuiltinObject, type ObjectReference } from "../src/model/references.js";
import { ExternalObjects } from "../src/model/external.js";
import { HelmReleaseObjects } from "../src/model/helm-release-objects.js";
import { describeReference } from "../src/model/reference-text.js";
import { kustomizeGeneratedNames } from "../src/model/kustomize-managed.js";
import { UnparsedDocuments } from "../src/model/unparsed-documents.js";
import { referenceGranted } from "../src/model/reference-grants.js";
import { closestName } from "../src/engine/closest-id.js";
import { dns1123Label } from "../src/model/api-names.js";
import { getPath } from "../src/model/pod-spec.js";
import { setValue, type FixSpec } from "../src/engine/fix.js";

export default defineRule({
  meta: {
    id: "missing-reference",
    scope: "subject",
    title: "Referenced objects must exist",
    category: "cross-resource",
    severity: "warning",
    description:
      "Reports references to objects that are neither in the linted set, nor built into every cluster, nor declared external: ServiceAccounts, ConfigMaps and Secrets (env, envFrom, volumes, projected volumes), PVCs, PriorityClasses, Ingress and Gateway API route backend Services (and mirror backends) and their ports, a route's parent Gateway (when the set defines Gateways) and whether one of its listeners takes the route (sectionName, port, allowedRoutes namespaces and kinds, or the kinds its protocol takes when none are written: an HTTPRoute on a TCP listener is not), the listener certificates of Gateways and ListenerSets, a ReferenceGrant for a route backend or listener certificate the set defines in another namespace, HPA scale targets, RoleBinding roles, and the namespaces objects are written into when the set defines at least one Namespace (a name no Namespace can have, such as YOUR_NAMESPACE, is invalid-name's finding). Missing Secrets and namespaces are info: they are often created out of band; so is an object that a document that does not parse writes (yaml-syntax reports the document). Secrets that a controller creates for an object of the set exist: a cert-manager Certificate's secretName, the TLS Secrets of an Ingress or the listener certificates of a Gateway annotated cert-manager.io/issuer or cert-manager.io/cluster-issuer, an ExternalSecret's target, a SealedSecret, a SecretProviderClass's secretObjects, the HTTP certificates and elastic user Elastic Cloud on Kubernetes makes for its resources (<name>-es-http-certs-public, <name>-es-elastic-user), a Secret that a bound Role lets its subjects create and names in resourceNames (a workload that generates its own password), or that a workload whose ServiceAccount may create Secrets names in its command, args or env (a Job that makes a webhook's certificate, as ingress-nginx's does); so does a StatefulSet pod volume named by a volumeClaimTemplates entry, which the claim replaces, and the ConfigMap istio-ca-root-cert of a pod whose Istio sidecar is injected in the manifest (sidecar.istio.io/status), which istiod writes into its namespace. An object that a Flux HelmRelease or an Argo CD Application with a Helm chart source may install exists too: in the release's namespace (a HelmRelease's spec.targetNamespace, else its own; an Application's destination.namespace), named after the release (its release name, else the HelmRelease's or Application's name, or values.fullnameOverride, alone or followed by '-'), as Helm charts name their objects.",
    rationale:
      "A pod whose ConfigMap, PVC or ServiceAccount does not exist never starts (CreateContainerConfigError, Pending, or a ReplicaSet that cannot create pods); an Ingress to a missing Service or port answers 503; a route that no listener of its Gateway takes is never attached and serves nothing; a RoleBinding to a missing role grants nothing. These typos pass `kubectl apply` and surface only at run time.",
    remediation:
      "Fix the name, add the object to the manifests, or mark the reference `optional: true` if the pod can run without it. If the object is created outside these manifests (kubectl create secret, an operator, another repository), declare it: `--external Kind/namespace/name`. For a route that its Gateway does not take, fix the sectionName or port, or let the listener admit it (allowedRoutes); for a route backend or certificate in another namespace, add a ReferenceGrant there.",
    references: {
      guides: ["Santaclaude: create the required secrets before deployment", "Tarka: service catalog ConfigMap created by deploy.sh"],
      equivalents: {
        kubeLinter: "non-existent-service-account / dangling-ingress / dangling-horizontalpodautoscaler",
        kubeScore: "ingress-targets-service / horizontalpodautoscaler-has-target",
      },
      links: [
        "https://kubernetes.io/docs/concepts/configuration/configmap/#optional-configmaps",
        "https://kubernetes.io/docs/concepts/services-networking/ingress/",
      ],
    },
    examples: {
      bad: "envFrom:\n  - configMapRef:\n      name: app-confg   # typo: no ConfigMap app-confg in the set\n",
      good: "envFrom:\n  - configMapRef:\n      name: app-config\n",
    },
  },
  check({ model, report }) {
    const external = new ExternalObjects(model.settings.external, model.settings.defaultNamespace);
    const generated = kustomizeGeneratedNames(model);
    // A chart that a Flux HelmRelease or an Argo CD Application installs is rendered in the cluster: its objects are not in the set.
    const released = new HelmReleaseObjects([...model.index.ofKind("HelmRelease"), ...model.index.ofKind("Application")]);
    const known = (kind: string, namespace: string | undefined, name: string) =>
      model.index.has(kind, namespace, name) ||
      isBuiltinObject(kind, namespace, name) ||
      (kind === "Secret" && model.index.secretCreator(namespace, name) !== undefined) ||
      external.has(kind, namespace, name) ||
      generated.has(`${kind}/${name}`) ||
      (kind !== "Namespace" && released.mayInstall(namespace, name));

    // What a document that does not parse defines is missing from the model, not from the manifests.
    const unparsed = new UnparsedDocuments(model.inputProblems);

    // A near name of the kind in the namespace is the likely typo (the index holds them in set order).
    const nearName = (ref: ObjectReference): string | undefined => {
      const same = model.index.inNamespace(ref.kind, ref.namespace);
      // Edit distance over a long list would cost more than the finding is worth.
      return same.length > 0 && same.length <= 200 ? closestName(ref.name, same.map((r) => r.name)) : undefined;
    };
    const rename = (resource: Resource, ref: ObjectReference, near: string): FixSpec[] =>
      getPath(resource.object, ref.path) === ref.name ? [setValue(`refer to ${ref.kind} "${near}"`, ref.path, near)] : [];

    const namespacesSeen = new Set<string>();
    // A set that manages no Namespace at all leaves them to whoever runs it (a single file, a chart's output).
    const managesNamespaces = model.index.ofKind("Namespace").length > 0;
    // Likewise Gateways: an application's routes attach to a Gateway the platform team runs.
    const managesGateways = model.index.ofKind("Gateway").length > 0;
    for (const resource of model.resources) {
      // Objects are written into a namespace that must exist first; report each missing one once.
      const ns = resource.namespace;
      if (managesNamespaces && ns !== undefined && resource.namespaceExplicit && !namespacesSeen.has(ns)) {
        namespacesSeen.add(ns);
        // A name no Namespace can have (YOUR_NAMESPACE) is invalid-name's finding: it is not missing, it is wrong.
        if (!known("Namespace", undefined, ns) && dns1123Label(ns) === undefined) {
          report({
            target: { resource, path: ["metadata", "namespace"] },
            message: `namespace "${ns}" is not defined in these manifests`,
            severity: "info",
          });
        }
      }

      // What this resource's references miss, reported once each (made for the few that miss one).
      let seen: Set<string> | undefined;
      for (const ref of model.index.references(resource)) {
        // The governing Service of a StatefulSet is statefulset-service-name's business.
        if (ref.optional || ref.via === "serviceName") continue;
        if (ref.via === "route parent" && !managesGateways) continue;
        if (ref.kind === "ConfigMap" && ref.name === ISTIO_ROOT_CERT && inIstioMesh(ref.pod)) continue;
        if (!known(ref.kind, ref.namespace, ref.name)) {
          const id = `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;
          if (seen?.has(id)) continue;
          (seen ??= new Set()).add(id);
          const broken = unparsed.mayDefine(ref.kind, ref.name);
          const near = broken ? undefined : nearName(ref);
          report({
            target: { resource, path: ref.path },
            message: broken
              ? `${describeReference(ref)} is not defined in these manifests: the document at ${broken} that may define it does not parse`
              : `${describeReference(ref)} is not defined in these manifests${near ? ` (did you mean "${near}"?)` : ""}`,
            // The near name as a suggestion: the object may also be defined elsewhere under the name written.
            ...(near ? { suggestions: rename(resource, ref, near) } : {}),
            // The broken document is yaml-syntax's error; this only says what else it takes down.
            severity: ref.kind === "Secret" || broken ? "info" : undefined,
          });
          continue;
        }
        if ((ref.via === "ingress backend" || ref.via === "route backend" || ref.via === "route mirror") && ref.port !== undefined) checkPort(ref);
        if ((ref.via === "route backend" || ref.via === "route mirror" || ref.via === "listener certificate") && ref.namespace !== undefined && ref.namespace !== resource.namespace) checkGrant(ref, ref.namespace);
        if (ref.via === "route parent") checkParent(ref);
      }
    }

    /**
     * A route attaches to the listeners of its Gateway that its sectionName and port pick, and only to
     * those that admit routes from its namespace (allowedRoutes.namespaces.from: Same by default) and
     * of its kind (allowedRoutes.kinds, when written). Otherwise the Gateway does not accept it
     * (NoMatchingParent, NotAllowedByListeners) and no traffic reaches its backends.
     */
    function checkParent(ref: ObjectReference): void {
      const gateway = model.index.get("Gateway", ref.namespace, ref.name)[0];
      if (!gateway || !isRecord(gateway.object.spec) || !Array.isArray(gateway.object.spec.listeners)) return;
      let listeners = gateway.object.spec.listeners.filter(isRecord);
      if (ref.section !== undefined) {
        listeners = listeners.filter((l) => l.name === ref.section);
        if (listeners.length === 0) {
          report({ target: { resource: ref.from, path: ref.sectionPath ?? ref.path }, message: `${describeResource(gateway)} has no listener named "${ref.section}"` });
          return;
        }
      }
      if (typeof ref.port === "number") {
        listeners = listeners.filter((l) => Number(l.port) === ref.port);
        if (listeners.length === 0) {
          report({ target: { resource: ref.from, path: ref.portPath ?? ref.path }, message: `${describeResource(gateway)} has no listener${ref.section !== undefined ? ` named "${ref.section}"` : ""} on port ${ref.port}` });
          return;
        }
      }
      const route = ref.from;
      const admitsNamespace = (l: Record<string, unknown>) => {
        const from = isRecord(l.allowedRoutes) && isRecord(l.allowedRoutes.namespaces) ? l.allowedRoutes.namespaces.from : undefined;
        // Selector depends on labels of a Namespace that may be outside the set: taken as admitting.
        return from === "All" || from === "Selector" || route.namespace === gateway.namespace;
      };
      const writtenKinds = (l: Record<string, unknown>) => (isRecord(l.allowedRoutes) && Array.isArray(l.allowedRoutes.kinds) ? l.allowedRoutes.kinds.filter(isRecord) : []);
      const admitsKind = (l: Record<string, unknown>) => {
        const kinds = writtenKinds(l);
        if (kinds.length > 0) return kinds.some((k) => k.kind === route.kind && (k.group ?? GATEWAY_GROUP) === apiGroup(route.apiVersion));
        // Unwritten, the listener's protocol decides; an implementation's own protocol is not judged.
        const defaults = typeof l.protocol === "string" ? PROTOCOL_ROUTE_KINDS[l.protocol] : undefined;
        return defaults === undefined || (apiGroup(route.apiVersion) === GATEWAY_GROUP && defaults.includes(route.kind));
      };
      if (!listeners.some(admitsNamespace)) {
        report({
          target: { resource: route, path: ref.path },
          message: `${describeResource(gateway)} admits routes only from its own namespace (allowedRoutes.namespaces.from: Same), not from "${route.namespace}"`,
        });
      } else if (!listeners.some((l) => admitsNamespace(l) && admitsKind(l))) {
        const several = listeners.length > 1;
        const why = listeners.some((l) => writtenKinds(l).length > 0)
          ? `allowedRoutes.kinds of its listener${several ? "s" : ""} leave${several ? "" : "s"} it out`
          : `its listener${several ? "s" : ""} (protocol ${[...new Set(listeners.map((l) => String(l.protocol)))].join(", ")}) take${several ? "" : "s"} ${[...new Set(listeners.flatMap((l) => PROTOCOL_ROUTE_KINDS[String(l.protocol)] ?? []))].map((k) => `${k}s`).join(" and ")}`;
        report({ target: { resource: route, path: ref.path }, message: `${describeResource(gateway)} does not admit ${route.kind}s: ${why}` });
      }
    }

    /**
     * A route's backend or a Gateway's certificate in another namespace needs a ReferenceGrant there.
     * Judged only for objects the set defines: their namespace's grants are then the set's to write.
     */
    function checkGrant(ref: ObjectReference, namespace: string): void {
      if (!model.index.has(ref.kind, namespace, ref.name) || referenceGranted(model.index, ref.from, ref.kind, namespace, ref.name)) return;
      report({
        target: { resource: ref.from, path: ref.path },
        message: `${describeReference(ref)} is in another namespace, and no ReferenceGrant in "${namespace}" lets ${ref.from.kind}s of "${ref.from.namespace}" refer to it`,
      });
    }

    function checkPort(ref: ObjectReference): void {
      const svc = model.index.get("Service", ref.namespace, ref.name)[0];
      if (!svc) return;
      const spec = isRecord(svc.object.spec) ? svc.object.spec : {};
      const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : [];
      if (ports.length === 0) return;
      const found = ports.some((p) => (typeof ref.port === "number" ? Number(p.port) === ref.port : p.name === ref.port));
      if (found) return;
      const wanted = typeof ref.port === "number" ? `port ${ref.port}` : `a port named "${ref.port}"`;
      report({
        target: { resource: ref.from, path: ref.portPath ?? ref.path },
        message: `backend ${describeResource(svc)} has no ${wanted}`,
      });
    }
  },
});

/**
 * The route kinds a listener admits when allowedRoutes.kinds is not written, by its protocol (Gateway
 * API: HTTP and HTTPS take HTTPRoutes, and GRPCRoutes where supported; TLS takes TLSRoutes, or TCPRoutes
 * when it terminates; TCP and UDP their own).
 */
const PROTOCOL_ROUTE_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute", "TCPRoute"],
  TCP: ["TCPRoute"],
  UDP: ["UDPRoute"],
};

/** The mesh's root certificate, which istiod writes into every namespace for the sidecars it injects. */
const ISTIO_ROOT_CERT = "istio-ca-root-cert";

/** A pod template that istioctl kube-inject (or a committed copy of its output) gave an Istio sidecar. */
function inIstioMesh(pod: PodTemplate | undefined): boolean {
  return pod !== undefined && isRecord(pod.metadata.annotations) && typeof pod.metadata.annotations["sidecar.istio.io/status"] === "string";
}
