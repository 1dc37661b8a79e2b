import { isRecord, type PodTemplate } from "../model/pod-spec.js";
import type { Bar, Refusal } from "./refusal.js";

/**
 * Volume sources restricted refuses (check_restrictedVolumes.go), hostPath aside: that is baseline's,
 * judged by hostPathVolumes. A volume with no source becomes an emptyDir; a misspelt source is
 * refused before admission (the schema rule's finding). The allowed ones are configMap, csi,
 * downwardAPI, emptyDir, ephemeral, image (from 1.33), persistentVolumeClaim, projected and secret.
 */
const REFUSED_SOURCES = [
  "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs",
  "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume", "photonPersistentDisk", "scaleIO", "storageos",
];

/** Restricted, check_restrictedVolumes.go: only volumes of the allowed types. No other rule judges this. */
export function restrictedVolumes(pod: PodTemplate, bar: Bar, refuse: (r: Refusal) => void): void {
  if (bar.level !== "restricted") return;
  const volumes = (pod.spec as { volumes?: unknown }).volumes;
  if (!Array.isArray(volumes)) return;
  volumes.forEach((v, i) => {
    if (!isRecord(v)) return;
    const source = REFUSED_SOURCES.find((s) => v[s] !== undefined && v[s] !== null);
    if (source === undefined) return;
    const name = typeof v.name === "string" ? v.name : `#${i}`;
    refuse({ owner: "pod-security-admission", path: [...pod.specPath, "volumes", i, source], message: `volume "${name}" is of type ${source}`, at: [] });
  });
}
