// Validation of the cron expressions of scheduled start triggers: the standard five fields and the common
// @ macros, with messages that name the field at fault. Computing fire times is the scheduler's job.

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Names accepted in place of numbers, case-insensitively; a name's index plus `firstName` is its value. */
  names?: readonly string[];
  firstName?: number;
  namesHint?: string;
}

const FIELDS: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
    firstName: 1,
    namesHint: "a month name (JAN-DEC)",
  },
  {
    name: "day of week",
    min: 0,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    firstName: 0,
    namesHint: "a weekday name (SUN-SAT)",
  },
];

const MACROS = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually"];

/**
 * Checks a cron expression: five fields separated by spaces (minute 0-59, hour 0-23, day of month 1-31,
 * month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT, where 0 and 7 are Sunday), each a `*`, a number, a
 * range `a-b`, either of `*` and `a-b` followed by a step `/n`, or a comma-separated list of those; names
 * are case-insensitive and may be used in ranges (`MON-FRI`). The macros `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly` and
 * `@annually` are accepted as well.
 *
 * @returns null when the expression is valid; otherwise a message naming the field at fault, e.g.
 *   `Cron field "hour" has 25, which is outside 0-23`.
 */
export function cronProblem(expression: string): string | null {
  const text = expression.trim();
  if (text === "") return "Cron expression is empty";
  if (text.startsWith("@")) {
    return MACROS.includes(text) ? null : `Unknown cron shortcut "${text}": use one of ${MACROS.join(", ")}`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `A cron expression has 5 fields (minute hour day-of-month month day-of-week); "${text}" has ${parts.length}`;
  }
  for (const [index, field] of FIELDS.entries()) {
    const problem = fieldProblem(field, parts[index] ?? "");
    if (problem !== null) return problem;
  }
  return null;
}

function fieldProblem(field: CronField, text: string): string | null {
  const label = `Cron field "${field.name}"`;
  for (const item of text.split(",")) {
    if (item === "") return `${label} has an empty item in "${text}"`;
    const [base = "", step, ...extra] = item.split("/");
    if (extra.length > 0) return `${label} has "${item}", which has more than one /`;
    if (step !== undefined) {
      if (!/^\d+$/.test(step)) return `${label} has the step "${step}" in "${item}", which is not a number`;
      const size = Number(step);
      const span = field.max - field.min + 1;
      if (size < 1 || size > span) {
        return `${label} has the step ${size} in "${item}"; a step must be between 1 and ${span}`;
      }
      if (base !== "*" && !base.includes("-")) {
        return `${label} has "${item}"; a step (/n) must follow * or a range such as ${field.min}-${field.max}`;
      }
    }
    if (base === "*") continue;
    const bounds = base.split("-");
    if (bounds.length > 2) return `${label} has "${base}", which is not a range such as 1-5`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(field, bound);
      if (value === null) {
        const hint = field.namesHint === undefined ? "a number" : `a number or ${field.namesHint}`;
        return `${label} has "${bound}", which is not ${hint}`;
      }
      if (value < field.min || value > field.max) {
        return `${label} has ${bound}, which is outside ${field.min}-${field.max}`;
      }
      values.push(value);
    }
    const [from = 0, to = from] = values;
    if (from > to) return `${label} has the range ${base}, which runs backwards`;
  }
  return null;
}

function valueOf(field: CronField, text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index === -1 ? null : index + (field.firstName ?? 0);
}
