import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { builtinRules } from "../rules/index.js";

// Messages that are true whatever the set holds, and one finding per problem (issue 11, item 7).
function messages(text: string, rule: string): string[] {
  return lint({ sources: [{ name: "set.yaml", text }], rules: builtinRules })
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => f.message);
}

const statefulSet = (namespace: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${namespace}}
spec:
  replicas: 3
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
        - {name: db, image: "registry.example.com/db:1.0.0"}
`;

describe("statefulset-service-name", () => {
  it("says the governing Service is defined nowhere when no namespace has it", () => {
    expect(messages(statefulSet("shop"), "statefulset-service-name")).toEqual(['names governing Service "db", which is not defined in these manifests']);
  });
  it("says where the Service is when another namespace has it", () => {
    const text = `${statefulSet("shop")}---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
`;
    expect(messages(text, "statefulset-service-name")).toEqual(['names governing Service "db", which is in namespace "data", not "shop"']);
  });
});

describe("image-tag", () => {
  it("calls a placeholder in place of the whole image a placeholder, not an image without a tag", () => {
    const text = `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: web, image: "<image_url>"}
`;
    expect(messages(text, "image-tag")).toEqual(['container "web" uses placeholder image "<image_url>", which no registry serves']);
  });
});

describe("rbac-wildcard", () => {
  it("reports one finding per rule, naming every list with a wildcard", () => {
    const text = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: [apps]
    resources: [deployments]
    verbs: ["*"]
`;
    expect(messages(text, "rbac-wildcard")).toEqual([
      'rules[0] grants "*" in apiGroups, resources and verbs, which is every permission of every API group (as cluster-admin)',
      'rules[1] grants "*" in verbs, which includes create deployments (runs code as any ServiceAccount of the namespace)',
    ]);
  });

  it("says which escalating grants a wildcard reaches, leaving those written out to rbac-dangerous-grant", () => {
    const text = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: manager}
rules:
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, clusterroles, rolebindings]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["*"]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: ["*"]
    verbs: [create, get]
  - apiGroups: ["*"]
    resources: ["*"]
    resourceNames: [web]
    verbs: ["*"]
`;
    expect(messages(text, "rbac-wildcard")).toEqual([
      'rules[0] grants "*" in verbs, which includes bind/escalate roles and clusterroles (grants permissions it does not hold)',
      // get on nodes/proxy reaches the kubelet API; reading is otherwise not escalation.
      'rules[1] grants "*" in resources, which includes get nodes/proxy (reaches the kubelet API (exec into any pod of the node))',
      'rules[2] grants "*" in resources, which includes create deployments, statefulsets, daemonsets and replicasets (runs code as any ServiceAccount of the namespace)',
      // resourceNames narrows even "*" everywhere to the named objects: no cluster-admin, but exec into a named pod still escalates.
      'rules[3] grants "*" in apiGroups, resources and verbs, which includes 38 escalating permissions, such as create pods/exec and create pods/attach (runs commands in other pods; reaches the kubelet API (exec into any pod of the node); …)',
    ]);
  });
});

describe("statefulset-volume-claims", () => {
  it("reports a volume once, naming every container that keeps data in it", () => {
    const text = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  serviceName: redis
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers:
        - {name: redis, image: "registry.example.com/redis:7.2.4", volumeMounts: [{name: data, mountPath: /data}]}
        - {name: sentinel, image: "registry.example.com/redis:7.2.4", volumeMounts: [{name: data, mountPath: /data}]}
      volumes:
        - {name: data, emptyDir: {}}
`;
    expect(messages(text, "statefulset-volume-claims")).toEqual(['containers "redis", "sentinel" keep /data in emptyDir volume "data", which does not survive rescheduling']);
  });
});

describe("volume-mount", () => {
  it("reports a StatefulSet's data mount of a volume defined nowhere once, as the error it is", () => {
    const text = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: zk}
spec:
  serviceName: zk
  selector: {matchLabels: {app: zk}}
  template:
    metadata: {labels: {app: zk}}
    spec:
      containers:
        - {name: zk, image: "registry.example.com/zk:3.9.2", volumeMounts: [{name: datadir, mountPath: /var/lib/zookeeper}]}
  volumeClaimTemplates:
    - {metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}}
`;
    expect(messages(text, "volume-mount")).toEqual(['container "zk" mounts volume "datadir", which neither the pod\'s volumes nor its volumeClaimTemplates define']);
    expect(messages(text, "statefulset-volume-claims")).toEqual([]);
  });
});

describe("dangling-selector", () => {
  const deployment = (app: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec:
      containers:
        - {name: ${app}, image: "registry.example.com/${app}:1.0.0"}
`;
  it("names a close label value of the namespace's pods, never unrelated workloads' labels", () => {
    const service = (app: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: shop}
spec: {selector: {app: ${app}}, ports: [{port: 80}]}
`;
    const text = [deployment("api-server"), deployment("worker"), service("api-sever"), service("billing")].join("---\n");
    expect(messages(text, "dangling-selector")).toEqual([
      'selects no pods: no pod template in namespace "shop" has labels app=api-sever (a pod template there has app=api-server)',
      'selects no pods: no pod template in namespace "shop" has labels app=billing',
    ]);
  });
});

describe("network-policy", () => {
  it("names a workload two files define once (Velero's nginx-app/base.yaml and with-pv.yaml)", () => {
    const deployment = (image: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-deployment, namespace: nginx-example}
spec:
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
        - {name: nginx, image: "${image}"}
`;
    const found = lint({
      sources: [
        { name: "base.yaml", text: deployment("nginx:1.17.6") },
        { name: "with-pv.yaml", text: deployment("nginx:1.7.9") },
      ],
      rules: builtinRules,
    }).findings.filter((f) => f.ruleId === "network-policy");
    expect(found.map((f) => f.message)).toEqual([
      'namespace "nginx-example" has workloads (Deployment nginx-example/nginx-deployment) but no NetworkPolicy: their pods accept traffic from anywhere',
    ]);
  });
});

describe("hardcoded-credential", () => {
  it("names a kustomization generator literal by the key it sets, never by `literals` nor by its value", () => {
    const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
secretGenerator:
  - name: db
    literals:
      - DB_PASSWORD=Xk9pQ2vLm8TzR4wN
configMapGenerator:
  - name: settings
    literals:
      - API_TOKEN=ghp_7Hq2Kd9LmXz4Rt8WnB3vYp6Cs1Fj0GaE5uQi
`;
    const found = lint({ sources: [{ name: "kustomization.yaml", text }], rules: builtinRules }).findings.filter((f) => f.ruleId === "hardcoded-credential");
    expect(found.map((f) => `${f.line} ${f.message}`)).toEqual([
      '6 key "DB_PASSWORD" holds a literal credential (16 chars)',
      '10 key "API_TOKEN" holds a GitHub token ghp_…(40 chars)',
    ]);
  });
});

describe("deprecated-api", () => {
  const pod = (fields: string) => `
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
${fields}
  containers:
    - {name: db, image: "registry.example.com/db:1.0.0"}
`;
  it("says the alias is ignored when serviceAccountName names another account, which the API server takes", () => {
    expect(messages(pod("  serviceAccount: bank-of-anthos\n  serviceAccountName: default"), "deprecated-api")).toEqual([
      'spec.serviceAccount "bank-of-anthos" is ignored: serviceAccountName "default" takes precedence over its deprecated alias',
    ]);
  });
  it("asks to remove an alias that repeats serviceAccountName, and to rename one written alone", () => {
    expect(messages(pod("  serviceAccount: db\n  serviceAccountName: db"), "deprecated-api")).toEqual(["spec.serviceAccount is a deprecated alias that repeats serviceAccountName: remove it"]);
    expect(messages(pod("  serviceAccount: db"), "deprecated-api")).toEqual(["spec.serviceAccount is a deprecated alias: use serviceAccountName"]);
  });
});
