import { describe, expect, it } from "vitest";
import { cronProblem, sundayAsZero } from "../src/model/cron-schedule.js";

// The API server parses spec.schedule with robfig/cron v3's ParseStandard; these are its verdicts.
describe("CronJob schedules as the API server parses them", () => {
  it("takes five fields with steps, ranges, lists, names in any case, ? and descriptors", () => {
    for (const s of ["* * * * *", "*/15 9-17 * JAN-MAR MON-FRI", "0 4 ? * sat,sun", "5/15 * * * *", "0 0 31 2 *", "0,30 * * * 1,,3", "+5 * * * *", "*-5 * * * *", "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every 90s", "@every 1.5h", "@every 0", "CRON_TZ=Europe/Paris 0 3 * * *", " 0\t3  * * * "]) {
      expect(cronProblem(s), s).toBeUndefined();
    }
  });

  it("refuses what many crontabs take: Sunday as 7, wrapping ranges, six fields, @reboot", () => {
    const cases: Array<[string, string]> = [
      ["0 4 * * 7", 'day of week "7": 7 is above 6 (Sunday is 0, or SUN)'],
      ["0 4 * * sat-sun", 'day of week "sat-sun": the range runs backwards (6 after 0); ranges do not wrap around (sat,sun rather than sat-sun)'],
      ["0 */5 * * * *", "has 6 fields where the API server reads exactly 5 (minute, hour, day of month, month, day of week)"],
      ["0 0 * *", "has 4 fields where the API server reads exactly 5 (minute, hour, day of month, month, day of week)"],
      ["61 * * * *", 'minute "61": 61 is above 59'],
      ["0 24 * * *", 'hour "24": 24 is above 23'],
      ["0 0 0 * *", 'day of month "0": 0 is below 1'],
      ["0 0 1 13 *", 'month "13": 13 is above 12'],
      ["0 0 * * mon-", 'day of week "mon-": has an empty value (a dangling - or ,)'],
      ["0 0 * * monday", 'day of week "monday": "monday" is not a number or a three-letter day (SUN–SAT)'],
      ["*/0 * * * *", 'minute "*/0": has a step of 0'],
      ["1-2-3 * * * *", 'minute "1-2-3": has more than one -'],
      ["1/2/3 * * * *", 'minute "1/2/3": has more than one /'],
      ["@reboot", 'uses the unknown descriptor "@reboot" (known: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually, @every <duration>)'],
      ["@every 5", 'has an @every duration that is not one (as "1h30m")'],
      ["", "is empty"],
    ];
    for (const [s, message] of cases) expect(cronProblem(s)?.message, s).toBe(message);
  });

  it("writes Sunday as 0 where that is all that is wrong, and only then", () => {
    expect(sundayAsZero("0 4 * * 7")).toBe("0 4 * * 0");
    expect(sundayAsZero("0 4 * * 0,7")).toBe("0 4 * * 0");
    expect(sundayAsZero("0 4 * * mon-7")).toBe("0 4 * * mon-6,0");
    expect(sundayAsZero("0\t4 * * 7 ")).toBe("0\t4 * * 0 ");
    expect(sundayAsZero("61 4 * * 7")).toBeUndefined();
    expect(sundayAsZero("0 4 * * 8")).toBeUndefined();
    expect(sundayAsZero("0 4 * * 1")).toBeUndefined();
  });
});
