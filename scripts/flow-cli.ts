// The headless runner behind `npm run flow`: checks a workflow definition, or runs one instance of it
// against a file of events and prints every step as a line of JSON, for people and scripts.
import { parseArgs } from "node:util";
import {
  catalogSchema,
  compile,
  eventSchema,
  parseDefinition,
  start,
  step,
  validateDefinition,
  type ConnectorCatalog,
  type Definition,
  type EngineEvent,
  type JsonObject,
  type Problem,
  type StepResult,
} from "../engine";
import { locateJsonError } from "./json-error";

/** Where the runner reads files and writes lines; scripts/flow.ts wires it to node:fs and the process. */
export interface FlowIo {
  /** The file's text; throws when it cannot be read. */
  readFile(path: string): string;
  stdout(line: string): void;
  stderr(line: string): void;
}

const usage = [
  "usage:",
  "  npm run flow -- validate <definition.json> [--catalog <catalog.json>]",
  "  npm run flow -- run <definition.json> --input <input.json> --events <events.jsonl>",
  "      [--catalog <catalog.json>] [--now <ISO time>] [--instance-id <id>]",
  "      [--requester <userId>] [--manager <userId>]",
  "",
  "validate prints every problem as `<CODE>  <node or edge id>  <message>`; exit 1 when there are any.",
  'run prints one JSON line per step; an event line may carry "at" (an ISO time) to move the clock.',
  "Exit codes: 0 done, 1 the definition has problems or the start was rejected, 2 bad usage or input.",
];

const defaultNow = "2026-01-01T00:00:00.000Z";
const defaultInstanceId = "i1";

const options = {
  catalog: { type: "string" },
  input: { type: "string" },
  events: { type: "string" },
  now: { type: "string" },
  "instance-id": { type: "string" },
  requester: { type: "string" },
  manager: { type: "string" },
} as const;
type OptionName = keyof typeof options;
type OptionValues = Partial<Record<OptionName, string>>;

const commandOptions: Record<"validate" | "run", readonly OptionName[]> = {
  validate: ["catalog"],
  run: ["catalog", "input", "events", "now", "instance-id", "requester", "manager"],
};

const eventTypes: readonly string[] = eventSchema.options.map((option) => option.shape.type.value);

/** A value read from the command line or a file, or the exit code once the failure has been reported. */
type Loaded<T> = { ok: true; value: T } | { ok: false; exitCode: number };

function loaded<T>(value: T): Loaded<T> {
  return { ok: true, value };
}

function failed(exitCode: number): { ok: false; exitCode: number } {
  return { ok: false, exitCode };
}

function usageError(io: FlowIo, message: string): number {
  io.stderr(`flow: ${message}`);
  for (const line of usage) io.stderr(line);
  return 2;
}

// --- Reading files ------------------------------------------------------------------------------

function readReason(error: unknown): string {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

function readText(io: FlowIo, path: string): Loaded<string> {
  try {
    return loaded(io.readFile(path));
  } catch (error: unknown) {
    // Any failure to read is the person's to fix (a wrong path, a directory, permissions).
    io.stderr(`cannot read ${path}: ${readReason(error)}`);
    return failed(2);
  }
}

/**
 * Parses JSON text, or describes the first syntax error with its position: line and column in a
 * file, the column alone for one line of a JSON-lines file.
 */
function parseJson(
  text: string,
  within: "file" | "line",
): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch (error: unknown) {
    if (!(error instanceof SyntaxError)) throw error;
    const location = locateJsonError(text);
    if (!location) return { ok: false, message: `invalid JSON: ${error.message}` };
    const where =
      within === "file" ? `line ${location.line}, column ${location.column}` : `column ${location.column}`;
    return { ok: false, message: `invalid JSON at ${where}: ${location.message}` };
  }
}

function readJson(io: FlowIo, path: string): Loaded<unknown> {
  const text = readText(io, path);
  if (!text.ok) return text;
  // Editors on Windows may save a byte order mark, which JSON.parse refuses.
  const parsed = parseJson(text.value.replace(/^\uFEFF/, ""), "file");
  if (!parsed.ok) {
    io.stderr(`${path}: ${parsed.message}`);
    return failed(2);
  }
  return loaded(parsed.value);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function loadCatalog(io: FlowIo, path: string | undefined): Loaded<ConnectorCatalog | null> {
  if (path === undefined) return loaded(null);
  const raw = readJson(io, path);
  if (!raw.ok) return raw;
  const parsed = catalogSchema.safeParse(raw.value);
  if (parsed.success) return loaded(parsed.data);
  for (const issue of parsed.error.issues) {
    io.stderr(`${path}: catalog ${issue.path.map(String).join(".") || "-"}: ${issue.message}`);
  }
  return failed(2);
}

function reportProblems(problems: readonly Problem[], report: (line: string) => void): void {
  for (const problem of problems) {
    report(`${problem.code}  ${problem.nodeId ?? problem.edgeId ?? "-"}  ${problem.message}`);
  }
  report(`${problems.length} problem(s)`);
}

/** Reads and shape-checks a definition; shape problems are reported and give exit code 1. */
function loadDefinition(io: FlowIo, path: string, report: (line: string) => void): Loaded<Definition> {
  const raw = readJson(io, path);
  if (!raw.ok) return raw;
  const parsed = parseDefinition(raw.value);
  if (parsed.ok) return loaded(parsed.definition);
  for (const problem of parsed.problems) report(`shape  ${problem.path || "-"}: ${problem.message}`);
  report(`${parsed.problems.length} problem(s)`);
  return failed(1);
}

function loadInput(io: FlowIo, path: string): Loaded<JsonObject> {
  const raw = readJson(io, path);
  if (!raw.ok) return raw;
  if (isJsonObject(raw.value)) return loaded(raw.value);
  io.stderr(`${path}: the input must be a JSON object of start fields, such as {"amount": 1200}`);
  return failed(2);
}

// --- Time and events ----------------------------------------------------------------------------

const isoTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
const isoTimeHint = "an ISO date and time with a time zone, such as 2026-01-01T09:00:00Z";

/** The instant `text` names, as the engine's ISO-8601 UTC form; null unless a real date and time. */
function parseTime(text: string): string | null {
  const match = isoTimePattern.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse rolls 2026-02-30 over into March instead of refusing it.
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  return new Date(Date.parse(text)).toISOString();
}

interface TimedEvent {
  /** The clock when the event is applied. */
  now: string;
  /** The event as written, without "at", as printed in the output. */
  written: JsonObject;
  event: EngineEvent;
}

function checkEvent(
  written: JsonObject,
): { ok: true; event: EngineEvent } | { ok: false; problems: string[] } {
  const parsed = eventSchema.safeParse(written);
  if (parsed.success) return { ok: true, event: parsed.data };
  const type = written.type;
  if (typeof type !== "string" || !eventTypes.includes(type)) {
    const found = type === undefined ? "no event type" : `unknown event type ${JSON.stringify(type)}`;
    return { ok: false, problems: [`${found}; "type" must be one of ${eventTypes.join(", ")}`] };
  }
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join(".") || "event"}: ${issue.message}`,
  );
  return { ok: false, problems };
}

/**
 * Reads a JSON-lines events file and checks every line before anything runs: JSON, the event
 * schema, and "at" times that never go back. Each problem is reported as `<path> line <n>: <message>`;
 * any problem gives exit code 2.
 */
function loadEvents(io: FlowIo, path: string, startAt: string): Loaded<TimedEvent[]> {
  const text = readText(io, path);
  if (!text.ok) return text;
  const events: TimedEvent[] = [];
  const problems: string[] = [];
  let clock = startAt;
  for (const [index, line] of text.value
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .entries()) {
    if (line.trim() === "") continue;
    const report = (message: string) => problems.push(`${path} line ${index + 1}: ${message}`);
    const parsed = parseJson(line, "line");
    if (!parsed.ok) {
      report(parsed.message);
      continue;
    }
    if (!isJsonObject(parsed.value)) {
      report("each line must be one JSON object (an event)");
      continue;
    }
    const { at, ...written } = parsed.value;
    if (at !== undefined) {
      const time = typeof at === "string" ? parseTime(at) : null;
      if (time === null) {
        report(`"at" ${JSON.stringify(at)} is not ${isoTimeHint}`);
      } else if (time < clock) {
        report(`"at" ${time} is earlier than the clock (${clock}); time only moves forward`);
      } else {
        clock = time;
      }
    }
    const checked = checkEvent(written);
    if (checked.ok) events.push({ now: clock, written, event: checked.event });
    else checked.problems.forEach(report);
  }
  for (const problem of problems) io.stderr(problem);
  return problems.length > 0 ? failed(2) : loaded(events);
}

// --- Commands -----------------------------------------------------------------------------------

function validateCommand(io: FlowIo, definitionPath: string, values: OptionValues): number {
  const catalog = loadCatalog(io, values.catalog);
  if (!catalog.ok) return catalog.exitCode;
  // The problems are what `validate` is asked for, so they go to stdout.
  const report = (line: string) => io.stdout(line);
  const definition = loadDefinition(io, definitionPath, report);
  if (!definition.ok) return definition.exitCode;
  const problems = validateDefinition(definition.value, catalog.value);
  if (problems.length > 0) {
    reportProblems(problems, report);
    return 1;
  }
  const { key, nodes, edges } = definition.value;
  const steps = `${nodes.length} step${nodes.length === 1 ? "" : "s"}`;
  const connections = `${edges.length} connection${edges.length === 1 ? "" : "s"}`;
  io.stdout(`valid: ${key} (${steps}, ${connections})`);
  return 0;
}

function stepLine(stepNumber: number, event: "start" | JsonObject, result: StepResult): string {
  if (!result.ok) return JSON.stringify({ step: stepNumber, event, ok: false, rejection: result.rejection });
  const { state, commands } = result;
  return JSON.stringify({ step: stepNumber, event, ok: true, status: state.status, commands, state });
}

function runCommand(io: FlowIo, definitionPath: string, values: OptionValues): number {
  if (values.input === undefined) return usageError(io, "run needs --input <input.json>");
  if (values.events === undefined) return usageError(io, "run needs --events <events.jsonl>");
  const now = parseTime(values.now ?? defaultNow);
  if (now === null) return usageError(io, `--now must be ${isoTimeHint} (got "${values.now}")`);
  const instanceId = values["instance-id"] ?? defaultInstanceId;
  if (instanceId.trim() === "") return usageError(io, "--instance-id must not be empty");

  // Everything is read and checked before the instance starts, so bad input never runs halfway.
  const catalog = loadCatalog(io, values.catalog);
  if (!catalog.ok) return catalog.exitCode;
  // stdout carries only the steps, so that scripts can read it line by line.
  const report = (line: string) => io.stderr(line);
  const definition = loadDefinition(io, definitionPath, report);
  if (!definition.ok) return definition.exitCode;
  const compiled = compile(definition.value, { catalog: catalog.value ?? undefined });
  if (!compiled.ok) {
    reportProblems(compiled.problems, report);
    return 1;
  }
  const input = loadInput(io, values.input);
  if (!input.ok) return input.exitCode;
  const events = loadEvents(io, values.events, now);
  if (!events.ok) return events.exitCode;

  const started = start(compiled.compiled, input.value, {
    now,
    instanceId,
    requester: values.requester ?? null,
    requesterManager: values.manager ?? null,
  });
  io.stdout(stepLine(0, "start", started));
  if (!started.ok) return 1;
  let state = started.state;
  events.value.forEach((entry, index) => {
    const result = step(compiled.compiled, state, entry.event, { now: entry.now });
    io.stdout(stepLine(index + 1, entry.written, result));
    if (result.ok) state = result.state;
  });
  io.stdout(`final status: ${state.status}${state.outcome ? ` (outcome ${state.outcome})` : ""}`);
  return 0;
}

function isParseArgsError(error: unknown): error is Error {
  return (
    error instanceof TypeError &&
    "code" in error &&
    typeof error.code === "string" &&
    error.code.startsWith("ERR_PARSE_ARGS")
  );
}

/**
 * Runs one `flow` command line (`argv` without the node and script paths), reading files and writing
 * lines through `io`, and returns the exit code: 0 done, 1 the definition has problems or the start
 * was rejected, 2 bad usage or unreadable input (a missing or unreadable file, invalid JSON, a bad
 * events file). Bad input is reported, never thrown; only a bug in the engine or here throws.
 */
export function runFlowCli(argv: string[], io: FlowIo): number {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    for (const line of usage) io.stdout(line);
    return 0;
  }
  if (command === undefined) return usageError(io, "missing command");
  if (command !== "validate" && command !== "run") return usageError(io, `unknown command "${command}"`);

  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (error: unknown) {
    if (isParseArgsError(error)) return usageError(io, error.message);
    throw error;
  }
  const unexpected = Object.keys(parsed.values).filter(
    (name) => !commandOptions[command].includes(name as OptionName),
  );
  if (unexpected.length > 0) return usageError(io, `${command} does not take --${unexpected.join(", --")}`);
  const [definitionPath, ...extra] = parsed.positionals;
  if (definitionPath === undefined) return usageError(io, `${command} needs a definition file`);
  if (extra.length > 0) return usageError(io, `unexpected argument "${extra[0]}"`);

  return command === "validate"
    ? validateCommand(io, definitionPath, parsed.values)
    : runCommand(io, definitionPath, parsed.values);
}
