import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import allowPrivilegeEscalation from "../rules/allow-privilege-escalation.js";

// allowPrivilegeEscalation: true written on purpose is reported with a suggestion to set false, except
// where false would take away what the container adds: a non-root process gets added capabilities only
// through file capabilities, which no_new_privs ignores (ingress-nginx's controller binds 80 and 443 so).

const pod = (securityContext: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: controller
      image: registry.example.com/controller:1.10.0
      securityContext: ${securityContext}
`;

function findings(text: string) {
  return lint({ sources: [{ name: "pod.yaml", text }], rules: [allowPrivilegeEscalation], fixes: true }).findings;
}

describe("allow-privilege-escalation written true", () => {
  it("suggests false for a container that adds nothing", () => {
    const [f] = findings(pod("{allowPrivilegeEscalation: true, runAsUser: 101}"));
    expect(f.message).toBe('container "controller" allows privilege escalation');
    expect(f.suggestions?.map((s) => s.description)).toEqual(["set allowPrivilegeEscalation: false"]);
  });

  it("says why, and suggests nothing, for a non-root container that adds capabilities", () => {
    const [f] = findings(pod("{allowPrivilegeEscalation: true, runAsUser: 101, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}"));
    expect(f.message).toBe('container "controller" allows privilege escalation, which its non-root process needs to use the capabilities it adds (NET_BIND_SERVICE) through file capabilities');
    expect(f.suggestions ?? []).toEqual([]);
    expect(f.fix).toBeUndefined();
  });

  it("still suggests false for a root container that adds capabilities: root holds them without file capabilities", () => {
    const [f] = findings(pod("{allowPrivilegeEscalation: true, capabilities: {add: [NET_BIND_SERVICE]}}"));
    expect(f.suggestions?.map((s) => s.description)).toEqual(["set allowPrivilegeEscalation: false"]);
  });
});

describe("run-as-non-root for a container that adds capabilities", () => {
  it("says root holds them and suggests no non-root user, which would lose them (MetalLB's speaker, NET_RAW)", async () => {
    const { default: runAsNonRoot } = await import("../rules/run-as-non-root.js");
    const text = pod("{capabilities: {drop: [ALL], add: [NET_RAW]}}");
    const [f] = lint({ sources: [{ name: "pod.yaml", text }], rules: [runAsNonRoot], fixes: true }).findings;
    expect(f.message).toBe('container "controller" is not set to runAsNonRoot (as root it holds the capabilities it adds, NET_RAW, which a non-root user would not)');
    expect(f.suggestions ?? []).toEqual([]);
    const [plain] = lint({ sources: [{ name: "pod.yaml", text: pod("{readOnlyRootFilesystem: true}") }], rules: [runAsNonRoot], fixes: true }).findings;
    expect(plain.message).toBe('container "controller" is not set to runAsNonRoot');
    expect(plain.suggestions?.length).toBe(1);
  });
});
