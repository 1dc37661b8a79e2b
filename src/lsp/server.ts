import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  CreateFile,
  ResourceOperationKind,
  TextDocumentEdit,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Finding } from "../engine/finding.js";
import type { FileChange } from "../engine/fix.js";
import type { RuleMeta, Severity } from "../types.js";
import { displayPath, lintAsync } from "../lint.js";
import type { ParsedFile } from "../load/parse.js";
import { collectSources } from "../model/model.js";
import { resolveRunAsync } from "../config/resolve-run.js";
import { expandInContext } from "../cli/in-context.js";
import { ruleHelpUri } from "../report/links.js";
import { ParseCache } from "./parse-cache.js";
import { WatchedContextCache } from "./context-cache.js";
import { KeptBuilds } from "../render/kept-builds.js";

/** Quiet time after the last keystroke before a document is linted again. */
export const DEBOUNCE_MS = 200;
/** Kustomize roots whose builds are kept (each holds its output: up to a few megabytes for a large install). */
const KEPT_ROOTS = 32;
/** Where untitled buffers are placed: a directory of the workspace no one makes, so they have no context. */
const UNTITLED_DIR = ".k8slint-untitled";

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

interface Linted {
  version: number;
  findings: Finding[];
  rules: Map<string, RuleMeta>;
  /** Makes the findings' fixes and suggestions: on the first code action or hover, not on every keystroke. */
  attachFixes?: () => void;
}

/**
 * `k8slint lsp`: diagnostics, code actions (fixes, suggestions, a disable comment) and hover for YAML
 * manifests, over stdio. Each open document is linted from its unsaved text together with the other
 * manifests of its directory (the pre-commit hook's context, Kustomize roots rendered as a run renders
 * them); unchanged files are parsed once and kept, and, when the client reports changes to files on
 * disk, read and walked once too. A keystroke then costs one file's parse, the model of its context,
 * and the rules run for that file (`focus`: src/model/focus-model.ts).
 */
export function startServer(connection: Connection = createConnection(process.stdin, process.stdout)): Connection {
  const documents = new TextDocuments(TextDocument);
  const linted = new Map<string, Linted>();
  const timers = new Map<string, NodeJS.Timeout>();
  const cache = new ParseCache();
  // Kustomize builds read the disk only: kept across keystrokes until a file they read changes.
  const builds = new KeptBuilds(KEPT_ROOTS);
  // Only when the client reports changes on disk: otherwise each lint reads the context again.
  let context: WatchedContextCache | undefined;
  let root = process.cwd();

  // After `shutdown` the server answers requests with InvalidRequest and lints nothing (LSP: Shutdown Request).
  let shutDown = false;
  const refuseAfterShutdown = () => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, "the server is shutting down");
  };

  // A file URI with a host (file://wsl.localhost/…) or bad percent-encoding names no file here: such a
  // document gets no diagnostics, and the log says why, once.
  const unusable = new Set<string>();
  const filePath = (uri: string): string | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    try {
      return fileURLToPath(uri);
    } catch (e) {
      if (!unusable.has(uri)) {
        unusable.add(uri);
        connection.console.warn(`k8slint: ${uri} is not linted: ${(e as Error).message}`);
      }
      return undefined;
    }
  };
  // A new editor buffer (`untitled:Untitled-1`) has no file: it is linted alone, from its text, as an
  // unsaved file of a directory no file is in (no context), under the workspace's configuration.
  const documentPath = (uri: string): string | undefined => {
    if (!uri.startsWith("untitled:")) return filePath(uri);
    const name = uri.slice("untitled:".length).replace(/[^A-Za-z0-9._-]/g, "_");
    return path.join(root, UNTITLED_DIR, /\.(ya?ml|json)$/i.test(name) ? name : `${name}.yaml`);
  };
  // A failed lint's error, logged once per document while it stays the same.
  const failures = new Map<string, string>();

  let watchConfig = false;
  // A suggestion that makes a new file is a WorkspaceEdit with a CreateFile operation: only for clients that apply one.
  let createFiles = false;
  connection.onInitialize((params) => {
    const edits = params.capabilities.workspace?.workspaceEdit;
    createFiles = edits?.documentChanges === true && (edits.resourceOperations ?? []).includes(ResourceOperationKind.Create);
    watchConfig = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (watchConfig) context = new WatchedContextCache();
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    if (folder) root = filePath(folder) ?? root;
    return {
      capabilities: {
        // `save`: a saved file is what Kustomize builds read, so a save re-lints (didSave comes only when asked for).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: "k8slint" },
    };
  });

  const schedule = (uri: string) => {
    clearTimeout(timers.get(uri));
    if (shutDown) return;
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void lintDocument(uri);
      }, DEBOUNCE_MS),
    );
  };
  /** The other open documents of `uri`'s set (its directory, the context it is linted with), linted again. */
  const scheduleSet = (uri: string) => {
    const file = filePath(uri);
    if (file === undefined) return;
    for (const d of documents.all()) {
      const other = d.uri === uri ? undefined : filePath(d.uri);
      if (other !== undefined && path.dirname(other) === path.dirname(file)) schedule(d.uri);
    }
  };
  const publish = (uri: string, diagnostics: Diagnostic[], version?: number) =>
    connection.sendDiagnostics({ uri, ...(version === undefined ? {} : { version }), diagnostics }).catch(() => undefined);

  /** Lints an open document and publishes its diagnostics; never rejects. */
  async function lintDocument(uri: string): Promise<void> {
    const doc = documents.get(uri);
    if (!doc || shutDown) return;
    const file = documentPath(uri);
    if (file === undefined) return;
    const text = doc.getText();
    const version = doc.version;
    try {
      // Parsed as the run parses it (kept in the cache, the run does not parse it again): documents
      // that are Kubernetes objects to the CLI make a manifest.
      const parsed = cache.parse({ path: file, display: displayPath(file, root), text });
      if (!isManifest(parsed, text)) {
        linted.delete(uri);
        failures.delete(uri);
        await publish(uri, []);
        return;
      }
      // The configuration is read at every lint: an edited .k8slint.yaml applies from the next keystroke.
      const run = await resolveRunAsync({}, path.dirname(file));
      const { paths, reportOnly } = expandInContext([file], path.dirname(file));
      const overrides = new Map<string, string>([[file, text]]);
      for (const other of documents.all()) {
        const otherFile = other.uri === uri ? undefined : filePath(other.uri);
        if (otherFile !== undefined) overrides.set(otherFile, other.getText());
      }
      const result = await lintAsync({ ...run.lintOptions, paths, reportOnly, focus: file, cwd: root, overrides, fixes: "lazy", jobs: 0, parseCache: cache, contextCache: context, render: { keptBuilds: builds } });
      // A newer keystroke arrived while linting: its own lint will publish.
      if (documents.get(uri)?.version !== version) return;
      failures.delete(uri);
      // A Kustomize build reads the saved file, not the buffer: its findings are at the saved text's
      // positions. While the buffer differs from it they would point at other text: none until saved.
      if (result.readFromDisk?.includes(file) && savedText(file) !== withoutBom(text)) {
        linted.delete(uri);
        await publish(uri, [], version);
        return;
      }
      const findings = result.findings.filter((f) => !f.suppressed && path.resolve(root, f.file) === file);
      linted.set(uri, { version, findings, rules: new Map(result.rules.map((r) => [r.id, r])), attachFixes: result.attachFixes });
      await publish(uri, findings.map((f) => diagnostic(f, result.rules)), version);
    } catch (e) {
      if (documents.get(uri)?.version !== version) return;
      // The findings of an earlier text would drift from this one: replaced by the error, at the top of
      // the document, where it stays (and is listed among the problems) until a lint succeeds.
      const message = (e as Error).message;
      if (failures.get(uri) !== message) connection.console.error(`k8slint: ${file}: ${message}`);
      failures.set(uri, message);
      linted.delete(uri);
      await publish(uri, [failed(message, doc)], version);
    }
  }

  connection.onInitialized(() => {
    // Editors tell a server about files changed on disk only for patterns it registers: the config
    // files, so an edited .k8slint.yaml re-lints what is open, and the manifests, whose walk and text
    // the server keeps between keystrokes.
    if (watchConfig) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: "**/{.k8slint.yaml,.k8slint.yml,k8slint.config.yaml,.k8slintignore}" }],
      });
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.{yaml,yml,json}" }] });
    }
  });

  // The document manager fires a content change right after each open: linted at once on open, the
  // document is not linted again 200 ms later: that second lint cost as much as the first, and its
  // diagnostics could arrive after those of a change made on disk in between.
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    void lintDocument(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (justOpened.delete(e.document.uri)) return;
    schedule(e.document.uri);
    // The other open documents of its directory are linted with this text as context.
    scheduleSet(e.document.uri);
  });
  documents.onDidSave((e) => {
    // What Kustomize builds read changed: they are made again.
    const file = filePath(e.document.uri);
    if (file !== undefined) {
      context?.changed(file);
      builds.written([file]);
    }
    schedule(e.document.uri);
    scheduleSet(e.document.uri);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    linted.delete(e.document.uri);
    failures.delete(e.document.uri);
    void publish(e.document.uri, []);
    // Its context reverts to the text on disk for the other documents of its directory.
    scheduleSet(e.document.uri);
  });
  connection.onDidChangeWatchedFiles((params) => {
    // A config file or a sibling manifest changed on disk: every open document is linted again.
    const files = params.changes.map((c) => filePath(c.uri)).filter((f): f is string => f !== undefined);
    for (const f of files) context?.changed(f);
    builds.written(files);
    for (const d of documents.all()) schedule(d.uri);
  });

  connection.onCodeAction((params) => {
    refuseAfterShutdown();
    const state = linted.get(params.textDocument.uri);
    const doc = documents.get(params.textDocument.uri);
    const file = documentPath(params.textDocument.uri);
    if (!state || !doc || file === undefined || state.version !== doc.version) return [];
    state.attachFixes?.();
    const { uri } = params.textDocument;
    // An untitled buffer's changes stay in it: its placeholder directory is no place for new files.
    const applies = (c: FileChange) => !uri.startsWith("untitled:") || [c, ...(c.also ?? [])].every((x) => x.file === file && !x.create);
    const actions: CodeAction[] = [];
    for (const f of state.findings) {
      if (!overlaps(rangeOf(f), params.range)) continue;
      const diag = diagnostic(f, [...state.rules.values()]);
      if (f.fix && applies(f.fix)) actions.push(action(`Fix: ${f.fix.description}`, uri, file, f.fix, diag, true));
      for (const s of f.suggestions ?? []) {
        if ((s.create && !createFiles) || !applies(s)) continue;
        actions.push(action(`Suggestion: ${s.description}`, uri, file, s, diag, false));
      }
      const line = doc.getText({ start: { line: f.line - 1, character: 0 }, end: { line: f.line, character: 0 } });
      const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
      const eol = doc.getText().includes("\r\n") ? "\r\n" : "\n";
      actions.push({
        title: `Disable ${f.ruleId} for this line (give the reason after --)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diag],
        edit: { changes: { [params.textDocument.uri]: [{ range: { start: { line: f.line - 1, character: 0 }, end: { line: f.line - 1, character: 0 } }, newText: `${indent}# k8slint-disable-next-line ${f.ruleId} -- ${eol}` }] } },
      });
    }
    return actions;
  });

  connection.onHover((params): Hover | null => {
    refuseAfterShutdown();
    const state = linted.get(params.textDocument.uri);
    if (!state) return null;
    const at: Range = { start: params.position, end: params.position };
    const here = state.findings.filter((f) => overlaps(rangeOf(f), at));
    if (here.length === 0) return null;
    // Hover says why a finding has no fix (noFix), which the edits are made to find out.
    state.attachFixes?.();
    const parts = here.map((f) => {
      const meta = state.rules.get(f.ruleId);
      const link = meta ? ruleHelpUri(meta) : undefined;
      const lines = [`**${f.ruleId}**${meta ? `: ${meta.title}` : ""}`, "", f.message];
      if (meta) lines.push("", meta.rationale, "", `**Fix:** ${meta.remediation}`);
      if (f.noFix) lines.push("", `_${f.noFix}_`);
      if (link) lines.push("", `[${f.ruleId} documentation](${link})`);
      return lines.join("\n");
    });
    return { contents: { kind: "markdown", value: parts.join("\n\n---\n\n") } };
  });

  connection.onShutdown(() => {
    refuseAfterShutdown();
    shutDown = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });
  // Requests the server does not serve: after shutdown, InvalidRequest like every other.
  connection.onRequest((method) => {
    refuseAfterShutdown();
    return new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/**
 * A manifest holds a document the CLI lints as a Kubernetes object (YAML block or flow style, JSON, a
 * List), or top-level `apiVersion` and `kind` keys (a manifest being typed may not parse); other YAML
 * (CI config, Helm values) gets no diagnostics.
 */
export function isManifest(parsed: ParsedFile, text: string): boolean {
  if (collectSources(parsed).resources.length > 0) return true;
  return /^\uFEFF?(["']?)apiVersion\1\s*:/m.test(text) && /^(["']?)kind\1\s*:/m.test(text);
}

/** The text of `file` on disk (undefined when it cannot be read), without a byte-order mark: editors hold none in the buffer. */
function savedText(file: string): string | undefined {
  try {
    return withoutBom(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A lint that failed (a broken config file): said at the top of the document, in place of its findings. */
function failed(message: string, doc: TextDocument): Diagnostic {
  const first = doc.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }).replace(/\r?\n$/, "");
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } }, severity: DiagnosticSeverity.Error, source: "k8slint", message: `k8slint could not lint this file: ${message}` };
}

function rangeOf(f: Pick<Finding, "line" | "column" | "endLine" | "endColumn">): Range {
  return { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range["start"], q: Range["start"]) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

function diagnostic(f: Finding, rules: readonly RuleMeta[]): Diagnostic {
  const meta = rules.find((r) => r.id === f.ruleId);
  const href = meta ? ruleHelpUri(meta) : undefined;
  return {
    range: rangeOf(f),
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    source: "k8slint",
    message: f.message,
  };
}

function action(title: string, uri: string, file: string, change: FileChange, diag: Diagnostic, preferred: boolean): CodeAction {
  const edits = (c: FileChange): LspTextEdit[] => c.edits.map((e) => ({ range: rangeOf(e), newText: e.text }));
  const target = (c: FileChange) => (c.file === file ? uri : pathToFileURL(c.file).href);
  const all = [change, ...(change.also ?? [])];
  if (!all.some((c) => c.create)) {
    const changes: Record<string, LspTextEdit[]> = {};
    for (const c of all) changes[target(c)] = [...(changes[target(c)] ?? []), ...edits(c)];
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: preferred, edit: { changes } };
  }
  // The new file first (the client refuses the edit if a file of that name appeared meanwhile), then the edits.
  const documentChanges: WorkspaceEdit["documentChanges"] = [];
  for (const c of all) if (c.create) documentChanges.push(CreateFile.create(target(c)));
  for (const c of all) documentChanges.push(TextDocumentEdit.create({ uri: target(c), version: null }, edits(c)));
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diag], isPreferred: preferred, edit: { documentChanges } };
}
