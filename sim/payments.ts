// The simulated payment service provider: authorizations (declined for the token "tok_decline" and
// above a limit), one capture up to the authorized amount, and refunds up to what was captured.
import type { z } from "zod";
import { PAYMENT_LIMIT, type paymentSchema, paymentsInputs, type SimSystem } from "./contract";
import { nextId, type SimDb } from "./db";
import { cents, once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "payments";
const procedure = systemProcedure(system);

type Payment = z.infer<typeof paymentSchema>;

function requirePayment(db: SimDb, paymentId: string): Payment {
  const row = db
    .prepare<
      [string],
      {
        id: string;
        order_ref: string;
        status: Payment["status"];
        currency: string;
        authorized: number;
        captured: number;
        refunded: number;
      }
    >("SELECT * FROM payments WHERE id = ?")
    .get(paymentId);
  if (!row) throw new SimError("UNKNOWN_PAYMENT", `No payment ${paymentId}`);
  return {
    id: row.id,
    orderRef: row.order_ref,
    status: row.status,
    currency: row.currency,
    authorized: row.authorized,
    captured: row.captured,
    refunded: row.refunded,
  };
}

export const paymentsRouter = router({
  authorize: procedure.input(paymentsInputs.authorize).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const amount = cents(input.amount);
      if (input.cardToken === "tok_decline") throw new SimError("PAYMENT_DECLINED", "The card was declined");
      if (amount > PAYMENT_LIMIT)
        throw new SimError("PAYMENT_DECLINED", `${amount} is above the card's limit of ${PAYMENT_LIMIT}`);
      const id = nextId(ctx.db, "PAY");
      ctx.db
        .prepare(
          "INSERT INTO payments (id, order_ref, status, currency, authorized, created_at) VALUES (?, ?, 'authorized', ?, ?, ?)",
        )
        .run(id, input.orderRef, input.currency, amount, ctx.now().toISOString());
      return requirePayment(ctx.db, id);
    }),
  ),

  capture: procedure.input(paymentsInputs.capture).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const payment = requirePayment(ctx.db, input.paymentId);
      if (payment.status !== "authorized")
        throw new SimError(
          "INVALID_STATE",
          `Payment ${payment.id} is ${payment.status}; only one capture is allowed`,
        );
      const amount = cents(input.amount ?? payment.authorized);
      if (amount > payment.authorized)
        throw new SimError(
          "AMOUNT_EXCEEDS_AUTHORIZATION",
          `${amount} exceeds the ${payment.authorized} authorized on ${payment.id}`,
        );
      ctx.db
        .prepare("UPDATE payments SET status = 'captured', captured = ? WHERE id = ?")
        .run(amount, payment.id);
      return requirePayment(ctx.db, payment.id);
    }),
  ),

  refund: procedure.input(paymentsInputs.refund).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const payment = requirePayment(ctx.db, input.paymentId);
      if (payment.status === "authorized")
        throw new SimError("INVALID_STATE", `Payment ${payment.id} was not captured`);
      const amount = cents(input.amount);
      const left = cents(payment.captured - payment.refunded);
      if (amount > left)
        throw new SimError(
          "AMOUNT_EXCEEDS_CAPTURE",
          `${amount} exceeds the ${left} left to refund on ${payment.id}`,
        );
      const refunded = cents(payment.refunded + amount);
      ctx.db
        .prepare("UPDATE payments SET refunded = ?, status = ? WHERE id = ?")
        .run(refunded, refunded >= payment.captured ? "refunded" : "partially_refunded", payment.id);
      return requirePayment(ctx.db, payment.id);
    }),
  ),

  getPayment: procedure
    .input(paymentsInputs.getPayment)
    .query(({ ctx, input }) => requirePayment(ctx.db, input.paymentId)),
});
