import type { Environment } from "@marcbachmann/cel-js";

/**
 * The library's uint and duration classes: it does not export them, and a bundler may rename them
 * (constructor.name is not reliable), so they are taken from a value of each.
 */
export interface LibraryClasses {
  uint: new (v: bigint) => { valueOf(): bigint };
  duration: new (seconds: bigint, nanos: number) => { seconds: bigint; nanos: number };
}

export function libraryClasses(env: Environment): LibraryClasses {
  return {
    uint: (env.evaluate("0u") as object).constructor as LibraryClasses["uint"],
    duration: (env.evaluate("duration('0s')") as object).constructor as LibraryClasses["duration"],
  };
}
