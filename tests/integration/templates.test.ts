// The four reference templates end to end against the simulated retail estate: each validates with
// no problems against the sim connectors' catalog, runs its happy path through a real worker (approvals
// decided as people with the named roles), and takes its exception path under injected data or faults,
// with every effect in the simulator happening exactly once despite retries. The runs go through each
// database the worker supports (SQLite, and PostgreSQL when TEST_DATABASE_URL_PG is set); the
// simulator keeps its own SQLite file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { definitionSchema, validateDefinition, type JsonObject } from "@/engine";
import { createFakeConnector } from "@/server/connectors/fake";
import { ConnectorRegistry } from "@/server/connectors/registry";
import { createSimClient, simConnectors } from "@/server/connectors/sim";
import { getInstance, startWorkflow } from "@/server/runtime/instances";
import { sendMessage } from "@/server/runtime/messages";
import type { RuntimeDeps } from "@/server/runtime/runtime";
import { decideTask } from "@/server/runtime/tasks";
import type { Worker } from "@/server/runtime/worker";
import { templates } from "@/server/templates";
import { startSim, type RunningSim } from "@/sim/server";
import { createTestDatabase, databaseKinds, type TestDatabase } from "../helpers/databases";
import { drainWorker, publish, TestClock, testWorker } from "../helpers/runtime";

const people = {
  requester: { id: "requester", roles: [] as string[] },
  buyer: { id: "buyer-1", roles: ["buyer"] },
  finance: { id: "finance-1", roles: ["finance"] },
  manager: { id: "manager-1", roles: ["store-manager"] },
};

let dir: string;
let sim: RunningSim;
let admin: ReturnType<typeof createSimClient>;
let registry: ConnectorRegistry;
// The simulator reads the same test clock as the worker, so outage windows and backoff share one time.
let clock = new TestClock();
let database: TestDatabase;
let deps: RuntimeDeps;
let worker: Worker;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "omniflow-templates-"));
  sim = await startSim({ port: 0, file: path.join(dir, "sim.db"), now: () => clock.now() });
  admin = createSimClient(sim.url);
  registry = new ConnectorRegistry(simConnectors(sim.url));
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs due work, moving the clock to the next retry or timer of the instance, until it ends, waits for
 * a person, or has nothing due within `horizonMs`.
 */
async function settle(instanceId: string, horizonMs = 2 * 60 * 60 * 1000): Promise<void> {
  for (let round = 0; round < 200; round += 1) {
    await drainWorker(worker);
    const instance = await database.db.instance.findUniqueOrThrow({
      where: { id: instanceId },
      select: { status: true },
    });
    if (!["running", "waiting"].includes(instance.status)) return;
    const openTasks = await database.db.task.count({ where: { instanceId, status: "open" } });
    if (openTasks > 0) return;
    const job = await database.db.outboxJob.findFirst({
      where: { instanceId, status: "pending" },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    const timer = await database.db.timer.findFirst({
      where: { instanceId, status: "scheduled" },
      orderBy: { dueAt: "asc" },
      select: { dueAt: true },
    });
    const next = Math.min(job?.nextAttemptAt.getTime() ?? Infinity, timer?.dueAt.getTime() ?? Infinity);
    if (next === Infinity || next - clock.current.getTime() > horizonMs) return;
    clock.advance(Math.max(next - clock.current.getTime(), 0) + 1);
  }
  throw new Error("The instance never settled");
}

/** Takes `system` down in the simulator from now (the test clock) for `ms`. */
async function outageFor(system: "erp" | "wms" | "payments" | "supplier", ms: number): Promise<void> {
  const from = clock.now();
  await admin.faults.set.mutate({
    system,
    outages: [{ from: from.toISOString(), to: new Date(from.getTime() + ms).toISOString() }],
  });
}

async function start(definitionKey: string, input: JsonObject): Promise<string> {
  const { instanceId } = await startWorkflow(deps, people.requester.id, { definitionKey, input });
  await settle(instanceId);
  return instanceId;
}

/** Decides the open task of `nodeId` as `actor`, then lets the instance run on. */
async function decide(
  instanceId: string,
  nodeId: string,
  actor: { id: string; roles: string[] },
  decision: "approved" | "rejected" = "approved",
  formData: JsonObject = {},
): Promise<void> {
  const task = await database.db.task.findFirstOrThrow({
    where: { instanceId, nodeId, status: "open" },
    select: { id: true },
  });
  const reason = decision === "rejected" ? "Not justified" : undefined;
  await decideTask(deps, actor, { taskId: task.id, decision, reason, formData });
  await settle(instanceId);
}

async function ended(instanceId: string) {
  const instance = await getInstance(deps, instanceId);
  const state = instance.state as { outcome: string | null; path: { nodeId: string }[] };
  return { status: instance.status, outcome: state.outcome, path: state.path.map((entry) => entry.nodeId) };
}

/** The codes of the connector failures in the instance's history, in order. */
async function failures(instanceId: string): Promise<string[]> {
  const { events } = await getInstance(deps, instanceId);
  return events
    .filter((event) => event.type === "connector.failed")
    .map((event) => (event.data as { event: { code: string } }).event.code);
}

async function openTaskNodes(instanceId: string): Promise<string[]> {
  const tasks = await database.db.task.findMany({
    where: { instanceId, status: "open" },
    select: { nodeId: true },
  });
  return tasks.map((task) => task.nodeId);
}

function simCount(table: string, where = "1 = 1", ...params: unknown[]): number {
  return (sim.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number })
    .n;
}

async function stockAt(sku: string, location: string) {
  const { rows } = await admin.erp.getStock.query({ sku, location });
  return rows[0]!;
}

/**
 * Empties the shelf of `sku` at `location` as if it had sold out through another channel, for a real
 * stockout: no stock on hand and nothing reserved (the simulator has no operation for shrinkage).
 */
async function sellOut(sku: string, location: string): Promise<void> {
  sim.db
    .prepare("UPDATE stock SET on_hand = 0 WHERE sku = ? AND location = ? AND reserved = 0")
    .run(sku, location);
  expect(await stockAt(sku, location)).toMatchObject({ onHand: 0, available: 0 });
}

describe("reference templates", () => {
  it("offers four templates that validate with no problems against the sim connectors", () => {
    const catalog = new ConnectorRegistry([createFakeConnector(), ...simConnectors(sim.url)]).catalog();
    expect(templates.map((template) => template.key)).toEqual([
      "order-to-cash",
      "procure-to-pay",
      "return-to-refund",
      "inventory-replenishment",
    ]);
    for (const template of templates) {
      const definition = definitionSchema.parse(template.definition);
      expect(template.name).toBe(definition.name);
      expect(template.description.length).toBeGreaterThan(20);
      expect(validateDefinition(definition, catalog), template.key).toEqual([]);
      expect(
        definition.nodes.every((node) => node.position !== undefined),
        template.key,
      ).toBe(true);
    }
  });
});

describe.each(databaseKinds)("reference templates on %s", (kind) => {
  beforeEach(async () => {
    clock = new TestClock();
    await admin.admin.reset.mutate({ seed: true });
    database = await createTestDatabase(kind);
    deps = { db: database.db, now: clock.now };
    for (const person of Object.values(people)) {
      await database.db.user.create({
        data: { id: person.id, name: person.id, email: `${person.id}@example.test` },
      });
    }
    for (const template of templates) await publish(database.db, template.definition);
    worker = testWorker(database.db, kind, clock, registry);
  });

  afterEach(async () => {
    await database.drop();
  });

  describe("order to cash", () => {
    const order = {
      customerEmail: "ada@example.com",
      sku: "SKU-JEANS",
      quantity: 2,
      postcode: "10115",
      cardToken: "tok_visa",
      location: "STORE-1",
      alternateLocation: "WH-1",
    };

    it("reserves, authorizes, picks, ships, captures and invoices, once despite a payments outage", async () => {
      const before = await stockAt("SKU-JEANS", "STORE-1");
      // The first two authorization attempts fall into the outage; the third goes through.
      await outageFor("payments", 1_500);
      const id = await start("order-to-cash", order);

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).not.toContain("reserveAlternate");
      expect(result.path).not.toContain("fraudReview");
      expect(await failures(id)).toEqual(["SIM_OUTAGE", "SIM_OUTAGE"]);

      expect(await stockAt("SKU-JEANS", "STORE-1")).toMatchObject({
        onHand: before.onHand - 2,
        reserved: 0,
      });
      expect(simCount("payments")).toBe(1);
      const payment = await admin.payments.getPayment.query({ paymentId: "PAY-1001" });
      expect(payment).toMatchObject({ status: "captured", authorized: 118, captured: 118 });
      expect(simCount("orders", "status = 'fulfilled'")).toBe(1);
      expect(simCount("reservations", "status = 'shipped' AND location = 'STORE-1'")).toBe(1);
      expect(simCount("shipments")).toBe(1);
      expect(simCount("journal_postings", "amount = 118")).toBe(1);
    });

    it("sends a big-ticket order to fraud review before reserving", async () => {
      const id = await start("order-to-cash", { ...order, sku: "SKU-JACKET", quantity: 20 });
      expect(await openTaskNodes(id)).toEqual(["fraudReview"]);
      expect(simCount("reservations")).toBe(0);
      await decide(id, "fraudReview", people.finance);
      expect(await ended(id)).toMatchObject({ status: "completed", outcome: "completed" });
      expect(simCount("reservations", "status = 'shipped'")).toBe(1);
    });

    it("routes a stockout to the alternate location", async () => {
      await sellOut("SKU-CAP", "STORE-2");
      const id = await start("order-to-cash", {
        ...order,
        sku: "SKU-CAP",
        quantity: 15,
        location: "STORE-2",
      });
      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toEqual(expect.arrayContaining(["reserve", "reserveAlternate", "pick"]));
      expect(simCount("reservations")).toBe(1);
      expect(simCount("reservations", "location = 'WH-1' AND status = 'shipped'")).toBe(1);
    });

    it("routes a stockout at both locations to manual review, which cancels the order", async () => {
      await sellOut("SKU-CAP", "STORE-1");
      const id = await start("order-to-cash", {
        ...order,
        sku: "SKU-CAP",
        quantity: 25,
        location: "STORE-1",
        alternateLocation: "STORE-2",
      });
      expect(await openTaskNodes(id)).toEqual(["stockReview"]);
      await decide(id, "stockReview", people.manager);
      const result = await ended(id);
      expect(result).toMatchObject({ status: "cancelled", outcome: "cancelled" });
      expect(result.path).toEqual(
        expect.arrayContaining(["reserve", "reserveAlternate", "stockReview", "cancelOrder", "cancelled"]),
      );
      expect(simCount("reservations")).toBe(0);
      expect(simCount("payments")).toBe(0);
      expect(simCount("orders", "status = 'cancelled'")).toBe(1);
    });

    it("charges nothing and gives the stock back when the card is declined", async () => {
      const before = await stockAt("SKU-JEANS", "STORE-1");
      const id = await start("order-to-cash", { ...order, cardToken: "tok_decline" });

      const result = await ended(id);
      expect(result).toMatchObject({ status: "cancelled", outcome: "cancelled" });
      expect(result.path).toEqual(
        expect.arrayContaining(["reserve", "authorize", "release", "cancelOrder", "cancelled"]),
      );
      expect(result.path).not.toContain("pick");
      expect(result.path).not.toContain("releaseRest");
      // A decline is a business answer: one attempt, no retries.
      expect(await failures(id)).toEqual(["PAYMENT_DECLINED"]);

      expect(await stockAt("SKU-JEANS", "STORE-1")).toMatchObject({
        onHand: before.onHand,
        reserved: 0,
      });
      expect(simCount("reservations")).toBe(1);
      expect(simCount("reservations", "status = 'released' AND location = 'STORE-1'")).toBe(1);
      expect(simCount("payments")).toBe(0);
      expect(simCount("shipments")).toBe(0);
      expect(simCount("stock_movements")).toBe(0);
      expect(simCount("journal_postings")).toBe(0);
      expect(simCount("orders")).toBe(1);
      expect(simCount("orders", "status = 'cancelled' AND cancel_reason = 'Not fulfilled'")).toBe(1);
    });

    it("cancels an order the fraud review rejects, reserving and charging nothing", async () => {
      const before = await stockAt("SKU-JACKET", "STORE-1");
      const id = await start("order-to-cash", { ...order, sku: "SKU-JACKET", quantity: 20 });
      expect(await openTaskNodes(id)).toEqual(["fraudReview"]);
      await decide(id, "fraudReview", people.finance, "rejected");

      const result = await ended(id);
      expect(result).toMatchObject({ status: "cancelled", outcome: "cancelled" });
      expect(result.path).toEqual([
        "start",
        "createOrder",
        "risk",
        "fraudReview",
        "cancelOrder",
        "cancelled",
      ]);
      expect(await openTaskNodes(id)).toEqual([]);
      expect(await stockAt("SKU-JACKET", "STORE-1")).toMatchObject({
        onHand: before.onHand,
        reserved: 0,
      });
      expect(simCount("reservations")).toBe(0);
      expect(simCount("payments")).toBe(0);
      expect(simCount("shipments")).toBe(0);
      expect(simCount("journal_postings")).toBe(0);
      expect(simCount("orders")).toBe(1);
      expect(simCount("orders", "status = 'cancelled'")).toBe(1);
    });

    describe("partial shipment", () => {
      /** 20 caps are on the shelf at STORE-1; 25 or more make a partial reservation there. */
      const caps = { ...order, sku: "SKU-CAP", location: "STORE-1" };

      it("ships what the store has and the rest from the alternate location, charging and invoicing the order once", async () => {
        const store = await stockAt("SKU-CAP", "STORE-1");
        const warehouse = await stockAt("SKU-CAP", "WH-1");
        // The first two reservation attempts fall into a warehouse outage; the third goes through.
        await outageFor("wms", 1_500);
        const id = await start("order-to-cash", { ...caps, quantity: 25, alternateLocation: "WH-1" });

        const result = await ended(id);
        expect(result).toMatchObject({ status: "completed", outcome: "completed" });
        expect(result.path).toEqual(
          expect.arrayContaining([
            "reserve",
            "reserveRest",
            "ship",
            "shipRest",
            "capture",
            "invoice",
            "done",
          ]),
        );
        expect(result.path).not.toContain("reserveAlternate");
        expect(result.path).not.toContain("stockReview");
        expect(await failures(id)).toEqual(["SIM_OUTAGE", "SIM_OUTAGE"]);

        // 20 leave the store and 5 the warehouse, each in its own parcel.
        expect(await stockAt("SKU-CAP", "STORE-1")).toMatchObject({ onHand: store.onHand - 20, reserved: 0 });
        expect(await stockAt("SKU-CAP", "WH-1")).toMatchObject({ onHand: warehouse.onHand - 5, reserved: 0 });
        expect(simCount("reservations")).toBe(2);
        const lines = (qty: number) => JSON.stringify([{ sku: "SKU-CAP", qty }]);
        expect(
          simCount("reservations", "location = 'STORE-1' AND status = 'shipped' AND lines = ?", lines(20)),
        ).toBe(1);
        expect(
          simCount("reservations", "location = 'WH-1' AND status = 'shipped' AND lines = ?", lines(5)),
        ).toBe(1);
        expect(simCount("stock_movements", "kind = 'pick'")).toBe(2);
        expect(simCount("shipments")).toBe(2);
        expect(
          simCount(
            "reservations JOIN shipments ON shipments.tracking_number = reservations.shipment_ref",
            "shipments.from_location = reservations.location",
          ),
        ).toBe(2);

        // Authorized once for the order total, captured once for everything shipped, invoiced once.
        expect(simCount("payments")).toBe(1);
        expect(await admin.payments.getPayment.query({ paymentId: "PAY-1001" })).toMatchObject({
          status: "captured",
          authorized: 362.5,
          captured: 362.5,
        });
        expect(simCount("journal_postings")).toBe(1);
        expect(simCount("journal_postings", "amount = 362.5")).toBe(1);
        expect(simCount("orders", "status = 'fulfilled'")).toBe(1);
      });

      it("sends a rest the alternate location cannot cover to manual review, which ships and charges only the reserved part", async () => {
        const store = await stockAt("SKU-CAP", "STORE-1");
        const alternate = await stockAt("SKU-CAP", "STORE-2");
        // 35 caps: 20 at STORE-1, and STORE-2 holds 10 of the 15 still needed.
        const id = await start("order-to-cash", { ...caps, quantity: 35, alternateLocation: "STORE-2" });
        expect(await openTaskNodes(id)).toEqual(["stockReview"]);
        // While the review waits, the store's part is held and nothing is charged or shipped.
        expect(await stockAt("SKU-CAP", "STORE-1")).toMatchObject({ onHand: store.onHand, reserved: 20 });
        expect(simCount("payments")).toBe(0);
        expect(simCount("shipments")).toBe(0);

        await decide(id, "stockReview", people.manager);
        const result = await ended(id);
        expect(result).toMatchObject({ status: "completed", outcome: "completed" });
        expect(result.path).toEqual(
          expect.arrayContaining(["reserve", "reserveRest", "stockReview", "authorize", "ship", "capture"]),
        );
        expect(result.path.at(-1)).toBe("partShipped");
        expect(result.path).not.toContain("pickRest");
        expect(result.path).not.toContain("cancelOrder");
        expect(await failures(id)).toEqual(["INSUFFICIENT_STOCK"]);

        expect(await stockAt("SKU-CAP", "STORE-1")).toMatchObject({ onHand: store.onHand - 20, reserved: 0 });
        expect(await stockAt("SKU-CAP", "STORE-2")).toMatchObject({ onHand: alternate.onHand, reserved: 0 });
        expect(simCount("reservations")).toBe(1);
        expect(simCount("reservations", "location = 'STORE-1' AND status = 'shipped'")).toBe(1);
        expect(simCount("shipments")).toBe(1);
        // The card is authorized for the 35 ordered (507.50) and charged for the 20 shipped (290).
        expect(simCount("payments")).toBe(1);
        expect(await admin.payments.getPayment.query({ paymentId: "PAY-1001" })).toMatchObject({
          status: "captured",
          authorized: 507.5,
          captured: 290,
        });
        expect(simCount("journal_postings")).toBe(1);
        expect(simCount("journal_postings", "amount = 290")).toBe(1);
        // The order records what was supplied: partly fulfilled, the rest (15 caps, 217.50) cancelled.
        expect(
          simCount("orders", "status = 'partially_fulfilled' AND cancel_reason = 'Not supplied: 217.5'"),
        ).toBe(1);
      });

      it("leaves a partly reserved order open for manual handling, holding its stock, when the review rejects", async () => {
        const store = await stockAt("SKU-CAP", "STORE-1");
        const id = await start("order-to-cash", { ...caps, quantity: 35, alternateLocation: "STORE-2" });
        await decide(id, "stockReview", people.manager, "rejected");

        const result = await ended(id);
        expect(result).toMatchObject({ status: "failed", outcome: "failed" });
        expect(result.path.at(-1)).toBe("onHold");
        expect(await stockAt("SKU-CAP", "STORE-1")).toMatchObject({ onHand: store.onHand, reserved: 20 });
        expect(simCount("reservations")).toBe(1);
        expect(simCount("reservations", "location = 'STORE-1' AND status = 'reserved'")).toBe(1);
        expect(simCount("payments")).toBe(0);
        expect(simCount("shipments")).toBe(0);
        expect(simCount("orders", "status = 'placed'")).toBe(1);
      });

      it("releases both reservations of a split order when the card is declined", async () => {
        const store = await stockAt("SKU-CAP", "STORE-1");
        const warehouse = await stockAt("SKU-CAP", "WH-1");
        const id = await start("order-to-cash", {
          ...caps,
          quantity: 25,
          alternateLocation: "WH-1",
          cardToken: "tok_decline",
        });

        const result = await ended(id);
        expect(result).toMatchObject({ status: "cancelled", outcome: "cancelled" });
        expect(result.path).toEqual(
          expect.arrayContaining(["reserveRest", "release", "releaseRest", "cancelOrder"]),
        );
        expect(await failures(id)).toEqual(["PAYMENT_DECLINED"]);
        expect(await stockAt("SKU-CAP", "STORE-1")).toMatchObject({ onHand: store.onHand, reserved: 0 });
        expect(await stockAt("SKU-CAP", "WH-1")).toMatchObject({ onHand: warehouse.onHand, reserved: 0 });
        expect(simCount("reservations")).toBe(2);
        expect(simCount("reservations", "status = 'released'")).toBe(2);
        expect(simCount("payments")).toBe(0);
        expect(simCount("shipments")).toBe(0);
        expect(simCount("orders", "status = 'cancelled'")).toBe(1);
      });
    });
  });

  describe("procure to pay", () => {
    const requisition = {
      supplierId: "SUP-1",
      location: "WH-1",
      sku: "SKU-CAP",
      quantity: 100,
      unitPrice: 40,
    };

    async function deliverInvoice(id: string, amount: number) {
      const instance = await getInstance(deps, id);
      const po = (instance.state as { variables: { po: { id: string } } }).variables.po;
      await sendMessage(deps, {
        name: "supplier.invoice",
        correlationKey: po.id,
        payload: { invoiceNumber: "INV-77", amount },
      });
      await settle(id);
      return po.id;
    }

    it("approves by threshold, orders, receives, matches and posts the payable", async () => {
      const before = await stockAt("SKU-CAP", "WH-1");
      const id = await start("procure-to-pay", requisition);
      expect(await openTaskNodes(id)).toEqual(["buyerApproval"]);
      await decide(id, "buyerApproval", people.buyer);
      expect(await openTaskNodes(id)).toEqual([]);
      const poId = await deliverInvoice(id, 4000);

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).not.toContain("financeException");
      const po = await admin.erp.getPurchaseOrder.query({ poId });
      expect(po).toMatchObject({ status: "received", supplierId: "SUP-1", total: 4000 });
      expect((await stockAt("SKU-CAP", "WH-1")).onHand).toBe(before.onHand + 100);
      expect(simCount("purchase_orders")).toBe(1);
      expect(simCount("goods_receipts")).toBe(1);
      expect(simCount("journal_postings", "amount = 4000")).toBe(1);
    });

    it("raises the purchase order and posts the receipt once through an ERP outage", async () => {
      // The first two attempts at the purchase order fall into the outage; the third goes through.
      await outageFor("erp", 1_500);
      const id = await start("procure-to-pay", { ...requisition, quantity: 10, unitPrice: 4 });
      expect(await openTaskNodes(id)).toEqual([]);
      await deliverInvoice(id, 40);

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(await failures(id)).toEqual(["SIM_OUTAGE", "SIM_OUTAGE"]);
      expect(simCount("purchase_orders")).toBe(1);
      expect(simCount("goods_receipts")).toBe(1);
      expect(simCount("invoices")).toBe(1);
      expect(simCount("journal_postings", "amount = 40")).toBe(1);
    });

    it("needs no approval within the limit and a buyer then finance above 10,000", async () => {
      const small = await start("procure-to-pay", { ...requisition, quantity: 10, unitPrice: 4 });
      expect(await openTaskNodes(small)).toEqual([]);
      expect((await ended(small)).path).not.toContain("buyerApproval");

      const large = await start("procure-to-pay", { ...requisition, quantity: 1000 });
      expect(await openTaskNodes(large)).toEqual(["financeApproval"]);
      await decide(large, "financeApproval", people.buyer);
      expect(await openTaskNodes(large)).toEqual(["financeApproval"]);
      await decide(large, "financeApproval", people.finance, "rejected");
      expect(await ended(large)).toMatchObject({ status: "completed", outcome: "rejected" });
      expect(simCount("po_lines", "qty = 1000")).toBe(0);
    });

    it("sends a three-way-match mismatch to the finance exception queue, which credits the variance", async () => {
      const id = await start("procure-to-pay", { ...requisition, quantity: 10 });
      await decideIfOpen(id);
      await deliverInvoice(id, 430);
      expect(await openTaskNodes(id)).toEqual(["financeException"]);
      expect(simCount("journal_postings")).toBe(0);

      await decide(id, "financeException", people.finance);
      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toEqual(
        expect.arrayContaining(["match", "financeException", "creditMemo", "payable"]),
      );
      expect(simCount("credit_memos", "amount = 30")).toBe(1);
      expect(simCount("invoices")).toBe(1);
      expect(simCount("journal_postings", "amount = 400")).toBe(1);
    });

    async function decideIfOpen(id: string) {
      if ((await openTaskNodes(id)).includes("buyerApproval"))
        await decide(id, "buyerApproval", people.buyer);
    }
  });

  describe("return to refund", () => {
    /** A captured card payment for an order of `qty` of `sku`, as a return would follow. */
    async function paidOrder(sku: string, qty: number) {
      const order = await admin.commerce.createOrder.mutate({
        idempotencyKey: `order-${sku}-${qty}`,
        customerEmail: "ada@example.com",
        lines: [{ sku, qty }],
      });
      const payment = await admin.payments.authorize.mutate({
        idempotencyKey: `auth-${order.id}`,
        orderRef: order.id,
        amount: order.total,
      });
      await admin.payments.capture.mutate({ idempotencyKey: `capture-${order.id}`, paymentId: payment.id });
      return { ids: { orderId: order.id, paymentId: payment.id }, total: order.total };
    }

    it("inspects, refunds to the card and restocks resellable goods", async () => {
      const paid = await paidOrder("SKU-JEANS", 1);
      const before = await stockAt("SKU-JEANS", "STORE-1");
      const id = await start("return-to-refund", {
        ...paid.ids,
        paymentMethod: "card",
        sku: "SKU-JEANS",
        quantity: 1,
        amount: paid.total,
        location: "STORE-1",
      });
      expect(await openTaskNodes(id)).toEqual(["inspect"]);
      await decide(id, "inspect", people.manager, "approved", { condition: "resellable" });

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toEqual(expect.arrayContaining(["refundCard", "restock"]));
      expect(result.path).not.toContain("highValue");
      expect(await admin.payments.getPayment.query({ paymentId: paid.ids.paymentId })).toMatchObject({
        status: "refunded",
        refunded: 59,
      });
      expect((await stockAt("SKU-JEANS", "STORE-1")).onHand).toBe(before.onHand + 1);
      expect(simCount("refunds")).toBe(0);
    });

    it("refunds the card once when the payment provider is down as the inspection passes", async () => {
      const paid = await paidOrder("SKU-SNEAKER", 1);
      const id = await start("return-to-refund", {
        ...paid.ids,
        paymentMethod: "card",
        sku: "SKU-SNEAKER",
        quantity: 1,
        amount: paid.total,
        location: "STORE-1",
      });
      await outageFor("payments", 1_500);
      await decide(id, "inspect", people.manager, "approved", { condition: "damaged" });

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toContain("refundCard");
      expect(result.path).not.toContain("restock");
      expect(await failures(id)).toEqual(["SIM_OUTAGE", "SIM_OUTAGE"]);
      expect(await admin.payments.getPayment.query({ paymentId: paid.ids.paymentId })).toMatchObject({
        status: "refunded",
        refunded: 79,
      });
    });

    it("needs a store manager's approval for a high-value return and refunds store credit on the order", async () => {
      const paid = await paidOrder("SKU-JACKET", 3);
      const id = await start("return-to-refund", {
        ...paid.ids,
        paymentMethod: "store-credit",
        sku: "SKU-JACKET",
        quantity: 3,
        amount: paid.total,
        location: "WH-1",
      });
      expect(await openTaskNodes(id)).toEqual(["highValue"]);
      await decide(id, "highValue", people.manager);
      expect(await openTaskNodes(id)).toEqual(["inspect"]);
      await decide(id, "inspect", people.manager, "approved", { condition: "damaged" });

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toEqual(expect.arrayContaining(["highValue", "inspect", "refundCredit"]));
      expect(result.path).not.toContain("restock");
      expect(simCount("refunds", "amount = ?", paid.total)).toBe(1);
      expect(simCount("stock_movements")).toBe(0);
      expect(await admin.payments.getPayment.query({ paymentId: paid.ids.paymentId })).toMatchObject({
        refunded: 0,
      });
    });

    it("refuses a high-value return the store manager rejects, refunding nothing", async () => {
      const paid = await paidOrder("SKU-JACKET", 2);
      const id = await start("return-to-refund", {
        ...paid.ids,
        paymentMethod: "card",
        sku: "SKU-JACKET",
        quantity: 2,
        amount: paid.total,
        location: "WH-1",
      });
      await decide(id, "highValue", people.manager, "rejected");
      expect(await ended(id)).toMatchObject({ status: "completed", outcome: "rejected" });
      expect(await admin.payments.getPayment.query({ paymentId: paid.ids.paymentId })).toMatchObject({
        refunded: 0,
      });
    });

    it("refunds and restocks nothing when the inspection refuses the return", async () => {
      const paid = await paidOrder("SKU-JEANS", 1);
      const before = await stockAt("SKU-JEANS", "STORE-1");
      const id = await start("return-to-refund", {
        ...paid.ids,
        paymentMethod: "card",
        sku: "SKU-JEANS",
        quantity: 1,
        amount: paid.total,
        location: "STORE-1",
      });
      expect(await openTaskNodes(id)).toEqual(["inspect"]);
      await decide(id, "inspect", people.manager, "rejected");

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "rejected" });
      expect(result.path).toEqual(["start", "authorization", "inspect", "refused"]);
      expect(await admin.payments.getPayment.query({ paymentId: paid.ids.paymentId })).toMatchObject({
        status: "captured",
        captured: paid.total,
        refunded: 0,
      });
      expect(simCount("refunds")).toBe(0);
      expect(simCount("orders", "refunded = 0")).toBe(1);
      expect(simCount("stock_movements")).toBe(0);
      expect((await stockAt("SKU-JEANS", "STORE-1")).onHand).toBe(before.onHand);
    });
  });

  describe("inventory to replenishment", () => {
    const signal = {
      sku: "SKU-SNEAKER",
      location: "STORE-2",
      reorderPoint: 15,
      targetStock: 40,
      primarySupplier: "SUP-1",
      secondarySupplier: "SUP-2",
    };

    it("proposes a replenishment below the reorder point and orders it from the preferred supplier", async () => {
      const id = await start("inventory-replenishment", signal);
      expect(await openTaskNodes(id)).toEqual(["buyerApproval"]);
      expect((await getInstance(deps, id)).state).toMatchObject({ variables: { proposedQty: 30 } });
      await decide(id, "buyerApproval", people.buyer);

      expect(await ended(id)).toMatchObject({ status: "completed", outcome: "completed" });
      expect(simCount("purchase_orders")).toBe(1);
      expect(simCount("purchase_orders", "supplier_id = 'SUP-1' AND status = 'acknowledged'")).toBe(1);
      expect(simCount("po_lines", "qty = 30")).toBe(1);
    });

    it("orders nothing when stock is above the reorder point", async () => {
      const id = await start("inventory-replenishment", { ...signal, reorderPoint: 5 });
      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toContain("sufficient");
      expect(simCount("purchase_orders")).toBe(0);
    });

    it("falls back to the second supplier when the preferred supplier's portal is in an outage", async () => {
      const id = await start("inventory-replenishment", signal);
      await outageFor("supplier", 10 * 60_000);
      await decide(id, "buyerApproval", people.buyer);

      const result = await ended(id);
      expect(result).toMatchObject({ status: "completed", outcome: "completed" });
      expect(result.path).toEqual(
        expect.arrayContaining(["acknowledge", "createFallbackPo", "acknowledgeFallback", "ordered"]),
      );
      // Three attempts at the preferred supplier (about three minutes), then the second supplier's
      // acknowledgement retries with a longer backoff until the ten-minute outage is over.
      expect(await failures(id)).toEqual(Array(5).fill("SIM_OUTAGE"));
      expect(simCount("purchase_orders")).toBe(2);
      expect(simCount("purchase_orders", "supplier_id = 'SUP-1' AND status = 'open'")).toBe(1);
      expect(simCount("purchase_orders", "supplier_id = 'SUP-2' AND status = 'acknowledged'")).toBe(1);
    });
  });
});
