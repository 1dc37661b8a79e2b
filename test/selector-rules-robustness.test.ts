import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { selectorRules } from "./helpers/selector-rules.js";

// Manifests in shapes the API server would reject: the selector, budget and duplicate rules must
// neither throw nor invent findings from them.

const RULES = selectorRules;

const MALFORMED = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: strange, namespace: odd}
spec:
  replicas: "3"
  selector: "app=strange"
  template:
    metadata: {labels: [app, strange]}
    spec:
      affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [null, {weight: 1}]}}
      topologySpreadConstraints: {labelSelector: x}
      containers:
        - name: a
          image: a:1
          env: {A: b}
          ports: [80, {containerPort: "80"}, null]
          volumeMounts: [null, {name: 3, mountPath: 4}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: sts, namespace: odd}
spec:
  serviceName: [a]
  selector: {matchLabels: null, matchExpressions: [null, {key: app}, {operator: In, values: a}]}
  volumeClaimTemplates: {name: data}
  template:
    spec:
      volumes: [null, {name: data}]
      containers: [{name: s, image: "s:1", volumeMounts: [{name: data, mountPath: /data}]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: pdb, namespace: odd}
spec: {minAvailable: "x%", maxUnavailable: -1, selector: [1, 2]}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: hpa, namespace: odd}
spec: {scaleTargetRef: "Deployment/strange", minReplicas: "2"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: odd}
spec: {podSelector: "all"}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: odd}
spec: {selector: [app], ports: {port: 80}}
---
apiVersion: v1
kind: Service
metadata: {namespace: odd}
spec: null
`;

describe("selector, budget and duplicate rules on malformed manifests", () => {
  it("never throw", () => {
    const result = lint({ sources: [{ name: "malformed.yaml", text: MALFORMED }], rules: RULES });
    expect(result.notices.filter((n) => n.includes("failed"))).toEqual([]);
    expect(result.summary.resources).toBe(7);
  });

  it("report only what the manifests really say: every finding points into the file", () => {
    const result = lint({ sources: [{ name: "malformed.yaml", text: MALFORMED }], rules: RULES });
    const lines = MALFORMED.split("\n").length;
    for (const f of result.findings) {
      expect(f.line, `${f.ruleId}: ${f.message}`).toBeGreaterThanOrEqual(1);
      expect(f.line, `${f.ruleId}: ${f.message}`).toBeLessThanOrEqual(lines);
    }
    for (const f of result.findings) expect(f.message, f.ruleId).not.toMatch(/undefined|null|\[object/);
    // A selector that is not a mapping, or a serviceName that is not a string, is the schema rule's finding.
    expect(result.findings.filter((f) => f.ruleId === "selector-mismatch" && f.message.includes("empty"))).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === "statefulset-service-name")).toEqual([]);
    // A string where a number belongs is schema's finding: no budget or replica rule reads "3" as 3.
    expect(result.findings.filter((f) => ["pdb-missing", "pdb-blocks-eviction", "hpa-replicas-conflict", "anti-affinity"].includes(f.ruleId))).toEqual([]);
  });
});
