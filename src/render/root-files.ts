import { KUSTOMIZATION_NAMES } from "./kustomization.js";

/** The file that makes a directory a Helm chart. */
export const CHART_FILE = "Chart.yaml";

/** Names of the files that make their directory a Kustomize root or a Helm chart. */
export const ROOT_FILE_NAMES: readonly string[] = [...KUSTOMIZATION_NAMES, CHART_FILE];
