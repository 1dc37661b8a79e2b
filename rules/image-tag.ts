import { setValue } from "../src/engine/fix.js";
import { defineRule } from "../src/engine/rule.js";
import { hasUppercaseRepositoryPath, isBuildReference, isPlaceholderTag, parseImage } from "../src/model/image.js";
import { isRecord } from "../src/model/pod-spec.js";
import { unrenderedKustomizations } from "../src/model/kustomize-managed.js";

export default defineRule({
  meta: {
    id: "image-tag",
    scope: "object",
    title: "Images must be pinned to a version",
    category: "reliability",
    severity: "warning",
    description:
      "Reports container images with no tag, the latest tag, a placeholder tag (REPLACE_ME, TODO, <tag>, ${TAG}), or a placeholder in place of the whole image (<image_url>, ${IMAGE}), or a repository name with uppercase letters (CONTAINER_IMAGE, gcr.io/PROJECT_ID/app), which is no valid reference. An image pinned by digest is always fine. When a Kustomize root is not rendered (its build fails, or no kubectl or kustomize is installed), the entries of its kustomization's images: are read directly and a newTag of latest or a placeholder is reported at the entry; a rendered root's images are checked as the build writes them, at the entry that set them.",
    rationale:
      "latest (and no tag, which means latest) changes under you: two nodes can run different code for the same manifest, and a rollback does not roll back. A placeholder tag fails to pull and leaves the pod in ImagePullBackOff; a repository name with capitals (a placeholder such as PROJECT_ID left in) is refused before any pull (InvalidImageName).",
    remediation: "Pin the image to an immutable version tag (e.g. app:1.4.2) or, better, a digest (app@sha256:…).",
    references: {
      guides: ["Tarka: example Deployment uses image tarka:latest"],
      equivalents: { kubeLinter: "latest-tag", kubeScore: "container-image-tag", polaris: "tagNotSpecified", checkov: "CKV_K8S_14", trivy: "KSV013" },
      links: ["https://kubernetes.io/docs/concepts/containers/images/#image-names"],
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
      if (isBuildReference(image)) continue; // ko writes the digest-pinned image
      const parsed = parseImage(image);
      if (parsed.digest) continue;
      const target = { resource: ref.pod.resource, path: [...ref.path, "image"] };
      // The version is never invented: the suggestion leaves a placeholder for the tag the team runs.
      const suggestions = [setValue(`pin image ${parsed.repository} to a version tag (fill it in)`, [...ref.path, "image"], `${parsed.repository}:<version>`)];
      // `<image_url>`, `${IMAGE}`: the whole reference is to be filled in, not an image without a tag.
      if (isPlaceholderTag(image.trim())) {
        report({ target, severity: "error", message: `container "${ref.name}" uses placeholder image "${image.trim()}", which no registry serves` });
      } else if (hasUppercaseRepositoryPath(parsed.repository)) {
        // A tag would not help: the name itself is refused before any pull (InvalidImageName).
        report({ target, severity: "error", message: `container "${ref.name}" uses image "${image.trim()}", which is not a valid reference (uppercase in the repository name): the kubelet refuses it` });
      } else if (parsed.tag === undefined) {
        report({ target, message: `container "${ref.name}" uses image "${image}" with no tag (pulls latest)`, suggestions });
      } else if (parsed.tag === "latest") {
        report({ target, message: `container "${ref.name}" uses the latest tag of image "${parsed.repository}"`, suggestions });
      } else if (isPlaceholderTag(parsed.tag)) {
        report({ target, severity: "error", message: `container "${ref.name}" uses placeholder tag "${parsed.tag}" of image "${parsed.repository}"`, suggestions });
      }
    }
    // An unrendered root's images transformer never ran: what it would write is only in the kustomization.
    for (const doc of unrenderedKustomizations(model)) {
      const images = doc.value.images;
      if (!Array.isArray(images)) continue;
      images.forEach((entry, i) => {
        if (!isRecord(entry) || entry.digest !== undefined) return;
        const tag = entry.newTag;
        if (typeof tag !== "string" && typeof tag !== "number") return;
        const name = typeof entry.newName === "string" ? entry.newName : String(entry.name ?? "");
        const target = { document: doc, path: ["images", i, "newTag"] };
        if (String(tag) === "latest") report({ target, message: `kustomization sets image "${name}" to the latest tag` });
        else if (isPlaceholderTag(String(tag))) report({ target, severity: "error", message: `kustomization sets image "${name}" to placeholder tag "${tag}"` });
      });
    }
  },
});
