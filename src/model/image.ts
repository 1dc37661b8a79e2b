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
