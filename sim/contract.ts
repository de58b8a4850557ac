// The simulated retail estate's contract: the systems, their error codes, and the zod schemas of every
// procedure's input and output. The simulator's router and the connectors in server/connectors/sim
// share these, so a connector can never drift from the system it calls.
import { z } from "zod";

export const simSystems = ["erp", "wms", "commerce", "payments", "carrier", "supplier"] as const;
export const simSystemSchema = z.enum(simSystems);
export type SimSystem = z.infer<typeof simSystemSchema>;

/** Transient failures: the call did nothing and may be repeated with the same idempotency key. */
export const simTransientCodes = ["SIM_UNAVAILABLE", "SIM_OUTAGE"] as const;

/** Business errors: the call did nothing, and repeating it will not help. */
export const simBusinessCodes = {
  UNKNOWN_ITEM: "No item with this SKU",
  UNKNOWN_LOCATION: "No stock is kept for the item at this location",
  UNKNOWN_SUPPLIER: "No supplier with this id",
  UNKNOWN_PURCHASE_ORDER: "No purchase order with this id",
  UNKNOWN_INVOICE: "No invoice with this id",
  UNKNOWN_RESERVATION: "No reservation with this id",
  UNKNOWN_ORDER: "No order with this id",
  UNKNOWN_PAYMENT: "No payment with this id",
  UNKNOWN_SHIPMENT: "No shipment with this tracking number",
  INSUFFICIENT_STOCK: "Not enough available stock at the location",
  INVALID_STATE: "The record is not in a state that allows this",
  RECEIPT_EXCEEDS_ORDER: "More would be received than was ordered",
  DUPLICATE_INVOICE: "The supplier's invoice number was already posted",
  AMOUNT_EXCEEDS_INVOICE: "The credit exceeds what is left of the invoice",
  AMOUNT_EXCEEDS_ORDER: "The amount exceeds what is left of the order",
  PAYMENT_DECLINED: "The payment was declined",
  AMOUNT_EXCEEDS_AUTHORIZATION: "The capture exceeds the authorized amount",
  AMOUNT_EXCEEDS_CAPTURE: "The refund exceeds what is left of the captured amount",
  IDEMPOTENCY_KEY_REUSED: "The idempotency key was already used for a different operation",
} as const;
export type SimBusinessCode = keyof typeof simBusinessCodes;
export type SimErrorCode = SimBusinessCode | (typeof simTransientCodes)[number];

const key = z.string().min(1).max(200);
const id = z.string().min(1).max(100);
const qty = z.number().int().positive();
const money = z.number().nonnegative().finite();
const positiveMoney = z.number().positive().finite();
const currency = z.string().length(3).default("EUR");
const isoDate = z.string().min(1);

/** Adds the required idempotency key to a mutation's input. */
function mutation<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ idempotencyKey: key, ...shape });
}

const skuQtySchema = z.object({ sku: id, qty });
const orderLineSchema = z.object({ sku: id, qty, unitPrice: money });

// ERP
export const stockRowSchema = z.object({
  sku: z.string(),
  location: z.string(),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
});
export const itemSchema = z.object({
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number(),
  unitCost: z.number(),
  stock: z.array(stockRowSchema),
});
export const purchaseOrderSchema = z.object({
  id: z.string(),
  supplierId: z.string(),
  location: z.string(),
  status: z.enum(["open", "acknowledged", "rejected", "partially_received", "received", "closed"]),
  currency: z.string(),
  total: z.number(),
  expectedDate: z.string().nullable(),
  lines: z.array(z.object({ sku: z.string(), qty: z.number(), unitPrice: z.number(), received: z.number() })),
});
export const goodsReceiptSchema = z.object({
  id: z.string(),
  poId: z.string(),
  location: z.string(),
  lines: z.array(skuQtySchema),
  receivedAt: z.string(),
});
export const invoiceSchema = z.object({
  id: z.string(),
  poId: z.string(),
  supplierId: z.string(),
  invoiceNumber: z.string(),
  amount: z.number(),
  credited: z.number(),
  postedAt: z.string(),
});
export const threeWayMatchSchema = z.object({
  poId: z.string(),
  orderedAmount: z.number(),
  receivedAmount: z.number(),
  invoicedAmount: z.number(),
  /** Invoiced minus received value; positive means billed for goods not received. */
  variance: z.number(),
  matched: z.boolean(),
  fullyReceived: z.boolean(),
  receipts: z.array(z.string()),
  invoices: z.array(z.string()),
});
export const journalPostingSchema = z.object({
  id: z.string(),
  debitAccount: z.string(),
  creditAccount: z.string(),
  amount: z.number(),
  currency: z.string(),
  reference: z.string(),
  memo: z.string(),
  postedAt: z.string(),
});
export const creditMemoSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  amount: z.number(),
  reason: z.string(),
  issuedAt: z.string(),
});

export const erpInputs = {
  getItem: z.object({ sku: id }),
  getStock: z.object({ sku: id, location: id.optional() }),
  createPurchaseOrder: mutation({
    supplierId: id,
    location: id,
    currency,
    lines: z.array(z.object({ sku: id, qty, unitPrice: money.optional() })).min(1),
  }),
  getPurchaseOrder: z.object({ poId: id }),
  postGoodsReceipt: mutation({ poId: id, lines: z.array(skuQtySchema).min(1).optional() }),
  postInvoice: mutation({ poId: id, invoiceNumber: id, amount: positiveMoney }),
  threeWayMatch: z.object({ poId: id, tolerance: money.default(0.01) }),
  postJournal: mutation({
    debitAccount: id,
    creditAccount: id,
    amount: positiveMoney,
    currency,
    reference: id,
    memo: z.string().max(500).default(""),
  }),
  issueCreditMemo: mutation({ invoiceId: id, amount: positiveMoney, reason: z.string().min(1).max(500) }),
};

// WMS
export const reservationSchema = z.object({
  id: z.string(),
  orderRef: z.string(),
  location: z.string(),
  status: z.enum(["reserved", "released", "picked", "shipped"]),
  lines: z.array(skuQtySchema),
  shipmentRef: z.string().nullable(),
});
export const stockMovementSchema = z.object({
  sku: z.string(),
  location: z.string(),
  qty: z.number(),
  reference: z.string(),
  stock: stockRowSchema,
});
/**
 * What wms.reserve answers: the reservation and the quantities it could not cover at the location
 * (always empty unless the call allowed a partial reservation).
 */
export const reserveResultSchema = reservationSchema.extend({ shortfall: z.array(skuQtySchema) });
export const wmsInputs = {
  reserve: mutation({
    orderRef: id,
    location: id,
    lines: z.array(skuQtySchema).min(1),
    /**
     * false (the default): every line in full or nothing (INSUFFICIENT_STOCK). true: what is available
     * of each line, the rest reported as the shortfall; INSUFFICIENT_STOCK only when nothing is.
     */
    allowPartial: z.boolean().default(false),
  }),
  release: mutation({ reservationId: id }),
  pick: mutation({ reservationId: id }),
  ship: mutation({ reservationId: id, shipmentRef: id.optional() }),
  receive: mutation({ sku: id, location: id, qty, reference: id }),
  getReservation: z.object({ reservationId: id }),
};

// Commerce
export const orderSchema = z.object({
  id: z.string(),
  customerEmail: z.string(),
  status: z.enum(["placed", "cancelled", "fulfilled", "partially_fulfilled", "refunded"]),
  currency: z.string(),
  total: z.number(),
  refunded: z.number(),
  lines: z.array(orderLineSchema),
  cancelReason: z.string().nullable(),
});
export const refundSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  amount: z.number(),
  reason: z.string(),
  order: orderSchema,
});
export const commerceInputs = {
  createOrder: mutation({
    customerEmail: z.string().min(3).max(200),
    currency,
    lines: z.array(skuQtySchema).min(1),
  }),
  getOrder: z.object({ orderId: id }),
  cancelOrder: mutation({ orderId: id, reason: z.string().min(1).max(500) }),
  /** `amount`: the value shipped, when less than the total (the rest is cancelled). */
  fulfillOrder: mutation({ orderId: id, amount: positiveMoney.optional() }),
  refundOrder: mutation({ orderId: id, amount: positiveMoney, reason: z.string().min(1).max(500) }),
};

// Payments
export const paymentSchema = z.object({
  id: z.string(),
  orderRef: z.string(),
  status: z.enum(["authorized", "captured", "partially_refunded", "refunded"]),
  currency: z.string(),
  authorized: z.number(),
  captured: z.number(),
  refunded: z.number(),
});
/** Amounts above this are declined, as is the card token "tok_decline". */
export const PAYMENT_LIMIT = 10_000;
export const paymentsInputs = {
  authorize: mutation({ orderRef: id, amount: positiveMoney, currency, cardToken: id.default("tok_visa") }),
  capture: mutation({ paymentId: id, amount: positiveMoney.optional() }),
  refund: mutation({ paymentId: id, amount: positiveMoney }),
  getPayment: z.object({ paymentId: id }),
};

// Carrier
export const trackingEventSchema = z.object({ status: z.string(), location: z.string(), at: z.string() });
export const shipmentSchema = z.object({
  trackingNumber: z.string(),
  orderRef: z.string(),
  service: z.string(),
  fromLocation: z.string(),
  toPostcode: z.string(),
  status: z.string(),
  events: z.array(trackingEventSchema),
});
/** The states a shipment moves through, in order (admin.advanceShipment takes the next one). */
export const trackingStatuses = [
  "label_created",
  "picked_up",
  "in_transit",
  "out_for_delivery",
  "delivered",
] as const;
export const carrierInputs = {
  createShipment: mutation({
    orderRef: id,
    fromLocation: id,
    toPostcode: z.string().min(1).max(20),
    service: z.enum(["standard", "express"]).default("standard"),
  }),
  track: z.object({ trackingNumber: id }),
};

// Supplier portal
export const asnSchema = z.object({
  id: z.string(),
  poId: z.string(),
  supplierId: z.string(),
  expectedAt: z.string(),
  lines: z.array(skuQtySchema),
});
export const supplierInputs = {
  acknowledgePurchaseOrder: mutation({
    poId: id,
    accept: z.boolean().default(true),
    expectedDate: isoDate.optional(),
  }),
  sendAsn: mutation({ poId: id, expectedAt: isoDate, lines: z.array(skuQtySchema).min(1).optional() }),
  listAsns: z.object({ poId: id }),
};

// Fault injection
export const outageSchema = z
  .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
  .refine((window) => Date.parse(window.from) < Date.parse(window.to), "from must be before to");
export const faultSettingsSchema = z.object({
  latencyMs: z.number().int().min(0).max(600_000),
  errorRate: z.number().min(0).max(1),
  outages: z.array(outageSchema),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export const faultsInputs = {
  set: z.object({
    system: simSystemSchema,
    latencyMs: faultSettingsSchema.shape.latencyMs.optional(),
    errorRate: faultSettingsSchema.shape.errorRate.optional(),
    outages: faultSettingsSchema.shape.outages.optional(),
  }),
  get: z.object({ system: simSystemSchema.optional() }).default({}),
  clear: z.object({ system: simSystemSchema.optional() }).default({}),
};
