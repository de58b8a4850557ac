// `npm run demo:traffic`: pushes web orders, returns, low-stock signals and requisitions into a running
// Omniflow (`npm start`) so the inbox and the instance lists have live data. Options:
//   --app URL      the app (default APP_URL, else http://127.0.0.1:3000)
//   --sim URL      the simulated estate (default SIM_URL, else http://127.0.0.1:4010)
//   --count N      how many to start (default: until Ctrl+C)
//   --every S      seconds between two starts (default 3)
//   --seed N       makes the generated data repeatable
// It signs in as admin@omniflow.demo (OMNIFLOW_DEMO_EMAIL / OMNIFLOW_DEMO_PASSWORD to change that).
import { parseArgs } from "node:util";
import { DEFAULT_SIM_URL } from "../server/connectors/sim/client";
import { runDemoTraffic } from "./lib/demo-traffic";
import { seededRandom } from "./lib/random";

function fail(message: string): never {
  console.error(`demo:traffic: ${message}`);
  process.exit(2);
}

let values: { app?: string; sim?: string; count?: string; every?: string; seed?: string };
try {
  ({ values } = parseArgs({
    options: {
      app: { type: "string" },
      sim: { type: "string" },
      count: { type: "string" },
      every: { type: "string" },
      seed: { type: "string" },
    },
    strict: true,
  }));
} catch (error: unknown) {
  fail(error instanceof Error ? error.message : String(error));
}

const count = values.count === undefined ? Infinity : Number(values.count);
if (!(count === Infinity || (Number.isInteger(count) && count > 0)))
  fail("--count must be a whole number above 0");
const every = values.every === undefined ? 3 : Number(values.every);
if (!Number.isFinite(every) || every < 0) fail("--every must be a number of seconds, 0 or more");
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) fail("--seed must be a whole number");
const appUrl = values.app ?? process.env.APP_URL ?? "http://127.0.0.1:3000";
const simUrl = values.sim ?? process.env.SIM_URL ?? DEFAULT_SIM_URL;
for (const [name, url] of [
  ["--app", appUrl],
  ["--sim", simUrl],
] as const) {
  if (!URL.canParse(url)) fail(`${name} must be an absolute URL, got "${url}"`);
}

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());

try {
  console.log(`demo:traffic: ${appUrl} (simulated estate ${simUrl}); Ctrl+C stops`);
  const result = await runDemoTraffic({
    appUrl,
    simUrl,
    count,
    intervalMs: every * 1000,
    email: process.env.OMNIFLOW_DEMO_EMAIL ?? "admin@omniflow.demo",
    password: process.env.OMNIFLOW_DEMO_PASSWORD ?? "omniflow-demo",
    log: (line) => console.log(line),
    signal: controller.signal,
    ...(seed === undefined ? {} : { random: seededRandom(seed) }),
  });
  const total = Object.values(result.started).reduce((sum, n) => sum + n, 0);
  console.log(
    `demo:traffic: started ${total} (orders ${result.started.order}, returns ${result.started.return}, ` +
      `stock signals ${result.started.stock}, requisitions ${result.started.requisition}); refused ${result.refused}`,
  );
  process.exit(result.refused > 0 && total === 0 ? 1 : 0);
} catch (error: unknown) {
  fail(error instanceof Error ? error.message : String(error));
}
