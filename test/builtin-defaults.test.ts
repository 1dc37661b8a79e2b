import { describe, expect, it } from "vitest";
import { tagIsLatest, withBuiltinDefaults } from "../src/policy/builtin-defaults.js";

// The API server's defaults for built-in kinds, as admission policies see them on a create
// (Kubernetes' SetDefaults_* in pkg/apis/core/v1, apps/v1 and batch/v1).

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: Array<string | number>): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], o);
const defaulted = (apiVersion: string, kind: string, object: Obj, minor = 36): Obj => withBuiltinDefaults(apiVersion, kind, object, minor)!;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

const pod = (containers: Obj[], extra: Obj = {}): Obj => ({ containers, ...extra });

describe("image pull policy: latest when the tag says so or there is neither tag nor digest", () => {
  const digest = "sha256:" + "a".repeat(64);
  it.each([
    ["nginx", true],
    ["nginx:latest", true],
    ["docker.io/library/nginx", true],
    ["localhost:5000/shop/api", true],
    [`nginx:latest@${digest}`, true],
    ["nginx:1.25", false],
    ["localhost:5000/shop/api:2", false],
    [`nginx@${digest}`, false],
    // Not valid references: Kubernetes' ParseImageName fails, and the policy is IfNotPresent.
    ["Nginx", false],
    ["nginx@sha256:abc", false],
    ["a".repeat(64), false],
    ["", false],
  ])("%s: %s", (image, latest) => {
    expect(tagIsLatest(image)).toBe(latest);
  });
});

describe("withBuiltinDefaults", () => {
  it("never changes the object it is given, and leaves kinds it does not know alone", () => {
    const object = deepFreeze({ spec: { template: { spec: { containers: [{ name: "a", image: "nginx" }] } } } });
    const out = defaulted("apps/v1", "Deployment", object);
    expect(out).not.toBe(object);
    expect(at(out, "spec", "replicas")).toBe(1);
    expect(withBuiltinDefaults("apps/v1beta1", "Deployment", object, 36)).toBeUndefined();
    expect(withBuiltinDefaults("example.com/v1", "Widget", { spec: {} }, 36)).toBeUndefined();
  });

  it("Deployment: replicas, a rolling update of 25%, history and progress deadline; what is written stays", () => {
    const out = defaulted("apps/v1", "Deployment", { spec: { template: { spec: pod([{ name: "a", image: "nginx:1" }]) } } });
    expect(at(out, "spec")).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" } } });
    const kept = defaulted("apps/v1", "Deployment", { spec: { replicas: 0, strategy: { type: "Recreate" } } });
    expect(at(kept, "spec", "replicas")).toBe(0);
    expect(at(kept, "spec", "strategy")).toEqual({ type: "Recreate" });
  });

  it("pod templates: the PodSpec and container defaults, but not a Pod's requests from limits", () => {
    const out = defaulted("apps/v1", "Deployment", {
      spec: { template: { spec: pod([{ name: "a", image: "nginx", ports: [{ containerPort: 80 }], resources: { limits: { cpu: "1" } }, livenessProbe: { httpGet: { port: 80 } } }]) } },
    });
    const spec = at(out, "spec", "template", "spec");
    expect(spec).toMatchObject({ dnsPolicy: "ClusterFirst", restartPolicy: "Always", securityContext: {}, terminationGracePeriodSeconds: 30, schedulerName: "default-scheduler" });
    const c = at(spec, "containers", 0);
    expect(c).toMatchObject({ imagePullPolicy: "Always", terminationMessagePath: "/dev/termination-log", terminationMessagePolicy: "File", ports: [{ containerPort: 80, protocol: "TCP" }] });
    expect(at(c, "livenessProbe")).toEqual({ httpGet: { port: 80, path: "/", scheme: "HTTP" }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(at(c, "resources")).toEqual({ limits: { cpu: "1" } });
    const grpc = defaulted("v1", "Pod", { spec: pod([{ name: "g", image: "x:1", readinessProbe: { grpc: { port: 9090 } } }]) });
    expect(at(grpc, "spec", "containers", 0, "readinessProbe", "grpc")).toEqual({ port: 9090, service: "" });
    expect(at(spec, "enableServiceLinks")).toBeUndefined();
  });

  it("Pod: requests from limits where a request is missing, host ports on the host network, service links", () => {
    const out = defaulted("v1", "Pod", {
      spec: pod([{ name: "a", image: "x:1", ports: [{ containerPort: 8080 }], resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } } }], { hostNetwork: true }),
    });
    expect(at(out, "spec", "containers", 0, "resources", "requests")).toEqual({ cpu: "500m", memory: "1Gi" });
    expect(at(out, "spec", "containers", 0, "ports", 0)).toEqual({ containerPort: 8080, protocol: "TCP", hostPort: 8080 });
    expect(at(out, "spec", "enableServiceLinks")).toBe(true);
  });

  it("volumes: a volume with no source is an emptyDir; file modes 0644; a token lasts an hour", () => {
    const out = defaulted("v1", "Pod", {
      spec: pod([], { volumes: [{ name: "scratch" }, { name: "cfg", configMap: { name: "c" } }, { name: "tok", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } }, { name: "h", hostPath: { path: "/x" } }] }),
    });
    expect(at(out, "spec", "volumes")).toEqual([
      { name: "scratch", emptyDir: {} },
      { name: "cfg", configMap: { name: "c", defaultMode: 420 } },
      { name: "tok", projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: "t", expirationSeconds: 3600 } }] } },
      { name: "h", hostPath: { path: "/x", type: "" } },
    ]);
  });

  it("StatefulSet: rollingUpdate with partition 0 only when the type was left out; PVC retention from 1.27", () => {
    const left = defaulted("apps/v1", "StatefulSet", { spec: { volumeClaimTemplates: [{ spec: {} }] } });
    expect(at(left, "spec")).toMatchObject({ podManagementPolicy: "OrderedReady", replicas: 1, revisionHistoryLimit: 10, updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } } });
    expect(at(left, "spec", "persistentVolumeClaimRetentionPolicy")).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
    expect(at(left, "spec", "volumeClaimTemplates", 0, "spec", "volumeMode")).toBe("Filesystem");
    const written = defaulted("apps/v1", "StatefulSet", { spec: { updateStrategy: { type: "RollingUpdate" } } });
    expect(at(written, "spec", "updateStrategy")).toEqual({ type: "RollingUpdate" });
    expect(at(defaulted("apps/v1", "StatefulSet", { spec: {} }, 26), "spec", "persistentVolumeClaimRetentionPolicy")).toBeUndefined();
  });

  it("DaemonSet: a rolling update of one pod at a time", () => {
    expect(at(defaulted("apps/v1", "DaemonSet", { spec: {} }), "spec")).toEqual({ updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
  });

  it("Job: one completion, six retries (unlimited with a per-index limit from 1.29), labels from its template", () => {
    const out = defaulted("batch/v1", "Job", { metadata: { name: "j" }, spec: { template: { metadata: { labels: { app: "j" } }, spec: pod([]) } } });
    expect(at(out, "spec")).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: "NonIndexed", suspend: false, podReplacementPolicy: "TerminatingOrFailed" });
    expect(at(out, "metadata", "labels")).toEqual({ app: "j" });
    const perIndex = { spec: { completionMode: "Indexed", completions: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [] } } };
    expect(at(defaulted("batch/v1", "Job", perIndex), "spec")).toMatchObject({ backoffLimit: 2147483647, parallelism: 1, podReplacementPolicy: "Failed" });
    expect(at(defaulted("batch/v1", "Job", perIndex, 28), "spec", "backoffLimit")).toBeUndefined();
    expect(at(defaulted("batch/v1", "Job", perIndex, 28), "spec", "podReplacementPolicy")).toBeUndefined();
  });

  it("CronJob: Allow, three successful and one failed job kept; its job template's pod spec defaulted, not the Job's own fields", () => {
    const out = defaulted("batch/v1", "CronJob", { spec: { schedule: "@daily", jobTemplate: { spec: { template: { spec: pod([{ name: "a", image: "x:1" }]) } } } } });
    expect(at(out, "spec")).toMatchObject({ concurrencyPolicy: "Allow", suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(at(out, "spec", "jobTemplate", "spec", "backoffLimit")).toBeUndefined();
    expect(at(out, "spec", "jobTemplate", "spec", "template", "spec", "restartPolicy")).toBe("Always");
  });

  it("Service: ClusterIP, TCP, targetPort from port, no affinity config without ClientIP affinity", () => {
    const out = defaulted("v1", "Service", { spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } }, ports: [{ port: 80 }, { port: 443, targetPort: "https" }] } });
    expect(at(out, "spec")).toEqual({
      type: "ClusterIP",
      sessionAffinity: "None",
      internalTrafficPolicy: "Cluster",
      ports: [
        { port: 80, protocol: "TCP", targetPort: 80 },
        { port: 443, targetPort: "https", protocol: "TCP" },
      ],
    });
    const lb = defaulted("v1", "Service", { spec: { type: "LoadBalancer", sessionAffinity: "ClientIP" } });
    expect(at(lb, "spec")).toMatchObject({ externalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true, sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    expect(at(defaulted("v1", "Service", { spec: { type: "ExternalName", externalName: "db.example.com" } }), "spec", "internalTrafficPolicy")).toBeUndefined();
  });

  it("NetworkPolicy: Ingress, and Egress when there are egress rules; TCP ports", () => {
    expect(at(defaulted("networking.k8s.io/v1", "NetworkPolicy", { spec: { podSelector: {} } }), "spec", "policyTypes")).toEqual(["Ingress"]);
    const out = defaulted("networking.k8s.io/v1", "NetworkPolicy", { spec: { egress: [{ ports: [{ port: 53 }, { port: 53, protocol: "UDP" }] }] } });
    expect(at(out, "spec")).toEqual({ policyTypes: ["Ingress", "Egress"], egress: [{ ports: [{ port: 53, protocol: "TCP" }, { port: 53, protocol: "UDP" }] }] });
    expect(at(defaulted("networking.k8s.io/v1", "NetworkPolicy", { spec: { policyTypes: ["Egress"], egress: [] } }), "spec", "policyTypes")).toEqual(["Egress"]);
  });

  it("HorizontalPodAutoscaler: one replica at least, 80% CPU, and a written behavior filled in", () => {
    const out = defaulted("autoscaling/v2", "HorizontalPodAutoscaler", { spec: { maxReplicas: 5 } });
    expect(at(out, "spec")).toEqual({ maxReplicas: 5, minReplicas: 1, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }] });
    const behaved = defaulted("autoscaling/v2", "HorizontalPodAutoscaler", { spec: { minReplicas: 2, metrics: [{ type: "Pods" }], behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } } });
    expect(at(behaved, "spec", "behavior")).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 600, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
    expect(at(behaved, "spec", "minReplicas")).toBe(2);
  });

  it("ReplicationController: one replica, its selector and labels from the template's labels", () => {
    const out = defaulted("v1", "ReplicationController", { metadata: { name: "rc" }, spec: { template: { metadata: { labels: { app: "rc" } }, spec: pod([]) } } });
    expect(out).toMatchObject({ metadata: { labels: { app: "rc" } }, spec: { replicas: 1, selector: { app: "rc" } } });
  });

  it("Secret, Namespace, PersistentVolume and PersistentVolumeClaim", () => {
    expect(at(defaulted("v1", "Secret", {}), "type")).toBe("Opaque");
    expect(at(defaulted("v1", "Namespace", { metadata: { name: "shop" } }), "metadata", "labels")).toEqual({ "kubernetes.io/metadata.name": "shop" });
    expect(at(defaulted("v1", "PersistentVolume", { spec: {} }), "spec")).toEqual({ persistentVolumeReclaimPolicy: "Retain", volumeMode: "Filesystem" });
    expect(at(defaulted("v1", "PersistentVolumeClaim", { spec: { volumeMode: "Block" } }), "spec", "volumeMode")).toBe("Block");
  });

  it("takes what a broken object has without failing: fields of the wrong type are left as they are", () => {
    const broken = deepFreeze({ spec: { strategy: "fast", template: { spec: { containers: "x", volumes: [null, 3] } } } });
    const out = defaulted("apps/v1", "Deployment", broken);
    expect(at(out, "spec", "strategy")).toBe("fast");
    expect(at(out, "spec", "template", "spec", "containers")).toBe("x");
  });
});
