import type { Report } from "../engine/rule.js";
import { removeValue, setValue } from "../engine/fix.js";
import { isRecord, type PodTemplate } from "../model/pod-spec.js";
import { chainMisspelt } from "../schema/misspelt-field.js";
import { definitionFields } from "../schema/builtin-schemas.js";
import { dns1123Label } from "../model/api-names.js";
import { checkAffinitySelectors } from "./affinity.js";
import { checkClaimSpec } from "./claims.js";
import { noItems } from "../model/list-items.js";
import { CONTAINER_LISTS, ContainerPlace, checkContainer, reportSources, sourceCount } from "./container.js";

type Emit = (r: Report) => void;

/** Kinds whose pods the controller keeps running: only restartPolicy Always, and no deadline. */
const SERVING_KINDS = new Set(["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"]);

let volumeSources: ReadonlySet<string> | undefined;
/** A volume's sources, as the bundled schemas list them (a volume takes exactly one; read on first use). */
function volumeSourceFields(): ReadonlySet<string> {
  return (volumeSources ??= new Set(definitionFields("IoK8sApiCoreV1Volume").filter((f) => f !== "name")));
}

/**
 * What the API server's pod validation refuses in a pod template: repeated container and volume
 * names, volumes and containers (src/api-validation/container.ts), affinity selectors, and the
 * restart policy and deadline of a workload whose pods run until replaced. `minor`: the target
 * Kubernetes version's minor (--kube-version).
 */
export function checkPod(pod: PodTemplate, report: Emit, minor: number): void {
  const resource = pod.resource;
  const spec = pod.spec as unknown as Record<string, unknown>;
  // Before 1.34 a StatefulSet's pod template was not validated as a pod (only its labels, restart
  // policy and deadline): the API server took the StatefulSet and refused each pod its controller
  // made. Reported all the same: such a StatefulSet runs no pod.
  checkPodSpec(pod, spec, report, minor);
  if (SERVING_KINDS.has(resource.kind)) checkServing(pod, spec, report);
}

function checkPodSpec(pod: PodTemplate, spec: Record<string, unknown>, report: Emit, minor: number): void {
  const resource = pod.resource;
  const volumes = spec.volumes;
  if (Array.isArray(volumes)) {
    const firsts = new FirstOf<number>();
    volumes.forEach((v, i) => {
      if (!isRecord(v) || typeof v.name !== "string") return;
      const first = firsts.claim(v.name, i);
      if (first !== undefined) report({ target: { resource, path: [...pod.specPath, "volumes", i, "name"] }, message: `volume name ${JSON.stringify(v.name)} is already used by volumes[${first}]: the API server refuses the pod` });
      const template = isRecord(v.ephemeral) ? v.ephemeral.volumeClaimTemplate : undefined;
      if (isRecord(template)) checkClaimSpec(resource, template.spec, [...pod.specPath, "volumes", i, "ephemeral", "volumeClaimTemplate", "spec"], "the API server refuses the pod", true, report);
      const sources = volumeSourceFields();
      // A volume with no source is an emptyDir: the API server fills one in before it validates.
      if (sourceCount(v, sources) > 1) reportSources(resource, v, [...pod.specPath, "volumes", i], `volume ${JSON.stringify(v.name)}`, sources, "IoK8sApiCoreV1Volume", "emptyDir, configMap, secret, persistentVolumeClaim", report);
    });
  }
  if (spec.affinity !== undefined || spec.topologySpreadConstraints !== undefined) checkAffinitySelectors(pod, report, minor);
  // Names are checked as the API server does: app containers first, then init containers against
  // them and each other, then ephemeral ones; the later of two is the one refused.
  const seen = new FirstOf<ContainerPlace>();
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (let i = 0; i < items.length; i++) {
      const c = items[i];
      if (!isRecord(c)) continue;
      const place = new ContainerPlace(pod, list, i, c);
      if (typeof c.name === "string" && c.name !== "") {
        const invalid = dns1123Label(c.name);
        if (invalid !== undefined) {
          // kubectl logs -c, annotations and probes name it: renaming is the author's call, so a suggestion.
          const fixed = c.name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
          report({
            target: { resource, path: place.at("name") },
            message: `container name ${JSON.stringify(c.name)} is ${invalid}: the API server refuses the pod`,
            ...(fixed !== "" && dns1123Label(fixed) === undefined ? { suggestions: [setValue(`rename the container ${fixed}`, place.at("name"), fixed)] } : {}),
          });
        }
        const first = seen.claim(c.name, place);
        if (first) report({ target: { resource, path: place.at("name") }, message: `container name ${JSON.stringify(c.name)} is already used by ${first.list}[${first.index}]: the API server refuses the pod` });
      }
      checkContainer(place, report, minor);
    }
  }
  if (spec.dnsPolicy === "None") {
    // With no cluster DNS, the pod's resolver is only what dnsConfig says: at least one nameserver.
    const config = spec.dnsConfig;
    // A dnsConfig or nameservers under a misspelt key (dnsConifg) is the schema rule's finding, with the rename.
    const causedBy = chainMisspelt(resource, spec, "IoK8sApiCoreV1PodSpec", ["dnsConfig", "nameservers"]) ? "schema" : undefined;
    if (config === undefined || config === null) report({ target: { resource, path: [...pod.specPath, "dnsPolicy"] }, message: "dnsPolicy None needs a dnsConfig with a nameserver: the API server refuses the pod", causedBy });
    else if (isRecord(config) && noItems(config.nameservers)) {
      report({ target: { resource, path: [...pod.specPath, "dnsConfig"] }, message: "dnsConfig has no nameservers, which dnsPolicy None needs: the API server refuses the pod", causedBy });
    }
  }
}

/** The restart policy and deadline of a workload whose pods run until replaced. */
function checkServing(pod: PodTemplate, spec: Record<string, unknown>, report: Emit): void {
  const resource = pod.resource;
  const policy = spec.restartPolicy;
  // Unset or "" is defaulted to Always before validation.
  if (policy !== undefined && policy !== null && policy !== "" && policy !== "Always") {
    const at = [...pod.specPath, "restartPolicy"];
    // Always is the one value the API server takes here (and the default): what the fix writes.
    report({ target: { resource, path: at }, message: `${resource.kind} pods must restart Always; restartPolicy ${JSON.stringify(policy)} is refused`, fix: setValue("set restartPolicy: Always", at, "Always") });
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    report({
      target: { resource, path: [...pod.specPath, "activeDeadlineSeconds"] },
      message: `activeDeadlineSeconds is refused in a ${resource.kind}'s pod template: its pods are meant to run until replaced`,
      suggestions: [removeValue("remove activeDeadlineSeconds", resource.object, [...pod.specPath, "activeDeadlineSeconds"])],
    });
  }
}


/**
 * The first holder of each name: a claim by a later holder returns the first. A pod has a few
 * containers and volumes, so a list is searched; a map takes over past a few dozen (a generated pod
 * of thousands stays linear).
 */
class FirstOf<T> {
  private names: string[] = [];
  private holders: T[] = [];
  private map: Map<string, T> | undefined;

  claim(name: string, holder: T): T | undefined {
    if (this.map) {
      const first = this.map.get(name);
      if (first === undefined) this.map.set(name, holder);
      return first;
    }
    const at = this.names.indexOf(name);
    if (at >= 0) return this.holders[at];
    this.names.push(name);
    this.holders.push(holder);
    if (this.names.length > 32) this.map = new Map(this.names.map((n, i) => [n, this.holders[i]]));
    return undefined;
  }
}

