// Cron validation for scheduled triggers: five fields or a macro, with messages naming the field at fault.
import { describe, expect, it } from "vitest";
import { cronProblem } from "@/engine/expr/cron";

describe("cronProblem", () => {
  it.each([
    "* * * * *",
    "0 9 * * 1-5",
    "0 9 * * MON-FRI",
    "*/15 0-23/2 1,15 jan-dec sun-sat",
    "0 0 1 JAN,Jul *",
    "59 23 31 12 7",
    "0 0 * * 0",
    "05 08 * * *",
    "  30 6 * * *  ",
    "0 */24 * * *",
    "@hourly",
    "@daily",
    "@weekly",
    "@monthly",
    "@yearly",
    "@annually",
  ])("accepts %j", (expression) => {
    expect(cronProblem(expression)).toBeNull();
  });

  it.each([
    ["", "Cron expression is empty"],
    [
      "* * * *",
      'A cron expression has 5 fields (minute hour day-of-month month day-of-week); "* * * *" has 4',
    ],
    [
      "0 * * * * *",
      'A cron expression has 5 fields (minute hour day-of-month month day-of-week); "0 * * * * *" has 6',
    ],
    [
      "@every",
      'Unknown cron shortcut "@every": use one of @hourly, @daily, @weekly, @monthly, @yearly, @annually',
    ],
    [
      "@DAILY",
      'Unknown cron shortcut "@DAILY": use one of @hourly, @daily, @weekly, @monthly, @yearly, @annually',
    ],
    // minute
    ["60 * * * *", 'Cron field "minute" has 60, which is outside 0-59'],
    ["x * * * *", 'Cron field "minute" has "x", which is not a number'],
    ["1,,2 * * * *", 'Cron field "minute" has an empty item in "1,,2"'],
    ["10-2 * * * *", 'Cron field "minute" has the range 10-2, which runs backwards'],
    ["5/15 * * * *", 'Cron field "minute" has "5/15"; a step (/n) must follow * or a range such as 0-59'],
    ["*/0 * * * *", 'Cron field "minute" has the step 0 in "*/0"; a step must be between 1 and 60'],
    ["*/61 * * * *", 'Cron field "minute" has the step 61 in "*/61"; a step must be between 1 and 60'],
    ["*/x * * * *", 'Cron field "minute" has the step "x" in "*/x", which is not a number'],
    ["1-2-3 * * * *", 'Cron field "minute" has "1-2-3", which is not a range such as 1-5'],
    ["*/2/3 * * * *", 'Cron field "minute" has "*/2/3", which has more than one /'],
    // hour
    ["0 25 * * *", 'Cron field "hour" has 25, which is outside 0-23'],
    ["0 9-17/0 * * *", 'Cron field "hour" has the step 0 in "9-17/0"; a step must be between 1 and 24'],
    // day of month
    ["0 0 0 * *", 'Cron field "day of month" has 0, which is outside 1-31'],
    ["0 0 32 * *", 'Cron field "day of month" has 32, which is outside 1-31'],
    ["0 0 L * *", 'Cron field "day of month" has "L", which is not a number'],
    ["0 0 ? * *", 'Cron field "day of month" has "?", which is not a number'],
    // month
    ["0 0 1 13 *", 'Cron field "month" has 13, which is outside 1-12'],
    ["0 0 1 FOO *", 'Cron field "month" has "FOO", which is not a number or a month name (JAN-DEC)'],
    ["0 0 1 DEC-JAN *", 'Cron field "month" has the range DEC-JAN, which runs backwards'],
    // day of week
    ["0 0 * * 8", 'Cron field "day of week" has 8, which is outside 0-7'],
    [
      "0 0 * * MONDAY",
      'Cron field "day of week" has "MONDAY", which is not a number or a weekday name (SUN-SAT)',
    ],
    ["0 0 * * 1#2", 'Cron field "day of week" has "1#2", which is not a number or a weekday name (SUN-SAT)'],
  ])("%j gives %j", (expression, message) => {
    expect(cronProblem(expression)).toBe(message);
  });
});
