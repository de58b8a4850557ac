// The simulated ERP: items and stock per location, purchase orders with lines, goods receipts against
// them (which add stock), supplier invoices, the three-way match of the three, journal postings and
// credit memos.
import { type z } from "zod";
import {
  erpInputs,
  goodsReceiptSchema,
  itemSchema,
  type purchaseOrderSchema,
  type stockRowSchema,
  type SimSystem,
} from "./contract";
import { nextId, type SimDb } from "./db";
import { cents, once, router, SimError, systemProcedure } from "./trpc";

const system: SimSystem = "erp";
const procedure = systemProcedure(system);

type StockRow = z.infer<typeof stockRowSchema>;
type PurchaseOrder = z.infer<typeof purchaseOrderSchema>;

interface ItemRow {
  sku: string;
  name: string;
  unit_price: number;
  unit_cost: number;
}

/** The item with `sku`; UNKNOWN_ITEM when there is none. */
export function requireItem(db: SimDb, sku: string): ItemRow {
  const row = db.prepare<[string], ItemRow>("SELECT * FROM items WHERE sku = ?").get(sku);
  if (!row) throw new SimError("UNKNOWN_ITEM", `No item ${sku}`);
  return row;
}

/** Stock rows of `sku` (at `location` only, when given). */
export function stockOf(db: SimDb, sku: string, location?: string): StockRow[] {
  const rows = db
    .prepare<
      [string, string | null, string | null],
      { sku: string; location: string; on_hand: number; reserved: number }
    >("SELECT * FROM stock WHERE sku = ? AND (? IS NULL OR location = ?) ORDER BY location")
    .all(sku, location ?? null, location ?? null);
  return rows.map((row) => ({
    sku: row.sku,
    location: row.location,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
  }));
}

/** Adds `qty` (may be negative) to the stock on hand of `sku` at `location`, and records the movement. */
export function moveStock(
  db: SimDb,
  move: { sku: string; location: string; qty: number; kind: string; reference: string; at: string },
): StockRow {
  requireItem(db, move.sku);
  // An upsert would check the CHECK constraint against the would-be new row (negative on hand), so
  // stock leaving a location is an update of the row that must exist.
  if (move.qty < 0) {
    const changed = db
      .prepare("UPDATE stock SET on_hand = on_hand + ? WHERE sku = ? AND location = ?")
      .run(move.qty, move.sku, move.location).changes;
    if (changed === 0) throw new SimError("UNKNOWN_LOCATION", `No stock of ${move.sku} at ${move.location}`);
  } else {
    db.prepare(
      `INSERT INTO stock (sku, location, on_hand) VALUES (?, ?, ?)
       ON CONFLICT(sku, location) DO UPDATE SET on_hand = on_hand + excluded.on_hand`,
    ).run(move.sku, move.location, move.qty);
  }
  db.prepare(
    "INSERT INTO stock_movements (sku, location, qty, kind, reference, at) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(move.sku, move.location, move.qty, move.kind, move.reference, move.at);
  return stockOf(db, move.sku, move.location)[0]!;
}

/** Sums quantities of repeated SKUs, keeping the first occurrence's order. */
export function mergeLines<Line extends { sku: string; qty: number }>(lines: Line[]): Line[] {
  const merged = new Map<string, Line>();
  for (const line of lines) {
    const existing = merged.get(line.sku);
    merged.set(line.sku, existing ? { ...existing, qty: existing.qty + line.qty } : { ...line });
  }
  return [...merged.values()];
}

/** The purchase order `poId`; UNKNOWN_PURCHASE_ORDER when there is none. */
export function requirePurchaseOrder(db: SimDb, poId: string): PurchaseOrder {
  const row = db
    .prepare<
      [string],
      {
        id: string;
        supplier_id: string;
        location: string;
        status: PurchaseOrder["status"];
        currency: string;
        expected_date: string | null;
      }
    >("SELECT * FROM purchase_orders WHERE id = ?")
    .get(poId);
  if (!row) throw new SimError("UNKNOWN_PURCHASE_ORDER", `No purchase order ${poId}`);
  const lines = db
    .prepare<[string], { sku: string; qty: number; unit_price: number; received: number }>(
      "SELECT sku, qty, unit_price, received FROM po_lines WHERE po_id = ? ORDER BY rowid",
    )
    .all(poId)
    .map((line) => ({ sku: line.sku, qty: line.qty, unitPrice: line.unit_price, received: line.received }));
  return {
    id: row.id,
    supplierId: row.supplier_id,
    location: row.location,
    status: row.status,
    currency: row.currency,
    total: cents(lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0)),
    expectedDate: row.expected_date,
    lines,
  };
}

/** The lines of `po` still to be received. */
export function outstandingLines(po: PurchaseOrder): { sku: string; qty: number }[] {
  return po.lines
    .filter((line) => line.received < line.qty)
    .map((line) => ({ sku: line.sku, qty: line.qty - line.received }));
}

interface InvoiceRow {
  id: string;
  po_id: string;
  supplier_id: string;
  invoice_number: string;
  amount: number;
  credited: number;
  posted_at: string;
}

function invoiceOut(row: InvoiceRow) {
  return {
    id: row.id,
    poId: row.po_id,
    supplierId: row.supplier_id,
    invoiceNumber: row.invoice_number,
    amount: row.amount,
    credited: row.credited,
    postedAt: row.posted_at,
  };
}

export const erpRouter = router({
  getItem: procedure.input(erpInputs.getItem).query(({ ctx, input }) => {
    const item = requireItem(ctx.db, input.sku);
    return itemSchema.parse({
      sku: item.sku,
      name: item.name,
      unitPrice: item.unit_price,
      unitCost: item.unit_cost,
      stock: stockOf(ctx.db, item.sku),
    });
  }),

  getStock: procedure.input(erpInputs.getStock).query(({ ctx, input }) => {
    requireItem(ctx.db, input.sku);
    const rows = stockOf(ctx.db, input.sku, input.location);
    if (input.location && rows.length === 0)
      throw new SimError("UNKNOWN_LOCATION", `No stock of ${input.sku} is kept at ${input.location}`);
    return { sku: input.sku, rows };
  }),

  createPurchaseOrder: procedure.input(erpInputs.createPurchaseOrder).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const supplier = ctx.db.prepare("SELECT id FROM suppliers WHERE id = ?").get(input.supplierId);
      if (!supplier) throw new SimError("UNKNOWN_SUPPLIER", `No supplier ${input.supplierId}`);
      const lines = mergeLines(input.lines).map((line) => ({
        ...line,
        unitPrice: line.unitPrice ?? requireItem(ctx.db, line.sku).unit_cost,
      }));
      for (const line of lines) requireItem(ctx.db, line.sku);
      const id = nextId(ctx.db, "PO");
      ctx.db
        .prepare(
          "INSERT INTO purchase_orders (id, supplier_id, location, status, currency, created_at) VALUES (?, ?, ?, 'open', ?, ?)",
        )
        .run(id, input.supplierId, input.location, input.currency, ctx.now().toISOString());
      const insertLine = ctx.db.prepare(
        "INSERT INTO po_lines (po_id, sku, qty, unit_price) VALUES (?, ?, ?, ?)",
      );
      for (const line of lines) insertLine.run(id, line.sku, line.qty, line.unitPrice);
      return requirePurchaseOrder(ctx.db, id);
    }),
  ),

  getPurchaseOrder: procedure
    .input(erpInputs.getPurchaseOrder)
    .query(({ ctx, input }) => requirePurchaseOrder(ctx.db, input.poId)),

  postGoodsReceipt: procedure.input(erpInputs.postGoodsReceipt).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const po = requirePurchaseOrder(ctx.db, input.poId);
      if (!["open", "acknowledged", "partially_received"].includes(po.status))
        throw new SimError("INVALID_STATE", `Purchase order ${po.id} is ${po.status}`);
      const lines = mergeLines(input.lines ?? outstandingLines(po));
      const at = ctx.now().toISOString();
      const id = nextId(ctx.db, "GR");
      let amount = 0;
      for (const line of lines) {
        const ordered = po.lines.find((candidate) => candidate.sku === line.sku);
        if (!ordered || ordered.received + line.qty > ordered.qty)
          throw new SimError(
            "RECEIPT_EXCEEDS_ORDER",
            `${line.qty} × ${line.sku} exceeds what is outstanding on ${po.id}`,
          );
        amount += line.qty * ordered.unitPrice;
        ctx.db
          .prepare("UPDATE po_lines SET received = received + ? WHERE po_id = ? AND sku = ?")
          .run(line.qty, po.id, line.sku);
        moveStock(ctx.db, { ...line, location: po.location, kind: "goods_receipt", reference: id, at });
      }
      const after = requirePurchaseOrder(ctx.db, po.id);
      const status = outstandingLines(after).length === 0 ? "received" : "partially_received";
      ctx.db.prepare("UPDATE purchase_orders SET status = ? WHERE id = ?").run(status, po.id);
      ctx.db
        .prepare(
          "INSERT INTO goods_receipts (id, po_id, location, lines, amount, received_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(id, po.id, po.location, JSON.stringify(lines), cents(amount), at);
      return goodsReceiptSchema.parse({ id, poId: po.id, location: po.location, lines, receivedAt: at });
    }),
  ),

  postInvoice: procedure.input(erpInputs.postInvoice).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const po = requirePurchaseOrder(ctx.db, input.poId);
      if (po.status === "rejected")
        throw new SimError("INVALID_STATE", `Purchase order ${po.id} was rejected`);
      const duplicate = ctx.db
        .prepare("SELECT id FROM invoices WHERE supplier_id = ? AND invoice_number = ?")
        .get(po.supplierId, input.invoiceNumber);
      if (duplicate)
        throw new SimError("DUPLICATE_INVOICE", `Invoice ${input.invoiceNumber} was already posted`);
      const id = nextId(ctx.db, "INV");
      ctx.db
        .prepare(
          "INSERT INTO invoices (id, po_id, supplier_id, invoice_number, amount, posted_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(id, po.id, po.supplierId, input.invoiceNumber, cents(input.amount), ctx.now().toISOString());
      return invoiceOut(ctx.db.prepare<[string], InvoiceRow>("SELECT * FROM invoices WHERE id = ?").get(id)!);
    }),
  ),

  threeWayMatch: procedure.input(erpInputs.threeWayMatch).query(({ ctx, input }) => {
    const po = requirePurchaseOrder(ctx.db, input.poId);
    const receipts = ctx.db
      .prepare<[string], { id: string; amount: number }>(
        "SELECT id, amount FROM goods_receipts WHERE po_id = ? ORDER BY received_at, id",
      )
      .all(po.id);
    const invoices = ctx.db
      .prepare<[string], InvoiceRow>("SELECT * FROM invoices WHERE po_id = ? ORDER BY posted_at, id")
      .all(po.id);
    const receivedAmount = cents(receipts.reduce((sum, row) => sum + row.amount, 0));
    const invoicedAmount = cents(invoices.reduce((sum, row) => sum + row.amount - row.credited, 0));
    const variance = cents(invoicedAmount - receivedAmount);
    return {
      poId: po.id,
      orderedAmount: po.total,
      receivedAmount,
      invoicedAmount,
      variance,
      matched: invoices.length > 0 && Math.abs(variance) <= input.tolerance,
      fullyReceived: outstandingLines(po).length === 0,
      receipts: receipts.map((row) => row.id),
      invoices: invoices.map((row) => row.id),
    };
  }),

  postJournal: procedure.input(erpInputs.postJournal).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const id = nextId(ctx.db, "JE");
      const postedAt = ctx.now().toISOString();
      const amount = cents(input.amount);
      ctx.db
        .prepare(
          `INSERT INTO journal_postings (id, debit_account, credit_account, amount, currency, reference, memo, posted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.debitAccount,
          input.creditAccount,
          amount,
          input.currency,
          input.reference,
          input.memo,
          postedAt,
        );
      return {
        id,
        debitAccount: input.debitAccount,
        creditAccount: input.creditAccount,
        amount,
        currency: input.currency,
        reference: input.reference,
        memo: input.memo,
        postedAt,
      };
    }),
  ),

  issueCreditMemo: procedure.input(erpInputs.issueCreditMemo).mutation(({ ctx, input, path }) =>
    once(ctx, system, path, input.idempotencyKey, () => {
      const invoice = ctx.db
        .prepare<[string], InvoiceRow>("SELECT * FROM invoices WHERE id = ?")
        .get(input.invoiceId);
      if (!invoice) throw new SimError("UNKNOWN_INVOICE", `No invoice ${input.invoiceId}`);
      const amount = cents(input.amount);
      if (amount > cents(invoice.amount - invoice.credited))
        throw new SimError(
          "AMOUNT_EXCEEDS_INVOICE",
          `${amount} exceeds the ${cents(invoice.amount - invoice.credited)} left on ${invoice.id}`,
        );
      const id = nextId(ctx.db, "CM");
      const issuedAt = ctx.now().toISOString();
      ctx.db.prepare("UPDATE invoices SET credited = credited + ? WHERE id = ?").run(amount, invoice.id);
      ctx.db
        .prepare(
          "INSERT INTO credit_memos (id, invoice_id, amount, reason, issued_at) VALUES (?, ?, ?, ?, ?)",
        )
        .run(id, invoice.id, amount, input.reason, issuedAt);
      return { id, invoiceId: invoice.id, amount, reason: input.reason, issuedAt };
    }),
  ),
});
