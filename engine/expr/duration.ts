// ISO 8601 durations (due times, escalations, timers, timeouts, retry back-off) as fixed lengths of time,
// and the small time arithmetic the engine does on ISO timestamps passed in by the caller.

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
const MS_PER_WEEK = 7 * MS_PER_DAY;

// Weeks and days before T, hours, minutes and (possibly fractional) seconds after it.
const FIXED_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d+))?S)?)?$/;
// Years or months anywhere in the date part (before any T).
const CALENDAR_DURATION = /^P(?:\d+(?:[.,]\d+)?[YMWD])*?\d+(?:[.,]\d+)?[YM]/;
// A fraction on a component other than seconds, such as PT1.5H.
const FRACTION_OUTSIDE_SECONDS = /^P.*\d[.,]\d+[WDHM]/;

/**
 * Converts an ISO 8601 duration of fixed length to milliseconds: `PnW`, or `PnDTnHnMnS` with any subset
 * of its parts (`P2D`, `PT4H30M`, `P1DT12H`), seconds possibly fractional (`PT0.5S`; fractions finer
 * than a millisecond are rounded). Weeks and days may be combined (`P1W2D`).
 *
 * @returns the length in milliseconds, or null when the text is not such a duration: years and months
 *   (which have no fixed length), `P` or `PT` with nothing after, negative durations, lowercase designators,
 *   anything else, or a length beyond what can be counted exactly in milliseconds.
 */
export function parseDuration(iso: string): number | null {
  const match = FIXED_DURATION.exec(iso);
  if (!match || iso === "P" || iso.endsWith("T")) return null;
  const [, weeks, days, hours, minutes, seconds, fraction] = match;
  const whole =
    count(weeks) * MS_PER_WEEK +
    count(days) * MS_PER_DAY +
    count(hours) * MS_PER_HOUR +
    count(minutes) * MS_PER_MINUTE +
    count(seconds) * MS_PER_SECOND;
  const ms = whole + (fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * MS_PER_SECOND));
  return Number.isSafeInteger(ms) ? ms : null;
}

function count(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits);
}

/**
 * Explains why a text is not a duration {@link parseDuration} accepts.
 *
 * @returns null when the duration is valid; otherwise a message for a business user, e.g.
 *   `"3 days" is not a duration: use ISO 8601 such as PT4H (4 hours) or P2D (2 days)`, with specific
 *   advice for years and months, fractions other than seconds, negative and too long durations.
 */
export function durationProblem(iso: string): string | null {
  if (parseDuration(iso) !== null) return null;
  const text = iso.trim();
  if (text !== iso && parseDuration(text) !== null) return `"${iso}" has spaces around it; remove them`;
  if (text.startsWith("-")) return `"${iso}" is negative; a duration must be zero or more`;
  if (CALENDAR_DURATION.test(text)) {
    return `"${iso}" uses years or months, which vary in length; use days or weeks instead, such as P30D or P4W`;
  }
  if (FRACTION_OUTSIDE_SECONDS.test(text)) {
    return `"${iso}" has a fraction outside the seconds; use a smaller unit instead, such as PT90M for 1.5 hours`;
  }
  if (FIXED_DURATION.test(text) && text !== "P" && !text.endsWith("T")) return `"${iso}" is too long`;
  return `"${iso}" is not a duration: use ISO 8601 such as PT4H (4 hours) or P2D (2 days)`;
}

/**
 * Adds a number of milliseconds to an ISO 8601 date-time.
 *
 * @returns the resulting instant as a UTC ISO string with milliseconds (`2026-01-03T10:00:00.000Z`).
 * @throws when `isoTime` is not a date-time or the result is out of range: callers pass times that were
 *   validated already, so this is a broken invariant.
 */
export function addMilliseconds(isoTime: string, ms: number): string {
  const start = Date.parse(isoTime);
  if (Number.isNaN(start)) throw new Error(`addMilliseconds: "${isoTime}" is not an ISO 8601 date-time`);
  return new Date(start + ms).toISOString();
}

/**
 * Short text for a length of time in messages: the largest of days, hours, minutes and seconds, then the
 * next smaller unit when it is not zero, anything smaller dropped (`2d 4h`, `2d`, `15m`, `1m 30s`); below a
 * second in milliseconds (`500ms`); `0s` for zero; a leading `-` when negative.
 *
 * @throws when `ms` is not a finite number (a broken invariant).
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new Error(`formatDuration: ${ms} is not a finite number of milliseconds`);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  const rounded = Math.round(ms);
  if (rounded === 0) return "0s";
  if (rounded < MS_PER_SECOND) return `${rounded}ms`;
  const parts: [number, string][] = [
    [Math.floor(rounded / MS_PER_DAY), "d"],
    [Math.floor((rounded % MS_PER_DAY) / MS_PER_HOUR), "h"],
    [Math.floor((rounded % MS_PER_HOUR) / MS_PER_MINUTE), "m"],
    [Math.floor((rounded % MS_PER_MINUTE) / MS_PER_SECOND), "s"],
  ];
  const first = parts.findIndex(([amount]) => amount > 0);
  return parts
    .slice(first, first + 2)
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount}${unit}`)
    .join(" ");
}
