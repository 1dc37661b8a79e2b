import { defineRule } from "../src/engine/rule.js";
import { isBuildReference, parseImage } from "../src/model/image.js";

export default defineRule({
  meta: {
    id: "image-digest",
    scope: "object",
    title: "Images should be pinned by digest",
    category: "security",
    severity: "warning",
    description: "Reports container images (all container kinds) referenced by tag rather than by digest (`image@sha256:…`).",
    rationale:
      "A tag is a pointer the registry's owner, or anyone who takes over the account, can move: the same manifest then runs different code, unreviewed. A digest names exactly the bytes that were built, scanned and approved.",
    remediation: "Reference the image by digest (registry/app:1.4.2@sha256:…), for example with a tool that resolves tags at release time (crane digest, kustomize edit set image, Renovate).",
    references: {
      equivalents: { checkov: "CKV_K8S_43" },
      links: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
    },
    optIn: true,
    defaultReason:
      "pinning by digest needs release tooling most teams do not have yet: every image of the seed and public corpora is referenced by tag, so it would report them all. Teams that sign or pin images turn it on.",
    examples: {
      bad: "image: ghcr.io/acme/api:1.4.2\n",
      good: "image: ghcr.io/acme/api:1.4.2@sha256:3f1c0d5a2b8e6f4c9a7d1e0b5c3a8f2d6e4b9c1a7f0e3d5b8c2a6f9e1d4b7c0a\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const image = ref.container.image;
      if (typeof image !== "string" || image.trim() === "" || image.includes("${") || image.includes("{{")) continue;
      if (parseImage(image).digest || isBuildReference(image)) continue;
      report({ target: { resource: ref.pod.resource, path: [...ref.path, "image"] }, message: `container "${ref.name}" image "${image}" is not pinned by digest` });
    }
  },
});
