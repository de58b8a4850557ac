// Demo traffic for a running Omniflow with its simulated estate: web orders, customer returns against
// earlier sales, low-stock signals and purchase requisitions, started through the public API the way
// other systems would. It signs in as the demo admin, creates a scoped API key for the reference
// workflows (revoked when it stops) and posts to /api/instances.
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { createSimClient } from "../../server/connectors/sim/client";
import type { AppRouter } from "../../server/trpc/root";

export interface TrafficOptions {
  appUrl: string;
  simUrl: string;
  /** How many instances to start; Infinity runs until `signal` aborts. */
  count: number;
  /** Pause between two starts. */
  intervalMs: number;
  email: string;
  password: string;
  log: (line: string) => void;
  random?: () => number;
  signal?: AbortSignal;
}

export interface TrafficResult {
  started: Record<Scenario, number>;
  refused: number;
}

type Scenario = "order" | "return" | "stock" | "requisition";

/** The mix, in the order it repeats: half orders, then stock signals, returns and requisitions. */
const rotation: Scenario[] = ["order", "stock", "order", "return", "order", "requisition", "order", "return"];

interface Start {
  definitionKey: string;
  businessKey: string;
  input: Record<string, string | number>;
}

const customers = ["ada@example.com", "grace@example.com", "linus@example.com", "margaret@example.com"];
const skus = ["SKU-TSHIRT", "SKU-JEANS", "SKU-SNEAKER", "SKU-CAP", "SKU-JACKET"];
const unitCosts: Record<string, number> = {
  "SKU-TSHIRT": 6.5,
  "SKU-JEANS": 21,
  "SKU-SNEAKER": 30,
  "SKU-CAP": 4,
  "SKU-JACKET": 52,
};

/** Signs in through the app's sign-in endpoint and returns the session cookie. */
async function signIn(appUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(new URL("/api/auth/sign-in/email", appUrl), {
    method: "POST",
    headers: { "content-type": "application/json", origin: new URL(appUrl).origin },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) {
    throw new Error(
      `Could not sign in to ${appUrl} as ${email}: HTTP ${response.status} ${await response.text()}`,
    );
  }
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!);
  if (cookies.length === 0) throw new Error(`Signing in to ${appUrl} returned no session cookie`);
  return cookies.join("; ");
}

function appClient(appUrl: string, cookie: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL("/api/trpc", appUrl).toString(),
        transformer: superjson,
        headers: { cookie, origin: new URL(appUrl).origin },
      }),
    ],
  });
}

/** Picks one of `items` with `random`. */
function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length]!;
}

/**
 * Starts `options.count` instances of the reference workflows, spread over the four scenarios, and
 * returns how many of each were started. A start the app refuses is logged and counted, not fatal.
 */
export async function runDemoTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const random = options.random ?? Math.random;
  const cookie = await signIn(options.appUrl, options.email, options.password);
  const app = appClient(options.appUrl, cookie);
  const sim = createSimClient(options.simUrl);
  const { id: keyId, key } = await app.apiKeys.create.mutate({
    name: `Demo traffic ${new Date().toISOString().slice(0, 19)}`,
    scopes: {
      workflows: ["order-to-cash", "return-to-refund", "inventory-replenishment", "procure-to-pay"],
      messages: [],
    },
    rateLimit: 10_000,
  });
  options.log(`API key ${key.slice(0, 11)}… created for the demo traffic`);
  const started: Record<Scenario, number> = { order: 0, return: 0, stock: 0, requisition: 0 };
  const returned = new Set<string>();
  let refused = 0;
  const run = Date.now().toString(36).toUpperCase();

  async function nextStart(n: number): Promise<{ scenario: Scenario; start: Start }> {
    const scenario = rotation[(n - 1) % rotation.length]!;
    if (scenario === "return") {
      const sales = (await sim.admin.recentSales.query({ limit: 30 })).filter(
        (sale) => sale.refunded === 0 && !returned.has(sale.orderId),
      );
      const sale = sales.length > 0 ? pick(sales, random) : null;
      const line = sale?.lines[0];
      if (sale && line) {
        returned.add(sale.orderId);
        const amount = Math.round(line.qty * (line.unitPrice ?? sale.total / line.qty) * 100) / 100;
        return {
          scenario: "return",
          start: {
            definitionKey: "return-to-refund",
            businessKey: `RMA-${run}-${n}`,
            input: {
              orderId: sale.orderId,
              paymentId: sale.paymentId ?? "",
              paymentMethod: sale.paymentId ? "card" : "store-credit",
              sku: line.sku,
              quantity: line.qty,
              amount: Math.min(amount, sale.total),
              location: "STORE-1",
            },
          },
        };
      }
    }
    if (scenario === "stock") {
      const sku = pick(skus, random);
      return {
        scenario: "stock",
        start: {
          definitionKey: "inventory-replenishment",
          businessKey: `LOW-${run}-${n}`,
          input: {
            sku,
            location: pick(["STORE-1", "STORE-2"], random),
            reorderPoint: 25,
            targetStock: 40,
            primarySupplier: "SUP-1",
            secondarySupplier: "SUP-2",
          },
        },
      };
    }
    if (scenario === "requisition") {
      const sku = pick(skus, random);
      return {
        scenario: "requisition",
        start: {
          definitionKey: "procure-to-pay",
          businessKey: `REQ-${run}-${n}`,
          input: {
            supplierId: pick(["SUP-1", "SUP-2"], random),
            location: "WH-1",
            sku,
            quantity: pick([20, 50, 120], random),
            unitPrice: unitCosts[sku]!,
          },
        },
      };
    }
    // Orders (also instead of a return while nothing has been sold yet): mostly small; now and then
    // a big-ticket one that goes to fraud review.
    const bigTicket = random() < 0.15;
    return {
      scenario: "order",
      start: {
        definitionKey: "order-to-cash",
        businessKey: `WEB-${run}-${n}`,
        input: {
          customerEmail: pick(customers, random),
          sku: bigTicket ? "SKU-JACKET" : pick(skus, random),
          quantity: bigTicket ? 20 : 1 + Math.floor(random() * 3),
          postcode: pick(["10115", "20095", "80331"], random),
          cardToken: "tok_visa",
          location: bigTicket ? "WH-1" : pick(["STORE-1", "STORE-2"], random),
          alternateLocation: "WH-1",
        },
      },
    };
  }

  try {
    for (let n = 1; n <= options.count && !options.signal?.aborted; n += 1) {
      const { scenario, start } = await nextStart(n);
      const response = await fetch(new URL("/api/instances", options.appUrl), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(start),
      });
      const body = (await response.json()) as { instanceId?: string; error?: string };
      if (response.status === 201) {
        started[scenario] += 1;
        options.log(`${start.businessKey}: ${start.definitionKey} started (${scenario})`);
      } else {
        refused += 1;
        options.log(
          `${start.businessKey}: ${start.definitionKey} refused: HTTP ${response.status} ${body.error ?? ""}`,
        );
      }
      if (n < options.count && options.intervalMs > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.intervalMs);
          options.signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  } finally {
    await app.apiKeys.revoke.mutate({ id: keyId }).catch(() => undefined);
  }
  return { started, refused };
}
