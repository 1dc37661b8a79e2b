import { defineRule } from "../src/engine/rule.js";
import { parseImage, isPlaceholderTag } from "../src/model/image.js";

export default defineRule({
  meta: {
    id: "image-tag",
    title: "Images must be pinned to a version",
    category: "reliability",
    severity: "warning",
    description:
      "Reports container images with no tag, the latest tag, or a placeholder tag (REPLACE_ME, TODO, <tag>, ${TAG}). An image pinned by digest is always fine.",
    rationale:
      "latest (and no tag, which means latest) changes under you: two nodes can run different code for the same manifest, and a rollback does not roll back. A placeholder tag fails to pull and leaves the pod in ImagePullBackOff.",
    remediation: "Pin the image to an immutable version tag (e.g. app:1.4.2) or, better, a digest (app@sha256:…).",
    references: {
      guides: ["Tarka: example Deployment uses image tarka:latest"],
      equivalents: { kubeLinter: "latest-tag", kubeScore: "container-image-tag", polaris: "tagNotSpecified", checkov: "CKV_K8S_14", trivy: "KSV013" },
    },
    examples: {
      bad: "image: nginx:latest\n",
      good: "image: nginx:1.27.3\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const image = ref.container.image;
      if (typeof image !== "string" || image.trim() === "") continue;
      const parsed = parseImage(image);
      if (parsed.digest) continue;
      const target = { resource: ref.pod.resource, path: [...ref.path, "image"] };
      if (parsed.tag === undefined) {
        report({ target, message: `container "${ref.name}" uses image "${image}" with no tag (pulls latest)` });
      } else if (parsed.tag === "latest") {
        report({ target, message: `container "${ref.name}" uses the latest tag of image "${parsed.repository}"` });
      } else if (isPlaceholderTag(parsed.tag)) {
        report({ target, severity: "error", message: `container "${ref.name}" uses placeholder tag "${parsed.tag}" of image "${parsed.repository}"` });
      }
    }
  },
});
