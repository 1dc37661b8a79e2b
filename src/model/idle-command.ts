import type { Container } from "kubernetes-types/core/v1.js";

/** A process that only waits: `sleep infinity`, `sleep 3600`, `tail -f /dev/null`. */
const IDLE = /^(?:exec\s+)?(?:(?:\/usr)?\/bin\/)?(?:sleep\s+(?:infinity|inf|\d+[smhd]?)|tail\s+-f\s+\/dev\/null)$/;
/** A shell that runs one command: `sh -c "sleep infinity"`. */
const SHELL = /^(?:(?:\/usr)?\/bin\/)?(?:ba|da|a)?sh$/;

/**
 * Whether a container's command, as written, only waits (the main container of a DaemonSet whose init
 * container does the work, such as setting vm.max_map_count): `sleep` cannot hang, so a liveness
 * probe has nothing to find. Without a written command the image's entrypoint decides, which the
 * manifests do not show.
 */
export function onlyWaits(container: Container): boolean {
  if (!Array.isArray(container.command) || container.command.length === 0) return false;
  const words = [...container.command, ...(Array.isArray(container.args) ? container.args : [])];
  if (!words.every((w) => typeof w === "string")) return false;
  if (words.length === 3 && SHELL.test(words[0]) && /^-[a-z]*c$/.test(words[1])) return IDLE.test(words[2].trim());
  return IDLE.test(words.join(" ").trim());
}
