import { defineRule } from "../src/engine/rule.js";
import { getPath } from "../src/model/pod-spec.js";
import { selectorMatchLabelsOnly } from "../src/model/selector.js";
import type { FixSpec } from "../src/engine/fix.js";
import { ExternalObjects } from "../src/model/external.js";
import { subjectsOfKind } from "../src/model/subjects.js";
import { connectionsOf } from "../src/model/connections.js";
import { scaleOf } from "../src/model/replicas.js";
import type { Resource } from "../src/model/resource.js";
import { specFieldMisspelt, specMisspeltKey } from "../src/schema/misspelt-field.js";
import { selectsNoPods } from "../src/model/dangling-selection.js";

/** A host that names one pod of a StatefulSet: `zk-0.zk`, `kafka-2.kafka.data.svc.cluster.local`. */
const POD_NAME_HOST = /^[^.]+-\d+\./;

export default defineRule({
  meta: {
    id: "statefulset-service-name",
    scope: "subject",
    title: "A StatefulSet needs its governing headless Service",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports a StatefulSet whose spec.serviceName is missing, names no Service in its namespace (nor one declared with --external), names a Service that is not headless (clusterIP: None), or names a Service whose selector does not select the StatefulSet's pods (one that selects no pod at all is dangling-selector's finding, at its selector; with that rule off, this one). A Service that is not headless is a warning rather than an error: clients can still reach the pods through its virtual IP, only the per-pod DNS names are missing. A missing serviceName or Service is info when the StatefulSet runs one replica (spec.replicas and its autoscalers) and nothing in the set names its pod by its DNS name: the API accepts a StatefulSet without serviceName (optional since Kubernetes 1.33), and a lone replica that nobody addresses by name (a controller run as a StatefulSet for its identity or its volume claim) loses nothing it uses.",
    rationale:
      "The governing Service gives each replica its stable DNS name (kafka-0.kafka.ns.svc): peers of a quorum system find each other through it. Without it, or when it is not headless or does not select the pods, those names never resolve and the ensemble cannot form, though every object applies without error.",
    remediation:
      "Set spec.serviceName to a Service in the same namespace with clusterIP: None whose selector matches the pod template's labels (add publishNotReadyAddresses: true if peers must find each other before they are ready).",
    references: {
      guides: ["Caracal: ZooKeeper and Kafka StatefulSets with headless Services", "CONTINUUM: StatefulSet for stable network identities", "Tarka: nats StatefulSet"],
      equivalents: { kubeScore: "statefulset-has-servicename" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id"],
    },
    differences: [
      "A StatefulSet without serviceName, or naming a Service that does not exist, is info rather than an error when it runs one replica and nothing in the set addresses its pod by name; kube-score's statefulset-has-servicename reports every StatefulSet without one.",
    ],
    examples: {
      bad: "kind: StatefulSet\nspec:\n  serviceName: kafka   # the Service kafka has a cluster IP\n",
      good: "kind: Service\nmetadata:\n  name: kafka\nspec:\n  clusterIP: None\n  selector:\n    app: kafka\n",
    },
  },
  check({ model, report }) {
    const external = new ExternalObjects(model.settings.external, model.settings.defaultNamespace);
    // The first namespace holding a Service of each name, built once when a StatefulSet needs it.
    let byName: Map<string, string> | undefined;
    const serviceNamespaces = () => {
      if (byName) return byName;
      byName = new Map();
      for (const svc of model.index.ofKind("Service")) if (svc.namespace !== undefined && !byName.has(svc.name)) byName.set(svc.name, svc.namespace);
      return byName;
    };
    // StatefulSets whose pods another object of the set names by their stable DNS name (zk-0.zk), found when first asked.
    let addressed: Set<Resource> | undefined;
    const addressedByPodName = (sts: Resource) => {
      addressed ??= new Set(connectionsOf(model).filter((c) => c.to.kind === "StatefulSet" && POD_NAME_HOST.test(c.host)).map((c) => c.to));
      return addressed.has(sts);
    };
    // The per-pod names matter to peers (more than one replica) and to whatever names a pod. A single
    // replica nothing addresses by name (a controller run as a StatefulSet for its stable identity or
    // its claim, a cache) loses nothing it uses: info. serviceName is optional since Kubernetes 1.33.
    const oneReplicaUnaddressed = (sts: Resource, hasName: boolean) => {
      // No scale: a count written with a value the API server refuses, so not known to be one.
      const scale = scaleOf(sts, model.index);
      return scale !== undefined && scale.max <= 1 && !(hasName && addressedByPodName(sts));
    };
    const ONE = " (it runs one replica, which nothing in the set addresses by name)";
    for (const sts of subjectsOfKind(model, "StatefulSet")) {
      const serviceName = getPath(sts.object, ["spec", "serviceName"]);
      // A serviceName of the wrong type, or under a misspelt key (sevriceName), is the schema rule's finding.
      if (serviceName !== undefined && serviceName !== null && typeof serviceName !== "string") continue;
      if (typeof serviceName !== "string" || serviceName === "") {
        const lone = oneReplicaUnaddressed(sts, false);
        const causedBy = serviceName === undefined && specFieldMisspelt(sts, "serviceName") ? "schema" : undefined;
        report({ target: { resource: sts, path: ["spec"] }, message: `has no spec.serviceName: its pods get no stable DNS names${lone ? ONE : ""}`, causedBy, ...(lone ? { severity: "info" as const } : {}) });
        continue;
      }
      const target = { resource: sts, path: ["spec", "serviceName"] };
      const services = model.index.get("Service", sts.namespace, serviceName);
      if (services.length === 0) {
        if (!external.has("Service", sts.namespace, serviceName)) {
          // Say where the Service is when it is elsewhere; when it is nowhere, say only that.
          const elsewhere = serviceNamespaces().get(serviceName);
          const where = elsewhere ? `which is in namespace "${elsewhere}", not "${sts.namespace}"` : "which is not defined in these manifests";
          const lone = oneReplicaUnaddressed(sts, true);
          report({
            target,
            message: `names governing Service "${serviceName}", ${where}${lone ? ONE : ""}`,
            ...(lone ? { severity: "info" as const } : {}),
            ...(elsewhere ? {} : headlessServiceSuggestion(sts, serviceName)),
          });
        }
        continue;
      }
      // Duplicates are duplicate-object's finding; the last one applied is the one that counts.
      const svc = services[services.length - 1];
      const where = `${svc.file.display}:${svc.locator.range(["metadata", "name"]).line}`;
      // A misspelt clusterIp: None is the schema rule's finding, with the rename: the Service is meant headless.
      const headlessKey = specMisspeltKey(svc, "clusterIP") ?? "clusterIP";
      if (getPath(svc.object.spec, [headlessKey]) !== "None") {
        report({ target, message: `names Service "${serviceName}" (${where}), which is not headless (clusterIP: None): pod DNS names do not resolve`, severity: "warning" });
        continue;
      }
      const pod = model.index.podTemplate(sts);
      if (pod && !model.index.selectedPods(svc).includes(pod)) {
        // A Service that selects no pod at all is dangling-selector's finding, at its selector with the
        // label it missed: one cause. One that selects other pods is this rule's alone.
        const causedBy = selectsNoPods(svc, model.index, external) ? { rule: "dangling-selector", in: svc } : undefined;
        report({ target, message: `names Service "${serviceName}" (${where}), whose selector does not select its pods`, causedBy });
      }
    }
  },
});

/**
 * The governing Service nothing defines, as a new document after the StatefulSet (beside its base when
 * a Kustomize root renders it): headless, selecting what the StatefulSet selects (matchLabels only).
 * A suggestion: the Service may live in another repository the set does not see.
 */
function headlessServiceSuggestion(sts: Resource, serviceName: string): { suggestions?: FixSpec[] } {
  const matchLabels = selectorMatchLabelsOnly(sts);
  if (!matchLabels) return {};
  const metadata: Record<string, unknown> = { name: serviceName };
  if (sts.namespaceExplicit) metadata.namespace = sts.namespace;
  const value = { apiVersion: "v1", kind: "Service", metadata, spec: { clusterIP: "None", selector: matchLabels } };
  // Name, namespace and labels as the written StatefulSet has them (for a rendered one, its base).
  const copies = [
    { path: ["metadata", "name"], from: ["spec", "serviceName"] },
    { path: ["metadata", "namespace"], from: ["metadata", "namespace"] },
    { path: ["spec", "selector"], from: ["spec", "selector", "matchLabels"] },
  ];
  return { suggestions: [{ description: `add a headless Service ${serviceName} selecting its pods`, operations: [{ op: "add-document", value, copies }] }] };
}
