// The simulated commerce platform: customer orders priced from the ERP's item prices, their
// fulfilment, cancellation, and refunds up to what was charged.
import type { z } from "zod";
import { commerceInputs, orderSchema, type SimSystem } from "./contract";
import { nextId, type SimDb } from "./db";
import { mergeLines, requireItem } from "./erp";
import { cents, once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "commerce";
const procedure = systemProcedure(system);

type Order = z.infer<typeof orderSchema>;

function requireOrder(db: SimDb, orderId: string): Order {
  const row = db
    .prepare<
      [string],
      {
        id: string;
        customer_email: string;
        status: Order["status"];
        currency: string;
        total: number;
        refunded: number;
        lines: string;
        cancel_reason: string | null;
      }
    >("SELECT * FROM orders WHERE id = ?")
    .get(orderId);
  if (!row) throw new SimError("UNKNOWN_ORDER", `No order ${orderId}`);
  return orderSchema.parse({
    id: row.id,
    customerEmail: row.customer_email,
    status: row.status,
    currency: row.currency,
    total: row.total,
    refunded: row.refunded,
    lines: JSON.parse(row.lines) as unknown,
    cancelReason: row.cancel_reason,
  });
}

export const commerceRouter = router({
  createOrder: procedure.input(commerceInputs.createOrder).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const lines = mergeLines(input.lines).map((line) => ({
        ...line,
        unitPrice: requireItem(ctx.db, line.sku).unit_price,
      }));
      const total = cents(lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0));
      const id = nextId(ctx.db, "ORD");
      ctx.db
        .prepare(
          "INSERT INTO orders (id, customer_email, status, currency, total, lines, created_at) VALUES (?, ?, 'placed', ?, ?, ?, ?)",
        )
        .run(id, input.customerEmail, input.currency, total, JSON.stringify(lines), ctx.now().toISOString());
      return requireOrder(ctx.db, id);
    }),
  ),

  getOrder: procedure
    .input(commerceInputs.getOrder)
    .query(({ ctx, input }) => requireOrder(ctx.db, input.orderId)),

  cancelOrder: procedure.input(commerceInputs.cancelOrder).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const order = requireOrder(ctx.db, input.orderId);
      if (order.status !== "placed")
        throw new SimError(
          "INVALID_STATE",
          `Order ${order.id} is ${order.status}; only placed orders can be cancelled`,
        );
      ctx.db
        .prepare("UPDATE orders SET status = 'cancelled', cancel_reason = ? WHERE id = ?")
        .run(input.reason, order.id);
      return requireOrder(ctx.db, order.id);
    }),
  ),

  fulfillOrder: procedure.input(commerceInputs.fulfillOrder).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const order = requireOrder(ctx.db, input.orderId);
      if (order.status !== "placed")
        throw new SimError("INVALID_STATE", `Order ${order.id} is ${order.status}; cannot fulfil it`);
      const amount = input.amount === undefined ? order.total : cents(input.amount);
      if (amount > order.total)
        throw new SimError(
          "AMOUNT_EXCEEDS_ORDER",
          `${amount} shipped exceeds the order total ${order.total} of ${order.id}`,
        );
      // What was not shipped is cancelled: the order stays partially fulfilled for the record.
      ctx.db
        .prepare("UPDATE orders SET status = ?, cancel_reason = ? WHERE id = ?")
        .run(
          amount < order.total ? "partially_fulfilled" : "fulfilled",
          amount < order.total ? `Not supplied: ${cents(order.total - amount)}` : null,
          order.id,
        );
      return requireOrder(ctx.db, order.id);
    }),
  ),

  refundOrder: procedure.input(commerceInputs.refundOrder).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const order = requireOrder(ctx.db, input.orderId);
      const amount = cents(input.amount);
      const left = cents(order.total - order.refunded);
      if (amount > left)
        throw new SimError(
          "AMOUNT_EXCEEDS_ORDER",
          `${amount} exceeds the ${left} left to refund on ${order.id}`,
        );
      const refunded = cents(order.refunded + amount);
      ctx.db
        .prepare(
          "UPDATE orders SET refunded = ?, status = CASE WHEN ? >= total THEN 'refunded' ELSE status END WHERE id = ?",
        )
        .run(refunded, refunded, order.id);
      const id = nextId(ctx.db, "RF");
      ctx.db
        .prepare("INSERT INTO refunds (id, order_id, amount, reason, at) VALUES (?, ?, ?, ?, ?)")
        .run(id, order.id, amount, input.reason, ctx.now().toISOString());
      return { id, orderId: order.id, amount, reason: input.reason, order: requireOrder(ctx.db, order.id) };
    }),
  ),
});
