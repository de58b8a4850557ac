// The simulated retail estate's API: one sub-router per system, plus `faults` (latency, error rate
// and outage windows per system) and `admin` (reset, demo seed, moving parcels along). Clients use
// the SimRouter type with createTRPCClient.
import { z } from "zod";
import { faultsInputs, simSystems, type FaultSettings, type SimSystem } from "./contract";
import { carrierRouter, addTrackingEvent, nextTrackingStatus, requireShipment } from "./carrier";
import { commerceRouter } from "./commerce";
import { resetSimDb, seedSimDb } from "./db";
import { erpRouter } from "./erp";
import { paymentsRouter } from "./payments";
import { supplierRouter } from "./supplier";
import { controlProcedure, readFaults, router, SimError, writeFaults } from "./trpc";
import { wmsRouter } from "./wms";

function faultsOf(db: Parameters<typeof readFaults>[0], system?: SimSystem): Record<string, FaultSettings> {
  const systems = system ? [system] : simSystems;
  return Object.fromEntries(systems.map((name) => [name, readFaults(db, name)]));
}

const faultsRouter = router({
  /** Changes the given settings of one system, keeping the others. */
  set: controlProcedure.input(faultsInputs.set).mutation(({ ctx, input }) => {
    const current = readFaults(ctx.db, input.system);
    const next: FaultSettings = {
      latencyMs: input.latencyMs ?? current.latencyMs,
      errorRate: input.errorRate ?? current.errorRate,
      outages: input.outages ?? current.outages,
    };
    writeFaults(ctx.db, input.system, next);
    return { system: input.system, ...next };
  }),
  get: controlProcedure.input(faultsInputs.get).query(({ ctx, input }) => faultsOf(ctx.db, input.system)),
  /** Removes every fault of one system, or of all of them. */
  clear: controlProcedure.input(faultsInputs.clear).mutation(({ ctx, input }) => {
    if (input.system) ctx.db.prepare("DELETE FROM faults WHERE system = ?").run(input.system);
    else ctx.db.exec("DELETE FROM faults");
    return faultsOf(ctx.db, input.system);
  }),
});

const adminRouter = router({
  /** Deletes every record, seen idempotency key and fault; with `seed`, loads the demo data again. */
  reset: controlProcedure
    .input(z.object({ seed: z.boolean().default(true) }).default({ seed: true }))
    .mutation(({ ctx, input }) => {
      resetSimDb(ctx.db);
      return { reset: true, seeded: input.seed ? seedSimDb(ctx.db) : null };
    }),
  /** Loads the demo items, stock and suppliers (existing stock rows are kept). */
  seed: controlProcedure.mutation(({ ctx }) => seedSimDb(ctx.db)),
  /**
   * The newest fulfilled orders with their captured card payment (newest first): what a returns
   * desk looks up, and what `npm run demo:traffic` returns goods against.
   */
  recentSales: controlProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(20) }).default({ limit: 20 }))
    .query(({ ctx, input }) =>
      ctx.db
        .prepare<
          [number],
          { orderId: string; total: number; lines: string; paymentId: string | null; refunded: number }
        >(
          `SELECT o.id AS orderId, o.total AS total, o.lines AS lines, o.refunded AS refunded,
                  (SELECT p.id FROM payments p WHERE p.order_ref = o.id AND p.status = 'captured'
                   ORDER BY p.created_at DESC LIMIT 1) AS paymentId
             FROM orders o WHERE o.status = 'fulfilled' ORDER BY o.created_at DESC, o.id DESC LIMIT ?`,
        )
        .all(input.limit)
        .map((row) => ({
          ...row,
          lines: JSON.parse(row.lines) as { sku: string; qty: number; unitPrice?: number }[],
        })),
    ),
  /** Plays the carrier: moves a shipment to its next tracking status. */
  advanceShipment: controlProcedure
    .input(z.object({ trackingNumber: z.string().min(1), location: z.string().min(1).default("HUB-1") }))
    .mutation(({ ctx, input }) => {
      const shipment = requireShipment(ctx.db, input.trackingNumber);
      const status = nextTrackingStatus(shipment.status);
      if (!status)
        throw new SimError("INVALID_STATE", `Shipment ${shipment.trackingNumber} is ${shipment.status}`);
      addTrackingEvent(ctx.db, shipment.trackingNumber, {
        status,
        location: input.location,
        at: ctx.now().toISOString(),
      });
      return requireShipment(ctx.db, shipment.trackingNumber);
    }),
});

export const simRouter = router({
  erp: erpRouter,
  wms: wmsRouter,
  commerce: commerceRouter,
  payments: paymentsRouter,
  carrier: carrierRouter,
  supplier: supplierRouter,
  faults: faultsRouter,
  admin: adminRouter,
});

export type SimRouter = typeof simRouter;
