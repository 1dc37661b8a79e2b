/**
 * Every finding k8slint reports on ../shared/corpus-public, read one by one (issue 11) and grouped by
 * what it says: each group is a problem we would defend to the project's maintainers, with why.
 * test/public-corpus.test.ts checks both ways: every finding of the run belongs to a group here (a new
 * kind of finding must be read and defended, or fixed), and every group still has a finding (a real
 * problem is still found).
 */
export interface DefendedFinding {
  rule: string;
  severity: "error" | "warning" | "info";
  /** The message, with names and numbers left open. */
  message: RegExp;
  /** The file, relative to the tree's parent (argo-cd/manifests/…); any file when absent. */
  file?: RegExp;
  why: string;
}

const CONTAINER = '"[^"]+"';

/** kube-prometheus manifests/ (42 findings on 2026-12-05: 6 errors, 27 warnings, 9 infos). */
export const KUBE_PROMETHEUS: DefendedFinding[] = [
  {
    rule: "liveness-probe",
    severity: "warning",
    message: new RegExp(`^container ${CONTAINER} has no liveness probe$`),
    why: "The exporters, Grafana, the operator and their kube-rbac-proxy sidecars run without a liveness probe: a hung process is never restarted.",
  },
  {
    rule: "readiness-probe",
    severity: "warning",
    message: new RegExp(`^container ${CONTAINER} has no readiness probe$`),
    why: "Only containers that declare the port a Service sends traffic to (the kube-rbac-proxy sidecars, blackbox-exporter, the operator): traffic reaches them before they serve.",
  },
  {
    rule: "seccomp-profile",
    severity: "warning",
    message: new RegExp(`^container ${CONTAINER} has no seccomp profile$`),
    file: /blackboxExporter-deployment|nodeExporter-daemonset/,
    why: "blackbox-exporter and node-exporter set no seccompProfile at pod or container level (PSS restricted), unlike the project's other workloads.",
  },
  {
    rule: "apply-order",
    severity: "info",
    message: /^applied before ServiceAccount monitoring\/[a-z-]+ \(its pods use it\): \S+-serviceAccount\.yaml is applied after this file$/,
    why: "kubectl apply -f manifests/ applies files in lexical order: the Deployment's pods wait for their ServiceAccount until the later file is applied (info: the controller retries).",
  },
  {
    rule: "rbac-wildcard",
    severity: "warning",
    message: /^rules\[\d\] grants "\*" in (verbs|resources and verbs)(, which includes create statefulsets \(runs code as any ServiceAccount of the namespace\))?$/,
    why: 'The operator\'s ClusterRole and the adapter\'s server-resources role grant "*" verbs: every verb added to those resources later is granted too. On statefulsets that includes create, which runs code as any ServiceAccount of the namespace (the operator creates Prometheus\' StatefulSets by design).',
  },
  {
    rule: "rbac-secrets-access",
    severity: "error",
    message: /^can (list\/watch|read and change) secrets in every namespace \(bound by ClusterRoleBinding "(kube-state-metrics|prometheus-operator)"\)$/,
    why: "kube-state-metrics and the operator can read every Secret of the cluster (CIS 5.1.2): needed by design, so the project should say so with a justification annotation.",
  },
  {
    rule: "host-namespaces",
    severity: "error",
    message: /^pod shares the node's (network|process) namespace/,
    file: /nodeExporter-daemonset/,
    why: "node-exporter runs with hostNetwork and hostPID (PSS baseline): necessary for a node agent, and worth a written justification.",
  },
  {
    rule: "host-path-volume",
    severity: "error",
    message: /^hostPath volume "(sys|root)" mounts the node's \/(sys)? \(sensitive\): read-only$/,
    file: /nodeExporter-daemonset/,
    why: "node-exporter mounts the node's / and /sys (read-only, still every file of the node, other pods' secrets included).",
  },
  {
    rule: "dangerous-capabilities",
    severity: "warning",
    message: /^container "node-exporter" adds capability SYS_TIME/,
    why: "SYS_TIME lets the container set the node's clock; PSS baseline does not allow it.",
  },
  {
    rule: "pdb-unhealthy-eviction",
    severity: "info",
    message: /^sets no unhealthyPodEvictionPolicy/,
    why: "Without AlwaysAllow, unready Alertmanager, Prometheus or adapter pods block node drains while the budget is unmet.",
  },
  {
    rule: "anti-affinity",
    severity: "warning",
    message: /^runs 2 replicas with no podAntiAffinity or topologySpreadConstraints over its own pods$/,
    file: /prometheusAdapter-deployment/,
    why: "Both prometheus-adapter replicas may land on one node: the API it serves goes away with that node.",
  },
];

/** Argo CD manifests/ (667 findings on 2026-12-05: 52 errors): ten bundles, each linted as its own set. */
export const ARGO_CD: DefendedFinding[] = [
  { rule: "resource-limits", severity: "warning", message: new RegExp(`^container ${CONTAINER} has no cpu or memory limit$`), why: "No container of any bundle sets resources: a runaway repo-server or controller takes the node." },
  { rule: "resource-requests", severity: "warning", message: new RegExp(`^container ${CONTAINER} has no cpu or memory request$`), why: "Without requests the scheduler places the pods blind and they are the first evicted." },
  { rule: "image-tag", severity: "warning", message: new RegExp(`^container ${CONTAINER} uses the latest tag of image "quay\\.io/argoproj/argocd"$`), why: "The bundles on the main branch run quay.io/argoproj/argocd:latest: what runs changes under the manifest." },
  { rule: "image-tag", severity: "warning", message: new RegExp(`^container ${CONTAINER} uses image "argocd-(job|ui)" with no tag \\(pulls latest\\)$`), file: /dev-tilt\//, why: "The Tilt development setup's images have no tag (latest)." },
  { rule: "liveness-probe", severity: "warning", message: new RegExp(`^container ${CONTAINER} has no liveness probe$`), why: "The application controller, the ApplicationSet, notifications and commit-server controllers, Redis and its HA sidecars run without one." },
  { rule: "readiness-probe", severity: "warning", message: new RegExp(`^container ${CONTAINER} has no readiness probe$`), why: "Containers that declare the ports their Services target get traffic before they can serve." },
  { rule: "pdb-missing", severity: "warning", message: /^runs \d+ replicas but no PodDisruptionBudget in its namespace selects its pods$/, why: "The HA bundles run several replicas of repo-server, server and Redis HA with no PodDisruptionBudget: a drain may take them all." },
  { rule: "allow-privilege-escalation", severity: "warning", message: new RegExp(`^container ${CONTAINER} does not set allowPrivilegeEscalation to false$`), why: "The Redis HA chart's containers and the dev UI leave privilege escalation open." },
  { rule: "drop-all-capabilities", severity: "warning", message: new RegExp(`^container ${CONTAINER} does not drop ALL capabilities$`), why: "Same containers: the default capabilities stay (PSS restricted)." },
  { rule: "read-only-root-filesystem", severity: "warning", message: new RegExp(`^container ${CONTAINER} does not set readOnlyRootFilesystem to true$`), why: "Same containers: writable root filesystem." },
  { rule: "seccomp-profile", severity: "warning", message: new RegExp(`^container ${CONTAINER} has no seccomp profile$`), why: "Same containers: no seccompProfile (PSS restricted)." },
  { rule: "run-as-non-root", severity: "error", message: new RegExp(`^container ${CONTAINER} is not set to runAsNonRoot$`), why: "The base Deployments' containers do not set runAsNonRoot: the image's user decides (PSS restricted)." },
  { rule: "statefulset-service-name", severity: "info", message: /^names governing Service "argocd-application-controller", which is not defined in these manifests \(it runs one replica, which nothing in the set addresses by name\)$/, why: "The application controller's StatefulSet names a governing Service no bundle defines: its pod gets no DNS name, which nothing uses while it runs one replica." },
  { rule: "statefulset-service-name", severity: "info", message: /^has no spec\.serviceName: its pods get no stable DNS names \(it runs one replica, which nothing in the set addresses by name\)$/, file: /application-controller-deployment\//, why: "The stub StatefulSet of the Deployment-mode base has no serviceName (nor selector: see schema); one replica, nothing names its pod." },
  { rule: "schema", severity: "error", message: /^missing required field "selector" in spec$/, file: /application-controller-deployment\//, why: "That stub StatefulSet (replicas: 0) has no selector: creating it fails; it only patches an existing one." },
  { rule: "rbac-secrets-access", severity: "info", message: /^can (get\/list\/watch|list\/watch) secrets in namespace [a-z]+$/, why: "Namespaced Roles read every Secret of their namespace (info: Argo CD keeps its cluster credentials there by design)." },
  { rule: "rbac-secrets-access", severity: "error", message: /^can (get|get\/list\/watch|read and change) secrets in every namespace \(bound by ClusterRoleBinding "argocd-[a-z-]+"\)$/, why: "The cluster-wide install gives the controller, server and ApplicationSet controller every Secret of the cluster (CIS 5.1.2)." },
  { rule: "rbac-wildcard", severity: "warning", message: /^rules\[\d\] grants "\*" in (apiGroups|verbs|apiGroups and resources, which includes 21 escalating permissions, such as patch pods\/ephemeralcontainers and get nodes\/proxy \(runs commands in other pods; reaches the kubelet API \(exec into any pod of the node\); …\)|apiGroups, resources and verbs, which is every permission of every API group \(as cluster-admin\))$/, why: "The controller's and server's ClusterRoles grant wildcards (CIS 5.1.3): the controller's is cluster-admin, the server's patch and delete on every resource include patching workloads and pods' ephemeral containers." },
  { rule: "cluster-admin-binding", severity: "error", message: /^grants ClusterRole "argocd-application-controller" \(all verbs on all resources\) to ServiceAccount argocd\/argocd-application-controller$/, why: "The application controller is cluster-admin in effect." },
  { rule: "rbac-dangerous-grant", severity: "error", message: /^rules\[5\] grants create jobs in every namespace \(bound by ClusterRoleBinding "argocd-server"\)/, why: "argocd-server can create Jobs in any namespace, so run code as any ServiceAccount there." },
  { rule: "identical-probes", severity: "warning", message: /^container "haproxy" has a liveness probe identical to its readiness probe$/, why: "Redis HA's haproxy: an overloaded proxy is restarted instead of taken out of rotation." },
  { rule: "statefulset-volume-claims", severity: "warning", message: /^containers "redis", "sentinel", "split-brain-fix", "config-init" keep \/data in emptyDir volume "data"/, why: "Redis HA keeps /data in an emptyDir (persistence disabled in values): acceptable for a cache, and worth a written justification." },
  { rule: "duplicate-object", severity: "warning", message: /^alternative to argo-cd\/manifests\/(ha\/)?install(-with-hydrator)?\.yaml \(\d+ shared objects\): each is linted as a set of its own$/, why: "The bundles are alternatives: one warning per pair says so and how they are linted." },
  { rule: "network-policy", severity: "warning", message: /^is selected by no NetworkPolicy of namespace "[a-z]+"$/, why: "The Deployment-mode controller and the dev UI have no NetworkPolicy, unlike the other components." },
  { rule: "default-service-account", severity: "warning", message: /^runs as the default ServiceAccount of namespace argocd/, file: /dev-tilt\//, why: "The dev UI runs as the namespace's default ServiceAccount with a token." },
  { rule: "dangling-selector", severity: "warning", message: /has labels app=argocd-ui/, file: /dev-tilt\//, why: "The dev UI Service has no namespace while its Deployment is in argocd: applied as written it selects nothing." },
];
