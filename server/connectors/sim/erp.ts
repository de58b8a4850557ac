// The ERP connector (id "erp"): items and stock, purchase orders, goods receipts, supplier invoices,
// the three-way match, journal postings and credit memos in the simulated ERP.
import { z } from "zod";
import {
  creditMemoSchema,
  erpInputs,
  goodsReceiptSchema,
  invoiceSchema,
  itemSchema,
  journalPostingSchema,
  purchaseOrderSchema,
  stockRowSchema,
  threeWayMatchSchema,
} from "@/sim/contract";
import { defineConnector } from "../sdk";
import type { Connector } from "../types";
import { simOperation, type SimClient } from "./client";

/** The ERP connector over `client`. */
export function erpConnector(client: SimClient): Connector {
  return defineConnector({
    id: "erp",
    name: "ERP (simulated)",
    version: "1.0.0",
    description:
      "Items, stock per location, purchase orders, goods receipts, invoices, journal and credit memos.",
    operations: {
      getItem: simOperation(client, {
        name: "Get item",
        description: "An item with its price, cost and stock at every location.",
        input: erpInputs.getItem,
        output: itemSchema,
        errors: ["UNKNOWN_ITEM"],
        mutation: false,
        call: (c, input, { signal }) => c.erp.getItem.query(input, { signal }),
      }),
      getStock: simOperation(client, {
        name: "Get stock",
        description: "Stock on hand, reserved and available of an item (at one location when given).",
        input: erpInputs.getStock,
        output: z.object({ sku: z.string(), rows: z.array(stockRowSchema) }),
        errors: ["UNKNOWN_ITEM", "UNKNOWN_LOCATION"],
        mutation: false,
        call: (c, input, { signal }) => c.erp.getStock.query(input, { signal }),
      }),
      createPurchaseOrder: simOperation(client, {
        name: "Create purchase order",
        description:
          "A purchase order from a supplier for delivery to a location (lines: [{sku, qty, unitPrice?}]).",
        input: erpInputs.createPurchaseOrder.omit({ idempotencyKey: true }),
        output: purchaseOrderSchema,
        errors: ["UNKNOWN_SUPPLIER", "UNKNOWN_ITEM"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.erp.createPurchaseOrder.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      getPurchaseOrder: simOperation(client, {
        name: "Get purchase order",
        description: "A purchase order with its status and lines (ordered and received).",
        input: erpInputs.getPurchaseOrder,
        output: purchaseOrderSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER"],
        mutation: false,
        call: (c, input, { signal }) => c.erp.getPurchaseOrder.query(input, { signal }),
      }),
      postGoodsReceipt: simOperation(client, {
        name: "Post goods receipt",
        description:
          "Receives goods against a purchase order (all outstanding lines unless given); adds stock.",
        input: erpInputs.postGoodsReceipt.omit({ idempotencyKey: true }),
        output: goodsReceiptSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER", "INVALID_STATE", "RECEIPT_EXCEEDS_ORDER"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.erp.postGoodsReceipt.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      postInvoice: simOperation(client, {
        name: "Post supplier invoice",
        description: "Records a supplier's invoice against a purchase order.",
        input: erpInputs.postInvoice.omit({ idempotencyKey: true }),
        output: invoiceSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER", "INVALID_STATE", "DUPLICATE_INVOICE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.erp.postInvoice.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      threeWayMatch: simOperation(client, {
        name: "Three-way match",
        description:
          "Compares a purchase order, its goods receipts and its invoices (matched within a tolerance).",
        input: erpInputs.threeWayMatch,
        output: threeWayMatchSchema,
        errors: ["UNKNOWN_PURCHASE_ORDER"],
        mutation: false,
        call: (c, input, { signal }) => c.erp.threeWayMatch.query(input, { signal }),
      }),
      postJournal: simOperation(client, {
        name: "Post journal entry",
        description: "Debits one account and credits another with an amount.",
        input: erpInputs.postJournal.omit({ idempotencyKey: true }),
        output: journalPostingSchema,
        errors: [],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.erp.postJournal.mutate({ ...input, idempotencyKey }, { signal }),
      }),
      issueCreditMemo: simOperation(client, {
        name: "Issue credit memo",
        description: "Credits part or all of a supplier invoice.",
        input: erpInputs.issueCreditMemo.omit({ idempotencyKey: true }),
        output: creditMemoSchema,
        errors: ["UNKNOWN_INVOICE", "AMOUNT_EXCEEDS_INVOICE"],
        mutation: true,
        call: (c, input, { idempotencyKey, signal }) =>
          c.erp.issueCreditMemo.mutate({ ...input, idempotencyKey }, { signal }),
      }),
    },
  });
}
