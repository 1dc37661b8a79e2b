import { defineRule } from "../src/engine/rule.js";
import { getPath } from "../src/model/pod-spec.js";
import { ExternalObjects } from "../src/model/external.js";
import { subjectsOfKind } from "../src/model/subjects.js";

export default defineRule({
  meta: {
    id: "statefulset-service-name",
    scope: "subject",
    title: "A StatefulSet needs its governing headless Service",
    category: "cross-resource",
    severity: "error",
    description:
      "Reports a StatefulSet whose spec.serviceName is missing, names no Service in its namespace (nor one declared with --external), names a Service that is not headless (clusterIP: None), or names a Service whose selector does not select the StatefulSet's pods. A Service that is not headless is a warning rather than an error: clients can still reach the pods through its virtual IP, only the per-pod DNS names are missing.",
    rationale:
      "The governing Service gives each replica its stable DNS name (kafka-0.kafka.ns.svc): peers of a quorum system find each other through it. Without it, or when it is not headless or does not select the pods, those names never resolve and the ensemble cannot form, though every object applies without error.",
    remediation:
      "Set spec.serviceName to a Service in the same namespace with clusterIP: None whose selector matches the pod template's labels (add publishNotReadyAddresses: true if peers must find each other before they are ready).",
    references: {
      guides: ["Caracal: ZooKeeper and Kafka StatefulSets with headless Services", "CONTINUUM: StatefulSet for stable network identities", "Tarka: nats StatefulSet"],
      equivalents: { kubeScore: "statefulset-has-servicename" },
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id"],
    },
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
    for (const sts of subjectsOfKind(model, "StatefulSet")) {
      const serviceName = getPath(sts.object, ["spec", "serviceName"]);
      // A serviceName of the wrong type is the schema rule's finding.
      if (serviceName !== undefined && serviceName !== null && typeof serviceName !== "string") continue;
      if (typeof serviceName !== "string" || serviceName === "") {
        report({ target: { resource: sts, path: ["spec"] }, message: "has no spec.serviceName: its pods get no stable DNS names" });
        continue;
      }
      const target = { resource: sts, path: ["spec", "serviceName"] };
      const services = model.index.get("Service", sts.namespace, serviceName);
      if (services.length === 0) {
        if (!external.has("Service", sts.namespace, serviceName)) {
          // Say where the Service is when it is elsewhere; when it is nowhere, say only that.
          const elsewhere = serviceNamespaces().get(serviceName);
          const where = elsewhere ? `which is in namespace "${elsewhere}", not "${sts.namespace}"` : "which is not defined in these manifests";
          report({ target, message: `names governing Service "${serviceName}", ${where}` });
        }
        continue;
      }
      // Duplicates are duplicate-object's finding; the last one applied is the one that counts.
      const svc = services[services.length - 1];
      const where = `${svc.file.display}:${svc.locator.range(["metadata", "name"]).line}`;
      if (getPath(svc.object, ["spec", "clusterIP"]) !== "None") {
        report({ target, message: `names Service "${serviceName}" (${where}), which is not headless (clusterIP: None): pod DNS names do not resolve`, severity: "warning" });
        continue;
      }
      const pod = model.index.podTemplate(sts);
      if (pod && !model.index.selectedPods(svc).includes(pod)) {
        report({ target, message: `names Service "${serviceName}" (${where}), whose selector does not select its pods` });
      }
    }
  },
});
