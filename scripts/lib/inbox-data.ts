// Synthetic inbox history for the inbox benchmark: people holding business roles, purchase-order
// instances and their approval tasks (mostly decided or cancelled, a share still open), written with raw
// better-sqlite3 statements in large transactions. Values use the column formats Prisma's SQLite
// adapter writes (DateTime as ISO text with "+00:00", Json as JSON text, Boolean as 0/1), so the
// generated client reads these rows like its own. A seeded generator makes every run the same data.
import Database from "better-sqlite3";
import { seededRandom } from "./random";

/** The business roles tasks are offered to, most popular first. */
export const businessRoleKeys = [
  "buyer",
  "finance",
  "store-manager",
  "category-manager",
  "procurement",
  "logistics",
  "warehouse-lead",
  "quality",
  "merchandising",
  "regional-manager",
  "loss-prevention",
  "ecommerce",
  "supply-planning",
  "marketing",
  "facilities",
  "it",
  "hr",
  "legal",
  "treasury",
  "compliance",
] as const;

export interface InboxDataOptions {
  /** SQLite file, already migrated, with the system roles and the published workflow in it. */
  file: string;
  users: number;
  instances: number;
  tasksPerInstance: number;
  workflow: { definitionId: string; versionId: string; key: string };
  /** The approver system role's id, given to every person. */
  approverRoleId: string;
  now: Date;
  seed?: number;
  /** Called after each transaction with the instances written so far. */
  onProgress?: (instances: number) => void;
}

export interface InboxDataSummary {
  users: number;
  instances: number;
  tasks: number;
  openTasks: number;
  candidateRoles: number;
  candidateUsers: number;
  /** Seconds spent rebuilding the secondary indexes dropped for the load. */
  indexSeconds: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INSTANCES_PER_TRANSACTION = 2_000;

/** Prisma's SQLite DateTime text. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

const items = [
  "Label printer",
  "Shelving units",
  "Checkout scanner",
  "Cold-chain sensors",
  "Store signage",
  "Hand-held terminals",
  "Pallet jack",
  "Security tags",
  "Receipt paper",
  "Display fridges",
];
const suppliers = [
  "ACME",
  "Nordic Retail Supply",
  "Globex",
  "Initech",
  "Vandelay Industries",
  "Umbrella Fixtures",
];
const firstNames = [
  "Alex",
  "Blair",
  "Casey",
  "Dana",
  "Eli",
  "Farah",
  "Gus",
  "Hana",
  "Ivo",
  "Jun",
  "Kim",
  "Lena",
];
const lastNames = ["Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jensen"];
const levelNames = ["Buyer", "Category manager", "Finance"];
const rejectReasons = ["Over budget", "Supplier not on the approved list", "Duplicate of an earlier order"];

/**
 * Writes the roles, people and history into `file` and returns what it wrote. Secondary indexes of the
 * task and instance tables are dropped for the load and rebuilt afterwards, as a bulk restore does.
 */
export function fillInboxData(options: InboxDataOptions): InboxDataSummary {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const uuid = (): string => {
    let hex = "";
    for (let index = 0; index < 4; index += 1)
      hex += Math.floor(random() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, "0");
    const variant = "89ab"[Math.floor(random() * 4)]!;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  // Queues are not equally busy: a few roles get most of the work.
  const weights = businessRoleKeys.map((_, index) => 1 / (index + 1) ** 0.7);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const weightedRole = (): string => {
    let target = random() * totalWeight;
    for (let index = 0; index < weights.length; index += 1) {
      target -= weights[index]!;
      if (target <= 0) return businessRoleKeys[index]!;
    }
    return businessRoleKeys[businessRoleKeys.length - 1]!;
  };
  const now = options.now.getTime();

  const sqlite = new Database(options.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");
  sqlite.pragma("cache_size = -262144");
  const summary: InboxDataSummary = {
    users: options.users,
    instances: 0,
    tasks: 0,
    openTasks: 0,
    candidateRoles: 0,
    candidateUsers: 0,
    indexSeconds: 0,
  };
  try {
    const indexes = sqlite
      .prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
           AND tbl_name IN ('tasks', 'task_candidate_roles', 'task_candidate_users', 'instances')`,
      )
      .all();
    for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);

    // Roles and people.
    const people: { id: string; roles: string[] }[] = [];
    const members = new Map<string, string[]>(businessRoleKeys.map((key) => [key, []]));
    const created = stamp(now - 400 * DAY);
    sqlite.transaction(() => {
      const role = sqlite.prepare(
        `INSERT INTO "roles" ("id", "key", "name", "description", "system", "createdAt") VALUES (?, ?, ?, ?, 0, ?)`,
      );
      const roleIds = new Map<string, string>();
      for (const key of businessRoleKeys) {
        const id = uuid();
        roleIds.set(key, id);
        role.run(id, key, key.replace(/-/g, " "), `Approves tasks in the ${key} queue.`, created);
      }
      const user = sqlite.prepare(
        `INSERT INTO "users" ("id", "name", "email", "emailVerified", "active", "createdAt", "updatedAt")
         VALUES (?, ?, ?, 1, 1, ?, ?)`,
      );
      const userRole = sqlite.prepare(
        `INSERT INTO "user_roles" ("userId", "roleId", "assignedAt") VALUES (?, ?, ?)`,
      );
      for (let index = 0; index < options.users; index += 1) {
        const id = uuid();
        user.run(
          id,
          `${pick(firstNames)} ${pick(lastNames)}`,
          `approver${index}@bench.test`,
          created,
          created,
        );
        userRole.run(id, options.approverRoleId, created);
        const count = random() < 0.4 ? 1 : random() < 0.67 ? 2 : 3;
        const roles = new Set<string>();
        while (roles.size < count) roles.add(weightedRole());
        for (const key of roles) {
          userRole.run(id, roleIds.get(key)!, created);
          members.get(key)!.push(id);
        }
        people.push({ id, roles: [...roles] });
      }
    })();
    // A role nobody holds still gets tasks (as in life), but claims and decisions need a person.
    const memberOf = (key: string): string => {
      const list = members.get(key)!;
      return list.length > 0 ? pick(list) : pick(people).id;
    };

    const instance = sqlite.prepare(
      `INSERT INTO "instances" ("id", "definitionId", "versionId", "businessKey", "status", "state", "revision",
         "startedById", "startedAt", "updatedAt", "endedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const task = sqlite.prepare(
      `INSERT INTO "tasks" ("id", "instanceId", "nodeId", "title", "businessKey", "status", "assigneeId", "dueAt",
         "priority", "escalationLevel", "summary", "decision", "decisionReason", "formData", "claimedAt",
         "completedById", "completedAt", "createdAt", "updatedAt", "claimedById", "onBehalfOfId")
       VALUES (?, ?, 'approve', ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const candidateRole = sqlite.prepare(
      `INSERT INTO "task_candidate_roles" ("taskId", "roleKey") VALUES (?, ?)`,
    );
    const candidateUser = sqlite.prepare(
      `INSERT INTO "task_candidate_users" ("taskId", "userId") VALUES (?, ?)`,
    );
    const summaries = levelNames.map((levelName, level) =>
      JSON.stringify({
        level,
        levelName,
        form: [{ name: "costCenter", label: "Cost center", type: "string", required: true }],
      }),
    );

    const writeInstance = (number: number): void => {
      const id = uuid();
      const businessKey = `PO-${String(number + 1).padStart(6, "0")}`;
      const requester = pick(people).id;
      // About 30% of purchase orders are still being approved; their open tasks are a parallel round
      // of several queues at the current level.
      const inFlight = random() < 0.3;
      const cancelled = !inFlight && random() < 0.15;
      const startedAt = inFlight ? now - random() * 30 * DAY : now - (25 + random() * 340) * DAY;
      const decidedCount = inFlight
        ? Math.floor(random() * 6)
        : cancelled
          ? Math.floor(random() * options.tasksPerInstance)
          : options.tasksPerInstance;
      const openedAt = inFlight ? startedAt + random() * 0.8 * (now - startedAt) : 0;
      const variables = {
        item: pick(items),
        supplier: pick(suppliers),
        amount: Math.round(random() ** 2 * 2_000_000) / 100,
        currency: "EUR",
        store: `Store ${String(Math.floor(random() * 400)).padStart(3, "0")}`,
        costCenter: `CC-${Math.floor(random() * 90) + 10}`,
      };
      const openTasks: Record<string, unknown> = {};
      const openTaskIds: string[] = [];
      const approvals: unknown[] = [];
      let clock = startedAt;
      for (let seq = 0; seq < options.tasksPerInstance; seq += 1) {
        const taskId = `${id}.t${seq + 2}`;
        const level = seq % 3;
        const decided = seq < decidedCount;
        const open = inFlight && !decided;
        const createdAt = open
          ? openedAt + seq
          : inFlight
            ? startedAt + ((openedAt - startedAt) * seq) / Math.max(1, decidedCount)
            : clock;
        const dueAt = random() < 0.1 ? null : createdAt + pick([1, 2, 2, 3, 5, 7]) * DAY;

        // Who the task is offered to: one person, a few people, or (mostly) one or two role queues.
        const offer = random();
        let assigneeId: string | null = null;
        const roles: string[] = [];
        const users: string[] = [];
        if (offer < 0.15) assigneeId = pick(people).id;
        else if (offer < 0.25) {
          const wanted = 2 + Math.floor(random() * 3);
          while (users.length < wanted) {
            const user = pick(people).id;
            if (!users.includes(user)) users.push(user);
          }
        } else {
          roles.push(weightedRole());
          if (random() < 0.1) {
            const second = weightedRole();
            if (second !== roles[0]) roles.push(second);
          }
        }
        const offeredPerson = (): string =>
          assigneeId ?? (users.length > 0 ? pick(users) : memberOf(roles[0]!));

        let status: string;
        let claimedById: string | null = null;
        let claimedAt: string | null = null;
        let completedById: string | null = null;
        let completedAt: number | null = null;
        let decision: string | null = null;
        let decisionReason: string | null = null;
        let formData: string | null = null;
        let escalationLevel = 0;
        if (open) {
          status = "open";
          if (assigneeId === null && random() < 0.1) {
            status = "claimed";
            claimedById = offeredPerson();
            claimedAt = stamp(createdAt + random() * (now - createdAt));
          }
          if (dueAt !== null && dueAt < now && random() < 0.4) escalationLevel = 1;
          openTasks[taskId] = {
            id: taskId,
            tokenId: "tk1",
            nodeId: "approve",
            level,
            assignees: assigneeId ? [assigneeId] : users,
            candidateRoles: roles,
            dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
            escalationLevel,
            timerId: null,
            openedAt: new Date(createdAt).toISOString(),
          };
          openTaskIds.push(taskId);
          summary.openTasks += 1;
        } else if (decided) {
          status = "completed";
          completedById = offeredPerson();
          completedAt = createdAt + (0.5 + random() * 40) * HOUR;
          if (inFlight) completedAt = Math.min(completedAt, openedAt - 1);
          decision = random() < 0.92 ? "approved" : "rejected";
          if (decision === "rejected") decisionReason = pick(rejectReasons);
          else formData = JSON.stringify({ costCenter: variables.costCenter });
          approvals.push({ nodeId: "approve", activation: 1, level, actor: completedById });
          clock = completedAt;
        } else {
          status = "cancelled";
          completedAt = clock + HOUR;
          decisionReason = "The purchase order was withdrawn";
        }
        const onBehalfOfId = assigneeId !== null && random() < 0.03 ? pick(people).id : null;
        const updatedAt = completedAt ?? createdAt;
        task.run(
          taskId,
          id,
          `Purchase order approval: ${levelNames[level]!}`,
          businessKey,
          status,
          assigneeId,
          dueAt === null ? null : stamp(dueAt),
          escalationLevel,
          summaries[level]!,
          decision,
          decisionReason,
          formData,
          claimedAt,
          completedById,
          completedAt === null ? null : stamp(completedAt),
          stamp(createdAt),
          stamp(updatedAt),
          claimedById,
          onBehalfOfId,
        );
        for (const role of roles) candidateRole.run(taskId, role);
        for (const user of users) candidateUser.run(taskId, user);
        summary.tasks += 1;
        summary.candidateRoles += roles.length;
        summary.candidateUsers += users.length;
      }

      const status = inFlight ? "waiting" : cancelled ? "cancelled" : "completed";
      const endedAt = inFlight ? null : clock + HOUR;
      const updatedAt = inFlight ? openedAt : endedAt!;
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const state = {
        instanceId: id,
        definitionKey: options.workflow.key,
        status,
        outcome: inFlight ? null : cancelled ? "cancelled" : "completed",
        variables,
        requester,
        requesterManager: null,
        tokens: inFlight
          ? [
              {
                id: "tk1",
                nodeId: "approve",
                activation: 1,
                enteredAt: iso(startedAt),
                wait: { type: "approval", level: 0, required: 1, taskIds: openTaskIds, decisions: [] },
              },
            ]
          : [],
        joins: {},
        tasks: openTasks,
        timers: {},
        approvals,
        completedActions: [],
        compensation: null,
        path: [
          { nodeId: "start", tokenId: "tk1", via: null, at: iso(startedAt) },
          { nodeId: "approve", tokenId: "tk1", via: "e1", at: iso(startedAt) },
          ...(inFlight ? [] : [{ nodeId: "approved", tokenId: "tk1", via: "e2", at: iso(endedAt) }]),
        ],
        activations: { start: 1, approve: 1 },
        error: null,
        seq: options.tasksPerInstance + 1,
        startedAt: iso(startedAt),
        updatedAt: iso(updatedAt),
        endedAt: iso(endedAt),
      };
      instance.run(
        id,
        options.workflow.definitionId,
        options.workflow.versionId,
        businessKey,
        status,
        JSON.stringify(state),
        options.tasksPerInstance * 2,
        requester,
        stamp(startedAt),
        stamp(updatedAt),
        endedAt === null ? null : stamp(endedAt),
      );
      summary.instances += 1;
    };

    const batch = sqlite.transaction((from: number, to: number) => {
      for (let number = from; number < to; number += 1) writeInstance(number);
    });
    for (let from = 0; from < options.instances; from += INSTANCES_PER_TRANSACTION) {
      const to = Math.min(options.instances, from + INSTANCES_PER_TRANSACTION);
      batch(from, to);
      options.onProgress?.(to);
    }

    const started = performance.now();
    for (const index of indexes) sqlite.exec(index.sql);
    summary.indexSeconds = (performance.now() - started) / 1000;
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    return summary;
  } finally {
    sqlite.close();
  }
}
