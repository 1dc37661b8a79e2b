/** One result of `k8slint -f json`, as end-to-end tests read it. */
export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string } | null;
  path: string | null;
  suppressed: boolean;
  /** The Kustomize roots, Helm charts or variants that produced it, when several did. */
  units?: string[];
}
