// The carrier connector (id "carrier"): book parcel shipments and read their tracking events at the
// simulated carrier.
import { carrierInputs, shipmentSchema } from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The carrier connector over `client`. */
export function carrierConnector(client: SimClient): Connector {
  return defineConnector({
    id: "carrier",
    name: "Carrier (simulated)",
    version: "1.0.0",
    description: "Parcel shipments and their tracking events.",
    operations: {
      createShipment: simOperation(client, {
        name: "Create shipment",
        description: "Books a parcel and returns its tracking number.",
        input: carrierInputs.createShipment.omit({ idempotencyKey: true }),
        output: shipmentSchema,
        errors: [],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.carrier.createShipment.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      track: simOperation(client, {
        name: "Track shipment",
        description: "A shipment's current status and every tracking event so far.",
        input: carrierInputs.track,
        output: shipmentSchema,
        errors: ["UNKNOWN_SHIPMENT"],
        mutation: false,
        call: (c, input, { signal }) => c.carrier.track.query(input, { signal }),
      }),
    },
  });
}
