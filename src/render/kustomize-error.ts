/**
 * kustomize nests its errors ("accumulating resources: accumulation err='accumulating resources from
 * 'x': …'"), repeating paths: this says the cause in one sentence, and names the entry of the
 * kustomization being built that leads to it (to point at).
 */
export function summarizeKustomizeError(message: string): { text: string; entry?: string; base?: string; field?: string } {
  // A field of the wrong shape ("cannot unmarshal string into Go struct field Kustomization.patches of
  // type types.Patch"): the field is where to point. Bare file names under patches: are the form of
  // patchesStrategicMerge, which patches: does not take (emojivoto's statefulset overlay).
  const shape = /cannot unmarshal (\w+) into Go struct field Kustomization\.(\w+) of type/.exec(message);
  if (shape) {
    const [, given, field] = shape;
    if (field === "patches" && given === "string") {
      return { text: "patches lists bare file names, which kustomize refuses: list each as `- path: <file>` (bare names are the form of patchesStrategicMerge)", field };
    }
    return { text: message, field };
  }
  // A file a patch or a generator names that is not there: kustomize says it inside the config it
  // echoes back ("trouble configuring builtin PatchTransformer with config: `…`: failed to get the
  // patch file from path(p.yaml): evalsymlink failure on …"), or after the sources it lists.
  if (/no such file or directory/.test(message)) {
    const patch = /failed to get the patch file from path\(([^)]+)\)/.exec(message);
    if (patch) return { text: `patch file '${patch[1]}' does not exist`, entry: patch[1] };
    const source = /(env source files|file sources): \[([^\]\s]+)\]/.exec(message);
    if (source) {
      const name = source[2].slice(source[2].indexOf("=") + 1);
      return { text: `${source[1] === "env source files" ? "env file" : "file"} '${name}' of a generator does not exist`, entry: source[2] };
    }
  }
  const outer = /(?:accumulating|merging) resources from '([^']+)'/.exec(message);
  const entry = outer?.[1];
  let cause: string | undefined;
  let causeFile: string | undefined;
  const dup = /merging resources from '([^']+)': may not add resource with an already registered id: ([A-Za-z0-9]+)\.[^/\s']*\/([^\s'[]+?)\.(?:\[noNs\]|[^\s'.]+)(?=['\s]|$)/.exec(message);
  if (/cycle detected/.test(message)) {
    cause = `'${entry ?? "a base"}' contains this kustomization's own directory (cycle detected): a base must not contain the overlays built on it`;
  } else if (dup) {
    causeFile = dup[1];
    cause = `'${dup[1]}' defines ${dup[2]} ${dup[3]}, which another resource of the build already defines`;
  } else {
    const missing = [...message.matchAll(/accumulating resources from '([^']+)': evalsymlink failure on '[^']*' : lstat [^:]*: no such file or directory/g)].pop();
    if (missing) {
      causeFile = missing[1];
      cause = `resource '${missing[1]}' does not exist`;
    }
  }
  if (!cause) {
    const text = message.replace(/accumulation err='/g, "").replace(/': must build at directory: .*$/, "");
    return { text, entry };
  }
  // The entry is then a base (or a file of one) that fails on its own: `base` says which.
  if (entry && causeFile && entry !== causeFile) return { text: `'${entry}' does not build: ${cause}`, entry, base: entry };
  return { text: cause, entry };
}
