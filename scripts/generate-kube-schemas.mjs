#!/usr/bin/env node
// Regenerates kube-schemas/kubernetes.json: the field names, types, required fields and enums of every
// built-in Kubernetes kind, read from the type declarations of the pinned `kubernetes-models` package
// (generated upstream from the Kubernetes OpenAPI spec, enums included). Run after changing its version:
//
//   node scripts/generate-kube-schemas.mjs [output.json]
//
// The output is committed: linting never reads node_modules/kubernetes-models nor the network.
//
// Compact type notation (read by src/schema/builtin-schemas.ts):
//   "s" string, "i" integer, "n" number, "b" boolean, "q" quantity, "is" int-or-string, "*" anything,
//   "#Name" a definition, ["a", T] array of T, ["m", T] map of string to T, ["e", v…] one of the values.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const modelsDir = path.dirname(require.resolve("kubernetes-models/package.json"));
const machineryDir = path.join(modelsDir, "..", "@kubernetes-models", "apimachinery");
const machineryReal = fs.existsSync(machineryDir) ? machineryDir : path.join(ROOT, "node_modules/@kubernetes-models/apimachinery");
const modelsVersion = JSON.parse(fs.readFileSync(path.join(modelsDir, "package.json"), "utf8")).version;

/** The Kubernetes release the pinned kubernetes-models version was generated from (its changelog). */
const KUBERNETES_VERSION = "1.36.0";

/** Special definitions: their declared TypeScript type is looser than what the API accepts. */
const SPECIAL = {
  IoK8sApimachineryPkgApiResourceQuantity: "q",
  IoK8sApimachineryPkgUtilIntstrIntOrString: "is",
  IoK8sApimachineryPkgApisMetaV1Time: "s",
  IoK8sApimachineryPkgApisMetaV1MicroTime: "s",
};

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "_schemas" && e.name !== "node_modules") walk(full, out);
    } else if (e.name.endsWith(".d.ts") && e.name !== "index.d.ts") out.push(full);
  }
  return out;
}

const files = [...walk(modelsDir, []), ...walk(machineryReal, [])].sort();
/** canonical name (without the leading I) → its interface declaration and the file's name table */
const interfaces = new Map();
/** canonical name → alias type node */
const aliases = new Map();

for (const file of files) {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const localToCanonical = new Map();
  const localInterfaces = new Map();
  const localAliases = new Map();
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && st.isTypeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        const exported = el.name.text;
        if (exported.startsWith("IIoK8s")) localToCanonical.set(local, exported.slice(1));
      }
    } else if (ts.isInterfaceDeclaration(st)) {
      localInterfaces.set(st.name.text, st);
    } else if (ts.isTypeAliasDeclaration(st)) {
      localAliases.set(st.name.text, st);
    }
  }
  for (const [local, canonical] of localToCanonical) {
    if (localInterfaces.has(local)) interfaces.set(canonical, { decl: localInterfaces.get(local), localToCanonical });
    else if (localAliases.has(local)) aliases.set(canonical, { decl: localAliases.get(local), localToCanonical });
  }
}

/** The compiled validator tells whether numbers of a definition may be fractional (only JSONSchemaProps). */
function hasFloat(canonical) {
  for (const dir of [path.join(modelsDir, "_schemas"), path.join(machineryReal, "_schemas")]) {
    const f = path.join(dir, `${canonical}.js`);
    if (fs.existsSync(f)) return fs.readFileSync(f, "utf8").includes('type:"number"');
  }
  return false;
}

function refName(name, localToCanonical) {
  if (name.startsWith("IIoK8s")) return name.slice(1);
  return localToCanonical.get(name);
}

function convert(node, ctx) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return "s";
    case ts.SyntaxKind.NumberKeyword:
      return ctx.float ? "n" : "i";
    case ts.SyntaxKind.BooleanKeyword:
      return "b";
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return "*";
    case ts.SyntaxKind.LiteralType:
      return "s";
    case ts.SyntaxKind.ArrayType:
      return ["a", convert(node.elementType, ctx)];
    case ts.SyntaxKind.ParenthesizedType:
      return convert(node.type, ctx);
    default:
      break;
  }
  if (ts.isUnionTypeNode(node)) {
    const lits = node.types.filter((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)).map((t) => t.literal.text);
    if (lits.length === node.types.length) return ["e", ...lits];
    const kinds = new Set(node.types.map((t) => t.kind));
    if (kinds.has(ts.SyntaxKind.StringKeyword) && kinds.has(ts.SyntaxKind.NumberKeyword)) return "is";
    return "*";
  }
  if (ts.isTypeLiteralNode(node)) {
    const idx = node.members.find((m) => ts.isIndexSignatureDeclaration(m));
    if (idx && idx.type) return ["m", convert(idx.type, ctx)];
    return "*";
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === "Array" && node.typeArguments?.length === 1) return ["a", convert(node.typeArguments[0], ctx)];
    const canonical = refName(name, ctx.localToCanonical);
    if (!canonical) throw new Error(`unresolved type ${name} in ${ctx.owner}`);
    return ref(canonical);
  }
  throw new Error(`unsupported type ${ts.SyntaxKind[node.kind]} in ${ctx.owner}`);
}

const definitions = {};
const used = new Set();

function ref(canonical) {
  if (SPECIAL[canonical]) return SPECIAL[canonical];
  if (aliases.has(canonical)) {
    const a = aliases.get(canonical);
    return convert(a.decl.type, { localToCanonical: a.localToCanonical, owner: canonical, float: false });
  }
  const i = interfaces.get(canonical);
  if (!i) throw new Error(`unknown definition ${canonical}`);
  // An interface without members (RawExtension, JSON, FieldsV1) holds arbitrary content.
  if (i.decl.members.length === 0) return "*";
  used.add(canonical);
  return `#${canonical}`;
}

const kinds = {};
for (const [canonical, { decl, localToCanonical }] of interfaces) {
  const float = hasFloat(canonical);
  const props = {};
  const required = [];
  let apiVersion;
  let kind;
  for (const m of decl.members) {
    if (!ts.isPropertySignature(m) || !m.type) continue;
    const name = ts.isStringLiteral(m.name) ? m.name.text : m.name.getText();
    if (name === "apiVersion" && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) apiVersion = m.type.literal.text;
    if (name === "kind" && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) kind = m.type.literal.text;
    props[name] = convert(m.type, { localToCanonical, owner: canonical, float });
    // apiVersion and kind are checked by kind lookup, never as required fields of nested objects.
    if (!m.questionToken && name !== "apiVersion" && name !== "kind") required.push(name);
  }
  if (decl.members.length === 0) continue;
  definitions[canonical] = required.length > 0 ? { p: props, r: required } : { p: props };
  if (apiVersion && kind) kinds[`${apiVersion}/${kind}`] = canonical;
}

const out = {
  kubernetes: KUBERNETES_VERSION,
  source: `kubernetes-models@${modelsVersion}`,
  kinds: Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1))),
  // Each definition as JSON text of its own: a run parses only the definitions of the kinds it holds
  // (src/schema/builtin-schemas.ts). Parsing all 900 up front cost every run ~3 ms of CPU.
  definitions: Object.fromEntries(
    Object.entries(definitions)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, def]) => [name, JSON.stringify(def)]),
  ),
};
const target = path.resolve(process.argv[2] ?? path.join(ROOT, "kube-schemas", "kubernetes.json"));
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, JSON.stringify(out) + "\n");
console.log(`wrote ${path.relative(ROOT, target)}: ${Object.keys(out.kinds).length} kinds, ${Object.keys(out.definitions).length} definitions (Kubernetes ${KUBERNETES_VERSION}, ${out.source})`);
