/**
 * The registry an image is pulled from, as the container runtime resolves it: the first path
 * component when it looks like a host (has '.' or ':' or is localhost), else Docker Hub.
 */
export function imageRegistry(image: string): string {
  const name = image.trim().split("@")[0];
  const slash = name.indexOf("/");
  if (slash === -1) return "docker.io";
  const first = name.slice(0, slash);
  return first.includes(".") || first.includes(":") || first === "localhost" ? first : "docker.io";
}

/**
 * The image without its tag and digest, with the registry written out (`nginx` is
 * `docker.io/library/nginx`), so allow-list entries match however the image is spelled.
 */
export function qualifiedRepository(image: string): string {
  let name = image.trim().split("@")[0];
  const colon = name.lastIndexOf(":");
  if (colon > name.lastIndexOf("/")) name = name.slice(0, colon);
  const registry = imageRegistry(image);
  const path = name.startsWith(`${registry}/`) ? name.slice(registry.length + 1) : name;
  if (registry === "docker.io" || registry === "index.docker.io") return `docker.io/${path.includes("/") ? path : `library/${path}`}`;
  return `${registry}/${path}`;
}
