import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { ROOT } from "./helpers/fixtures.js";
import { DEBOUNCE_MS } from "../src/lsp/server.js";

// `k8slint lsp` driven end to end by a JSON-RPC client over the child's stdio, as an editor does.

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
  source: string;
}
interface TextEdit {
  range: Diagnostic["range"];
  newText: string;
}
interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit: { changes: Record<string, TextEdit[]> };
}

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: web
      image: registry.example.com/web:1.0.0
      securityContext:
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {cpu: 100m, memory: 32Mi}
`;

function applyLspEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe("k8slint lsp", () => {
  let child: ChildProcess;
  let conn: MessageConnection;
  let dir: string;
  const published = new Map<string, Diagnostic[][]>();
  const waiters: Array<() => void> = [];
  const registrations: Array<{ method: string; registerOptions: unknown }> = [];
  const logs: string[] = [];
  let capabilities: Record<string, unknown>;

  /** The next diagnostics published for `uri` after this call. */
  function nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    const seen = published.get(uri)?.length ?? 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 30_000);
      const check = () => {
        const list = published.get(uri) ?? [];
        if (list.length > seen) {
          clearTimeout(timer);
          resolve(list[list.length - 1]);
          return true;
        }
        return false;
      };
      // Diagnostics of other documents arrive too: a waiter stays until its own are published.
      const wait = () => {
        if (!check()) waiters.push(wait);
      };
      wait();
    });
  }

  /** How many times the server ran kubectl: it finds, first on its PATH, a stand-in that counts and runs the real one. */
  const kubectlRuns = () => (fs.existsSync(path.join(dir, ".bin/runs")) ? fs.readFileSync(path.join(dir, ".bin/runs"), "utf8").split("\n").filter(Boolean).length : 0);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "k8slint-lsp-"));
    const real = spawnSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).stdout.trim();
    const bin = path.join(dir, ".bin");
    fs.mkdirSync(bin);
    if (real) fs.writeFileSync(path.join(bin, "kubectl"), `#!/bin/sh\necho run >> '${bin}/runs'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` };
    child = spawn(process.execPath, [path.join(ROOT, "bin/k8slint"), "lsp", "--stdio"], { cwd: dir, env, stdio: ["pipe", "pipe", "inherit"] });
    conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: Diagnostic[] }) => {
      published.set(p.uri, [...(published.get(p.uri) ?? []), p.diagnostics]);
      for (const w of waiters.splice(0)) w();
    });
    conn.onNotification("window/logMessage", (p: { message: string }) => logs.push(p.message));
    conn.onRequest("client/registerCapability", (p: { registrations: Array<{ method: string; registerOptions: unknown }> }) => {
      registrations.push(...p.registrations);
      return null;
    });
    conn.listen();
    const init = (await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ["create"] } } }, workspaceFolders: null })) as { capabilities: Record<string, unknown> };
    expect(init.capabilities).toMatchObject({ hoverProvider: true, codeActionProvider: { codeActionKinds: ["quickfix"] } });
    capabilities = init.capabilities;
    await conn.sendNotification("initialized", {});
  }, 60_000);

  afterAll(async () => {
    await conn.sendRequest("shutdown").catch(() => undefined);
    await conn.sendNotification("exit").catch(() => undefined);
    conn.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("open, diagnostics, code action, apply the fix, diagnostics cleared", async () => {
    const file = path.join(dir, "pod.yaml");
    fs.writeFileSync(file, POD);
    const uri = pathToFileURL(file).href;
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: POD } });
    const diags = await first;
    const ape = diags.find((d) => d.code === "allow-privilege-escalation")!;
    expect(ape).toMatchObject({ source: "k8slint", message: 'container "web" does not set allowPrivilegeEscalation to false', range: { start: { line: 13, character: 6 } } });

    const hover = (await conn.sendRequest("textDocument/hover", { textDocument: { uri }, position: ape.range.start })) as { contents: { value: string } };
    expect(hover.contents.value).toContain("**allow-privilege-escalation**");
    expect(hover.contents.value).toContain("docs/rules/allow-privilege-escalation.md");

    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: ape.range, context: { diagnostics: [ape] } })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    expect(fix.title).toBe("Fix: set allowPrivilegeEscalation: false");
    expect(actions.map((a) => a.title)).toContain("Disable allow-privilege-escalation for this line (give the reason after --)");

    // Typing: the edit is applied in the buffer, unsaved; the server lints the buffer's text.
    const fixed = applyLspEdits(POD, fix.edit.changes[uri]);
    expect(fixed).toContain("        allowPrivilegeEscalation: false\n");
    const after = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect((await after).map((d) => d.code)).not.toContain("allow-privilege-escalation");
  }, 60_000);

  it("a suggestion and the disable comment are code actions too", async () => {
    const file = path.join(dir, "cache.yaml");
    const text = POD.replace("name: web\n  namespace", "name: cache\n  namespace").replace("registry.example.com/web:1.0.0", "redis");
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const tag = (await first).find((d) => d.code === "image-tag")!;
    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: tag.range, context: { diagnostics: [tag] } })) as CodeAction[];
    const suggestion = actions.find((a) => a.title.startsWith("Suggestion: pin image redis"))!;
    expect(applyLspEdits(text, suggestion.edit.changes[uri])).toContain("image: redis:<version>\n");
    const disable = actions.find((a) => a.title.startsWith("Disable image-tag"))!;
    expect(applyLspEdits(text, disable.edit.changes[uri])).toContain("      # k8slint-disable-next-line image-tag -- \n      image: redis\n");
  }, 60_000);

  /** Opens a file as an editor does and returns its first diagnostics. */
  async function open(file: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    return { uri, diagnostics: await first };
  }

  it("the disable comment, given a reason, silences the finding in the buffer", async () => {
    const text = POD.replace("name: web\n  namespace", "name: quiet\n  namespace");
    const { uri, diagnostics } = await open(path.join(dir, "quiet", "pod.yaml"), text);
    const ape = diagnostics.find((d) => d.code === "allow-privilege-escalation")!;
    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: ape.range, context: { diagnostics: [ape] } })) as CodeAction[];
    const disable = actions.find((a) => a.title.startsWith("Disable allow-privilege-escalation"))!;
    // The person types the reason after `--`.
    const commented = applyLspEdits(text, disable.edit.changes[uri]).replace("allow-privilege-escalation -- \n", "allow-privilege-escalation -- the image drops privileges itself\n");
    const after = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: commented }] });
    const codes = (await after).map((d) => d.code);
    expect(codes).not.toContain("allow-privilege-escalation");
    expect(codes).not.toContain("unused-justification");
  }, 60_000);

  it("an edited config file applies to open documents when the editor says it changed", async () => {
    const cfgDir = path.join(dir, "configured");
    const { uri, diagnostics } = await open(path.join(cfgDir, "pod.yaml"), POD.replace("name: web\n  namespace", "name: cfg\n  namespace"));
    expect(diagnostics.map((d) => d.code)).toContain("allow-privilege-escalation");
    // The server asked the editor to report changes to config files.
    expect(registrations).toContainEqual({ id: expect.any(String), method: "workspace/didChangeWatchedFiles", registerOptions: { watchers: [{ globPattern: "**/{.k8slint.yaml,.k8slint.yml,k8slint.config.yaml,.k8slintignore}" }] } });
    fs.writeFileSync(path.join(cfgDir, ".k8slint.yaml"), "rules:\n  allow-privilege-escalation: off\n");
    const after = nextDiagnostics(uri);
    await conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(path.join(cfgDir, ".k8slint.yaml")).href, type: 1 }] });
    const codes = (await after).map((d) => d.code);
    expect(codes).not.toContain("allow-privilege-escalation");
    expect(codes.length).toBeGreaterThan(0);
  }, 60_000);

  it("custom resources are validated against the CRDs the config gives (`crds:`), which get no diagnostics", async () => {
    const crdDir = path.join(dir, "cluster-crds");
    fs.mkdirSync(crdDir, { recursive: true });
    fs.writeFileSync(
      path.join(crdDir, "widget.yaml"),
      "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: {type: integer}\n",
    );
    const appDir = path.join(dir, "crds-configured");
    fs.mkdirSync(appDir, { recursive: true });
    fs.writeFileSync(path.join(appDir, ".k8slint.yaml"), "crds: [../cluster-crds/]\n");
    const { diagnostics } = await open(path.join(appDir, "widget.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  sise: 3\n");
    const schema = diagnostics.filter((d) => d.code === "schema");
    expect(schema.map((d) => [d.range.start.line, d.message])).toEqual([[5, 'unknown field "sise" in spec (did you mean "size"?)']]);
  }, 60_000);

  it("another file of the directory changed on disk: open documents are linted with its new text", async () => {
    // The server keeps the directory's walk and texts between keystrokes; the editor's reports of
    // changed manifests (it registered for them) make it read them again.
    // The server registers after `initialized`, without waiting: give the requests time to arrive.
    for (let i = 0; i < 100 && registrations.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(registrations).toContainEqual({ id: expect.any(String), method: "workspace/didChangeWatchedFiles", registerOptions: { watchers: [{ globPattern: "**/*.{yaml,yml,json}" }] } });
    const scaled = path.join(dir, "scaled");
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0.0
`;
    const { uri, diagnostics } = await open(path.join(scaled, "deployment.yaml"), deployment);
    expect(diagnostics.map((d) => d.code)).not.toContain("hpa-replicas-conflict");
    const hpa = (target: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}\n  minReplicas: 3\n  maxReplicas: 10\n`;
    const hpaFile = path.join(scaled, "hpa.yaml");
    const changed = async (type: number) => {
      const next = nextDiagnostics(uri);
      await conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(hpaFile).href, type }] });
      return (await next).map((d) => d.code);
    };
    fs.writeFileSync(hpaFile, hpa("api"));
    expect(await changed(1)).toContain("hpa-replicas-conflict");
    // The same file, another text: read again, not taken from what was kept.
    fs.writeFileSync(hpaFile, hpa("other"));
    expect(await changed(2)).not.toContain("hpa-replicas-conflict");
  }, 60_000);

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)("a file of a Kustomize root is linted as rendered: a patch's value is reported in the patch, a fix goes to the base", async () => {
    const root = path.join(dir, "shop");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "kustomization.yaml"), "namespace: shop\nresources:\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n");
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n";
    const patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            allowPrivilegeEscalation: true\n";
    fs.writeFileSync(path.join(root, "deployment.yaml"), deployment);
    // The patch alone is no object; rendered, the Deployment allows privilege escalation there.
    const p = await open(path.join(root, "patch.yaml"), patch);
    const ape = p.diagnostics.find((d) => d.code === "allow-privilege-escalation")!;
    expect(ape.range.start.line).toBe(10);
    const hover = (await conn.sendRequest("textDocument/hover", { textDocument: { uri: p.uri }, position: ape.range.start })) as { contents: { value: string } };
    expect(hover.contents.value).toContain("_no automatic fix: a patch (shop/patch.yaml:11) sets spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation or what holds it; change it there_");
    // The pod has no seccomp profile, reported at the container's securityContext in the patch; the
    // fix goes to the base, which alone decides the pod's securityContext.
    const seccomp = p.diagnostics.find((d) => d.code === "seccomp-profile")!;
    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri: p.uri }, range: seccomp.range, context: { diagnostics: [seccomp] } })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    const base = pathToFileURL(path.join(root, "deployment.yaml")).href;
    expect(Object.keys(fix.edit.changes)).toEqual([base]);
    expect(applyLspEdits(deployment, fix.edit.changes[base])).toBe(`${deployment}      securityContext:\n        seccompProfile:\n          type: RuntimeDefault\n`);
    // The base: no default-namespace finding (the kustomization sets the namespace).
    const b = await open(path.join(root, "deployment.yaml"), deployment);
    expect(b.diagnostics.map((d) => d.code)).toContain("liveness-probe");
    expect(b.diagnostics.map((d) => d.code)).not.toContain("default-namespace");
  }, 60_000);

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)("keystrokes in a Kustomize root build it once, and again when a file it reads changes on disk, reported or not", async () => {
    const root = path.join(dir, "generated");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "kustomization.yaml"), "namespace: shop\nresources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: settings\n    envs: [app.env]\n");
    fs.writeFileSync(path.join(root, "app.env"), "MODE=fast\n");
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n          envFrom:\n            - configMapRef: {name: settings}\n";
    // Rendered, the Deployment is in the kustomization's namespace; linted as a plain file (when the build fails), in "default".
    const namespaceOf = (diagnostics: Diagnostic[]) => /^namespace "([^"]+)" has workloads/.exec(diagnostics.find((d) => d.code === "network-policy")?.message ?? "")?.[1];
    const before = kubectlRuns();
    const { uri, diagnostics } = await open(path.join(root, "deployment.yaml"), deployment);
    expect(namespaceOf(diagnostics)).toBe("shop");
    expect(kubectlRuns()).toBe(before + 1);
    let version = 1;
    const keystroke = async (text: string) => {
      const after = nextDiagnostics(uri);
      await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
      return after;
    };
    // Unsaved edits do not change what kubectl reads: the build is kept (and its findings, at the
    // saved text's positions, wait for the save).
    expect(await keystroke(`${deployment}# one\n`)).toEqual([]);
    expect(await keystroke(`${deployment}# two\n`)).toEqual([]);
    expect(kubectlRuns()).toBe(before + 1);
    // The generator's input goes, and the editor says nothing (it reports only manifests): built
    // again, the build fails, and the file is linted as a plain file.
    fs.renameSync(path.join(root, "app.env"), path.join(root, "app.env.bak"));
    expect(namespaceOf(await keystroke(`${deployment}# three\n`))).toBe("default");
    fs.renameSync(path.join(root, "app.env.bak"), path.join(root, "app.env"));
    expect(await keystroke(`${deployment}# four\n`)).toEqual([]);
    expect(kubectlRuns()).toBe(before + 3);
    // Saved: built again from the saved text, rendered.
    fs.writeFileSync(path.join(root, "deployment.yaml"), `${deployment}# four\n`);
    const saved = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didSave", { textDocument: { uri } });
    expect(namespaceOf(await saved)).toBe("shop");
    expect(kubectlRuns()).toBe(before + 4);
  }, 60_000);

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)("a PodDisruptionBudget for a rendered workload is a suggestion that creates a file beside its base and lists it", async () => {
    const root = path.join(dir, "budget");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "kustomization.yaml"), "resources:\n  - deployment.yaml\n");
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n";
    const { uri, diagnostics } = await open(path.join(root, "deployment.yaml"), deployment);
    const pdb = diagnostics.find((d) => d.code === "pdb-missing")!;
    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: pdb.range, context: { diagnostics: [pdb] } })) as Array<{ title: string; edit: { documentChanges?: Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: TextEdit[] }> } }>;
    const create = actions.find((a) => a.title.startsWith("Suggestion: add a PodDisruptionBudget web"))!;
    expect(create.title).toBe("Suggestion: add a PodDisruptionBudget web with maxUnavailable: 1, in a new file budget/web-pdb.yaml listed in budget/kustomization.yaml");
    const newUri = pathToFileURL(path.join(fs.realpathSync(root), "web-pdb.yaml")).href;
    const kUri = pathToFileURL(path.join(fs.realpathSync(root), "kustomization.yaml")).href;
    const changes = create.edit.documentChanges!;
    expect(changes.map((c) => c.kind ?? c.textDocument!.uri)).toEqual(["create", newUri, kUri]);
    expect(changes[0].uri).toBe(newUri);
    // Applied as the editor applies it, then saved: the editor reports the new and the changed file.
    fs.writeFileSync(fileURLToPath(newUri), applyLspEdits("", changes[1].edits!));
    fs.writeFileSync(fileURLToPath(kUri), applyLspEdits(fs.readFileSync(fileURLToPath(kUri), "utf8"), changes[2].edits!));
    expect(fs.readFileSync(fileURLToPath(kUri), "utf8")).toBe("resources:\n  - deployment.yaml\n  - web-pdb.yaml\n");
    const after = nextDiagnostics(uri);
    await conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: newUri, type: 1 }, { uri: kUri, type: 2 }] });
    expect((await after).map((d) => d.code)).not.toContain("pdb-missing");
  }, 60_000);

  it("an opened document is linted once: its diagnostics are published once until something changes", async () => {
    const { uri } = await open(path.join(dir, "once", "pod.yaml"), POD.replace("name: web\n  namespace", "name: once\n  namespace"));
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 3));
    expect(published.get(uri)).toHaveLength(1);
  });

  it("non-Kubernetes YAML gets no diagnostics", async () => {
    const file = path.join(dir, "ci.yaml");
    const text = "jobs:\n  build:\n    password: hunter2hunter2\n    runs-on: ubuntu-latest\n";
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    expect(await first).toEqual([]);
  }, 60_000);

  it("a file URI that names no file here (a host, bad percent-encoding) gets no diagnostics, is logged, and the server goes on", async () => {
    const uris = ["file://wsl.localhost/Ubuntu/tmp/x.yaml", "file:///tmp/x%ZZ.yaml"];
    for (const uri of uris) await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: POD } });
    await conn.sendNotification("workspace/didChangeWatchedFiles", { changes: uris.map((uri) => ({ uri, type: 2 })) });
    await conn.sendRequest("textDocument/hover", { textDocument: { uri: uris[0] }, position: { line: 0, character: 0 } });
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS * 2));
    expect(child.exitCode).toBeNull();
    for (const uri of uris) expect(published.get(uri)).toBeUndefined();
    // Said once for each, not at every lint.
    expect(logs.filter((l) => l.includes("is not linted"))).toEqual([
      'k8slint: file://wsl.localhost/Ubuntu/tmp/x.yaml is not linted: File URL host must be "localhost" or empty on linux',
      "k8slint: file:///tmp/x%ZZ.yaml is not linted: URI malformed",
    ]);
    // Still serving: another document is linted.
    const { diagnostics } = await open(path.join(dir, "after-bad-uri", "pod.yaml"), POD.replace("name: web\n  namespace", "name: alive\n  namespace"));
    expect(diagnostics.map((d) => d.code)).toContain("allow-privilege-escalation");
  }, 60_000);

  it("manifests written as JSON, in flow style, with quoted keys or after a byte-order mark are linted", async () => {
    const image = "registry.example.com/web:1.0.0";
    const texts: Record<string, string> = {
      "pod.json": `{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "json", "namespace": "shop"},\n  "spec": {"containers": [{"name": "web", "image": "${image}", "securityContext": {"privileged": true}}]}\n}\n`,
      "flow.yaml": `{apiVersion: v1, kind: Pod, metadata: {name: flow, namespace: shop},\n  spec: {containers: [{name: web, image: "${image}", securityContext: {privileged: true}}]}}\n`,
      "quoted.yaml": `"apiVersion": v1\n"kind": Pod\nmetadata: {name: quoted, namespace: shop}\nspec: {containers: [{name: web, image: "${image}", securityContext: {privileged: true}}]}\n`,
      "bom.yaml": `\uFEFFapiVersion: v1\nkind: Pod\nmetadata: {name: bom, namespace: shop}\nspec: {containers: [{name: web, image: "${image}", securityContext: {privileged: true}}]}\n`,
    };
    // What each finding's range covers in the text.
    const at: Record<string, string> = {};
    for (const [name, text] of Object.entries(texts)) {
      const { diagnostics } = await open(path.join(dir, "shapes", name), text);
      const { start, end } = diagnostics.find((d) => d.code === "privileged-container")!.range;
      expect(end.line).toBe(start.line);
      at[name] = `${start.line}: ${text.split("\n")[start.line].slice(start.character, end.character)}`;
    }
    expect(at).toEqual({ "pod.json": '4: "privileged": true', "flow.yaml": "1: privileged: true", "quoted.yaml": "3: privileged: true", "bom.yaml": "3: privileged: true" });
  }, 60_000);

  /** A document opened with this text, its file not written: an editor's new, unsaved buffer. */
  async function openUnsaved(file: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(file).href;
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    return { uri, diagnostics: await first };
  }

  it("a new file, open but not yet on disk, is linted from its text", async () => {
    const text = POD.replace("name: web\n  namespace", "name: fresh\n  namespace");
    for (const file of [path.join(dir, "fresh", "pod.yaml"), path.join(dir, "fresh", "new-dir", "pod.yaml")]) {
      if (!fs.existsSync(path.dirname(file))) fs.mkdirSync(path.join(dir, "fresh"), { recursive: true });
      const { diagnostics } = await openUnsaved(file, text);
      expect(fs.existsSync(file)).toBe(false);
      expect(diagnostics.find((d) => d.code === "allow-privilege-escalation")).toMatchObject({ message: 'container "web" does not set allowPrivilegeEscalation to false', range: { start: { line: 13, character: 6 } } });
    }
  }, 60_000);

  it("a new untitled buffer is linted alone, from its text, and its fixes apply to it", async () => {
    const uri = "untitled:Untitled-1";
    const first = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: POD } });
    const diags = await first;
    const ape = diags.find((d) => d.code === "allow-privilege-escalation")!;
    expect(ape).toMatchObject({ message: 'container "web" does not set allowPrivilegeEscalation to false', range: { start: { line: 13, character: 6 } } });
    const actions = (await conn.sendRequest("textDocument/codeAction", { textDocument: { uri }, range: ape.range, context: { diagnostics: [ape] } })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    expect(applyLspEdits(POD, fix.edit.changes[uri])).toContain("        allowPrivilegeEscalation: false\n");
    // Not YAML a cluster takes: nothing, as for a file.
    const other = "untitled:Untitled-2";
    const none = nextDiagnostics(other);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: other, languageId: "yaml", version: 1, text: "jobs:\n  build:\n    runs-on: ubuntu-latest\n" } });
    expect(await none).toEqual([]);
    expect(fs.existsSync(path.join(dir, ".k8slint-untitled"))).toBe(false);
  }, 60_000);

  it("an open document used as context is edited or closed: the other open documents of its directory are linted again", async () => {
    const sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  serviceName: db\n  replicas: 1\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers:\n        - name: db\n          image: registry.example.com/db:1.0.0\n";
    const svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports:\n    - port: 5432\n";
    fs.mkdirSync(path.join(dir, "stateful"));
    fs.writeFileSync(path.join(dir, "stateful", "svc.yaml"), svc);
    const a = await open(path.join(dir, "stateful", "sts.yaml"), sts);
    expect(a.diagnostics.map((d) => d.code)).not.toContain("statefulset-service-name");
    const b = await open(path.join(dir, "stateful", "svc.yaml"), svc);
    // The Service renamed in the buffer, unsaved: the StatefulSet's governing Service is gone.
    const renamed = nextDiagnostics(a.uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri: b.uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 10 } }, text: "dbx" }] });
    expect((await renamed).filter((d) => d.code === "statefulset-service-name").map((d) => [d.range, d.message])).toEqual([
      [{ start: { line: 6, character: 2 }, end: { line: 6, character: 17 } }, 'names governing Service "db", which is not defined in these manifests (it runs one replica, which nothing in the set addresses by name)'],
    ]);
    // Closed unsaved: the file on disk, which defines it, is the context again.
    const reverted = nextDiagnostics(a.uri);
    await conn.sendNotification("textDocument/didClose", { textDocument: { uri: b.uri } });
    expect((await reverted).map((d) => d.code)).not.toContain("statefulset-service-name");
  }, 60_000);

  it("a lint that fails (a broken config file) replaces the document's diagnostics with the error at its first line", async () => {
    const cfgDir = path.join(dir, "broken-config");
    const text = POD.replace("name: web\n  namespace", "name: broken\n  namespace");
    const { uri, diagnostics } = await open(path.join(cfgDir, "pod.yaml"), text);
    expect(diagnostics.map((d) => d.code)).toContain("allow-privilege-escalation");
    const config = path.join(cfgDir, ".k8slint.yaml");
    const changed = async () => {
      const next = nextDiagnostics(uri);
      await conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
      return next;
    };
    fs.writeFileSync(config, "rules:\n  allow-privilege-escalaton: off\n");
    expect(await changed()).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 14 } }, severity: 1, source: "k8slint", message: "k8slint could not lint this file: .k8slint.yaml:2:3: rules.allow-privilege-escalaton: unknown rule (did you mean allow-privilege-escalation?)" },
    ]);
    // Typing meanwhile: still the error, not the findings of an earlier text.
    const typed = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# a\n# b\n" }] });
    expect((await typed).map((d) => [d.range.start.line, d.message.slice(0, 33)])).toEqual([[0, "k8slint could not lint this file:"]]);
    expect(logs.filter((l) => l.includes("allow-privilege-escalaton"))).toHaveLength(1);
    fs.writeFileSync(config, "rules:\n  allow-privilege-escalation: off\n");
    const fixed = await changed();
    expect(fixed.map((d) => d.code)).not.toContain(undefined);
    expect(fixed.find((d) => d.code === "drop-all-capabilities")).toBeUndefined();
    expect(fixed.find((d) => d.code === "image-tag")).toBeUndefined();
    expect(fixed.length).toBeGreaterThan(0);
  }, 60_000);

  it.skipIf(spawnSync("kubectl", ["version", "--client"]).status !== 0)("a Kustomize base edited unsaved gets no diagnostics at the saved text's positions; saved, it is linted again", async () => {
    expect(capabilities.textDocumentSync).toEqual({ openClose: true, change: 2, save: { includeText: false } });
    const root = path.join(dir, "edited-base");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "kustomization.yaml"), "namespace: shop\nresources:\n  - deployment.yaml\n");
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0.0\n";
    const file = path.join(root, "deployment.yaml");
    const { uri, diagnostics } = await open(file, deployment);
    const liveness = (ds: Diagnostic[]) => ds.filter((d) => d.code === "liveness-probe").map((d) => d.range);
    expect(liveness(diagnostics)).toEqual([{ start: { line: 12, character: 10 }, end: { line: 12, character: 19 } }]);
    const edited = `# one\n# two\n# three\n${deployment}`;
    const unsaved = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "# one\n# two\n# three\n" }] });
    expect(await unsaved).toEqual([]);
    // Saved: the editor sends didSave (the server asked for it), and the build reads the new text.
    fs.writeFileSync(file, edited);
    const saved = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didSave", { textDocument: { uri } });
    expect(liveness(await saved)).toEqual([{ start: { line: 15, character: 10 }, end: { line: 15, character: 19 } }]);
    // Saved with a byte-order mark, which editors keep out of the buffer: the buffer is the saved text.
    fs.writeFileSync(file, `\uFEFF${edited}`);
    const withBom = nextDiagnostics(uri);
    await conn.sendNotification("textDocument/didSave", { textDocument: { uri } });
    expect(liveness(await withBom)).toEqual([{ start: { line: 15, character: 10 }, end: { line: 15, character: 19 } }]);
  }, 60_000);
});

describe("k8slint lsp: shutdown", () => {
  it("requests after shutdown are refused with InvalidRequest; exit then ends the server with 0", async () => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/k8slint"), "lsp", "--stdio"], { cwd: os.tmpdir(), stdio: ["pipe", "pipe", "inherit"] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    conn.listen();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await conn.sendRequest("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
      await conn.sendNotification("initialized", {});
      expect(await conn.sendRequest("shutdown")).toBeNull();
      const refused = (method: string, params: unknown) => conn.sendRequest(method, params).then(() => undefined, (e: { code: number }) => e.code);
      const doc = { textDocument: { uri: pathToFileURL(path.join(os.tmpdir(), "x.yaml")).href } };
      expect(await refused("textDocument/hover", { ...doc, position: { line: 0, character: 0 } })).toBe(-32600);
      expect(await refused("textDocument/codeAction", { ...doc, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })).toBe(-32600);
      expect(await refused("textDocument/completion", { ...doc, position: { line: 0, character: 0 } })).toBe(-32600);
      expect(await refused("shutdown", undefined)).toBe(-32600);
      await conn.sendNotification("exit");
      expect(await exited).toBe(0);
    } finally {
      conn.dispose();
      child.kill();
    }
  }, 60_000);
});
