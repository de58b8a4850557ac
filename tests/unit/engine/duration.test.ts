// ISO 8601 durations as milliseconds, their problems in business words, and time arithmetic on ISO strings.
import { describe, expect, it } from "vitest";
import { addMilliseconds, durationProblem, formatDuration, parseDuration } from "@/engine/expr/duration";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("parseDuration", () => {
  it.each([
    ["PT4H", 4 * HOUR],
    ["P2D", 2 * DAY],
    ["PT15M", 15 * MINUTE],
    ["PT30S", 30 * SECOND],
    ["PT0.5S", 500],
    ["PT1.25S", 1250],
    ["PT0.0005S", 1],
    ["P1W", 7 * DAY],
    ["P1W2D", 9 * DAY],
    ["P1DT12H", DAY + 12 * HOUR],
    ["P1DT12H30M5.25S", DAY + 12 * HOUR + 30 * MINUTE + 5250],
    ["PT1H1S", HOUR + SECOND],
    ["PT0S", 0],
    ["P0D", 0],
  ])("%j is %d ms", (iso, ms) => {
    expect(parseDuration(iso)).toBe(ms);
  });

  it.each([
    "P",
    "PT",
    "P1DT",
    "-PT1H",
    "P1Y",
    "P1M",
    "P1Y2M3D",
    "PT1.5H",
    "P1.5D",
    "pt4h",
    "4h",
    "3 days",
    "",
    "PT4H ",
    "P99999999999999D",
  ])("rejects %j", (iso) => {
    expect(parseDuration(iso)).toBeNull();
  });
});

describe("durationProblem", () => {
  it.each(["PT4H", "P2D", "P1W", "PT0.5S", "P2DT1M"])("accepts %j", (iso) => {
    expect(durationProblem(iso)).toBeNull();
  });

  it.each([
    ["3 days", '"3 days" is not a duration: use ISO 8601 such as PT4H (4 hours) or P2D (2 days)'],
    ["P", '"P" is not a duration: use ISO 8601 such as PT4H (4 hours) or P2D (2 days)'],
    ["PT", '"PT" is not a duration: use ISO 8601 such as PT4H (4 hours) or P2D (2 days)'],
    [
      "P1Y",
      '"P1Y" uses years or months, which vary in length; use days or weeks instead, such as P30D or P4W',
    ],
    [
      "P1M",
      '"P1M" uses years or months, which vary in length; use days or weeks instead, such as P30D or P4W',
    ],
    [
      "PT1.5H",
      '"PT1.5H" has a fraction outside the seconds; use a smaller unit instead, such as PT90M for 1.5 hours',
    ],
    ["-PT1H", '"-PT1H" is negative; a duration must be zero or more'],
    [" PT1H", '" PT1H" has spaces around it; remove them'],
    ["P99999999999999D", '"P99999999999999D" is too long'],
  ])("%j gives %j", (iso, message) => {
    expect(durationProblem(iso)).toBe(message);
  });
});

describe("addMilliseconds", () => {
  it.each([
    ["2026-01-03T10:00:00Z", 4 * HOUR, "2026-01-03T14:00:00.000Z"],
    ["2026-01-03T10:00:00.000Z", 2 * DAY + 500, "2026-01-05T10:00:00.500Z"],
    ["2026-01-03T10:00:00+02:00", 0, "2026-01-03T08:00:00.000Z"],
    ["2026-03-01T00:00:00Z", -DAY, "2026-02-28T00:00:00.000Z"],
  ])("%j + %d ms is %j", (iso, ms, expected) => {
    expect(addMilliseconds(iso, ms)).toBe(expected);
  });

  it("throws on a time that is not a date-time", () => {
    expect(() => addMilliseconds("not a time", 1)).toThrow(/"not a time" is not an ISO 8601 date-time/);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [500, "500ms"],
    [30 * SECOND, "30s"],
    [90 * SECOND, "1m 30s"],
    [15 * MINUTE, "15m"],
    [2 * DAY + 4 * HOUR, "2d 4h"],
    [2 * DAY + 4 * HOUR + 59 * MINUTE, "2d 4h"],
    [2 * DAY + 5 * MINUTE, "2d"],
    [HOUR + 30 * SECOND, "1h"],
    [-MINUTE, "-1m"],
  ])("%d ms is %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("throws on a number that is not finite", () => {
    expect(() => formatDuration(Number.NaN)).toThrow(/not a finite number/);
  });
});
