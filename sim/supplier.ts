// The simulated supplier portal: the supplier accepts or rejects a purchase order (with an expected
// date) and announces deliveries with advance shipping notices.
import { asnSchema, supplierInputs, type SimSystem } from "./contract";
import { nextId } from "./db";
import { mergeLines, outstandingLines, requirePurchaseOrder } from "./erp";
import { once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "supplier";
const procedure = systemProcedure(system);

export const supplierRouter = router({
  acknowledgePurchaseOrder: procedure
    .input(supplierInputs.acknowledgePurchaseOrder)
    .mutation(({ ctx, input, path }) =>
      once(ctx, system, path, input.idempotencyKey, () => {
        const po = requirePurchaseOrder(ctx.db, input.poId);
        if (po.status !== "open")
          throw new SimError("INVALID_STATE", `Purchase order ${po.id} is ${po.status}, not open`);
        ctx.db
          .prepare("UPDATE purchase_orders SET status = ?, expected_date = ? WHERE id = ?")
          .run(input.accept ? "acknowledged" : "rejected", input.expectedDate ?? null, po.id);
        return requirePurchaseOrder(ctx.db, po.id);
      }),
    ),

  sendAsn: procedure.input(supplierInputs.sendAsn).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const po = requirePurchaseOrder(ctx.db, input.poId);
      if (po.status !== "acknowledged" && po.status !== "partially_received")
        throw new SimError("INVALID_STATE", `Purchase order ${po.id} is ${po.status}; acknowledge it first`);
      const lines = mergeLines(input.lines ?? outstandingLines(po));
      const id = nextId(ctx.db, "ASN");
      ctx.db
        .prepare(
          "INSERT INTO asns (id, po_id, supplier_id, expected_at, lines, sent_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(id, po.id, po.supplierId, input.expectedAt, JSON.stringify(lines), ctx.now().toISOString());
      return asnSchema.parse({
        id,
        poId: po.id,
        supplierId: po.supplierId,
        expectedAt: input.expectedAt,
        lines,
      });
    }),
  ),

  listAsns: procedure.input(supplierInputs.listAsns).query(({ ctx, input }) => {
    const po = requirePurchaseOrder(ctx.db, input.poId);
    const rows = ctx.db
      .prepare<
        [string],
        { id: string; po_id: string; supplier_id: string; expected_at: string; lines: string }
      >("SELECT * FROM asns WHERE po_id = ? ORDER BY sent_at, id")
      .all(po.id);
    return {
      poId: po.id,
      asns: rows.map((row) =>
        asnSchema.parse({
          id: row.id,
          poId: row.po_id,
          supplierId: row.supplier_id,
          expectedAt: row.expected_at,
          lines: JSON.parse(row.lines) as unknown,
        }),
      ),
    };
  }),
});
