import { defineRule } from "../src/engine/rule.js";
import { isBuildReference } from "../src/model/image.js";
import { qualifiedRepository } from "../src/model/image-registry.js";

export default defineRule({
  meta: {
    id: "image-registry",
    scope: "object",
    title: "Images must come from an allowed registry",
    category: "security",
    severity: "error",
    description:
      "Reports container images (all container kinds) that do not come from a registry (or registry path) in the `registries` option. There is no default list: with none given, nothing is reported.",
    rationale:
      "An image from an arbitrary registry bypasses the scanning, signing and mirroring an organisation applies to its own, and a typo (`dockerhub.io/…`) or a look-alike repository can pull an attacker's image.",
    remediation: "Pull the image from an allowed registry (mirror it there first), or add its registry to the rule's registries option.",
    differences: [
      "Trivy's KSV0125 reads its trusted registries from its check data (trusted_registries); here they are the rule's registries option, which has no default: only the organisation knows which registries it trusts.",
    ],
    references: {
      equivalents: { trivy: "KSV0125" },
      links: ["https://kubernetes.io/docs/concepts/containers/images/"],
    },
    options: {
      registries: {
        type: "string[]",
        default: [],
        description:
          "allowed registries or registry paths, e.g. [\"ghcr.io/acme\", \"registry.k8s.io\"]; Docker Hub images are docker.io/<user>/<name> (docker.io/library/<name> for official ones)",
      },
    },
    optIn: true,
    defaultReason: "only an organisation knows which registries it trusts, and the rule has no default list.",
    examples: {
      bad: "# registries: [ghcr.io/acme]\nimage: docker.io/someone/api:1.0\n",
      good: "# registries: [ghcr.io/acme]\nimage: ghcr.io/acme/api:1.0\n",
    },
  },
  check({ model, options, report }) {
    const allowed = (Array.isArray(options.registries) ? options.registries : [])
      .filter((r): r is string => typeof r === "string" && r.trim() !== "")
      .map((r) => r.trim().replace(/\/+$/, ""));
    if (allowed.length === 0) return;
    for (const ref of model.containers) {
      const image = ref.container.image;
      if (typeof image !== "string" || image.trim() === "" || image.includes("${") || image.includes("{{") || isBuildReference(image)) continue;
      const repo = qualifiedRepository(image);
      if (allowed.some((a) => repo === a || repo.startsWith(`${a}/`))) continue;
      report({ target: { resource: ref.pod.resource, path: [...ref.path, "image"] }, message: `container "${ref.name}" image "${image}" is not from an allowed registry` });
    }
  },
});
