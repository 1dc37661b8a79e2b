import { defineRule } from "../src/engine/rule.js";
import { setValue } from "../src/engine/fix.js";
import type { ObjectPath } from "../src/types.js";
import { containersOf, getPath, isRecord } from "../src/model/pod-spec.js";
import { normalizeHostPath } from "../src/model/host-path.js";
import { specFieldMisspelt } from "../src/schema/misspelt-field.js";
import { mappings } from "../src/model/list-items.js";

const DEFAULT_DATA_PATHS = "^/var/lib/|(^|/)(data|datadir|db|pgdata|storage|persistence|state)(/|$)";
/** Scratch locations: an emptyDir there is the right choice, whatever the path's other segments say. */
const SCRATCH_PATH = /^\/(tmp|run|var\/run|var\/tmp|var\/cache|var\/log|dev\/shm)(\/|$)/;
/** Volume sources whose contents die with the pod (or belong to the node, not the replica). */
const NON_PERSISTENT = ["emptyDir", "hostPath", "ephemeral"] as const;
/**
 * The kubelet's own directories (the pods' volumes, the plugins' sockets): a CSI driver run as a
 * StatefulSet mounts them to serve the node, and the data in them is the node's, not the replica's.
 */
const KUBELET_DIR = /^\/var\/lib\/kubelet(\/|$)/;

export default defineRule({
  meta: {
    id: "statefulset-volume-claims",
    scope: "object",
    title: "StatefulSets should keep data in volumeClaimTemplates",
    category: "reliability",
    severity: "warning",
    description:
      "Reports a StatefulSet container that mounts a data path (by default /var/lib/…, or a path with a data, db, pgdata, storage, persistence or state segment; /tmp, /run, /var/log and /var/cache are scratch) from an emptyDir, hostPath (other than the kubelet's own directories under /var/lib/kubelet, which a CSI driver mounts to serve the node) or generic ephemeral volume: one finding per volume, naming every container that keeps data in it (a volume defined nowhere is volume-mount's error). A volumeClaimTemplate that requests no storage (resources.requests.storage) is an error: claims made from it are invalid.",
    rationale:
      "emptyDir data is deleted whenever the pod is rescheduled, and hostPath data stays on one node when the pod moves: a StatefulSet restarted on another node comes back empty, which for a database or a quorum member means data loss.",
    remediation:
      "Declare the volume in spec.volumeClaimTemplates (one PersistentVolumeClaim per replica, kept across rescheduling) and mount it by that name; remove the emptyDir or hostPath volume of the same name.",
    references: {
      guides: ["Ritma: Configure persistent volumes (PVC)", "Santaclaude: Persistent storage with PVC", "Caracal: PostgreSQL StatefulSet with 10Gi storage"],
      links: ["https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage"],
    },
    options: {
      dataPaths: { type: "string", default: DEFAULT_DATA_PATHS, description: "Regular expression for mount paths that hold data." },
    },
    examples: {
      bad: "volumeMounts:\n  - name: data\n    mountPath: /var/lib/postgresql/data\nvolumes:\n  - name: data\n    emptyDir: {}\n",
      good: "volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 10Gi\n",
    },
  },
  check({ model, report, options }) {
    let dataPath: RegExp;
    try {
      dataPath = new RegExp(typeof options.dataPaths === "string" ? options.dataPaths : DEFAULT_DATA_PATHS);
    } catch {
      dataPath = new RegExp(DEFAULT_DATA_PATHS);
    }
    for (const sts of model.index.ofKind("StatefulSet")) {
      const pod = model.index.podTemplate(sts);
      if (!pod) continue;
      // A misspelt volumeClaimTemplates is the schema rule's finding, with the rename: the claims it
      // holds are what the volumes were meant to be, and these findings stand only where that rule is off.
      const causedBy = specFieldMisspelt(sts, "volumeClaimTemplates") ? "schema" : undefined;
      const claims = new Set<string>();
      mappings(getPath(sts.object, ["spec", "volumeClaimTemplates"])).forEach((t, i) => {
        const n = getPath(t, ["metadata", "name"]);
        if (typeof n === "string") claims.add(n);
        // The claims made from a template must request storage: PersistentVolumeClaim validation
        // requires resources.requests.storage, so no replica gets its volume and each stays Pending.
        const storage = getPath(t, ["spec", "resources", "requests", "storage"]);
        if (storage === undefined || storage === null || storage === "") {
          report({
            target: { resource: sts, path: ["spec", "volumeClaimTemplates", i, "spec", "resources", "requests", "storage"] },
            message: `volumeClaimTemplates[${i}]${typeof n === "string" ? ` "${n}"` : ""} requests no storage: a claim without resources.requests.storage is invalid, and no replica gets its volume`,
            severity: "error",
            causedBy,
            // How much the volume holds is the workload's to say: a placeholder the API server refuses until filled in.
            suggestions: [setValue("add resources.requests.storage (a placeholder to fill in)", ["spec", "volumeClaimTemplates", i, "spec", "resources", "requests", "storage"], "<storage request: fill in>")],
          });
        }
      });
      const volumes = new Map<string, Record<string, unknown>>();
      for (const v of mappings((pod.spec as unknown as Record<string, unknown>).volumes)) if (typeof v.name === "string") volumes.set(v.name, v);
      // One finding per volume, at its first data mount, naming every container that keeps data in it.
      const mounts = new Map<string, Array<{ container: string; path: ObjectPath; mountPath: string }>>();
      for (const ref of containersOf(pod)) {
        if (ref.kind === "ephemeralContainer") continue;
        mappings((ref.container as unknown as Record<string, unknown>).volumeMounts).forEach((m, i) => {
          const mountPath = typeof m.mountPath === "string" ? m.mountPath : "";
          const volume = typeof m.name === "string" ? m.name : "";
          if (!mountPath || !volume || SCRATCH_PATH.test(mountPath) || !dataPath.test(mountPath) || claims.has(volume)) return;
          const list = mounts.get(volume) ?? [];
          if (list.length === 0) mounts.set(volume, list);
          if (!list.some((x) => x.container === ref.name)) list.push({ container: ref.name, path: [...ref.path, "volumeMounts", i, "mountPath"], mountPath });
        });
      }
      for (const [volume, list] of mounts) {
        const source = volumes.get(volume);
        // A volume defined nowhere is volume-mount's error: the StatefulSet gets no pod at all.
        const kind = source ? NON_PERSISTENT.find((k) => source[k] !== undefined) : undefined;
        if (!source || !kind) continue;
        if (kind === "hostPath" && isRecord(source.hostPath) && typeof source.hostPath.path === "string" && KUBELET_DIR.test(normalizeHostPath(source.hostPath.path))) continue;
        const { path, mountPath } = list[0];
        const who = list.length === 1 ? `container "${list[0].container}"` : `containers ${list.map((x) => `"${x.container}"`).join(", ")}`;
        report({
          target: { resource: sts, path },
          causedBy,
          message: `${who} ${list.length === 1 ? "keeps" : "keep"} ${mountPath} in ${kind} volume "${volume}", which does not survive rescheduling`,
        });
      }
    }
  },
});

