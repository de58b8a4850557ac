// Reference workflow "inventory to replenishment" on the simulated estate: a low-stock signal, a
// replenishment proposal, buyer approval and a purchase order to the supplier, falling back to a
// second supplier when the first one's portal is down.
import type { DefinitionInput } from "@/engine";

const at = (column: number, row = 0) => ({ x: column * 240, y: row * 140 });

/** Inventory to replenishment: checks stock and, when low, orders more from a supplier. */
export const inventoryReplenishment: DefinitionInput = {
  schemaVersion: 1,
  key: "inventory-replenishment",
  name: "Inventory to replenishment",
  description:
    "Reads an item's stock at a location; when available stock is below the reorder point it proposes a " +
    "replenishment, a buyer approves it, and the purchase order goes to the preferred supplier. If that " +
    "supplier's portal stays unreachable after retries, the order goes to the second supplier instead.",
  nodes: [
    {
      id: "start",
      kind: "start",
      name: "Low-stock signal",
      position: at(0),
      input: [
        { name: "sku", label: "Item", type: "string", required: true },
        { name: "location", label: "Location", type: "string", required: true },
        { name: "reorderPoint", label: "Reorder point", type: "number", required: true, min: 0 },
        { name: "targetStock", label: "Target stock", type: "number", required: true, min: 1 },
        { name: "primarySupplier", label: "Preferred supplier", type: "string", required: true },
        { name: "secondarySupplier", label: "Second supplier", type: "string", required: true },
      ],
    },
    {
      id: "stock",
      kind: "action",
      name: "Read stock",
      position: at(1),
      connector: "erp",
      operation: "getStock",
      input: { sku: "sku", location: "location" },
      outputVariable: "stock",
    },
    {
      id: "propose",
      kind: "set",
      name: "Replenishment proposal",
      position: at(2),
      assignments: [
        { variable: "available", expression: "stock.rows[1].available" },
        { variable: "proposedQty", expression: "targetStock - stock.rows[1].available" },
      ],
    },
    { id: "low", kind: "decision", name: "Below reorder point?", position: at(3), rule: { type: "none" } },
    {
      id: "buyerApproval",
      kind: "approval",
      name: "Approve replenishment",
      position: at(4),
      levels: [{ id: "buyer", name: "Buyer", assignees: [{ type: "role", role: "buyer" }] }],
      dueIn: "P1D",
    },
    {
      id: "createPo",
      kind: "action",
      name: "Purchase order to preferred supplier",
      position: at(5),
      connector: "erp",
      operation: "createPurchaseOrder",
      input: {
        supplierId: "primarySupplier",
        location: "location",
        lines: "[{sku: sku, qty: proposedQty}]",
      },
      outputVariable: "po",
    },
    {
      id: "acknowledge",
      kind: "action",
      name: "Preferred supplier acknowledges",
      position: at(6),
      connector: "supplier",
      operation: "acknowledgePurchaseOrder",
      input: { poId: "po.id" },
      retry: { maxAttempts: 3, backoffInitial: "PT1M", backoffMax: "PT2M", jitter: 0, retryOn: "retryable" },
    },
    {
      id: "createFallbackPo",
      kind: "action",
      name: "Purchase order to second supplier",
      position: at(6, 1),
      connector: "erp",
      operation: "createPurchaseOrder",
      input: {
        supplierId: "secondarySupplier",
        location: "location",
        lines: "[{sku: sku, qty: proposedQty}]",
      },
      outputVariable: "fallbackPo",
    },
    {
      id: "acknowledgeFallback",
      kind: "action",
      name: "Second supplier acknowledges",
      position: at(7, 1),
      connector: "supplier",
      operation: "acknowledgePurchaseOrder",
      input: { poId: "fallbackPo.id" },
      retry: { maxAttempts: 10, backoffInitial: "PT5M", backoffMax: "PT1H", jitter: 0, retryOn: "retryable" },
    },
    { id: "ordered", kind: "end", name: "Replenishment ordered", position: at(8) },
    { id: "sufficient", kind: "end", name: "Stock sufficient", position: at(4, 2) },
    { id: "declined", kind: "end", name: "Proposal declined", outcome: "rejected", position: at(5, -1) },
  ],
  edges: [
    { id: "e-start", source: "start", target: "stock", type: "normal" },
    { id: "e-stock", source: "stock", target: "propose", type: "normal" },
    { id: "e-proposed", source: "propose", target: "low", type: "normal" },
    {
      id: "e-low",
      source: "low",
      target: "buyerApproval",
      type: "conditional",
      condition: "available < reorderPoint",
      label: "Low",
    },
    { id: "e-enough", source: "low", target: "sufficient", type: "default", label: "Enough" },
    { id: "e-approved", source: "buyerApproval", target: "createPo", type: "normal" },
    {
      id: "x-declined",
      source: "buyerApproval",
      target: "declined",
      type: "exception",
      on: { type: "rejection" },
    },
    { id: "e-po", source: "createPo", target: "acknowledge", type: "normal" },
    { id: "e-ack", source: "acknowledge", target: "ordered", type: "normal" },
    {
      id: "x-outage",
      source: "acknowledge",
      target: "createFallbackPo",
      type: "exception",
      on: { type: "error" },
      label: "Not acknowledged",
    },
    { id: "e-fallback-po", source: "createFallbackPo", target: "acknowledgeFallback", type: "normal" },
    { id: "e-fallback-ack", source: "acknowledgeFallback", target: "ordered", type: "normal" },
  ],
};
