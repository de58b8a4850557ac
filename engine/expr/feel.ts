// FEEL for the engine: syntax checks with business-readable messages, the variables an expression reads,
// and deterministic evaluation over JSON variables (now() and today() come from the caller, not the clock).
import {
  FeelDate,
  FeelDateTime,
  FeelDuration,
  FeelFunction,
  FeelTime,
  SyntaxError as FeelSyntaxError,
  date,
  dateAndTime,
  evaluate,
  parseExpression,
  parseUnaryTests,
  unaryTest,
} from "feelin";
import { parser as feelParser } from "lezer-feel";
import { type JsonValue } from "../json";

/** A syntax problem; `from`/`to` are 0-based offsets into the checked text, for highlighting. */
export interface FeelProblem {
  message: string;
  from?: number;
  to?: number;
}

export type FeelResult<T> = { ok: true; value: T } | { ok: false; message: string };

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree["topNode"];

const SNIPPET_LENGTH = 20;

// --- Syntax checks ------------------------------------------------------------------------------

/**
 * Checks the syntax of a FEEL expression without evaluating it.
 *
 * @returns null when the expression parses; otherwise the first problem, with a message a business user
 *   can act on (`Syntax error near "*" (position 5)`; positions in messages count from 1) and the 0-based
 *   offsets of the offending text. A blank expression is a problem ("Expression is empty").
 */
export function checkFeel(expression: string): FeelProblem | null {
  if (expression.trim() === "") return { message: "Expression is empty", from: 0, to: expression.length };
  const parsed = parse(() => parseExpression(expression, {}, undefined));
  return parsed.ok ? treeProblem(expression, parsed.tree) : parsed.problem;
}

/**
 * Checks the syntax of FEEL unary tests, the input entries of a decision table (`> 1000`, `[100..500]`,
 * `"gold","silver"`, `-`).
 *
 * @returns null when the tests parse; otherwise the first problem, as for {@link checkFeel}.
 */
export function checkUnaryTests(tests: string): FeelProblem | null {
  if (tests.trim() === "") {
    return { message: "Test is empty (use - to match anything)", from: 0, to: tests.length };
  }
  const parsed = parse(() => parseUnaryTests(tests, {}, undefined));
  return parsed.ok ? treeProblem(tests, parsed.tree) : parsed.problem;
}

function parse(run: () => Tree): { ok: true; tree: Tree } | { ok: false; problem: FeelProblem } {
  try {
    return { ok: true, tree: run() };
  } catch (error: unknown) {
    return { ok: false, problem: { message: `Syntax error: ${errorText(error)}` } };
  }
}

// feelin's parser recovers from most errors and marks them with error nodes instead of throwing.
function treeProblem(source: string, tree: Tree): FeelProblem | null {
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) return describeSyntaxError(source, cursor.from, cursor.to);
  } while (cursor.next());
  if (tree.length < source.length) return describeSyntaxError(source, tree.length, source.length);
  return null;
}

function describeSyntaxError(source: string, from: number, to: number): FeelProblem {
  if (to > from) {
    const text = source.slice(from, to);
    if (text === '"') {
      return {
        message: `Text starting at position ${from + 1} has no closing quote`,
        from,
        to: source.length,
      };
    }
    return { message: `Syntax error near ${quote(head(text))} (position ${from + 1})`, from, to };
  }
  // An empty error node marks a missing piece: point at the token that follows it, if any.
  const rest = source.slice(from);
  const start = from + (rest.length - rest.trimStart().length);
  const token = /^\S+/.exec(source.slice(start))?.[0];
  if (token === undefined) {
    const before = source.trimEnd();
    const written = before.trimStart();
    const tail = written.length > SNIPPET_LENGTH ? `…${written.slice(-SNIPPET_LENGTH)}` : written;
    return {
      message: `Expression is incomplete after ${quote(tail)} (position ${before.length + 1})`,
      from: before.length,
      to: before.length,
    };
  }
  return {
    message: `Syntax error near ${quote(head(token))} (position ${start + 1})`,
    from: start,
    to: start + token.length,
  };
}

function head(text: string): string {
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}

function quote(text: string): string {
  return text.includes('"') ? `'${text}'` : `"${text}"`;
}

// --- Variables read -----------------------------------------------------------------------------

/**
 * The distinct variables a FEEL expression reads from its context, in order of first appearance:
 * `order.total > limit` gives `["order", "limit"]`.
 *
 * Not reported: names the expression binds itself (`for`/`some`/`every` iteration variables, `partial`
 * in a `for` body, function parameters, earlier entries of a context literal), built-in functions when
 * called (`count(items)` gives `["items"]`), type names after `instance of`, anything inside string
 * literals, and names inside a filter condition: in `orders[status = "open"]` a name may be a property of
 * each element or an outer variable and the syntax cannot tell which, so only the filtered list counts.
 * Multi-word names are reported with single spaces. An expression that does not parse gives [].
 */
export function feelVariables(expression: string): string[] {
  return variablesOf(expression, () => parseExpression(expression, {}, undefined));
}

/**
 * The distinct variables FEEL unary tests read besides the input `?`, as {@link feelVariables} does for
 * an expression: `< limit, [low..high]` gives `["limit", "low", "high"]`. Tests that do not parse give [].
 */
export function unaryTestVariables(tests: string): string[] {
  return variablesOf(tests, () => parseUnaryTests(tests, {}, undefined));
}

function variablesOf(source: string, run: () => Tree): string[] {
  if (source.trim() === "") return [];
  const parsed = parse(run);
  if (!parsed.ok || treeProblem(source, parsed.tree) !== null) return [];
  const found: string[] = [];
  collectVariables(parsed.tree.topNode, source, new Set(), found);
  return found;
}

function collectVariables(
  node: SyntaxNode,
  source: string,
  bound: ReadonlySet<string>,
  found: string[],
): void {
  switch (node.name) {
    case "VariableName": {
      const name = nameOf(node, source);
      if (!bound.has(name) && !found.includes(name) && !isBuiltinCall(node, name)) found.push(name);
      return;
    }
    case "Type":
      return;
    case "ForExpression":
    case "QuantifiedExpression": {
      const scope = new Set(bound);
      for (const child of childrenOf(node)) {
        if (child.name !== "InExpressions") {
          collectVariables(child, source, scope, found);
          continue;
        }
        // Each iteration context sees the variables bound before it: `for i in 1..n, j in 1..i`.
        for (const inExpression of childrenOf(child)) {
          const context = inExpression.getChild("IterationContext");
          if (context) collectVariables(context, source, scope, found);
          const name = inExpression.getChild("Name");
          if (name) scope.add(nameOf(name, source));
        }
        if (node.name === "ForExpression") scope.add("partial");
      }
      return;
    }
    case "FunctionDefinition": {
      const scope = new Set(bound);
      for (const parameter of node.getChild("FormalParameters")?.getChildren("FormalParameter") ?? []) {
        const name = parameter.getChild("ParameterName");
        if (name) scope.add(nameOf(name, source));
      }
      const body = node.getChild("FunctionBody");
      if (body) collectVariables(body, source, scope, found);
      return;
    }
    case "Context": {
      // A context entry may read the entries written before it: `{a: 1, b: a + 1}`.
      const scope = new Set(bound);
      for (const entry of node.getChildren("ContextEntry")) {
        const key = entry.getChild("Key");
        for (const child of childrenOf(entry)) {
          if (child.name !== "Key") collectVariables(child, source, scope, found);
        }
        if (key) scope.add(keyName(key, source));
      }
      return;
    }
    case "FilterExpression": {
      const list = node.firstChild;
      if (list) collectVariables(list, source, bound, found);
      return;
    }
    default:
      for (const child of childrenOf(node)) collectVariables(child, source, bound, found);
  }
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

function nameOf(node: SyntaxNode, source: string): string {
  return source.slice(node.from, node.to).trim().replace(/\s+/g, " ");
}

function keyName(key: SyntaxNode, source: string): string {
  const text = source.slice(key.from, key.to).trim();
  return text.startsWith('"') ? text.slice(1, -1) : text.replace(/\s+/g, " ");
}

function isBuiltinCall(node: SyntaxNode, name: string): boolean {
  const parent = node.parent;
  const isCallee = parent?.name === "FunctionInvocation" && parent.firstChild?.from === node.from;
  return isCallee && isBuiltinFunction(name);
}

// Asks feelin itself, so the answer follows the installed version's built-ins (with no context, only a
// built-in name evaluates to a function).
function isBuiltinFunction(name: string): boolean {
  try {
    return typeof evaluate(name, {}).value === "function";
  } catch {
    return false;
  }
}

// --- Evaluation ---------------------------------------------------------------------------------

/**
 * Evaluates a FEEL expression with `variables` as its context.
 *
 * `now` is the current time as an ISO-8601 date-time, supplied by the caller: the FEEL built-ins `now()`
 * and `today()` return it (today() is its UTC date), whatever the variables say, so the same inputs always
 * give the same result. A variable that is missing reads as null; that is not a failure.
 *
 * The result is converted to JSON: a date and time becomes a UTC ISO string with milliseconds
 * (`2026-01-03T10:00:00.000Z`; a date and time without a zone is taken as UTC), a date `YYYY-MM-DD`, a time
 * its FEEL string (`10:30:00`, `10:30:00Z`), a duration its ISO 8601 string (`P2DT4H`, `P1Y2M`); lists and
 * contexts are converted element by element.
 *
 * @returns `{ ok: false, message }` for a syntax error, an error raised while evaluating, a number that is
 *   not finite, or a value JSON cannot hold (a range or a function).
 * @throws when `now` is not a valid date-time (a broken invariant of the caller).
 */
export function evaluateFeel(
  expression: string,
  variables: Record<string, JsonValue>,
  now: string,
): FeelResult<JsonValue> {
  const clock = clockFunctions(now);
  let value: unknown;
  try {
    const context = { ...variables, ...clock };
    value = withParseCache(context, () => evaluate(expression, context)).value;
  } catch (error: unknown) {
    return { ok: false, message: evaluationError(error, () => checkFeel(expression)) };
  }
  return toJson(value);
}

/**
 * Evaluates FEEL unary tests (a decision table input entry) against `input`, which the tests see as `?`,
 * with `variables` and the same `now()`/`today()` as {@link evaluateFeel}.
 *
 * @returns whether the input passes; a null outcome (e.g. comparing text with a number) counts as false.
 *   `{ ok: false, message }` for a syntax error or an error raised while evaluating.
 * @throws when `now` is not a valid date-time (a broken invariant of the caller).
 */
export function evaluateUnaryTest(
  tests: string,
  input: JsonValue,
  variables: Record<string, JsonValue>,
  now: string,
): FeelResult<boolean> {
  const clock = clockFunctions(now);
  try {
    const context = { ...variables, "?": input, ...clock };
    const result = withParseCache(context, () => unaryTest(tests, context));
    return { ok: true, value: result.value === true };
  } catch (error: unknown) {
    return { ok: false, message: evaluationError(error, () => checkUnaryTests(tests)) };
  }
}

function evaluationError(error: unknown, check: () => FeelProblem | null): string {
  if (error instanceof FeelSyntaxError) return check()?.message ?? `Syntax error: ${error.message}`;
  return `Expression could not be evaluated: ${errorText(error)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Clock {
  now: FeelFunction;
  today: FeelFunction;
}

/** The clock of the last `now` seen: every evaluation of one transition (or decision table) shares it. */
let lastClock: { now: string; clock: Clock } | null = null;

// A UTC instant with a four-digit year, which FEEL always accepts as a date and time and a date.
const PLAIN_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Context entries shadow feelin's built-ins, which would otherwise read the system clock. Building the
// FEEL date values took about a fifth of every evaluation, though most expressions never call now() or
// today(), so they are built on first use; an instant FEEL might refuse (an extended year) is still
// checked at once, as before.
function clockFunctions(now: string): Clock {
  if (lastClock?.now === now) return lastClock.clock;
  const millis = Date.parse(now);
  const iso = Number.isNaN(millis) ? null : new Date(millis).toISOString();
  if (iso === null) throw invalidNow(now);
  let values: { dateTime: FeelDateTime; day: FeelDate } | null = null;
  const read = () => (values ??= clockValues(iso, now));
  if (!PLAIN_INSTANT.test(iso)) read();
  const clock = {
    now: new FeelFunction(() => read().dateTime, []),
    today: new FeelFunction(() => read().day, []),
  };
  lastClock = { now, clock };
  return clock;
}

function clockValues(iso: string, now: string): { dateTime: FeelDateTime; day: FeelDate } {
  const dateTime = dateAndTime(iso);
  const day = date(iso.slice(0, 10));
  if (dateTime === null || !(day instanceof FeelDate)) throw invalidNow(now);
  return { dateTime, day };
}

function invalidNow(now: string): Error {
  return new Error(`"now" must be an ISO 8601 date-time, got "${now}"`);
}

const NOT_STORABLE = "Expression returned a value that cannot be stored";

function toJson(value: unknown): FeelResult<JsonValue> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === "string" || typeof value === "boolean") return { ok: true, value };
  if (typeof value === "number") {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, message: "Expression returned a number that is not finite" };
  }
  if (value instanceof FeelDateTime) {
    const millis = value.unwrap().toZonedDateTime(value.zone ?? "UTC").epochMilliseconds;
    return { ok: true, value: new Date(millis).toISOString() };
  }
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDuration) {
    return { ok: true, value: value.toString() };
  }
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) {
      const converted = toJson(item);
      if (!converted.ok) return converted;
      items.push(converted.value);
    }
    return { ok: true, value: items };
  }
  if (isPlainObject(value)) {
    const entries: Record<string, JsonValue> = {};
    for (const [key, entry] of Object.entries(value)) {
      const converted = toJson(entry);
      if (!converted.ok) return converted;
      entries[key] = converted.value;
    }
    return { ok: true, value: entries };
  }
  // Ranges, functions and anything else feelin may produce.
  return { ok: false, message: NOT_STORABLE };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// --- Templates ----------------------------------------------------------------------------------

interface Placeholder {
  /** The whole `{{ ... }}` text. */
  text: string;
  expression: string;
  /** Offset of the expression (after `{{`) in the template. */
  expressionFrom: number;
  from: number;
  to: number;
}

interface ScannedTemplate {
  placeholders: Placeholder[];
  /** A `{{` with no `}}` after it; the placeholders before it are still listed. */
  unclosed: FeelProblem | null;
}

// A placeholder ends at the first `}}`, so an expression cannot contain `}}` itself.
function scanTemplate(template: string): ScannedTemplate {
  const placeholders: Placeholder[] = [];
  let at = template.indexOf("{{");
  while (at !== -1) {
    const end = template.indexOf("}}", at + 2);
    if (end === -1) {
      const message = `Placeholder at position ${at + 1} is opened with {{ but not closed with }}`;
      return { placeholders, unclosed: { message, from: at, to: template.length } };
    }
    placeholders.push({
      text: template.slice(at, end + 2),
      expression: template.slice(at + 2, end),
      expressionFrom: at + 2,
      from: at,
      to: end + 2,
    });
    at = template.indexOf("{{", end + 2);
  }
  return { placeholders, unclosed: null };
}

/**
 * Checks the syntax of every `{{ expression }}` placeholder in a text template.
 *
 * @returns null when all placeholders parse; otherwise the first problem, naming the placeholder, with
 *   positions (in the message, counting from 1, and in `from`/`to`) relative to the whole template. A
 *   `{{` without a closing `}}` is a problem.
 */
export function checkTemplate(template: string): FeelProblem | null {
  const scanned = scanTemplate(template);
  for (const placeholder of scanned.placeholders) {
    const problem = checkFeel(placeholder.expression);
    if (problem === null) continue;
    const from = placeholder.expressionFrom + (problem.from ?? 0);
    const to = placeholder.expressionFrom + (problem.to ?? placeholder.expression.length);
    const reason = problem.message.replace(/ \(position \d+\)$/, "");
    return { message: `In placeholder ${placeholder.text}: ${reason} (position ${from + 1})`, from, to };
  }
  return scanned.unclosed;
}

/**
 * Fills a text template: each `{{ expression }}` is replaced by its value, evaluated as by
 * {@link evaluateFeel}. Text values are inserted as they are, null as nothing, anything else as JSON
 * (`12.5`, `true`, `["a","b"]`); dates come out as their ISO strings.
 *
 * @returns the filled text, or a failure naming the first placeholder that cannot be evaluated (or an
 *   unclosed `{{`).
 * @throws when `now` is not a valid date-time (a broken invariant of the caller).
 */
export function evaluateTemplate(
  template: string,
  variables: Record<string, JsonValue>,
  now: string,
): FeelResult<string> {
  const scanned = scanTemplate(template);
  if (scanned.unclosed !== null) return { ok: false, message: scanned.unclosed.message };
  let text = "";
  let copiedTo = 0;
  for (const placeholder of scanned.placeholders) {
    const result = evaluateFeel(placeholder.expression, variables, now);
    if (!result.ok)
      return { ok: false, message: `Placeholder ${placeholder.text} failed: ${result.message}` };
    const value = result.value;
    text += template.slice(copiedTo, placeholder.from);
    text += typeof value === "string" ? value : value === null ? "" : JSON.stringify(value);
    copiedTo = placeholder.to;
  }
  return { ok: true, value: text + template.slice(copiedTo) };
}

/**
 * The distinct variables read by all placeholders of a template, in order of first appearance (as
 * {@link feelVariables}); placeholders that do not parse, or are not closed, contribute nothing.
 */
export function templateVariables(template: string): string[] {
  const names = scanTemplate(template).placeholders.flatMap((placeholder) =>
    feelVariables(placeholder.expression),
  );
  return [...new Set(names)];
}

// --- Parse cache ----------------------------------------------------------------------------------

// feelin parses an expression again on every evaluation, through lezer-feel's shared parser
// (`parser.configure({ top, contextTracker, dialect }).parse(text)`), and the parse was about half of
// an evaluation's cost. The tree depends on the text, the top rule, the dialect, and on the context
// only through the names it defines: lezer-feel's context tracker reads the keys of the context and,
// for a value that is an object (array included), that object's keys, recursively; any other value is
// atomic, and only whether it is null matters. So the tree parsed for one context serves every
// context of the same shape. Trees are immutable; the cache is consulted only while our own evaluate
// and unaryTest calls run (each calls `configure(...).parse(...)` once, synchronously), and every
// other use of the parser goes through unchanged.

/** Contexts whose shape is longer than this are parsed every time (their key would cost too much). */
const MAX_SHAPE_LENGTH = 2000;
const MAX_TREES = 1000;
const trees = new Map<string, Tree>();
let currentShape: string | null = null;
const configureParser = feelParser.configure.bind(feelParser);

/** The names `value` defines as the tracker sees them, or null past `budget` characters. */
function shapeOf(value: unknown, budget: { left: number }): string | null {
  if (value === null || value === undefined) return "~";
  if (typeof value !== "object") return "";
  let shape = "{";
  for (const key of Object.keys(value)) {
    const inner = shapeOf((value as Record<string, unknown>)[key], budget);
    if (inner === null) return null;
    const entry = `${JSON.stringify(key)}${inner},`;
    budget.left -= entry.length;
    if (budget.left < 0) return null;
    shape += entry;
  }
  return `${shape}}`;
}

feelParser.configure = ((config: Parameters<typeof feelParser.configure>[0]) => {
  const shape = currentShape;
  if (shape === null) return configureParser(config);
  return {
    parse(text: string): Tree {
      const key = `${String(config.top)}\0${String(config.dialect)}\0${shape}\0${text}`;
      let tree = trees.get(key);
      if (!tree) {
        tree = configureParser(config).parse(text);
        if (trees.size >= MAX_TREES) trees.clear();
        trees.set(key, tree);
      }
      return tree;
    },
  };
}) as unknown as typeof feelParser.configure;

/** Runs one feelin evaluation of `context` with parses served from the cache. */
function withParseCache<T>(context: object, run: () => T): T {
  const shape = shapeOf(context, { left: MAX_SHAPE_LENGTH });
  if (shape === null) return run();
  currentShape = shape;
  try {
    return run();
  } finally {
    currentShape = null;
  }
}
