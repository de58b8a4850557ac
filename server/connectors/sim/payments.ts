// The payments connector (id "payments"): authorize, capture and refund card payments at the
// simulated payment service provider.
import { paymentSchema, paymentsInputs } from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The payments connector over `client`. */
export function paymentsConnector(client: SimClient): Connector {
  return defineConnector({
    id: "payments",
    name: "Payments (simulated)",
    version: "1.0.0",
    description: 'Card payments: authorize, capture, refund (cardToken "tok_decline" is declined).',
    operations: {
      authorize: simOperation(client, {
        name: "Authorize payment",
        description: "Reserves an amount on the customer's card.",
        input: paymentsInputs.authorize.omit({ idempotencyKey: true }),
        output: paymentSchema,
        errors: ["PAYMENT_DECLINED"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.payments.authorize.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      capture: simOperation(client, {
        name: "Capture payment",
        description: "Charges an authorized payment (the whole authorization unless an amount is given).",
        input: paymentsInputs.capture.omit({ idempotencyKey: true }),
        output: paymentSchema,
        errors: ["UNKNOWN_PAYMENT", "INVALID_STATE", "AMOUNT_EXCEEDS_AUTHORIZATION"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.payments.capture.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      refund: simOperation(client, {
        name: "Refund payment",
        description: "Pays back part or all of a captured payment.",
        input: paymentsInputs.refund.omit({ idempotencyKey: true }),
        output: paymentSchema,
        errors: ["UNKNOWN_PAYMENT", "INVALID_STATE", "AMOUNT_EXCEEDS_CAPTURE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.payments.refund.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      getPayment: simOperation(client, {
        name: "Get payment",
        description: "A payment with its authorized, captured and refunded amounts.",
        input: paymentsInputs.getPayment,
        output: paymentSchema,
        errors: ["UNKNOWN_PAYMENT"],
        mutation: false,
        call: (c, input, { signal }) => c.payments.getPayment.query(input, { signal }),
      }),
    },
  });
}
