import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import antiAffinity from "../rules/anti-affinity.js";
import readWriteOnceClaim from "../rules/read-write-once-claim.js";

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
