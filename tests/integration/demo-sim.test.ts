// The simulated estate `npm start` brings up in demo mode: SIM_URL wins, production and OMNIFLOW_SIM=0
// start none, a free port gets an in-process simulator, a port already serving one is reused, and a
// port taken by something else leaves the app without it (with a message saying how to fix it).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimClient } from "@/server/connectors/sim";
import { ensureDemoSim } from "@/sim/embedded";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "omniflow-demo-sim-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function envFor(port: number, overrides: Partial<Parameters<typeof ensureDemoSim>[0]> = {}) {
  return {
    OMNIFLOW_MODE: "demo" as const,
    OMNIFLOW_SIM: "1" as const,
    SIM_URL: undefined,
    SIM_PORT: port,
    SIM_DATABASE: path.join(dir, `sim-${port}.db`),
    ...overrides,
  };
}

describe("the demo simulated estate", () => {
  it("uses SIM_URL when it is set and starts nothing", async () => {
    const lines: string[] = [];
    const sim = await ensureDemoSim(envFor(1, { SIM_URL: "http://sim.example:4010" }), (line) =>
      lines.push(line),
    );
    expect(sim).toEqual({ url: "http://sim.example:4010", running: null });
    expect(lines).toEqual(["Simulated retail estate: using http://sim.example:4010 (SIM_URL)"]);
  });

  it("starts none in production mode or with OMNIFLOW_SIM=0", async () => {
    expect(await ensureDemoSim(envFor(1, { OMNIFLOW_MODE: "production" }), () => {})).toEqual({
      url: null,
      running: null,
    });
    expect(await ensureDemoSim(envFor(1, { OMNIFLOW_SIM: "0" }), () => {})).toEqual({
      url: null,
      running: null,
    });
  });

  it("starts a seeded simulator on SIM_PORT, and reuses one already listening there", async () => {
    const port = await freePort();
    const sim = await ensureDemoSim(envFor(port), () => {});
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${port}`);
      expect(sim.running).not.toBeNull();
      const client = createSimClient(sim.url!);
      const stock = await client.erp.getStock.query({ sku: "SKU-JEANS" });
      expect(stock.rows.length).toBeGreaterThan(0);

      const lines: string[] = [];
      const second = await ensureDemoSim(envFor(port), (line) => lines.push(line));
      expect(second).toEqual({ url: `http://127.0.0.1:${port}`, running: null });
      expect(lines).toEqual([
        `Simulated retail estate: using the one already running on http://127.0.0.1:${port}`,
      ]);
    } finally {
      await sim.running?.close();
    }
  });

  it("goes on without it when the port serves something else", async () => {
    const other: Server = createServer((_request, response) => response.end("not a simulator"));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", () => resolve()));
    const { port } = other.address() as AddressInfo;
    try {
      const lines: string[] = [];
      expect(await ensureDemoSim(envFor(port), (line) => lines.push(line))).toEqual({
        url: null,
        running: null,
      });
      expect(lines[0]).toMatch(/^Simulated retail estate not started \(.*EADDRINUSE.*\); set SIM_PORT/);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
