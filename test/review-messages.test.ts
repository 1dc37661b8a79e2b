import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import antiAffinity from "../rules/anti-affinity.js";
import readWriteOnceClaim from "../rules/read-write-once-claim.js";
import seccompProfile from "../rules/seccomp-profile.js";
import allowPrivilegeEscalation from "../rules/allow-privilege-escalation.js";
import dropAllCapabilities from "../rules/drop-all-capabilities.js";
import readOnlyRootFilesystem from "../rules/read-only-root-filesystem.js";
import runAsNonRoot from "../rules/run-as-non-root.js";
import pdbUnhealthyEviction from "../rules/pdb-unhealthy-eviction.js";

// Messages that say what is actually wrong, from runs on popular manifests.

const deployment = (affinity: string, volumes = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: zk
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: zk}
  template:
    metadata:
      labels: {app.kubernetes.io/name: zk}
    spec:
${affinity}      containers:
        - name: zk
          image: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
${volumes}`;

const messages = (text: string, rules = [antiAffinity]) => lint({ sources: [{ name: "zk.yaml", text }], rules }).findings.map((f) => f.message);

describe("anti-affinity", () => {
  it("says a written podAntiAffinity selects none of the workload's own pods (kubernetes/website's ZooKeeper: key app)", () => {
    const affinity = "      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - labelSelector:\n                matchExpressions:\n                  - {key: app, operator: In, values: [zk]}\n              topologyKey: kubernetes.io/hostname\n";
    expect(messages(deployment(affinity))).toEqual(["runs 3 replicas, and its podAntiAffinity and topologySpreadConstraints select none of its own pods"]);
    expect(messages(deployment(""))).toEqual(["runs 3 replicas with no podAntiAffinity or topologySpreadConstraints over its own pods"]);
  });
});

describe("read-write-once-claim", () => {
  const claim = (mode: string) => `---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: [${mode}]
  resources: {requests: {storage: 1Gi}}
`;
  const single = (mode: string) =>
    deployment("", "      volumes:\n        - name: data\n          persistentVolumeClaim: {claimName: data}\n").replace("replicas: 3", "replicas: 1") + claim(mode);
  it("a ReadWriteOnce volume holds up a rollout only when the new pod lands on another node; ReadWriteOncePod always", () => {
    expect(messages(single("ReadWriteOnce"), [readWriteOnceClaim])).toEqual([
      'mounts ReadWriteOnce claim "data" with a rolling update: a rollout\'s new pod scheduled on another node waits for the volume the old pod holds',
    ]);
    expect(messages(single("ReadWriteOncePod"), [readWriteOnceClaim])).toEqual([
      'mounts ReadWriteOncePod claim "data" with a rolling update: a rollout\'s new pod waits for the volume the old pod holds',
    ]);
  });
});

describe("Windows pods", () => {
  const windowsPod = (extra: string) => `apiVersion: v1
kind: Pod
metadata:
  name: iis
spec:
${extra}  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`;
  it("are recognised by the beta os label and by windowsOptions: no Linux-only findings", () => {
    const rules = [seccompProfile, allowPrivilegeEscalation, dropAllCapabilities, readOnlyRootFilesystem];
    const ids = (text: string) => lint({ sources: [{ name: "pod.yaml", text }], rules }).findings.map((f) => f.ruleId);
    expect(ids(windowsPod(""))).toHaveLength(4);
    expect(ids(windowsPod("  nodeSelector:\n    beta.kubernetes.io/os: windows\n"))).toEqual([]);
    expect(ids(windowsPod("  securityContext:\n    windowsOptions: {runAsUserName: ContainerAdministrator}\n"))).toEqual([]);
  });

  it("run-as-non-root suggests ContainerUser, not a UID", () => {
    const [f] = lint({ sources: [{ name: "pod.yaml", text: windowsPod("  nodeSelector:\n    kubernetes.io/os: windows\n") }], rules: [runAsNonRoot], fixes: true }).findings;
    expect(f.suggestions?.map((s) => [s.description, s.edits.map((e) => e.text).join("")])).toEqual([
      ["run as ContainerUser (runAsNonRoot: true, windowsOptions.runAsUserName: ContainerUser)", "\n      securityContext:\n        runAsNonRoot: true\n        windowsOptions:\n          runAsUserName: ContainerUser"],
    ]);
  });
});

describe("run-as-non-root on a privileged node agent (calico-node, NVIDIA's device plugin, Falco)", () => {
  const agent = (securityContext: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
spec:
  selector:
    matchLabels: {k8s-app: calico-node}
  template:
    metadata:
      labels: {k8s-app: calico-node}
    spec:
${securityContext}      containers:
        - name: calico-node
          image: quay.io/calico/node:v3.30.0
          securityContext:
            privileged: true
`;
  const found = (text: string) => lint({ sources: [{ name: "ds.yaml", text }], rules: [runAsNonRoot], fixes: true }).findings.map((f) => [f.message, f.fix, f.suggestions?.length ?? 0]);

  it("says root holds what privileged grants, and suggests no non-root user, which would hold none of it", () => {
    expect(found(agent(""))).toEqual([['container "calico-node" is not set to runAsNonRoot (as root it holds the node\'s powers privileged: true grants, which a non-root user would not)', undefined, 0]]);
    const pod = agent("      securityContext:\n        runAsUser: 0\n").replace("      containers:\n", "      initContainers:\n        - name: install-cni\n          image: quay.io/calico/cni:v3.30.0\n      containers:\n");
    expect(found(pod)).toEqual([['pod runs containers "calico-node" and "install-cni" as root (runAsUser: 0) (as root, container "calico-node" holds the node\'s powers privileged: true grants, which a non-root user would not)', undefined, 0]]);
    expect(found(agent("      securityContext:\n        runAsUser: 0\n"))).toEqual([['container "calico-node" runs as root (runAsUser: 0) (as root it holds the node\'s powers privileged: true grants, which a non-root user would not)', undefined, 0]]);
  });
});

describe("pdb-unhealthy-eviction (Knative's webhook budget)", () => {
  const pdb = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: webhook-pdb
  namespace: knative-serving
spec:
  minAvailable: 80%
  selector:
    matchLabels: {app: webhook}
`;
  const suggested = (apiVersion: string) =>
    lint({ sources: [{ name: "pdb.yaml", text: pdb(apiVersion) }], rules: [pdbUnhealthyEviction], fixes: true }).findings.map((f) => [
      f.fix,
      f.suggestions?.map((s) => [s.description, s.edits.map((e) => e.text).join("")]),
    ]);

  it("suggests AlwaysAllow (a person decides: a quorum catching up keeps its unready pods), never as a fix", () => {
    expect(suggested("policy/v1")).toEqual([[undefined, [["set unhealthyPodEvictionPolicy: AlwaysAllow", "\n  unhealthyPodEvictionPolicy: AlwaysAllow"]]]]);
  });

  it("suggests nothing for policy/v1beta1, which has no such field", () => {
    expect(suggested("policy/v1beta1")).toEqual([[undefined, undefined]]);
  });
});
