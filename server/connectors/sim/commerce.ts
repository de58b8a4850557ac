// The commerce connector (id "commerce"): customer orders, their fulfilment, cancellation and refunds
// on the simulated commerce platform.
import { commerceInputs, orderSchema, refundSchema } from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The commerce connector over `client`. */
export function commerceConnector(client: SimClient): Connector {
  return defineConnector({
    id: "commerce",
    name: "Commerce (simulated)",
    version: "1.0.0",
    description: "Customer orders: create, read, fulfil, cancel and refund.",
    operations: {
      createOrder: simOperation(client, {
        name: "Create order",
        description: "An order priced from the item prices (lines: [{sku, qty}]).",
        input: commerceInputs.createOrder.omit({ idempotencyKey: true }),
        output: orderSchema,
        errors: ["UNKNOWN_ITEM"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.commerce.createOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      getOrder: simOperation(client, {
        name: "Get order",
        description: "An order with its status, total and refunded amount.",
        input: commerceInputs.getOrder,
        output: orderSchema,
        errors: ["UNKNOWN_ORDER"],
        mutation: false,
        call: (c, input, { signal }) => c.commerce.getOrder.query(input, { signal }),
      }),
      cancelOrder: simOperation(client, {
        name: "Cancel order",
        description: "Cancels a placed order, with a reason.",
        input: commerceInputs.cancelOrder.omit({ idempotencyKey: true }),
        output: orderSchema,
        errors: ["UNKNOWN_ORDER", "INVALID_STATE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.commerce.cancelOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      fulfillOrder: simOperation(client, {
        name: "Fulfil order",
        description:
          "Marks a placed order as fulfilled; with `amount` below its total, as partially fulfilled (the rest is cancelled).",
        input: commerceInputs.fulfillOrder.omit({ idempotencyKey: true }),
        output: orderSchema,
        errors: ["UNKNOWN_ORDER", "INVALID_STATE", "AMOUNT_EXCEEDS_ORDER"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.commerce.fulfillOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      refundOrder: simOperation(client, {
        name: "Refund order",
        description: "Refunds part or all of an order's total.",
        input: commerceInputs.refundOrder.omit({ idempotencyKey: true }),
        output: refundSchema,
        errors: ["UNKNOWN_ORDER", "AMOUNT_EXCEEDS_ORDER"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.commerce.refundOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
    },
  });
}
