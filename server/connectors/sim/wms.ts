// The warehouse connector (id "wms"): reserve stock for an order (all or nothing, or what is there
// with the shortfall), release, pick and ship the reservation, and receive stock that arrives
// without a purchase order.
import { reservationSchema, reserveResultSchema, stockMovementSchema, wmsInputs } from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The WMS connector over `client`. */
export function wmsConnector(client: SimClient): Connector {
  const reservationOutput = reservationSchema;
  return defineConnector({
    id: "wms",
    name: "Warehouse (simulated)",
    version: "1.0.0",
    description: "Stock reservations, picking, shipping and receiving per location.",
    operations: {
      reserve: simOperation(client, {
        name: "Reserve stock",
        description:
          "Reserves every line at one location, or none (lines: [{sku, qty}]); with allowPartial, " +
          "what the location has, answering the rest as shortfall ([{sku, qty}], empty when all was there).",
        input: wmsInputs.reserve.omit({ idempotencyKey: true }),
        output: reserveResultSchema,
        errors: ["UNKNOWN_ITEM", "INSUFFICIENT_STOCK"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.wms.reserve.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      release: simOperation(client, {
        name: "Release reservation",
        description: "Gives a reservation's stock back (compensation for reserve).",
        input: wmsInputs.release.omit({ idempotencyKey: true }),
        output: reservationOutput,
        errors: ["UNKNOWN_RESERVATION", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.wms.release.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      pick: simOperation(client, {
        name: "Pick reservation",
        description: "Takes a reservation's stock off the shelf.",
        input: wmsInputs.pick.omit({ idempotencyKey: true }),
        output: reservationOutput,
        errors: ["UNKNOWN_RESERVATION", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.wms.pick.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      ship: simOperation(client, {
        name: "Ship reservation",
        description: "Marks a picked reservation as shipped, optionally with the carrier's tracking number.",
        input: wmsInputs.ship.omit({ idempotencyKey: true }),
        output: reservationOutput,
        errors: ["UNKNOWN_RESERVATION", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.wms.ship.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      receive: simOperation(client, {
        name: "Receive stock",
        description:
          "Adds stock at a location (returns, transfers; purchase orders use the ERP's goods receipt).",
        input: wmsInputs.receive.omit({ idempotencyKey: true }),
        output: stockMovementSchema,
        errors: ["UNKNOWN_ITEM"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.wms.receive.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      getReservation: simOperation(client, {
        name: "Get reservation",
        description: "A reservation with its status and lines.",
        input: wmsInputs.getReservation,
        output: reservationOutput,
        errors: ["UNKNOWN_RESERVATION"],
        mutation: false,
        call: (c, input, { signal }) => c.wms.getReservation.query(input, { signal }),
      }),
    },
  });
}
