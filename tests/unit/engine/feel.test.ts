// The FEEL wrapper: syntax checks with positions, the variables an expression reads, deterministic
// evaluation to JSON (now()/today() from the caller), unary tests and {{ }} templates.
import { describe, expect, it } from "vitest";
import {
  checkFeel,
  checkTemplate,
  checkUnaryTests,
  evaluateFeel,
  evaluateTemplate,
  evaluateUnaryTest,
  feelVariables,
  templateVariables,
  unaryTestVariables,
} from "@/engine/expr/feel";
import { evaluate } from "feelin";
import { type JsonValue } from "@/engine/json";

const NOW = "2026-01-03T10:00:00.000Z";

describe("checkFeel", () => {
  it.each([
    "order.total > 1000",
    'customer.tier = "gold" and amount <= limit',
    'if approved then "yes" else "no"',
    "for x in items return x.price * 2",
    "some x in items satisfies x > 3",
    'date and time("2026-01-01T00:00:00Z") + duration("P1D")',
    "count(items[item > 2])",
    "{a: 1, b: a + 1}.b",
  ])("accepts %j", (expression) => {
    expect(checkFeel(expression)).toBeNull();
  });

  it.each([
    ["", { message: "Expression is empty", from: 0, to: 0 }],
    ["   ", { message: "Expression is empty", from: 0, to: 3 }],
    ["a +", { message: 'Expression is incomplete after "a +" (position 4)', from: 3, to: 3 }],
    ["x > ", { message: 'Expression is incomplete after "x >" (position 4)', from: 3, to: 3 }],
    ["(", { message: 'Expression is incomplete after "(" (position 2)', from: 1, to: 1 }],
    [
      "order.total > 1000 and",
      { message: 'Expression is incomplete after "…der.total > 1000 and" (position 23)', from: 22, to: 22 },
    ],
    ["1 + * 2", { message: 'Syntax error near "*" (position 5)', from: 4, to: 5 }],
    ["a ) b", { message: 'Syntax error near ")" (position 3)', from: 2, to: 3 }],
    ["a # b", { message: 'Syntax error near "#" (position 3)', from: 2, to: 3 }],
    ["for x in return 1", { message: 'Syntax error near "return" (position 10)', from: 9, to: 15 }],
    ['x = "abc', { message: "Text starting at position 5 has no closing quote", from: 4, to: 8 }],
  ])("reports %j", (expression, problem) => {
    expect(checkFeel(expression)).toEqual(problem);
  });
});

describe("checkUnaryTests", () => {
  it.each(["> 1000", "[100..500]", '"gold","silver"', "-", "not(1, 2)", "< limit", ">= 10, < 5"])(
    "accepts %j",
    (tests) => {
      expect(checkUnaryTests(tests)).toBeNull();
    },
  );

  it.each([
    ["", { message: "Test is empty (use - to match anything)", from: 0, to: 0 }],
    ["> ", { message: 'Expression is incomplete after ">" (position 2)', from: 1, to: 1 }],
    ["[1..", { message: 'Expression is incomplete after "[1.." (position 5)', from: 4, to: 4 }],
    ['"a" "b"', { message: `Syntax error near '"b"' (position 5)`, from: 4, to: 7 }],
    ["- , 1", { message: 'Syntax error near "," (position 3)', from: 2, to: 3 }],
  ])("reports %j", (tests, problem) => {
    expect(checkUnaryTests(tests)).toEqual(problem);
  });
});

describe("feelVariables", () => {
  it.each([
    ["order.total > limit", ["order", "limit"]],
    ["a.b.c + a.d", ["a"]],
    ["count(items)", ["items"]],
    ["sum(for x in items return x.price) * rate", ["items", "rate"]],
    ["for i in 1..n, j in 1..i return i + j + partial[1]", ["n"]],
    ["some x in items satisfies x > y", ["items", "y"]],
    ["every y in [1, 2] satisfies y > z", ["z"]],
    ["function(a, b) a + b + c", ["c"]],
    ["{a: 1, b: a + z}", ["z"]],
    ['"order.total > limit" + x', ["x"]],
    ['string length(name) > 3 and date and time("2026-01-01T00:00:00Z") < deadline', ["name", "deadline"]],
    ["now() > due and today() < day of week(d)", ["due", "d"]],
    ["substring(string: s, start position: n)", ["s", "n"]],
    ["x instance of number", ["x"]],
    ['orders[status = "open"]', ["orders"]],
    ["x + y + x", ["x", "y"]],
    // A name that is not a built-in is read from the variables even when called.
    ["discount(order)", ["discount", "order"]],
    // A built-in name read as a value (not called) is a variable.
    ["count + 1", ["count"]],
    ["a +", []],
    ["", []],
  ])("%j reads %j", (expression, expected) => {
    expect(feelVariables(expression)).toEqual(expected);
  });
});

describe("unaryTestVariables", () => {
  it.each([
    ["< limit, [low..high]", ["limit", "low", "high"]],
    ["? > threshold", ["threshold"]],
    ['"gold", "silver"', []],
    ["-", []],
    ["> ", []],
  ])("%j reads %j", (tests, expected) => {
    expect(unaryTestVariables(tests)).toEqual(expected);
  });
});

describe("evaluateFeel", () => {
  it.each<[string, Record<string, JsonValue>, JsonValue]>([
    ["order.total * 2", { order: { total: 21.5 } }, 43],
    ['if amount > 1000 then "manager" else "clerk"', { amount: 1500 }, "manager"],
    ["missing", {}, null],
    ["missing.field + 1", {}, null],
    ["[1, 2, 3][item > 1]", {}, [2, 3]],
    ['{total: sum(items), when: date("2026-02-01")}', { items: [1, 2] }, { total: 3, when: "2026-02-01" }],
    ["now()", {}, NOW],
    ["today()", {}, "2026-01-03"],
    ['now() + duration("P2DT4H")', {}, "2026-01-05T14:00:00.000Z"],
    ['today() + duration("P1D")', {}, "2026-01-04"],
    ['date(submitted) + duration("PT2H")', { submitted: "2026-03-10" }, "2026-03-10T02:00:00.000Z"],
    ['date and time(at) - duration("PT30M")', { at: "2026-01-03T10:00:00Z" }, "2026-01-03T09:30:00.000Z"],
    ['date and time("2026-07-03T10:00:00@Europe/Paris")', {}, "2026-07-03T08:00:00.000Z"],
    ['date and time("2026-07-03T10:00:00+05:00")', {}, "2026-07-03T05:00:00.000Z"],
    ['date and time("2026-07-03T10:00:00")', {}, "2026-07-03T10:00:00.000Z"],
    ['time("10:30:00")', {}, "10:30:00"],
    ['now() - date and time("2026-01-01T00:00:00Z")', {}, "P2DT10H"],
    ['duration("P1Y2M")', {}, "P1Y2M"],
    ['now() > date and time("2026-01-03T09:59:59Z")', {}, true],
    // The supplied time wins over a variable that happens to be called now.
    ["now()", { now: "1999-01-01T00:00:00Z" }, NOW],
  ])("%j with %j gives %j", (expression, variables, expected) => {
    expect(evaluateFeel(expression, variables, NOW)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["[1..3]", "Expression returned a value that cannot be stored"],
    ["function(a) a", "Expression returned a value that cannot be stored"],
    ["count", "Expression returned a value that cannot be stored"],
    ["[1, [1..2]]", "Expression returned a value that cannot be stored"],
    ["10 ** 400", "Expression returned a number that is not finite"],
    ["x +", 'Expression is incomplete after "x +" (position 4)'],
    ["", "Expression is empty"],
  ])("fails on %j", (expression, message) => {
    expect(evaluateFeel(expression, { x: 1 }, NOW)).toEqual({ ok: false, message });
  });

  it("is deterministic: the same inputs give deep-equal results, another now gives another", () => {
    const expression = '{due: now() + duration("P1D"), day: today(), total: sum(items)}';
    const variables = { items: [1, 2, 3] };
    const first = evaluateFeel(expression, variables, NOW);
    const second = evaluateFeel(expression, variables, NOW);
    const later = evaluateFeel(expression, variables, "2026-05-20T08:15:00.000Z");
    expect(first).toEqual({
      ok: true,
      value: { due: "2026-01-04T10:00:00.000Z", day: "2026-01-03", total: 6 },
    });
    expect(second).toEqual(first);
    expect(later).toEqual({
      ok: true,
      value: { due: "2026-05-21T08:15:00.000Z", day: "2026-05-20", total: 6 },
    });
  });

  it("accepts now with an offset and uses its UTC instant and date", () => {
    expect(evaluateFeel("[now(), today()]", {}, "2026-01-03T23:30:00-02:00")).toEqual({
      ok: true,
      value: ["2026-01-04T01:30:00.000Z", "2026-01-04"],
    });
  });

  it("gives each evaluation the clock of its own now, also when instants alternate", () => {
    const later = "2026-05-20T08:15:00.000Z";
    for (const now of [NOW, NOW, later, NOW, later, later]) {
      expect(evaluateFeel("[now(), today()]", {}, now)).toEqual({ ok: true, value: [now, now.slice(0, 10)] });
      expect(evaluateUnaryTest("date(?) = today()", now.slice(0, 10), {}, now)).toEqual({
        ok: true,
        value: true,
      });
    }
  });

  it.each(["0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"])(
    "builds the clock of %s when now() is first called",
    (now) => {
      expect(evaluateFeel("1", {}, now)).toEqual({ ok: true, value: 1 });
      expect(evaluateFeel("[now(), today()]", {}, now)).toEqual({ ok: true, value: [now, now.slice(0, 10)] });
    },
  );

  it("refuses an instant FEEL cannot hold at once, even when the expression never reads the clock", () => {
    expect(() => evaluateFeel("1", {}, "+275760-09-13T00:00:00.000Z")).toThrow(
      /"now" must be an ISO 8601 date-time/,
    );
    expect(() => evaluateFeel("1", {}, "-000001-01-01T00:00:00.000Z")).toThrow(/negative date/);
  });

  it("throws when now is not a date-time", () => {
    expect(() => evaluateFeel("1", {}, "yesterday")).toThrow(/"now" must be an ISO 8601 date-time/);
    expect(() => evaluateUnaryTest("-", 1, {}, "yesterday")).toThrow(/"now" must be an ISO 8601 date-time/);
  });
});

describe("evaluation with a parse cached per context shape", () => {
  // The parse depends on the names the context defines ("a-b" is one name only where it is defined),
  // so the same text must be parsed again for a context of another shape, and the first tree still
  // serves its own shape afterwards.
  it("parses the same text again for contexts that define other names", () => {
    const run = (variables: Record<string, JsonValue>) => evaluateFeel("a-b", variables, NOW);
    expect(run({ "a-b": 100 })).toEqual({ ok: true, value: 100 });
    expect(run({ a: 7, b: 2 })).toEqual({ ok: true, value: 5 });
    expect(run({ "a-b": 50 })).toEqual({ ok: true, value: 50 });
    expect(run({ a: 9, b: 2 })).toEqual({ ok: true, value: 7 });
  });

  it("gives what an uncached evaluation gives, context after context", () => {
    const text = "order.unit price * 2";
    const contexts: Record<string, JsonValue>[] = [
      { order: { "unit price": 4 } },
      { order: { unit: 1, price: 3 } },
      { order: null },
      { order: { "unit price": 6 } },
      { order: [{ "unit price": 1 }] },
      { order: { "unit price": 5 } },
    ];
    for (const context of contexts) {
      const direct = evaluate(text, context).value as JsonValue;
      expect(evaluateFeel(text, context, NOW)).toEqual({ ok: true, value: direct ?? null });
    }
    expect(evaluateFeel(text, { order: { "unit price": 6 } }, NOW)).toEqual({ ok: true, value: 12 });
  });

  it("keeps unary tests and expressions of the same text apart", () => {
    expect(evaluateUnaryTest("> 5", 7, { x: 1 }, NOW)).toEqual({ ok: true, value: true });
    expect(evaluateFeel("> 5", { x: 1 }, NOW).ok).toBe(false);
    expect(evaluateUnaryTest("> 5", 3, { x: 1 }, NOW)).toEqual({ ok: true, value: false });
  });

  it("evaluates contexts too large to cache the same way", () => {
    const big = Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`field ${index}`, index]));
    expect(evaluateFeel("field 399 + 1", big, NOW)).toEqual({ ok: true, value: 400 });
    expect(evaluateFeel("field 399 + 1", big, NOW)).toEqual({ ok: true, value: 400 });
  });
});

describe("evaluateUnaryTest", () => {
  it.each<[string, JsonValue, Record<string, JsonValue>, boolean]>([
    ["> 1000", 1500, {}, true],
    ["> 1000", 1000, {}, false],
    ["[100..500]", 500, {}, true],
    ["[100..500)", 500, {}, false],
    ['"gold","silver"', "silver", {}, true],
    ['"gold","silver"', "bronze", {}, false],
    ['not("gold")', "bronze", {}, true],
    ["-", "anything", {}, true],
    ["-", null, {}, true],
    ["> 3", null, {}, false],
    ["null", null, {}, true],
    ["> 3", "abc", {}, false],
    ["< limit", 5, { limit: 10 }, true],
    ["< limit", 15, { limit: 10 }, false],
    ["? > low and ? < high", 5, { low: 1, high: 9 }, true],
    ["date(?) < today()", "2026-01-02", {}, true],
    ["date(?) < today()", "2026-01-03", {}, false],
  ])("%j with input %j and %j is %j", (tests, input, variables, expected) => {
    expect(evaluateUnaryTest(tests, input, variables, NOW)).toEqual({ ok: true, value: expected });
  });

  it("fails on a syntax error", () => {
    expect(evaluateUnaryTest("> ", 1, {}, NOW)).toEqual({
      ok: false,
      message: 'Expression is incomplete after ">" (position 2)',
    });
  });
});

describe("templates", () => {
  it.each<[string, Record<string, JsonValue>, string]>([
    ["Hello {{ name }}, you owe {{ total * 2 }}.", { name: "Ann", total: 2.25 }, "Hello Ann, you owe 4.5."],
    ["[{{ missing }}]", {}, "[]"],
    [
      "{{ tags }} {{ approved }} {{ order }}",
      { tags: ["a", "b"], approved: true, order: { id: 7 } },
      '["a","b"] true {"id":7}',
    ],
    ['Due {{ now() + duration("P1D") }}', {}, "Due 2026-01-04T10:00:00.000Z"],
    ["No placeholders } {", {}, "No placeholders } {"],
    ["{{a}}{{b}}", { a: "x", b: "y" }, "xy"],
  ])("%j with %j gives %j", (template, variables, expected) => {
    expect(evaluateTemplate(template, variables, NOW)).toEqual({ ok: true, value: expected });
  });

  it.each([
    [
      "Hi {{ name + }}",
      'Placeholder {{ name + }} failed: Expression is incomplete after "name +" (position 8)',
    ],
    ["Hi {{ }}", "Placeholder {{ }} failed: Expression is empty"],
    ["A {{ [1..2] }}", "Placeholder {{ [1..2] }} failed: Expression returned a value that cannot be stored"],
    ["Hi {{ name", "Placeholder at position 4 is opened with {{ but not closed with }}"],
  ])("fails on %j", (template, message) => {
    expect(evaluateTemplate(template, { name: "Ann" }, NOW)).toEqual({ ok: false, message });
  });

  it.each([
    ["Hello {{ name }}", null],
    ["Plain text", null],
    [
      "Hi {{ name + }} x",
      {
        message: 'In placeholder {{ name + }}: Expression is incomplete after "name +" (position 13)',
        from: 12,
        to: 12,
      },
    ],
    [
      "{{ a }} and {{ 1 + * 2 }}",
      { message: 'In placeholder {{ 1 + * 2 }}: Syntax error near "*" (position 20)', from: 19, to: 20 },
    ],
    [
      "Hi {{ a }} {{ b",
      { message: "Placeholder at position 12 is opened with {{ but not closed with }}", from: 11, to: 15 },
    ],
  ])("checkTemplate(%j) is %j", (template, problem) => {
    expect(checkTemplate(template)).toEqual(problem);
  });

  it.each([
    ["Dear {{ customer.name }}, order {{ order.id }} of {{ customer.since }}", ["customer", "order"]],
    ["{{ count(items) }} {{ items[1] + x }}", ["items", "x"]],
    ["{{ a }} {{ b + }} {{ c", ["a"]],
    ["no placeholders", []],
  ])("templateVariables(%j) is %j", (template, expected) => {
    expect(templateVariables(template)).toEqual(expected);
  });
});
