// The supplier portal connector (id "supplier"): purchase order acknowledgements and advance
// shipping notices on the simulated supplier portal.
import { z } from "zod";
import { asnSchema, purchaseOrderSchema, supplierInputs } from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The supplier portal connector over `client`. */
export function supplierConnector(client: SimClient): Connector {
  return defineConnector({
    id: "supplier",
    name: "Supplier portal (simulated)",
    version: "1.0.0",
    description: "Purchase order acknowledgements and advance shipping notices (ASN).",
    operations: {
      acknowledgePurchaseOrder: simOperation(client, {
        name: "Acknowledge purchase order",
        description: "The supplier accepts (or, with accept false, rejects) an open purchase order.",
        input: supplierInputs.acknowledgePurchaseOrder.omit({ idempotencyKey: true }),
        output: purchaseOrderSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.supplier.acknowledgePurchaseOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      sendAsn: simOperation(client, {
        name: "Send advance shipping notice",
        description:
          "Announces a delivery against an acknowledged purchase order (outstanding lines by default).",
        input: supplierInputs.sendAsn.omit({ idempotencyKey: true }),
        output: asnSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.supplier.sendAsn.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      listAsns: simOperation(client, {
        name: "List advance shipping notices",
        description: "Every ASN sent for a purchase order.",
        input: supplierInputs.listAsns,
        output: z.object({ poId: z.string(), asns: z.array(asnSchema) }),
        errors: ["UNKNOWN_PURCHASE_ORDER"],
        mutation: false,
        call: (c, input, { signal }) => c.supplier.listAsns.query(input, { signal }),
      }),
    },
  });
}
