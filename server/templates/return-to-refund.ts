// Reference workflow "return to refund" on the simulated estate: return authorization (high-value
// returns need a store manager), inspection, refund by payment method, and restock of resellable goods.
import type { DefinitionInput } from "@/engine";

const at = (column: number, row = 0) => ({ x: column * 240, y: row * 140 });

/** Return to refund: from a customer's return request to the refund and the restock. */
export const returnToRefund: DefinitionInput = {
  schemaVersion: 1,
  key: "return-to-refund",
  name: "Return to refund",
  description:
    "Authorizes a return (above 200 a store manager approves it), has the returned goods inspected, " +
    "refunds by the original payment method (card through the payment provider, otherwise as store " +
    "credit on the order) and puts resellable goods back into stock.",
  nodes: [
    {
      id: "start",
      kind: "start",
      name: "Return requested",
      position: at(0),
      input: [
        { name: "orderId", label: "Order", type: "string", required: true },
        { name: "paymentId", label: "Payment", type: "string", required: true },
        {
          name: "paymentMethod",
          label: "Payment method",
          type: "select",
          required: true,
          options: ["card", "store-credit"],
        },
        { name: "sku", label: "Item", type: "string", required: true },
        { name: "quantity", label: "Quantity", type: "number", required: true, min: 1 },
        { name: "amount", label: "Refund amount", type: "number", required: true, min: 0 },
        { name: "location", label: "Returned to", type: "string", required: true },
      ],
    },
    {
      id: "authorization",
      kind: "decision",
      name: "Return authorization",
      position: at(1),
      rule: {
        type: "expression",
        expression: 'if amount > 200 then "approval" else "authorized"',
        outputVariable: "authorization",
      },
    },
    {
      id: "highValue",
      kind: "approval",
      name: "Approve high-value return",
      position: at(2, -1),
      levels: [{ id: "store", name: "Store manager", assignees: [{ type: "role", role: "store-manager" }] }],
      dueIn: "P1D",
    },
    {
      id: "inspect",
      kind: "approval",
      name: "Inspect returned goods",
      description: "Approve when the goods arrived as described; reject if the return is refused.",
      position: at(3),
      levels: [{ id: "store", name: "Store staff", assignees: [{ type: "role", role: "store-manager" }] }],
      fourEyes: { requesterMayNotApprove: true, distinctApprovers: false },
      form: [
        {
          name: "condition",
          label: "Condition",
          type: "select",
          required: true,
          options: ["resellable", "damaged"],
        },
      ],
    },
    {
      id: "method",
      kind: "decision",
      name: "Refund by payment method",
      position: at(4),
      rule: { type: "none" },
    },
    {
      id: "refundCard",
      kind: "action",
      name: "Refund to card",
      position: at(5, -1),
      connector: "payments",
      operation: "refund",
      input: { paymentId: "paymentId", amount: "amount" },
      outputVariable: "refund",
    },
    {
      id: "refundCredit",
      kind: "action",
      name: "Refund as store credit",
      position: at(5, 1),
      connector: "commerce",
      operation: "refundOrder",
      input: { orderId: "orderId", amount: "amount", reason: '"Customer return"' },
      outputVariable: "refund",
    },
    { id: "resellable", kind: "decision", name: "Resellable?", position: at(6), rule: { type: "none" } },
    {
      id: "restock",
      kind: "action",
      name: "Restock",
      position: at(7, -1),
      connector: "wms",
      operation: "receive",
      input: { sku: "sku", location: "location", qty: "quantity", reference: "orderId" },
      outputVariable: "restocked",
    },
    { id: "done", kind: "end", name: "Refunded", position: at(8) },
    { id: "refused", kind: "end", name: "Return refused", outcome: "rejected", position: at(4, 2) },
  ],
  edges: [
    { id: "e-start", source: "start", target: "authorization", type: "normal" },
    {
      id: "e-high",
      source: "authorization",
      target: "highValue",
      type: "conditional",
      condition: 'authorization = "approval"',
      label: "High value",
    },
    { id: "e-auto", source: "authorization", target: "inspect", type: "default" },
    { id: "e-approved", source: "highValue", target: "inspect", type: "normal" },
    { id: "x-high", source: "highValue", target: "refused", type: "exception", on: { type: "rejection" } },
    { id: "e-inspected", source: "inspect", target: "method", type: "normal" },
    { id: "x-inspect", source: "inspect", target: "refused", type: "exception", on: { type: "rejection" } },
    {
      id: "e-card",
      source: "method",
      target: "refundCard",
      type: "conditional",
      condition: 'paymentMethod = "card"',
      label: "Card",
    },
    { id: "e-credit", source: "method", target: "refundCredit", type: "default", label: "Store credit" },
    { id: "e-card-done", source: "refundCard", target: "resellable", type: "normal" },
    { id: "e-credit-done", source: "refundCredit", target: "resellable", type: "normal" },
    {
      id: "e-restock",
      source: "resellable",
      target: "restock",
      type: "conditional",
      condition: 'condition = "resellable"',
      label: "Resellable",
    },
    { id: "e-write-off", source: "resellable", target: "done", type: "default", label: "Damaged" },
    { id: "e-restocked", source: "restock", target: "done", type: "normal" },
  ],
};
