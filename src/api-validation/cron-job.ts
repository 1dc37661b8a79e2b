import type { Report } from "../engine/rule.js";
import { setValue } from "../engine/fix.js";
import { kubeMinor } from "../kube-version.js";
import { cronProblem, sundayAsZero } from "../model/cron-schedule.js";
import { getPath, isRecord } from "../model/pod-spec.js";
import type { Resource } from "../model/resource.js";
import { checkJob } from "./job.js";

type Emit = (r: Report) => void;

/** A time zone the API server loads (Go's time.LoadLocation: IANA names, case as written), or why not. */
function timeZoneProblem(zone: string): { message: string; canonical?: string } | undefined {
  if (zone === "") return { message: "is empty (leave timeZone out for the controller's own zone)" };
  if (zone.toLowerCase() === "local") return { message: "is Local, which the API server refuses: name the zone (Europe/Paris, Etc/UTC)" };
  // In the tz database (its `factory` file, installed with every zoneinfo Go's loader reads) but not in ICU.
  if (zone === "Factory") return undefined;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return { message: "is not a time zone of the IANA database" };
  }
  // ICU reads names in any case, Go's loader only as the database spells them.
  if (canonical !== zone && canonical.toLowerCase() === zone.toLowerCase()) return { message: `is spelt ${JSON.stringify(canonical)} in the IANA database`, canonical };
  return undefined;
}

export function checkCronJob(resource: Resource, report: Emit, kubeVersion: string): void {
  const spec = getPath(resource.object, ["spec"]);
  if (!isRecord(spec)) return;
  checkJob(resource, report, kubeVersion);
  const schedule = spec.schedule;
  if (typeof schedule === "string") {
    const at = ["spec", "schedule"];
    const problem = cronProblem(schedule);
    if (problem) {
      const fixed = sundayAsZero(schedule);
      report({ target: { resource, path: at }, message: `schedule ${JSON.stringify(schedule)}: ${problem.message}; the API server refuses it`, ...(fixed ? { fix: setValue(`set schedule: ${fixed}`, at, fixed) } : {}) });
    } else if (/TZ/.test(schedule) && kubeMinor(kubeVersion) >= 29) {
      // Since 1.29 a new CronJob may not name its zone in the schedule (TZ= or CRON_TZ=), only in timeZone.
      const m = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/su.exec(schedule);
      const zone = m?.[1];
      const movable = m && zone && spec.timeZone === undefined && !timeZoneProblem(zone);
      report({
        target: { resource, path: at },
        message: `schedule ${JSON.stringify(schedule)} names a time zone (TZ or CRON_TZ), which the API server refuses from Kubernetes 1.29: set spec.timeZone${spec.timeZone !== undefined ? " alone" : ""}`,
        ...(movable ? { fix: { description: `set timeZone: ${zone} and schedule: ${m[2].trim()}`, operations: [{ op: "set", path: at, value: m[2].trim() }, { op: "set", path: ["spec", "timeZone"], value: zone }] } } : {}),
      });
    }
  }
  if (typeof spec.timeZone === "string") {
    const problem = timeZoneProblem(spec.timeZone);
    if (problem) {
      const at = ["spec", "timeZone"];
      report({
        target: { resource, path: at },
        message: `timeZone ${JSON.stringify(spec.timeZone)} ${problem.message}: the API server refuses it`,
        ...(problem.canonical ? { fix: setValue(`set timeZone: ${problem.canonical}`, at, problem.canonical) } : {}),
      });
    }
  }
}
