#!/usr/bin/env node
// Writes a realistic k8s/ tree of about N resources for the benchmark:
//   node bench/generate.mjs <N> <dir>
// Teams own namespaces; each app is a Deployment or StatefulSet with its Service, ConfigMap, Secret,
// ServiceAccount, and often a PodDisruptionBudget, HorizontalPodAutoscaler, NetworkPolicy and Ingress.
// Names, labels and selectors vary and refer to each other (some wrongly, as in real trees), so the
// cross-resource rules do real work, and enough is wrong for findings' positions to be computed.
// Half the apps are one multi-document file, half one file per object. Deterministic for a given N.
import fs from "node:fs";
import path from "node:path";

const TEAMS = ["payments", "search", "identity", "catalog", "checkout", "ledger", "ingest", "notify", "media", "risk", "growth", "platform"];
const WORDS = ["api", "worker", "gateway", "indexer", "scheduler", "consumer", "writer", "reader", "sync", "cache", "proxy", "exporter", "broker", "store", "auth", "billing", "events", "router"];
const IMAGES = ["ghcr.io/acme/%s:1.%d.%d", "registry.acme.io/%s:2024.%d.%d", "docker.io/acme/%s:latest", "%s", "quay.io/acme/%s:v3.%d.%d@sha256:4f1c0e7b8d1a4c6e3f5b7a9d0c2e4f6a8b0d2c4e6f8a0b2d4c6e8f0a2b4d6c8e"];

/** A small seeded generator (mulberry32): the same N always gives the same tree. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generate(n, dir) {
  const rand = rng(n);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let count = 0;
  let files = 0;
  let bytes = 0;
  const write = (rel, docs) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = docs.join("---\n");
    fs.writeFileSync(file, text);
    files++;
    bytes += text.length;
  };
  for (const team of TEAMS) {
    write(`${team}/00-namespace.yaml`, [namespace(team)]);
    count++;
  }
  for (let i = 0; count < n; i++) {
    const team = TEAMS[i % TEAMS.length];
    const name = `${pick(WORDS)}-${pick(WORDS)}-${i}`;
    const stateful = chance(0.2);
    const app = { team, name, stateful, replicas: 1 + Math.floor(rand() * 5), port: 8000 + Math.floor(rand() * 1000), hardened: chance(0.6), i };
    const docs = [];
    docs.push(["service-account", serviceAccount(app)]);
    docs.push(["configmap", configMap(app, rand)]);
    docs.push(["secret", secret(app, rand)]);
    docs.push(["service", service(app, chance(0.05))]);
    docs.push([stateful ? "statefulset" : "deployment", workload(app, pick, chance)]);
    if (chance(0.7)) docs.push(["pdb", pdb(app)]);
    if (!stateful && chance(0.5)) docs.push(["hpa", hpa(app, chance(0.05))]);
    if (chance(0.6)) docs.push(["networkpolicy", networkPolicy(app)]);
    if (chance(0.25)) docs.push(["ingress", ingress(app)]);
    const kept = docs.slice(0, Math.max(1, Math.min(docs.length, n - count)));
    count += kept.length;
    if (i % 2 === 0) write(`${team}/${name}.yaml`, kept.map(([, d]) => d));
    else for (const [kind, d] of kept) write(`${team}/${name}/${kind}.yaml`, [d]);
  }
  return { resources: count, files, bytes };
}

const labels = (app, indent) =>
  [`app.kubernetes.io/name: ${app.name}`, `app.kubernetes.io/part-of: ${app.team}`, `app.kubernetes.io/managed-by: kustomize`].map((l) => `${" ".repeat(indent)}${l}`).join("\n");
const selector = (app, indent) => [`app.kubernetes.io/name: ${app.name}`, `app.kubernetes.io/part-of: ${app.team}`].map((l) => `${" ".repeat(indent)}${l}`).join("\n");

function namespace(team) {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${team}\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    team: ${team}\n`;
}

function serviceAccount(app) {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team}\n  labels:\n${labels(app, 4)}\nautomountServiceAccountToken: false\n`;
}

function configMap(app, rand) {
  const lines = [];
  const keys = 3 + Math.floor(rand() * 8);
  for (let k = 0; k < keys; k++) lines.push(`  ${app.name.toUpperCase().replace(/-/g, "_")}_SETTING_${k}: "${Math.floor(rand() * 100000)}"`);
  return `# Settings of ${app.name}, owned by team ${app.team}.
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${app.name}-config
  namespace: ${app.team}
  labels:
${labels(app, 4)}
data:
  LOG_LEVEL: info
  UPSTREAM_URL: "http://${app.name}.${app.team}.svc.cluster.local:${app.port}"
${lines.join("\n")}
  app.properties: |
    server.port=${app.port}
    server.shutdown=graceful
    management.endpoints.web.exposure.include=health,info,prometheus
    spring.datasource.hikari.maximum-pool-size=${5 + Math.floor(rand() * 20)}
`;
}

function secret(app, rand) {
  const token = Math.floor(rand() * 2 ** 48).toString(36);
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${app.name}-credentials\n  namespace: ${app.team}\n  labels:\n${labels(app, 4)}\ntype: Opaque\ndata:\n  username: ${Buffer.from(app.name).toString("base64")}\n  token: ${Buffer.from(token).toString("base64")}\n`;
}

function service(app, wrongSelector) {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${app.team}
  labels:
${labels(app, 4)}
spec:
${app.stateful ? "  clusterIP: None\n" : ""}  selector:
    app.kubernetes.io/name: ${wrongSelector ? app.name + "-v2" : app.name}
  ports:
    - name: http
      port: 80
      targetPort: http
    - name: metrics
      port: 9090
      targetPort: metrics
`;
}

function image(app, pick) {
  const tpl = pick(IMAGES);
  return tpl.replace("%s", app.name).replace("%d", String(app.i % 30)).replace("%d", String(app.i % 7));
}

function workload(app, pick, chance) {
  const kind = app.stateful ? "StatefulSet" : "Deployment";
  const podSecurity = app.hardened
    ? `      securityContext:
        runAsNonRoot: true
        runAsUser: ${10000 + (app.i % 1000)}
        fsGroup: ${10000 + (app.i % 1000)}
        seccompProfile:
          type: RuntimeDefault
`
    : "";
  const containerSecurity = app.hardened
    ? `          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
`
    : chance(0.5)
      ? `          securityContext:
            runAsUser: 0
`
      : "";
  const limits = chance(0.8) ? `            limits:\n              cpu: "1"\n              memory: 512Mi\n` : "";
  const probes = chance(0.85)
    ? `          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: /ready
              port: http
`
    : "";
  const init = chance(0.3)
    ? `      initContainers:
        - name: wait-for-db
          image: busybox:1.36
          command: ["sh", "-c", "until nc -z postgres.${app.team} 5432; do sleep 2; done"]
`
    : "";
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${app.name}
  namespace: ${app.team}
  labels:
${labels(app, 4)}
  annotations:
    owner: team-${app.team}@acme.example
spec:
${app.stateful ? `  serviceName: ${app.name}\n` : ""}  replicas: ${app.replicas}
  selector:
    matchLabels:
${selector(app, 6)}
  template:
    metadata:
      labels:
${labels(app, 8)}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
    spec:
      serviceAccountName: ${app.name}
${podSecurity}${init}      containers:
        - name: ${app.name.split("-")[0]}
          image: ${image(app, pick)}
          args: ["--port=${app.port}", "--metrics-port=9090"]
          ports:
            - name: http
              containerPort: ${app.port}
            - name: metrics
              containerPort: 9090
          envFrom:
            - configMapRef:
                name: ${app.name}-config
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef:
                  name: ${app.name}-credentials
                  key: token
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
${containerSecurity}          resources:
            requests:
              cpu: 100m
              memory: 256Mi
${limits}${probes}          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
${app.stateful ? `  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: ["ReadWriteOnce"]\n        resources:\n          requests:\n            storage: 10Gi\n` : ""}`;
}

function pdb(app) {
  return `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${app.name}\n  namespace: ${app.team}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n${selector(app, 6)}\n`;
}

function hpa(app, wrongTarget) {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${app.name}
  namespace: ${app.team}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${wrongTarget ? app.name + "-old" : app.name}
  minReplicas: ${app.replicas}
  maxReplicas: ${app.replicas * 4}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
`;
}

function networkPolicy(app) {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app.name}
  namespace: ${app.team}
spec:
  podSelector:
    matchLabels:
${selector(app, 6)}
  policyTypes: ["Ingress"]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
        - podSelector:
            matchLabels:
              app.kubernetes.io/part-of: ${app.team}
      ports:
        - port: http
`;
}

function ingress(app) {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${app.name}
  namespace: ${app.team}
spec:
  ingressClassName: nginx
  rules:
    - host: ${app.name}.${app.team}.acme.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${app.name}
                port:
                  name: http
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2]);
  const dir = process.argv[3];
  if (!Number.isInteger(n) || n <= 0 || !dir) {
    process.stderr.write("usage: node bench/generate.mjs <resources> <dir>\n");
    process.exit(2);
  }
  const r = generate(n, dir);
  process.stdout.write(`${r.resources} resources in ${r.files} files (${(r.bytes / 1024 / 1024).toFixed(1)} MiB) under ${dir}\n`);
}
