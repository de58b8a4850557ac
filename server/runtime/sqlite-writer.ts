// The SQLite store's writer: a worker thread that owns the store's write connection and carries out
// its transactions, so that the commits (B-tree work, WAL writes, the fsync of synchronous=FULL and
// the automatic checkpoints) run while the main thread runs the engine on the next event, instead of
// one after the other. better-sqlite3 is synchronous: on the main thread a commit stops the event loop
// for its whole duration.
//
// The main thread turns writes into statements (store-sql.ts) and posts them; the thread runs each
// request as one transaction (or, for group commit, one transaction of savepoints) and replies in
// order. Checked statements must change exactly one row; a violation is reported with the statement's
// index, and the main thread turns it into the statement's own error (RevisionConflict, FenceLost).
// SQL texts are sent once and then referred to by number.
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Statement } from "./store-sql";

/** A statement as posted: its SQL's number, the text the first time, parameters, checked or not. */
type WireStatement = [number, string | null, unknown[], boolean];

/** A failure as posted: a checked statement that changed `changes` rows, or a driver error. */
type WireError =
  | { violation: number; changes: number }
  | { violation?: undefined; name: string; message: string; code: string | undefined };

type Request =
  | { id: number; op: "transaction"; sets: WireStatement[][]; many: boolean }
  | { id: number; op: "all" | "run"; statement: WireStatement }
  | { id: number; op: "close" };

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

// The thread's code, as plain CommonJS so that it runs the same under tsx, vitest and a bundled
// Next.js server (no file of its own to resolve or transpile). `workerData` names the driver's file
// (null: resolve it from the working directory), the database file and the synchronous setting.
const threadSource = `
const { parentPort, receiveMessageOnPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver ?? "better-sqlite3");
const db = new Database(workerData.file, { timeout: 0 });
if (workerData.synchronous) db.pragma("synchronous = " + workerData.synchronous);
const texts = new Map();
const prepared = new Map();
class Violation {
  constructor(index, changes) { this.index = index; this.changes = changes; }
}
function learn(statement) {
  if (statement[1] !== null) texts.set(statement[0], statement[1]);
}
function prepare(statement) {
  let found = prepared.get(statement[0]);
  if (!found) {
    found = db.prepare(texts.get(statement[0]));
    prepared.set(statement[0], found);
  }
  return found;
}
function encode(error) {
  if (error instanceof Violation) return { violation: error.index, changes: error.changes };
  const known = error instanceof Error;
  return {
    name: known ? error.name : "Error",
    message: known ? error.message : String(error),
    code: known && typeof error.code === "string" ? error.code : undefined,
  };
}
const applyAll = db.transaction((set) => {
  for (let index = 0; index < set.length; index += 1) {
    const statement = set[index];
    const { changes } = prepare(statement).run(...statement[2]);
    if (statement[3] && changes !== 1) throw new Violation(index, changes);
  }
});
// Inside applyMany's transaction applyAll runs as a SAVEPOINT, so a failing set is rolled back alone.
const applyMany = db.transaction((sets) =>
  sets.map((set) => {
    try {
      applyAll(set);
      return null;
    } catch (error) {
      return encode(error);
    }
  }),
);
function handle(request) {
  let reply;
  try {
    if (request.op === "transaction") {
      for (const set of request.sets) for (const statement of set) learn(statement);
      const value = request.many ? applyMany.immediate(request.sets) : (applyAll.immediate(request.sets[0]), null);
      reply = { id: request.id, ok: true, value };
    } else if (request.op === "all") {
      learn(request.statement);
      reply = { id: request.id, ok: true, value: prepare(request.statement).all(...request.statement[2]) };
    } else if (request.op === "run") {
      learn(request.statement);
      reply = { id: request.id, ok: true, value: prepare(request.statement).run(...request.statement[2]).changes };
    } else {
      db.close();
      reply = { id: request.id, ok: true, value: null };
    }
  } catch (error) {
    reply = { id: request.id, ok: false, error: encode(error) };
  }
  parentPort.postMessage(reply);
  if (request.op !== "close") return true;
  parentPort.close();
  return false;
}
// The requests queued while a commit ran are taken at once, without a turn of the event loop each.
parentPort.on("message", (first) => {
  let open = handle(first);
  for (let next = open && receiveMessageOnPort(parentPort); next; next = open && receiveMessageOnPort(parentPort))
    open = handle(next.message);
});
`;

/**
 * The file the thread loads better-sqlite3 from: the module this process resolves from here, or null
 * where that is not a path (a webpack bundle turns the resolution into a module id); the thread then
 * resolves it from the working directory.
 */
function driverPath(): string | null {
  try {
    const resolved: unknown = createRequire(import.meta.url).resolve("better-sqlite3");
    if (typeof resolved === "string" && path.isAbsolute(resolved)) return resolved;
  } catch {
    // Not resolvable from this module's location: fall back to the working directory.
  }
  return null;
}

/** The error a driver error becomes on this side: same name, message and code (SQLITE_BUSY, ...). */
function driverError(error: Extract<WireError, { name: string }>): Error {
  const rebuilt = new Error(error.message) as Error & { code?: string };
  rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}

/** The error of a failed set: the checked statement's own error, or the driver's. */
function setError(statements: Statement[], error: WireError): Error {
  if (error.violation === undefined) return driverError(error);
  try {
    statements[error.violation]?.check?.(error.changes);
  } catch (checked: unknown) {
    if (checked instanceof Error) return checked;
  }
  return new Error(`Statement ${error.violation} changed ${error.changes} rows`);
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  toError: (error: WireError) => Error;
}

/** The main thread's handle on the writer thread of one database file. */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly sqlIds = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set once the thread failed or exited: every later request fails with it. */
  private broken: Error | null = null;

  constructor(file: string, synchronous: "FULL" | "NORMAL" | undefined) {
    const driver = driverPath();
    this.worker = new Worker(threadSource, { eval: true, workerData: { driver, file, synchronous } });
    // Idle, the thread must not keep a process alive that is otherwise done (see request()).
    this.worker.unref();
    this.worker.on("message", (reply: Reply) => this.settle(reply));
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", () => this.fail(new Error("The SQLite writer thread has stopped")));
  }

  /** Runs each set of statements in one transaction (`many`: one transaction, a savepoint per set). */
  async transaction(sets: Statement[][], many: boolean): Promise<(Error | null)[]> {
    const value = await this.request(
      (id) => ({ id, op: "transaction", sets: sets.map((set) => set.map((s) => this.wire(s))), many }),
      (error) => setError(sets[0] ?? [], error),
    );
    if (!many) return [null];
    return (value as (WireError | null)[]).map((error, index) =>
      error === null ? null : setError(sets[index]!, error),
    );
  }

  /** Runs one statement on its own (autocommit) and returns its rows. */
  all(statement: Statement): Promise<unknown[]> {
    return this.request(
      (id) => ({ id, op: "all", statement: this.wire(statement) }),
      driverErrorOf,
    ) as Promise<unknown[]>;
  }

  /** Runs one statement on its own (autocommit) and returns the number of rows it changed. */
  run(statement: Statement): Promise<number> {
    return this.request(
      (id) => ({ id, op: "run", statement: this.wire(statement) }),
      driverErrorOf,
    ) as Promise<number>;
  }

  /** Closes the connection once everything posted before is done, and stops the thread. */
  async close(): Promise<void> {
    if (!this.broken) await this.request((id) => ({ id, op: "close" }), driverErrorOf);
    await this.worker.terminate();
  }

  private wire(statement: Statement): WireStatement {
    let id = this.sqlIds.get(statement.sql);
    let text: string | null = null;
    if (id === undefined) {
      id = this.sqlIds.size;
      this.sqlIds.set(statement.sql, id);
      text = statement.sql;
    }
    return [id, text, statement.params, statement.check !== undefined];
  }

  private request(build: (id: number) => Request, toError: (error: WireError) => Error): Promise<unknown> {
    if (this.broken) return Promise.reject(this.broken);
    const id = (this.nextId += 1);
    const request = build(id);
    return new Promise((resolve, reject) => {
      // Referenced while a reply is awaited, so that the process waits for it.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject, toError });
      this.worker.postMessage(request);
    });
  }

  private settle(reply: Reply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (!pending) return;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(pending.toError(reply.error));
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const pending of this.pending.values()) pending.reject(this.broken);
    this.pending.clear();
  }
}

function driverErrorOf(error: WireError): Error {
  return error.violation === undefined
    ? driverError(error)
    : new Error(`Statement changed ${error.changes} rows`);
}
