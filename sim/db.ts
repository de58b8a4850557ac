// The simulator's own SQLite database (never the app's): one file holding every simulated system's
// records, the idempotency keys each system has seen, and the fault settings per system.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type SimDb = Database.Database;

/** Where the simulator keeps its data unless SIM_DATABASE says otherwise. */
export const DEFAULT_SIM_DATABASE = "./data/sim.db";

const schema = `
CREATE TABLE IF NOT EXISTS idempotency (
  system TEXT NOT NULL, key TEXT NOT NULL, procedure TEXT NOT NULL, result TEXT NOT NULL,
  created_at TEXT NOT NULL, PRIMARY KEY (system, key));
CREATE TABLE IF NOT EXISTS faults (
  system TEXT PRIMARY KEY, latency_ms INTEGER NOT NULL DEFAULT 0, error_rate REAL NOT NULL DEFAULT 0,
  outages TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS counters (prefix TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS items (
  sku TEXT PRIMARY KEY, name TEXT NOT NULL, unit_price REAL NOT NULL, unit_cost REAL NOT NULL);
CREATE TABLE IF NOT EXISTS stock (
  sku TEXT NOT NULL REFERENCES items(sku), location TEXT NOT NULL,
  on_hand INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sku, location), CHECK (reserved >= 0 AND on_hand >= reserved));
CREATE TABLE IF NOT EXISTS suppliers (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS purchase_orders (
  id TEXT PRIMARY KEY, supplier_id TEXT NOT NULL, location TEXT NOT NULL, status TEXT NOT NULL,
  currency TEXT NOT NULL, expected_date TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS po_lines (
  po_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL, unit_price REAL NOT NULL,
  received INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (po_id, sku));
CREATE TABLE IF NOT EXISTS goods_receipts (
  id TEXT PRIMARY KEY, po_id TEXT NOT NULL, location TEXT NOT NULL, lines TEXT NOT NULL,
  amount REAL NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invoices (
  id TEXT PRIMARY KEY, po_id TEXT NOT NULL, supplier_id TEXT NOT NULL, invoice_number TEXT NOT NULL,
  amount REAL NOT NULL, credited REAL NOT NULL DEFAULT 0, posted_at TEXT NOT NULL,
  UNIQUE (supplier_id, invoice_number));
CREATE TABLE IF NOT EXISTS journal_postings (
  id TEXT PRIMARY KEY, debit_account TEXT NOT NULL, credit_account TEXT NOT NULL, amount REAL NOT NULL,
  currency TEXT NOT NULL, reference TEXT NOT NULL, memo TEXT NOT NULL, posted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credit_memos (
  id TEXT PRIMARY KEY, invoice_id TEXT NOT NULL, amount REAL NOT NULL, reason TEXT NOT NULL,
  issued_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reservations (
  id TEXT PRIMARY KEY, order_ref TEXT NOT NULL, location TEXT NOT NULL, status TEXT NOT NULL,
  lines TEXT NOT NULL, shipment_ref TEXT, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stock_movements (
  id INTEGER PRIMARY KEY AUTOINCREMENT, sku TEXT NOT NULL, location TEXT NOT NULL, qty INTEGER NOT NULL,
  kind TEXT NOT NULL, reference TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, customer_email TEXT NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL,
  total REAL NOT NULL, refunded REAL NOT NULL DEFAULT 0, lines TEXT NOT NULL, cancel_reason TEXT,
  created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refunds (
  id TEXT PRIMARY KEY, order_id TEXT NOT NULL, amount REAL NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
  id TEXT PRIMARY KEY, order_ref TEXT NOT NULL, status TEXT NOT NULL, currency TEXT NOT NULL,
  authorized REAL NOT NULL, captured REAL NOT NULL DEFAULT 0, refunded REAL NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shipments (
  tracking_number TEXT PRIMARY KEY, order_ref TEXT NOT NULL, service TEXT NOT NULL,
  from_location TEXT NOT NULL, to_postcode TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tracking_events (
  tracking_number TEXT NOT NULL, seq INTEGER NOT NULL, status TEXT NOT NULL, location TEXT NOT NULL,
  at TEXT NOT NULL, PRIMARY KEY (tracking_number, seq));
CREATE TABLE IF NOT EXISTS asns (
  id TEXT PRIMARY KEY, po_id TEXT NOT NULL, supplier_id TEXT NOT NULL, expected_at TEXT NOT NULL,
  lines TEXT NOT NULL, sent_at TEXT NOT NULL);
`;

/** Every table, in an order that deletes safely (stock before items). */
export const simTables = [
  "idempotency",
  "faults",
  "counters",
  "stock",
  "items",
  "suppliers",
  "purchase_orders",
  "po_lines",
  "goods_receipts",
  "invoices",
  "journal_postings",
  "credit_memos",
  "reservations",
  "stock_movements",
  "orders",
  "refunds",
  "payments",
  "shipments",
  "tracking_events",
  "asns",
] as const;

/** Opens (creating when missing) the simulator's database at `file`, in WAL mode, with its tables. */
export function openSimDb(file: string): SimDb {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.exec(schema);
  return db;
}

/** The next id for `prefix`, e.g. "PO-1001" (counters start at 1001 and survive restarts). */
export function nextId(db: SimDb, prefix: string): string {
  const row = db
    .prepare<[string], { n: number }>(
      "INSERT INTO counters (prefix, n) VALUES (?, 1001) ON CONFLICT(prefix) DO UPDATE SET n = n + 1 RETURNING n",
    )
    .get(prefix)!;
  return `${prefix}-${row.n}`;
}

/** Deletes every record of every system, the seen idempotency keys and the fault settings. */
export function resetSimDb(db: SimDb): void {
  db.transaction(() => {
    for (const table of simTables) db.exec(`DELETE FROM ${table}`);
  })();
}

/** Demo master data: items with prices, stock at two stores and a warehouse, and two suppliers. */
export function seedSimDb(db: SimDb): { items: number; suppliers: number; stockRows: number } {
  const items = [
    { sku: "SKU-TSHIRT", name: "Organic T-shirt", unitPrice: 19.9, unitCost: 6.5 },
    { sku: "SKU-JEANS", name: "Slim jeans", unitPrice: 59, unitCost: 21 },
    { sku: "SKU-SNEAKER", name: "Canvas sneaker", unitPrice: 79, unitCost: 30 },
    { sku: "SKU-CAP", name: "Baseball cap", unitPrice: 14.5, unitCost: 4 },
    { sku: "SKU-JACKET", name: "Rain jacket", unitPrice: 129, unitCost: 52 },
  ];
  const locations = { "WH-1": 200, "STORE-1": 20, "STORE-2": 10 };
  const suppliers = [
    { id: "SUP-1", name: "Nordic Textiles" },
    { id: "SUP-2", name: "Footwear Partners" },
  ];
  let stockRows = 0;
  db.transaction(() => {
    const item = db.prepare(
      `INSERT INTO items (sku, name, unit_price, unit_cost) VALUES (?, ?, ?, ?)
       ON CONFLICT(sku) DO UPDATE SET name = excluded.name, unit_price = excluded.unit_price, unit_cost = excluded.unit_cost`,
    );
    const stock = db.prepare(
      "INSERT INTO stock (sku, location, on_hand) VALUES (?, ?, ?) ON CONFLICT(sku, location) DO NOTHING",
    );
    const supplier = db.prepare(
      "INSERT INTO suppliers (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
    );
    for (const row of items) {
      item.run(row.sku, row.name, row.unitPrice, row.unitCost);
      for (const [location, qty] of Object.entries(locations))
        stockRows += stock.run(row.sku, location, qty).changes;
    }
    for (const row of suppliers) supplier.run(row.id, row.name);
  })();
  return { items: items.length, suppliers: suppliers.length, stockRows };
}
