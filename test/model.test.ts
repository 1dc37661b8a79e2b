import { describe, expect, it } from "vitest";
import { parseSource } from "../src/load/parse.js";
import { buildModel, collectSources, type Model } from "../src/model/model.js";
import { formatPath } from "../src/engine/finding.js";
import { compileSelector } from "../src/model/selector.js";

// The model every rule reads: pod templates of every workload kind, every container with its kind.

function model(text: string): Model {
  const parsed = parseSource({ path: "/x/m.yaml", display: "m.yaml", text });
  const { resources, others } = collectSources(parsed);
  return buildModel(resources, others, [], { defaultNamespace: "default", external: [], kubeVersion: "1.33" });
}

const containers = "containers: [{name: app, image: app:1.0}]";
const template = (indent: string, extra = "") => `template:\n${indent}  metadata: {labels: {app: x}}\n${indent}  spec:\n${indent}    ${containers}${extra ? `\n${indent}    ${extra}` : ""}`;

const WORKLOADS = `apiVersion: v1
kind: Pod
metadata: {name: pod}
spec:
  ${containers}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: deploy}
spec:
  ${template("  ")}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts}
spec:
  ${template("  ")}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  ${template("  ")}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: rs}
spec:
  ${template("  ")}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: rc}
spec:
  ${template("  ")}
---
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  ${template("  ", "restartPolicy: Never")}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cron}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      ${template("      ", "restartPolicy: OnFailure")}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: rollout}
spec:
  ${template("  ")}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: widget}
spec:
  template:
    spec:
      notContainers: true
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
`;

describe("model: pod templates", () => {
  it("every workload kind, and an unknown kind with spec.template.spec.containers, has a pod template at its path", () => {
    const m = model(WORKLOADS);
    expect(m.resources).toHaveLength(11);
    const paths = Object.fromEntries(m.pods.map((p) => [p.resource.kind, formatPath(p.specPath)]));
    expect(paths).toEqual({
      Pod: "spec",
      Deployment: "spec.template.spec",
      StatefulSet: "spec.template.spec",
      DaemonSet: "spec.template.spec",
      ReplicaSet: "spec.template.spec",
      ReplicationController: "spec.template.spec",
      Job: "spec.template.spec",
      CronJob: "spec.jobTemplate.spec.template.spec",
      Rollout: "spec.template.spec",
    });
    expect(m.containers.map((c) => `${c.pod.resource.kind}:${formatPath(c.path)}`)).toContain("CronJob:spec.jobTemplate.spec.template.spec.containers[0]");
  });

  it("Jobs, CronJobs and any pod with restartPolicy Never/OnFailure run to completion; the others do not", () => {
    const m = model(WORKLOADS);
    const done = m.pods.filter((p) => p.runsToCompletion).map((p) => p.resource.kind);
    expect(done.sort()).toEqual(["CronJob", "Job"]);
    const oneShot = model(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  ${containers}\n`);
    expect(oneShot.pods[0].runsToCompletion).toBe(true);
  });

  it("template labels are read for selectors, as strings", () => {
    const m = model(`apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    metadata:
      labels: {app: d, version: 2, canary: yes}
    spec:
      ${containers}
`);
    expect(m.pods[0].labels).toEqual({ app: "d", version: "2", canary: "true" });
  });
});

describe("model: custom resources with a pod template per role", () => {
  const RAY = `apiVersion: ray.io/v1
kind: RayCluster
metadata: {name: ray, namespace: ml}
spec:
  enableInTreeAutoscaling: true
  headGroupSpec:
    template:
      metadata: {labels: {role: head}}
      spec:
        ${containers}
  workerGroupSpecs:
    - groupName: cpu
      template:
        spec:
          containers: [{name: worker, image: w:1.0}, {name: shipper, image: s:1.0}]
          volumes: [{name: cfg, configMap: {name: worker-config}}]
---
apiVersion: ray.io/v1
kind: RayJob
metadata: {name: job, namespace: ml}
spec:
  rayClusterSpec:
    enableInTreeAutoscaling: true
    headGroupSpec:
      template:
        spec:
          ${containers}
  submitterPodTemplate:
    spec:
      restartPolicy: Never
      ${containers}
---
apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: train, namespace: ml}
spec:
  pytorchReplicaSpecs:
    Master: {template: {spec: {${containers}}}}
    Worker: {template: {spec: {${containers}}}}
---
apiVersion: example.com/v1
kind: PyTorchJob
metadata: {name: other, namespace: ml}
spec:
  pytorchReplicaSpecs:
    Worker: {template: {spec: {${containers}}}}
`;

  it("each template is a pod of its object, with its containers at their paths; an unknown group has none", () => {
    const m = model(RAY);
    expect(m.pods.map((p) => `${p.resource.kind}/${p.resource.name}:${formatPath(p.specPath)}`)).toEqual([
      "RayCluster/ray:spec.headGroupSpec.template.spec",
      "RayCluster/ray:spec.workerGroupSpecs[0].template.spec",
      "RayJob/job:spec.rayClusterSpec.headGroupSpec.template.spec",
      "RayJob/job:spec.submitterPodTemplate.spec",
      "PyTorchJob/train:spec.pytorchReplicaSpecs.Master.template.spec",
      "PyTorchJob/train:spec.pytorchReplicaSpecs.Worker.template.spec",
    ]);
    expect(m.containers.filter((c) => c.pod.resource.name === "ray").map((c) => formatPath(c.path))).toEqual([
      "spec.headGroupSpec.template.spec.containers[0]",
      "spec.workerGroupSpecs[0].template.spec.containers[0]",
      "spec.workerGroupSpecs[0].template.spec.containers[1]",
    ]);
    const ray = m.resources.find((r) => r.name === "ray")!;
    expect(m.index.podTemplate(ray)?.labels).toEqual({ role: "head" });
    expect(m.index.podTemplates(ray)).toHaveLength(2);
  });

  it("what every template names is a reference of the object", () => {
    const m = model(RAY);
    const ray = m.resources.find((r) => r.name === "ray")!;
    expect(m.index.references(ray).map((r) => `${r.kind}/${r.name} ${formatPath(r.path)}`)).toEqual([
      "ConfigMap/worker-config spec.workerGroupSpecs[0].template.spec.volumes[0].configMap.name",
    ]);
  });

  it("a training job runs to completion; a Ray cluster does not, its submitter does", () => {
    const m = model(RAY);
    expect(m.pods.filter((p) => p.runsToCompletion).map((p) => `${p.resource.name}:${formatPath(p.specPath)}`)).toEqual([
      "job:spec.submitterPodTemplate.spec",
      "train:spec.pytorchReplicaSpecs.Master.template.spec",
      "train:spec.pytorchReplicaSpecs.Worker.template.spec",
    ]);
  });

  it("KubeRay's own probes and autoscaler account are known; a generated cluster name is not guessed", () => {
    const m = model(RAY);
    const head = m.pods[0];
    expect(head.operatorProbes).toBe(true);
    expect(head.operatorServiceAccount).toBe("ray");
    expect(m.pods[1].operatorServiceAccount).toBeUndefined();
    expect(m.pods[2].operatorServiceAccount).toBe("");
    expect(m.pods[3].operatorProbes).toBeUndefined();
  });

  it("a selector on the operator's labels may select the pods; one on labels they lack does not", () => {
    const m = model(RAY);
    const sel = (s: Record<string, string>) => compileSelector(s, "map");
    expect(m.index.selectsAnyPod("ml", sel({ "ray.io/cluster": "ray", "ray.io/node-type": "worker" }), false)).toBe(true);
    expect(m.index.selectsAnyPod("ml", sel({ "training.kubeflow.org/replica-type": "worker" }), false)).toBe(true);
    expect(m.index.selectsAnyPod("ml", sel({ role: "worker" }), false)).toBe(false);
    expect(m.index.selectsAnyPod("ml", sel({ role: "head" }), false)).toBe(true);
  });
});

describe("model: containers", () => {
  it("regular, init (run-once and sidecar) and ephemeral containers are all visible, with their kind and path", () => {
    const m = model(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - {name: migrate, image: m:1}
    - {name: proxy, image: p:1, restartPolicy: Always}
  containers:
    - {name: app, image: a:1}
    - image: unnamed:1
  ephemeralContainers:
    - {name: debug, image: busybox:1.36}
`);
    expect(m.containers.map((c) => `${c.kind} ${c.name} ${formatPath(c.path)} ${c.sidecar}`)).toEqual([
      "container app spec.containers[0] false",
      "container #1 spec.containers[1] false",
      "initContainer migrate spec.initContainers[0] false",
      "initContainer proxy spec.initContainers[1] true",
      "ephemeralContainer debug spec.ephemeralContainers[0] false",
    ]);
  });

  it("kind: List items are resources with their list index; malformed items and containers are skipped", () => {
    const m = model(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers: [{name: a, image: a:1}, "not a container", null]
  - "not an object"
  - {kind: Pod}
  - apiVersion: v1
    kind: Service
    metadata: {name: s, namespace: web}
`);
    expect(m.resources.map((r) => `${r.kind} ${r.namespace}/${r.name} #${r.listIndex}`)).toEqual(["Pod default/a #0", "Service web/s #3"]);
    expect(m.containers.map((c) => c.name)).toEqual(["a"]);
  });

  it("a custom kind that ends in List but holds no objects is an object, not a list", () => {
    const m = model(`apiVersion: example.com/v1
kind: IPAllowList
metadata: {name: office}
items:
  - cidr: 10.0.0.0/8
---
apiVersion: apps/v1
kind: DeploymentList
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: d}
`);
    expect(m.resources.map((r) => `${r.kind}/${r.name}`)).toEqual(["IPAllowList/office", "Deployment/d"]);
  });

  it("cluster-scoped kinds have no namespace, namespaced ones get the run's default", () => {
    const m = model(`apiVersion: v1
kind: Namespace
metadata: {name: team, namespace: ignored}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
`);
    expect(m.resources.map((r) => [r.kind, r.namespace])).toEqual([
      ["Namespace", undefined],
      ["ConfigMap", "default"],
    ]);
  });
});
