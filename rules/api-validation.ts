import { defineRule } from "../src/engine/rule.js";
import { isBuiltinResource, type Resource } from "../src/model/resource.js";
import { checkPod } from "../src/api-validation/pod.js";
import { checkDaemonSetStrategy, checkDeploymentStrategy, checkIntOrPercent } from "../src/api-validation/rollout.js";
import { checkAutoscaler } from "../src/api-validation/autoscaler.js";
import { checkIngress, checkNetworkPolicy, checkService } from "../src/api-validation/network.js";
import { checkCronJob } from "../src/api-validation/cron-job.js";
import { checkConfigMap, checkSecret } from "../src/api-validation/config-data.js";
import { checkBinding, checkRoleRules } from "../src/api-validation/rbac.js";
import { checkJob } from "../src/api-validation/job.js";
import { checkClaim, checkStatefulSetClaims } from "../src/api-validation/claims.js";
import type { Report } from "../src/engine/rule.js";
import { kubeMinor } from "../src/kube-version.js";

type ObjectCheck = (resource: Resource, report: (r: Report) => void, kubeVersion: string) => void;

/** The kinds checked beyond their pod template (src/api-validation/, one module per concern). */
const OBJECT_CHECKS: Record<string, ObjectCheck | undefined> = {
  Deployment: checkDeploymentStrategy,
  DaemonSet: checkDaemonSetStrategy,
  PodDisruptionBudget: (resource, report) => {
    for (const key of ["minAvailable", "maxUnavailable"]) checkIntOrPercent(resource, ["spec", key], report);
  },
  HorizontalPodAutoscaler: checkAutoscaler,
  Ingress: checkIngress,
  CronJob: checkCronJob,
  Job: checkJob,
  PersistentVolumeClaim: checkClaim,
  StatefulSet: checkStatefulSetClaims,
  Service: checkService,
  NetworkPolicy: checkNetworkPolicy,
  ConfigMap: checkConfigMap,
  Secret: checkSecret,
  Role: checkRoleRules,
  ClusterRole: checkRoleRules,
  RoleBinding: checkBinding,
  ClusterRoleBinding: checkBinding,
};

export default defineRule({
  meta: {
    id: "api-validation",
    scope: "object",
    title: "Objects must pass the API server's validation",
    category: "schema",
    severity: "error",
    description:
      "Reports what the API server's own validation refuses beyond the OpenAPI schema (which the schema rule checks), in built-in kinds: two containers (app, init or ephemeral) or two volumes of a pod with one name, a container name that is no DNS-1123 label; a probe with no handler or with more than one (exec, httpGet, tcpSocket, grpc); a liveness or startup probe whose successThreshold is not 1 or whose terminationGracePeriodSeconds is 0, a readiness probe that sets one (from 1.22); probes or lifecycle hooks on an init container that is not a sidecar (restartPolicy: Always); a restartPolicy other than Always, or an activeDeadlineSeconds, in the pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController; a Deployment's rollingUpdate under the Recreate strategy, or with maxSurge and maxUnavailable both 0 (each 25% when unset); a DaemonSet's rolling update with maxSurge and maxUnavailable both non-zero or both 0 (unset: maxUnavailable 1, maxSurge 0); a maxSurge, maxUnavailable or minAvailable (Deployment, DaemonSet, PodDisruptionBudget) written as a string that is not digits and `%`, negative, or a maxUnavailable above 100%; a volume with several sources (emptyDir and configMap; one with none is an emptyDir), an env var with both value and valueFrom or a valueFrom with several sources; a port number outside 1-65535 (containers, probes, hooks, Services); a container resource that is neither cpu, memory, ephemeral-storage, hugepages-<size> nor a qualified name (memmory, with the near name); a Service with no ports that is neither headless nor ExternalName, an ExternalName Service without an externalName or with one that is no lower-case DNS name, a headless NodePort or LoadBalancer Service, a nodePort on a ClusterIP Service; a NetworkPolicy port range whose endPort follows no port, a named port, or is below its port; an Ingress with neither rules nor a default backend, or a backend port with both a name and a number or neither; dnsPolicy None without a dnsConfig nameserver, an app container's hostPort other than its containerPort under hostNetwork; Role and ClusterRole rules without verbs, resources or apiGroups (the core group is \"\"), with non-resource URLs in a Role or beside resources; a ClusterRoleBinding of a Role, a roleRef apiGroup other than rbac.authorization.k8s.io, a subject kind other than ServiceAccount, User or Group, a ServiceAccount subject with an apiGroup, or without a namespace in a ClusterRoleBinding, a User or Group subject of another group; a ConfigMap or Secret key that is not a file name (a space, a /, a leading ..), a key in both data and binaryData, Secret data or binaryData that is not base64 (placeholders such as PUT_YOUR_KEY_HERE aside), values above 1 MiB in all, a typed Secret without the keys its type needs (tls.crt and tls.key, .dockerconfigjson as a JSON object, ssh-privatekey, username or password) or a service-account-token Secret without its service-account.name annotation; a matchExpressions requirement the API server refuses in pod affinity terms, spread constraints (from 1.27) and node affinity (In without values, Exists with values, Gt with several), a node selector term's matchFields entry other than metadata.name with In or NotIn and one value; a PersistentVolumeClaim (or a generic ephemeral volume's claim template) without accessModes or a storage request above 0, ReadWriteOncePod beside other modes, a StatefulSet claim template without accessModes; a Job (or a CronJob's job template) with completionMode Indexed but no completions (a Job that sets no parallelism either gets 1 of each), and from 1.29 backoffLimitPerIndex without Indexed or maxFailedIndexes without backoffLimitPerIndex; a HorizontalPodAutoscaler whose maxReplicas is below minReplicas or 1, or whose minReplicas is below 1; a CronJob schedule the API server's cron parser (robfig/cron v3) refuses though many crontabs take it (day of week 7, a range that wraps such as sat-sun, six fields, @reboot), a TZ= or CRON_TZ= prefix in it from 1.29 (--kube-version), and a timeZone that is Local or not spelt as in the IANA database; an Ingress path that does not begin with `/`, or, for pathType Exact and Prefix, contains `//`, `/./`, `/../` or `%2f`, or ends in `/.` or `/..`.",
    rationale:
      "The schema cannot express these rules, so kubeconform-style validation passes them, and `kubectl apply` (or Argo CD, or Flux) fails with `is invalid` after the change is merged; a Deployment's template refused this way stops the rollout of every later change to it.",
    remediation:
      "Change the field the message names as it says: rename the repeated container or volume, keep one probe handler, set successThreshold: 1, make the init container a sidecar (restartPolicy: Always) or drop its probes, restartPolicy Always for long-running workloads, one of maxSurge and maxUnavailable non-zero, percentages as `25%`, maxReplicas at least minReplicas, Ingress paths from `/`, Sunday as 0 and the zone in spec.timeZone, apiGroups: [\"\"] for the core group, a namespace for every ServiceAccount subject of a ClusterRoleBinding.",
    references: {
      links: ["https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation", "https://github.com/kubernetes/kubernetes/tree/master/pkg/apis/core/validation"],
    },
    differences: [
      "Each refusal is reported by one rule: the selectors of workloads stay with selector-mismatch, those of budgets and NetworkPolicies with dangling-selector, a StatefulSet claim template's storage with statefulset-volume-claims, Job restart policies with job-restart-policy, object and label names with invalid-name and invalid-label; this rule checks the rest.",
      "Kubernetes' own kinds only: an operator's pod templates (Argo Rollouts, Kubeflow jobs) are its controller's to validate, and their fields their CRD's (schema, crd-validation).",
      "Values are never quoted where they could be credentials: a ConfigMap or Secret key that is not a name is shown by its length, Secret data by its key.",
      "Before 1.34 the API server took a StatefulSet whose pod template it would refuse as a pod, and refused each pod its controller made: reported all the same, as the StatefulSet runs no pod.",
      "What the API server fills in before it validates is not refused (a volume with no source, an empty restartPolicy, a Job's completions), and the target version (--kube-version) decides what is read: fields behind a feature gate that is off by default in the target are dropped unread (a DaemonSet's maxSurge and a probe's terminationGracePeriodSeconds before 1.22, completionMode before 1.22, backoffLimitPerIndex and maxFailedIndexes before 1.29).",
    ],
    examples: {
      bad: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n  tcpSocket: {port: http}\n  successThreshold: 2\n",
      good: "livenessProbe:\n  httpGet: {path: /healthz, port: http}\n",
    },
  },
  check({ model, report }) {
    // Kubernetes' own kinds only: an operator validates its custom resources' templates its own way.
    const minor = kubeMinor(model.settings.kubeVersion);
    for (const pod of model.pods) if (isBuiltinResource(pod.resource)) checkPod(pod, report, minor);
    for (const resource of model.resources) {
      const check = OBJECT_CHECKS[resource.kind];
      if (check !== undefined && isBuiltinResource(resource)) check(resource, report, model.settings.kubeVersion);
    }
  },
});
