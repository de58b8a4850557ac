// The simulated warehouse: reservations of stock for an order at one location (all lines or none, or
// on request what is there, with the shortfall reported), released, or picked (stock leaves the shelf)
// and then shipped, and receipts of stock without a purchase order (returns, transfers).
import type { z } from "zod";
import { type reserveResultSchema, reservationSchema, wmsInputs, type SimSystem } from "./contract";
import type { SimDb } from "./db";
import { nextId } from "./db";
import { mergeLines, moveStock, requireItem, stockOf } from "./erp";
import { once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "wms";
const procedure = systemProcedure(system);

type Reservation = z.infer<typeof reservationSchema>;
type ReserveResult = z.infer<typeof reserveResultSchema>;
type SkuQty = Reservation["lines"][number];

function requireReservation(db: SimDb, reservationId: string): Reservation {
  const row = db
    .prepare<
      [string],
      {
        id: string;
        order_ref: string;
        location: string;
        status: Reservation["status"];
        lines: string;
        shipment_ref: string | null;
      }
    >("SELECT * FROM reservations WHERE id = ?")
    .get(reservationId);
  if (!row) throw new SimError("UNKNOWN_RESERVATION", `No reservation ${reservationId}`);
  return reservationSchema.parse({
    id: row.id,
    orderRef: row.order_ref,
    location: row.location,
    status: row.status,
    lines: JSON.parse(row.lines) as unknown,
    shipmentRef: row.shipment_ref,
  });
}

function requireStatus(reservation: Reservation, allowed: Reservation["status"], action: string): void {
  if (reservation.status !== allowed)
    throw new SimError(
      "INVALID_STATE",
      `Reservation ${reservation.id} is ${reservation.status}; cannot ${action}`,
    );
}

function setStatus(db: SimDb, id: string, status: Reservation["status"], shipmentRef?: string): void {
  db.prepare("UPDATE reservations SET status = ?, shipment_ref = COALESCE(?, shipment_ref) WHERE id = ?").run(
    status,
    shipmentRef ?? null,
    id,
  );
}

function addReserved(db: SimDb, reservation: Reservation, sign: 1 | -1): void {
  const update = db.prepare("UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND location = ?");
  for (const line of reservation.lines) update.run(sign * line.qty, line.sku, reservation.location);
}

export const wmsRouter = router({
  reserve: procedure.input(wmsInputs.reserve).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, (): ReserveResult => {
      const lines: SkuQty[] = [];
      const shortfall: SkuQty[] = [];
      for (const line of mergeLines(input.lines)) {
        requireItem(ctx.db, line.sku);
        const available = stockOf(ctx.db, line.sku, input.location)[0]?.available ?? 0;
        if (available < line.qty && !input.allowPartial)
          throw new SimError(
            "INSUFFICIENT_STOCK",
            `${line.qty} × ${line.sku} asked at ${input.location}, ${available} available`,
          );
        const qty = Math.min(line.qty, available);
        if (qty > 0) lines.push({ sku: line.sku, qty });
        if (qty < line.qty) shortfall.push({ sku: line.sku, qty: line.qty - qty });
      }
      // A reservation of nothing would be a record without effect: a full stockout stays an error.
      if (lines.length === 0)
        throw new SimError(
          "INSUFFICIENT_STOCK",
          `None of ${shortfall.map((line) => `${line.qty} × ${line.sku}`).join(", ")} is available at ${input.location}`,
        );
      const id = nextId(ctx.db, "RES");
      ctx.db
        .prepare(
          "INSERT INTO reservations (id, order_ref, location, status, lines, created_at) VALUES (?, ?, ?, 'reserved', ?, ?)",
        )
        .run(id, input.orderRef, input.location, JSON.stringify(lines), ctx.now().toISOString());
      const reservation = requireReservation(ctx.db, id);
      addReserved(ctx.db, reservation, 1);
      return { ...reservation, shortfall };
    }),
  ),

  release: procedure.input(wmsInputs.release).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const reservation = requireReservation(ctx.db, input.reservationId);
      requireStatus(reservation, "reserved", "release");
      addReserved(ctx.db, reservation, -1);
      setStatus(ctx.db, reservation.id, "released");
      return requireReservation(ctx.db, reservation.id);
    }),
  ),

  pick: procedure.input(wmsInputs.pick).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const reservation = requireReservation(ctx.db, input.reservationId);
      requireStatus(reservation, "reserved", "pick");
      addReserved(ctx.db, reservation, -1);
      const at = ctx.now().toISOString();
      for (const line of reservation.lines)
        moveStock(ctx.db, {
          sku: line.sku,
          location: reservation.location,
          qty: -line.qty,
          kind: "pick",
          reference: reservation.id,
          at,
        });
      setStatus(ctx.db, reservation.id, "picked");
      return requireReservation(ctx.db, reservation.id);
    }),
  ),

  ship: procedure.input(wmsInputs.ship).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const reservation = requireReservation(ctx.db, input.reservationId);
      requireStatus(reservation, "picked", "ship");
      setStatus(ctx.db, reservation.id, "shipped", input.shipmentRef);
      return requireReservation(ctx.db, reservation.id);
    }),
  ),

  receive: procedure.input(wmsInputs.receive).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const stock = moveStock(ctx.db, {
        sku: input.sku,
        location: input.location,
        qty: input.qty,
        kind: "receive",
        reference: input.reference,
        at: ctx.now().toISOString(),
      });
      return { sku: input.sku, location: input.location, qty: input.qty, reference: input.reference, stock };
    }),
  ),

  getReservation: procedure
    .input(wmsInputs.getReservation)
    .query(({ ctx, input }) => requireReservation(ctx.db, input.reservationId)),
});
