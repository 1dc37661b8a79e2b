/** An image reference split into its parts: registry/repository[:tag][@digest]. */
export interface ImageRef {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  // A colon after the last slash separates the tag; one before it is a registry port (registry:5000/app).
  const slash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, digest };
}

/**
 * Whether the repository path of a reference (after its registry host) has an uppercase letter:
 * the reference grammar allows only lowercase there, so the kubelet refuses it (InvalidImageName).
 * Sample manifests carry such placeholders (CONTAINER_IMAGE, gcr.io/PROJECT_ID/app:v1). The host
 * (the first component when it has a dot or a port, or is localhost) and the tag may have capitals.
 * A template variable (${REGISTRY}/app, <registry>/app) is substituted before the apply (envsubst):
 * its capitals are not the name the kubelet gets.
 */
export function hasUppercaseRepositoryPath(repository: string): boolean {
  if (/[$<]/.test(repository)) return false;
  const parts = repository.split("/");
  const first = parts[0];
  // As distribution's splitDockerDomain: a first component with a dot, a colon or a capital is a registry host.
  const host = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase());
  return /[A-Z]/.test((host ? parts.slice(1) : parts).join("/"));
}

/**
 * A reference a build tool replaces before anything is applied: `ko://<Go import path>` (Tekton,
 * Knative and many Go operators) is built and written as a digest-pinned image by `ko resolve` or
 * `ko apply`. Its tag, digest and registry are the tool's to write, not the manifest's.
 */
export function isBuildReference(image: string): boolean {
  return image.trim().startsWith("ko://");
}

/** Tags that stand for "fill this in": they never exist in a registry. */
export function isPlaceholderTag(tag: string): boolean {
  return (
    tag === "" ||
    /^(replace[_-]?me|changeme|change[_-]me|todo|tbd|fixme|xxx+|placeholder|your[_-].*|tag|version|image[_-]tag)$/i.test(tag) ||
    /^<.*>$/.test(tag) ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(tag) ||
    /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(tag)
  );
}
