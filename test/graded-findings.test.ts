import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_FIXTURES, lintFixture } from "./helpers/fixtures.js";

// The fixture harness checks where findings are; these check how each is graded where a rule grades them.

function graded(rule: string, fixture: string): string[] {
  return lintFixture(path.join(RULE_FIXTURES, rule, fixture))
    .findings.filter((f) => f.ruleId === rule && !f.suppressed)
    .map((f) => `${f.line} ${f.severity}`);
}

describe("graded findings", () => {
  it("cluster-admin-binding: a ClusterRoleBinding is an error, a RoleBinding a warning, cluster-admin in effect included", () => {
    expect(graded("cluster-admin-binding", "invalid-admin.yaml")).toEqual(["8 error", "32 warning", "55 error"]);
  });

  it("dangerous-capabilities: the nine dangerous ones are errors, others outside the baseline warnings", () => {
    const found = graded("dangerous-capabilities", "invalid-capabilities.yaml");
    expect(found.filter((f) => f.endsWith("error"))).toEqual(["19 error", "21 error", "25 error"]);
    expect(found.filter((f) => f.endsWith("warning"))).toHaveLength(8);
    // An allowed capability written otherwise than Pod Security lists it (CAP_CHOWN, kill): warnings.
    expect(found.filter((f) => f.startsWith("62 ") || f.startsWith("63 "))).toEqual(["62 warning", "63 warning"]);
  });

  it("host-path-volume: the node's CA certificates read-only are a warning; written, or /etc/ssl with its keys, an error", () => {
    expect(graded("host-path-volume", "trust-stores.yaml")).toEqual(["26 warning", "29 warning", "32 error", "35 error"]);
  });

  it("host-path-volume: a quoted readOnly: \"true\" (the schema rule's finding) is graded as the read-only mount it asks for", () => {
    expect(graded("host-path-volume", "quoted-read-only.yaml")).toEqual(["24 warning"]);
  });

  it("image-tag: placeholders and references the kubelet refuses are errors, no tag or latest warnings", () => {
    expect(graded("image-tag", "invalid.yaml")).toEqual([
      "14 warning", "17 warning", "19 warning", "21 error", "23 error", "25 error", "27 warning", "30 error", "32 error", "35 error", "37 error", "40 warning", "54 error",
    ]);
  });

  it("statefulset-service-name: a missing serviceName or Service is info for one replica nothing names, else an error", () => {
    expect(graded("statefulset-service-name", "invalid-one-replica.yaml")).toEqual(["7 error", "25 info", "44 error", "81 info", "99 error"]);
  });

  it("rbac-risky-subject: system:authenticated given a role that names every object it grants is a warning", () => {
    expect(graded("rbac-risky-subject", "named-objects")).toEqual(["15 warning", "30 error"]);
  });

  it("rbac-dangerous-grant: bound cluster-wide an error, but changes to named admission configurations a warning", () => {
    expect(graded("rbac-dangerous-grant", "invalid-grants.yaml")).toEqual(["14 error", "17 error", "20 error", "24 warning", "48 warning", "59 warning", "71 warning", "74 warning"]);
  });

  it("rbac-dangerous-grant: a ClusterRole aggregated into one bound cluster-wide is an error", () => {
    expect(graded("rbac-dangerous-grant", "invalid-aggregated.yaml")).toEqual(["12 error", "24 error"]);
  });

  it("rbac-secrets-access, rbac-dangerous-grant: a ClusterRole labelled into the built-in view role is an error without a binding", () => {
    expect(graded("rbac-secrets-access", "invalid-aggregate-to-view.yaml")).toEqual(["16 error"]);
    expect(graded("rbac-dangerous-grant", "invalid-aggregate-to-view.yaml")).toEqual(["15 error"]);
  });

  it("rbac-secrets-access: a ClusterRole aggregated into one bound cluster-wide is an error", () => {
    expect(graded("rbac-secrets-access", "invalid-aggregated")).toEqual(["11 error"]);
  });

  it("rbac-dangerous-grant: patching workloads bound cluster-wide an error, in one namespace a warning", () => {
    expect(graded("rbac-dangerous-grant", "invalid-workload-changes.yaml")).toEqual(["20 error", "23 error", "48 warning"]);
  });

  it("host-path-volume: the node's timezone, release files and user tables read-only are warnings; /etc/machine-id or written, errors", () => {
    expect(graded("host-path-volume", "public-node-files.yaml")).toEqual(["33 warning", "36 warning", "39 warning", "42 warning", "45 error", "49 error", "52 error"]);
  });

  it("host-path-volume: a CSI driver's own socket directory is a warning; the kubelet's plugins, staged volumes and registry, errors", () => {
    expect(graded("host-path-volume", "csi-driver-dirs.yaml")).toEqual(["30 warning", "34 error", "38 error", "41 error"]);
  });

  it("host-path-volume: the kubelet's device-plugins directory (kubelet.sock and every plugin's socket) is an error", () => {
    expect(graded("host-path-volume", "device-plugin-dir.yaml")).toEqual(["33 error"]);
  });

  it("dangerous-capabilities: with the restricted option, baseline capabilities are warnings", () => {
    expect(graded("dangerous-capabilities", "restricted-option.yaml")).toEqual(["15 warning", "16 warning"]);
  });
});

describe("graded findings (claims and credentials)", () => {
  it("read-write-once-claim: several pods on one claim are errors, a single replica's rolling update a warning", () => {
    expect(graded("read-write-once-claim", "invalid.yaml")).toEqual(["43 error", "64 error", "96 warning"]);
  });

  it("resource-units: millibytes are errors, a few bytes and hundreds of cores warnings", () => {
    expect(graded("resource-units", "invalid-units.yaml")).toEqual(["18 warning", "19 error", "22 warning", "23 error", "29 warning"]);
  });

  it("resource-requests: a request an autoscaler's utilization metric divides by is an error, whatever the options", () => {
    expect(graded("resource-requests", "invalid-autoscaled.yaml")).toEqual(["15 warning", "22 error", "55 error", "83 error", "88 warning"]);
    expect(graded("resource-requests", "invalid-autoscaled-memory-off.yaml")).toEqual(["19 error"]);
  });

  it("missing-reference: an object that only a document that does not parse writes is info, naming that document", () => {
    expect(graded("missing-reference", "invalid-unparsed-definition.yaml")).toEqual(["21 info", "36 warning"]);
    const found = lintFixture(path.join(RULE_FIXTURES, "missing-reference", "invalid-unparsed-definition.yaml")).findings.filter((f) => f.ruleId === "missing-reference");
    expect(found[0].message).toMatch(/the document at .*invalid-unparsed-definition\.yaml:6 that may define it does not parse$/);
    expect(found[1].message).toBe('Role shop/pod-writer (its role) is not defined in these manifests');
  });

  it("hardcoded-credential: an empty password is a warning", () => {
    expect(graded("hardcoded-credential", "invalid-empty-password.yaml")).toEqual(["21 warning", "36 warning"]);
  });
});
