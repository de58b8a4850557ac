// The simulated retail estate end to end: the simulator runs in-process on a free port with its own
// SQLite file, and every call goes through the typed connectors and a ConnectorRegistry, as a worker's
// would. The simulator's clock is offset by the test to step past outage windows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JsonObject } from "@/engine";
import { ConnectorRegistry } from "@/server/connectors/registry";
import { createSimClient, simConnectors } from "@/server/connectors/sim";
import type { ConnectorResult } from "@/server/connectors/types";
import { startSim, type RunningSim } from "@/sim/server";

let dir: string;
let sim: RunningSim;
let registry: ConnectorRegistry;
let admin: ReturnType<typeof createSimClient>;
let clockOffsetMs = 0;
let keys = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "omniflow-sim-"));
  sim = await startSim({
    port: 0,
    file: path.join(dir, "sim.db"),
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  registry = new ConnectorRegistry(simConnectors(sim.url));
  admin = createSimClient(sim.url);
});

afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  clockOffsetMs = 0;
  await admin.admin.reset.mutate({ seed: true });
});

/** A fresh idempotency key, as the engine would give one step execution. */
function key(): string {
  keys += 1;
  return `instance-1:node-${keys}:1`;
}

function call(
  connector: string,
  operation: string,
  input: JsonObject,
  options: { idempotencyKey?: string; timeoutMs?: number } = {},
): Promise<ConnectorResult> {
  return registry.call(connector, operation, input, {
    idempotencyKey: options.idempotencyKey ?? key(),
    attempt: 1,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
}

/** The output of a call that must succeed. */
async function ok(connector: string, operation: string, input: JsonObject, idempotencyKey?: string) {
  const result = await call(connector, operation, input, { idempotencyKey });
  if (!result.ok) throw new Error(`${connector}.${operation} failed: ${result.code} ${result.message}`);
  return result.output as Record<string, unknown> & JsonObject;
}

async function stockAt(sku: string, location: string) {
  const { rows } = (await ok("erp", "getStock", { sku, location })) as unknown as {
    rows: { onHand: number; reserved: number; available: number }[];
  };
  return rows[0]!;
}

describe("simulated retail estate", () => {
  it("offers the six systems as connectors with declared errors", () => {
    const catalog = registry.catalog().connectors.map((connector) => connector.id);
    expect(catalog).toEqual(["erp", "wms", "commerce", "payments", "carrier", "supplier"]);
    const reserve = registry.list().find((connector) => connector.id === "wms")!.operations.reserve!;
    expect(reserve.inputs).toEqual([
      { name: "orderRef", required: true },
      { name: "location", required: true },
      { name: "lines", required: true },
      { name: "allowPartial", required: false },
    ]);
    expect(reserve.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "INSUFFICIENT_STOCK", retryable: false }),
        expect.objectContaining({ code: "SIM_OUTAGE", retryable: true }),
        expect.objectContaining({ code: "SIM_UNAVAILABLE", retryable: true }),
      ]),
    );
  });

  it("runs an order to cash: order, reserve, authorize, capture, pick, ship, track", async () => {
    const before = await stockAt("SKU-JEANS", "STORE-1");
    const order = await ok("commerce", "createOrder", {
      customerEmail: "ada@example.com",
      lines: [{ sku: "SKU-JEANS", qty: 2 }],
    });
    expect(order).toMatchObject({ status: "placed", total: 118, currency: "EUR" });

    const reservation = await ok("wms", "reserve", {
      orderRef: order.id as string,
      location: "STORE-1",
      lines: [{ sku: "SKU-JEANS", qty: 2 }],
    });
    expect(await stockAt("SKU-JEANS", "STORE-1")).toMatchObject({
      onHand: before.onHand,
      reserved: 2,
      available: before.available - 2,
    });

    const payment = await ok("payments", "authorize", { orderRef: order.id as string, amount: 118 });
    expect(payment).toMatchObject({ status: "authorized", authorized: 118 });
    expect(await ok("payments", "capture", { paymentId: payment.id as string })).toMatchObject({
      status: "captured",
      captured: 118,
    });

    await ok("wms", "pick", { reservationId: reservation.id as string });
    expect(await stockAt("SKU-JEANS", "STORE-1")).toMatchObject({ onHand: before.onHand - 2, reserved: 0 });

    const shipment = await ok("carrier", "createShipment", {
      orderRef: order.id as string,
      fromLocation: "STORE-1",
      toPostcode: "10115",
    });
    const shipped = await ok("wms", "ship", {
      reservationId: reservation.id as string,
      shipmentRef: shipment.trackingNumber as string,
    });
    expect(shipped).toMatchObject({ status: "shipped", shipmentRef: shipment.trackingNumber });
    expect(await ok("commerce", "fulfillOrder", { orderId: order.id as string })).toMatchObject({
      status: "fulfilled",
    });

    await admin.admin.advanceShipment.mutate({ trackingNumber: shipment.trackingNumber as string });
    const tracked = await ok("carrier", "track", { trackingNumber: shipment.trackingNumber as string });
    expect(tracked.status).toBe("picked_up");
    expect((tracked.events as { status: string }[]).map((event) => event.status)).toEqual([
      "label_created",
      "picked_up",
    ]);
  });

  it("runs procure to pay: purchase order, acknowledgement, ASN, receipt, invoice, three-way match", async () => {
    const before = await stockAt("SKU-CAP", "WH-1");
    const po = await ok("erp", "createPurchaseOrder", {
      supplierId: "SUP-1",
      location: "WH-1",
      lines: [{ sku: "SKU-CAP", qty: 100 }],
    });
    expect(po).toMatchObject({ status: "open", total: 400 });
    await ok("supplier", "acknowledgePurchaseOrder", { poId: po.id as string, expectedDate: "2026-12-01" });
    const asn = await ok("supplier", "sendAsn", { poId: po.id as string, expectedAt: "2026-12-01" });
    expect(asn.lines).toEqual([{ sku: "SKU-CAP", qty: 100 }]);
    await ok("erp", "postGoodsReceipt", { poId: po.id as string });
    expect((await stockAt("SKU-CAP", "WH-1")).onHand).toBe(before.onHand + 100);

    const invoice = await ok("erp", "postInvoice", {
      poId: po.id as string,
      invoiceNumber: "NT-77",
      amount: 410,
    });
    expect(await ok("erp", "threeWayMatch", { poId: po.id as string })).toMatchObject({
      receivedAmount: 400,
      invoicedAmount: 410,
      variance: 10,
      matched: false,
      fullyReceived: true,
    });
    await ok("erp", "issueCreditMemo", {
      invoiceId: invoice.id as string,
      amount: 10,
      reason: "Price difference",
    });
    expect(await ok("erp", "threeWayMatch", { poId: po.id as string })).toMatchObject({ matched: true });
    expect(
      await ok("erp", "postJournal", {
        debitAccount: "5000",
        creditAccount: "2000",
        amount: 400,
        reference: po.id as string,
      }),
    ).toMatchObject({ amount: 400, currency: "EUR" });
  });

  it("carries out a repeated call with the same idempotency key once and answers the same", async () => {
    const input = { orderRef: "ORD-X", location: "STORE-2", lines: [{ sku: "SKU-CAP", qty: 3 }] };
    const sameKey = key();
    const first = await call("wms", "reserve", input, { idempotencyKey: sameKey });
    const second = await call("wms", "reserve", input, { idempotencyKey: sameKey });
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect((await stockAt("SKU-CAP", "STORE-2")).reserved).toBe(3);

    const another = await call("wms", "reserve", input);
    expect(another.ok && another.output).not.toEqual(first.ok && first.output);
    expect((await stockAt("SKU-CAP", "STORE-2")).reserved).toBe(6);

    expect(
      await call(
        "wms",
        "receive",
        { sku: "SKU-CAP", location: "STORE-2", qty: 1, reference: "R" },
        {
          idempotencyKey: sameKey,
        },
      ),
    ).toMatchObject({ ok: false, code: "IDEMPOTENCY_KEY_REUSED", retryable: false });
  });

  it("reserves what a location has when partial is allowed, answering the shortfall, once per key", async () => {
    const input = {
      orderRef: "ORD-SPLIT",
      location: "STORE-2",
      lines: [
        { sku: "SKU-CAP", qty: 15 },
        { sku: "SKU-JEANS", qty: 4 },
      ],
      allowPartial: true,
    };
    const stepKey = key();
    const first = await ok("wms", "reserve", input, stepKey);
    expect(first).toMatchObject({
      orderRef: "ORD-SPLIT",
      location: "STORE-2",
      status: "reserved",
      lines: [
        { sku: "SKU-CAP", qty: 10 },
        { sku: "SKU-JEANS", qty: 4 },
      ],
      shortfall: [{ sku: "SKU-CAP", qty: 5 }],
    });
    expect(await stockAt("SKU-CAP", "STORE-2")).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    expect(await stockAt("SKU-JEANS", "STORE-2")).toMatchObject({ reserved: 4, available: 6 });
    // The reservation holds what was reserved; the shortfall belongs to the answer only.
    expect(await ok("wms", "getReservation", { reservationId: first.id as string })).toEqual({
      id: first.id,
      orderRef: "ORD-SPLIT",
      location: "STORE-2",
      status: "reserved",
      lines: first.lines,
      shipmentRef: null,
    });

    // The shortfall reserved at another location, all or nothing by default, with nothing short.
    const rest = await ok("wms", "reserve", {
      orderRef: "ORD-SPLIT",
      location: "WH-1",
      lines: first.shortfall!,
    });
    expect(rest).toMatchObject({ location: "WH-1", lines: [{ sku: "SKU-CAP", qty: 5 }], shortfall: [] });
    expect((await stockAt("SKU-CAP", "WH-1")).reserved).toBe(5);

    // Nothing left at the location: even a partial reservation is a stockout, and changes nothing.
    expect(await call("wms", "reserve", { ...input, lines: [{ sku: "SKU-CAP", qty: 1 }] })).toMatchObject({
      ok: false,
      code: "INSUFFICIENT_STOCK",
      retryable: false,
    });
    // Without allowPartial a line the location cannot cover in full fails the whole call.
    expect(
      await call("wms", "reserve", {
        orderRef: "ORD-X",
        location: "STORE-2",
        lines: [
          { sku: "SKU-JEANS", qty: 1 },
          { sku: "SKU-CAP", qty: 1 },
        ],
      }),
    ).toMatchObject({ ok: false, code: "INSUFFICIENT_STOCK", retryable: false });
    expect((await stockAt("SKU-JEANS", "STORE-2")).reserved).toBe(4);

    // A repeat of the first call answers the first answer, though the stock has changed since.
    expect(await ok("wms", "reserve", input, stepKey)).toEqual(first);
    expect(await stockAt("SKU-CAP", "STORE-2")).toMatchObject({ reserved: 10 });
    expect(await stockAt("SKU-JEANS", "STORE-2")).toMatchObject({ reserved: 4 });
    expect((sim.db.prepare("SELECT COUNT(*) AS n FROM reservations").get() as { n: number }).n).toBe(2);
  });

  it("fulfils an order in part when the amount shipped is below its total, recording the rest as cancelled", async () => {
    const order = await ok("commerce", "createOrder", {
      customerEmail: "ada@example.com",
      lines: [{ sku: "SKU-CAP", qty: 4 }],
    });
    expect(order.total).toBe(58);
    expect(
      await call("commerce", "fulfillOrder", { orderId: order.id as string, amount: 58.01 }),
    ).toMatchObject({ ok: false, code: "AMOUNT_EXCEEDS_ORDER", retryable: false });
    expect(await ok("commerce", "getOrder", { orderId: order.id as string })).toMatchObject({
      status: "placed",
    });
    expect(await ok("commerce", "fulfillOrder", { orderId: order.id as string, amount: 29 })).toMatchObject({
      status: "partially_fulfilled",
      cancelReason: "Not supplied: 29",
    });
    const full = await ok("commerce", "createOrder", {
      customerEmail: "ada@example.com",
      lines: [{ sku: "SKU-CAP", qty: 1 }],
    });
    expect(await ok("commerce", "fulfillOrder", { orderId: full.id as string, amount: 14.5 })).toMatchObject({
      status: "fulfilled",
      cancelReason: null,
    });
  });

  it("answers business errors with their code, not retryable, and without effect", async () => {
    expect(
      await call("wms", "reserve", {
        orderRef: "O",
        location: "STORE-1",
        lines: [{ sku: "SKU-CAP", qty: 21 }],
      }),
    ).toMatchObject({ ok: false, code: "INSUFFICIENT_STOCK", retryable: false });
    expect((await stockAt("SKU-CAP", "STORE-1")).reserved).toBe(0);
    expect(
      await call("wms", "reserve", {
        orderRef: "O",
        location: "STORE-1",
        lines: [{ sku: "SKU-NOPE", qty: 1 }],
      }),
    ).toMatchObject({ ok: false, code: "UNKNOWN_ITEM", retryable: false });
    expect(
      await call("payments", "authorize", { orderRef: "O", amount: 5, cardToken: "tok_decline" }),
    ).toMatchObject({
      ok: false,
      code: "PAYMENT_DECLINED",
      retryable: false,
    });
    const payment = await ok("payments", "authorize", { orderRef: "O", amount: 50 });
    expect(await call("payments", "capture", { paymentId: payment.id as string, amount: 60 })).toMatchObject({
      ok: false,
      code: "AMOUNT_EXCEEDS_AUTHORIZATION",
      retryable: false,
    });
    expect(await call("wms", "reserve", { orderRef: "O", location: "STORE-1" })).toMatchObject({
      ok: false,
      code: "INPUT_INVALID",
      retryable: false,
    });
  });

  it("fails every call with a retryable SIM_UNAVAILABLE at error rate 1, without effect", async () => {
    await admin.faults.set.mutate({ system: "payments", errorRate: 1 });
    const retryKey = key();
    expect(
      await call("payments", "authorize", { orderRef: "O", amount: 5 }, { idempotencyKey: retryKey }),
    ).toMatchObject({
      ok: false,
      code: "SIM_UNAVAILABLE",
      retryable: true,
    });
    expect((await call("erp", "getItem", { sku: "SKU-CAP" })).ok).toBe(true);
    await admin.faults.clear.mutate({ system: "payments" });
    const retried = await ok("payments", "authorize", { orderRef: "O", amount: 5 }, retryKey);
    expect(retried.id).toBe("PAY-1001");
  });

  it("fails calls in an outage window with SIM_OUTAGE; a retry after it ends takes effect once", async () => {
    const now = Date.now();
    await admin.faults.set.mutate({
      system: "wms",
      outages: [{ from: new Date(now - 1_000).toISOString(), to: new Date(now + 60_000).toISOString() }],
    });
    const input = { orderRef: "ORD-OUT", location: "WH-1", lines: [{ sku: "SKU-JACKET", qty: 5 }] };
    const stepKey = key();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await call("wms", "reserve", input, { idempotencyKey: stepKey })).toMatchObject({
        ok: false,
        code: "SIM_OUTAGE",
        retryable: true,
      });
    }
    expect((await stockAt("SKU-JACKET", "WH-1")).reserved).toBe(0);
    expect((await call("erp", "getItem", { sku: "SKU-JACKET" })).ok).toBe(true);

    clockOffsetMs = 61_000;
    const after = await call("wms", "reserve", input, { idempotencyKey: stepKey });
    const again = await call("wms", "reserve", input, { idempotencyKey: stepKey });
    expect(after).toMatchObject({ ok: true });
    expect(again).toEqual(after);
    expect((await stockAt("SKU-JACKET", "WH-1")).reserved).toBe(5);
  });

  it("turns latency above the call's timeout into TIMEOUT; the retry takes effect once", async () => {
    await admin.faults.set.mutate({ system: "wms", latencyMs: 400 });
    expect(await admin.faults.get.query({ system: "wms" })).toMatchObject({ wms: { latencyMs: 400 } });
    const input = { orderRef: "ORD-SLOW", location: "WH-1", lines: [{ sku: "SKU-TSHIRT", qty: 4 }] };
    const stepKey = key();
    expect(await call("wms", "reserve", input, { idempotencyKey: stepKey, timeoutMs: 100 })).toMatchObject({
      ok: false,
      code: "TIMEOUT",
      retryable: true,
    });
    await admin.faults.clear.mutate({});
    // The slow first attempt may or may not have gone through; either way the stock moves once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await call("wms", "reserve", input, { idempotencyKey: stepKey })).toMatchObject({ ok: true });
    expect((await stockAt("SKU-TSHIRT", "WH-1")).reserved).toBe(4);
  });

  it("answers a retryable SIM_UNREACHABLE when the simulator cannot be reached", async () => {
    const offline = new ConnectorRegistry(simConnectors("http://127.0.0.1:9"));
    expect(
      await offline.call(
        "carrier",
        "track",
        { trackingNumber: "TRK-1" },
        { idempotencyKey: key(), attempt: 1, timeoutMs: 5_000 },
      ),
    ).toMatchObject({ ok: false, code: "SIM_UNREACHABLE", retryable: true });
  });
});
