// The simulated parcel carrier: shipments with a tracking number and a history of tracking events,
// which the carrier adds as the parcel moves (admin.advanceShipment plays the carrier's part).
import type { z } from "zod";
import { carrierInputs, type shipmentSchema, trackingStatuses, type SimSystem } from "./contract";
import { nextId, type SimDb } from "./db";
import { once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "carrier";
const procedure = systemProcedure(system);

type Shipment = z.infer<typeof shipmentSchema>;

/** The shipment with its events, oldest first; UNKNOWN_SHIPMENT when there is none. */
export function requireShipment(db: SimDb, trackingNumber: string): Shipment {
  const row = db
    .prepare<
      [string],
      {
        tracking_number: string;
        order_ref: string;
        service: string;
        from_location: string;
        to_postcode: string;
        status: string;
      }
    >("SELECT * FROM shipments WHERE tracking_number = ?")
    .get(trackingNumber);
  if (!row) throw new SimError("UNKNOWN_SHIPMENT", `No shipment ${trackingNumber}`);
  const events = db
    .prepare<[string], { status: string; location: string; at: string }>(
      "SELECT status, location, at FROM tracking_events WHERE tracking_number = ? ORDER BY seq",
    )
    .all(trackingNumber);
  return {
    trackingNumber: row.tracking_number,
    orderRef: row.order_ref,
    service: row.service,
    fromLocation: row.from_location,
    toPostcode: row.to_postcode,
    status: row.status,
    events,
  };
}

/** Appends a tracking event and makes it the shipment's status. */
export function addTrackingEvent(
  db: SimDb,
  trackingNumber: string,
  event: { status: string; location: string; at: string },
): void {
  db.prepare(
    `INSERT INTO tracking_events (tracking_number, seq, status, location, at)
     VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tracking_events WHERE tracking_number = ?), ?, ?, ?)`,
  ).run(trackingNumber, trackingNumber, event.status, event.location, event.at);
  db.prepare("UPDATE shipments SET status = ? WHERE tracking_number = ?").run(event.status, trackingNumber);
}

/** The status after `status` in the carrier's sequence, or null once delivered. */
export function nextTrackingStatus(status: string): string | null {
  const index = trackingStatuses.indexOf(status as (typeof trackingStatuses)[number]);
  return index >= 0 && index < trackingStatuses.length - 1 ? trackingStatuses[index + 1]! : null;
}

export const carrierRouter = router({
  createShipment: procedure.input(carrierInputs.createShipment).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const trackingNumber = nextId(ctx.db, "TRK");
      const at = ctx.now().toISOString();
      ctx.db
        .prepare(
          `INSERT INTO shipments (tracking_number, order_ref, service, from_location, to_postcode, status, created_at)
           VALUES (?, ?, ?, ?, ?, 'label_created', ?)`,
        )
        .run(trackingNumber, input.orderRef, input.service, input.fromLocation, input.toPostcode, at);
      addTrackingEvent(ctx.db, trackingNumber, { status: "label_created", location: input.fromLocation, at });
      return requireShipment(ctx.db, trackingNumber);
    }),
  ),

  track: procedure
    .input(carrierInputs.track)
    .query(({ ctx, input }) => requireShipment(ctx.db, input.trackingNumber)),
});
