// `npm run bench:canvas`: opens a 500-node, 600-edge workflow in the editor (Playwright, Debian's
// Chromium, production build) and prints the first-render time and frame times while dragging a node
// and panning. The last line is one JSON object with firstRenderMs, dragFrameP95Ms, panFrameP95Ms.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import type { DefinitionInput } from "../engine/index";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.BENCH_PORT ?? 3300);
const baseURL = `http://127.0.0.1:${port}`;

/** A layered graph: a start, 8 parallel lanes of set steps joined at the end: 500 nodes, ~600 edges. */
function bigDefinition(key: string): DefinitionInput {
  const nodes: NonNullable<DefinitionInput["nodes"]> = [
    { id: "start", kind: "start", position: { x: 0, y: 1200 } },
  ];
  const edges: NonNullable<DefinitionInput["edges"]> = [];
  nodes.push({ id: "fork", kind: "split", position: { x: 260, y: 1200 } });
  edges.push({ id: "e-start", source: "start", target: "fork", type: "normal" });
  const lanes = 8;
  const perLane = 62;
  for (let lane = 0; lane < lanes; lane += 1) {
    let previous = "fork";
    for (let index = 0; index < perLane; index += 1) {
      const id = `n${lane}-${index}`;
      nodes.push({
        id,
        kind: "set",
        name: `Step ${lane}.${index}`,
        position: { x: 520 + index * 260, y: lane * 240 },
        assignments: [{ variable: `v${lane}`, expression: `${index}` }],
      });
      edges.push({ id: `e${lane}-${index}`, source: previous, target: id, type: "normal" });
      if (index % 5 === 2 && index + 2 < perLane)
        edges.push({
          id: `x${lane}-${index}`,
          source: id,
          target: `n${lane}-${index + 2}`,
          type: "normal",
          label: "skip",
        });
      previous = id;
    }
    edges.push({ id: `j${lane}`, source: previous, target: "merge", type: "normal" });
  }
  nodes.push(
    { id: "merge", kind: "join", position: { x: 520 + perLane * 260, y: 1200 } },
    { id: "end", kind: "end", position: { x: 780 + perLane * 260, y: 1200 } },
  );
  edges.push({ id: "e-end", source: "merge", target: "end", type: "normal" });
  return { schemaVersion: 1, key, name: "Canvas benchmark", nodes, edges };
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

// In-page code is passed as strings: tsx's transpiled functions would reference helpers that do not
// exist in the browser.
const startFrames = `(() => {
  window.__frames = []; window.__run = true; window.__last = performance.now();
  const tick = (now) => { window.__frames.push(now - window.__last); window.__last = now; if (window.__run) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;
const stopFrames = `(() => { window.__run = false; return window.__frames.slice(1); })()`;

async function frameTimes(page: Page, action: () => Promise<void>): Promise<number[]> {
  await page.evaluate(startFrames);
  await action();
  return page.evaluate<number[]>(stopFrames);
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("Build the app first: npm run build");
  const dir = mkdtempSync(path.join(tmpdir(), "omniflow-canvas-"));
  const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/serve.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
      PORT: String(port),
      APP_URL: baseURL,
      AUTH_SECRET: "bench-secret-that-is-long-enough-0123456789",
      OMNIFLOW_EMBEDDED_WORKER: "0",
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        if ((await fetch(`${baseURL}/sign-in`)).ok) break;
      } catch {
        // not up yet
      }
      if (attempt > 120) throw new Error("The server did not start");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${baseURL}/sign-in`);
    await page.getByLabel("E-mail").fill("designer@omniflow.demo");
    await page.getByLabel("Password").fill("omniflow-demo");
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL(/\/workflows$/);
    const post = async (procedure: string, input: unknown) => {
      const response = await page.request.post(`${baseURL}/api/trpc/${procedure}`, {
        headers: { "content-type": "application/json", origin: baseURL },
        data: { json: input },
      });
      if (!response.ok()) throw new Error(`${procedure}: ${response.status()} ${await response.text()}`);
      return ((await response.json()) as { result: { data: { json: Record<string, unknown> } } }).result.data
        .json;
    };
    const created = await post("workflows.create", { name: "Canvas benchmark" });
    const id = created.id as string;
    const definition = bigDefinition(created.key as string);
    await post("workflows.saveDraft", { id, revision: 1, draft: definition });

    const started = Date.now();
    await page.goto(`${baseURL}/workflows/${id}`);
    await page.locator(".react-flow__node").first().waitFor();
    await page.waitForFunction(`document.querySelectorAll(".react-flow__node").length > 5`);
    const firstRenderMs = Date.now() - started;
    const rendered = await page.locator(".react-flow__node").count();

    const target = page.locator(".react-flow__node").nth(3);
    const box = (await target.boundingBox())!;
    const drag = await frameTimes(page, async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let step = 0; step < 60; step += 1)
        await page.mouse.move(box.x + box.width / 2 + step * 4, box.y + box.height / 2 + step * 2);
      await page.mouse.up();
    });
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const pan = await frameTimes(page, async () => {
      await page.mouse.move(pane.x + pane.width - 60, pane.y + pane.height - 60);
      await page.mouse.down();
      for (let step = 0; step < 60; step += 1)
        await page.mouse.move(pane.x + pane.width - 60 - step * 8, pane.y + pane.height - 60 - step * 4);
      await page.mouse.up();
    });
    const result = {
      firstRenderMs,
      dragFrameP95Ms: Math.round(p95(drag) * 10) / 10,
      panFrameP95Ms: Math.round(p95(pan) * 10) / 10,
    };
    console.log(
      `definition: ${definition.nodes?.length} nodes, ${definition.edges?.length} edges; ${rendered} nodes in the DOM (only visible ones are rendered)`,
    );
    console.log(`first render: ${firstRenderMs} ms`);
    console.log(
      `drag: ${drag.length} frames, p95 ${result.dragFrameP95Ms} ms; pan: ${pan.length} frames, p95 ${result.panFrameP95Ms} ms`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await browser.close();
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
