import { isRecord } from "./pod-spec.js";
import { parseQuantity } from "./quantity.js";

/** Resources counted in bytes: a quantity below this (1 MiB) is a unit left out, not a real size. */
const BYTE_RESOURCES = new Set(["memory", "ephemeral-storage"]);
const ONE_MIB = 2 ** 20;
/** CPU written as a bare number from here up is read in cores; the number was meant in millicores. */
const CORES_MEANT_AS_MILLICORES = 100;

/**
 * A container resource quantity written in a unit its author cannot have meant: memory in millibytes
 * (`512m`), bytes below one MiB (`512`), CPU of 100 or more bare cores (`500`, meant 500m). The
 * resource-units rule reports it; rules comparing quantities leave such a value to it, since any
 * comparison made with it is wrong too.
 */
export type UnitMistake = { kind: "millibytes" | "bytes"; bytes: number } | { kind: "cores" };

/** Memory per core from which a bare CPU count of 100 or more is taken as meant: a large machine's pod. */
const MEMORY_PER_CORE = 256 * ONE_MIB;

/**
 * The mistake in a quantity written for resource `name`, or undefined. `resources`: the container's
 * resources, whose memory tells a pod sized for a large machine (cpu: 128 beside 900Gi) from
 * millicores written without their m (cpu: 500 beside 512Mi).
 */
export function unitMistake(name: string, written: unknown, resources?: Record<string, unknown>): UnitMistake | undefined {
  if (typeof written !== "string" && typeof written !== "number") return undefined;
  const value = parseQuantity(written);
  if (value === undefined || value <= 0) return undefined;
  const text = String(written).trim();
  if (BYTE_RESOURCES.has(name)) {
    if (text.endsWith("m")) return { kind: "millibytes", bytes: value };
    return value < ONE_MIB ? { kind: "bytes", bytes: value } : undefined;
  }
  if (name !== "cpu" || !/^[0-9]+$/.test(text) || value < CORES_MEANT_AS_MILLICORES) return undefined;
  return memoryOf(resources) >= value * MEMORY_PER_CORE ? undefined : { kind: "cores" };
}

/** The larger memory the resources write (request or limit) in bytes, 0 when none is readable. */
function memoryOf(resources: Record<string, unknown> | undefined): number {
  let most = 0;
  for (const section of ["requests", "limits"]) {
    const list = resources?.[section];
    const memory = isRecord(list) ? list.memory : undefined;
    const bytes = typeof memory === "string" || typeof memory === "number" ? parseQuantity(memory) : undefined;
    if (bytes !== undefined && bytes > most) most = bytes;
  }
  return most;
}
