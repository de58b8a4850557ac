// The environment module: defaults, and a clear message naming each bad variable.
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";

describe("parseEnv", () => {
  it("defaults to SQLite under ./data in demo mode on 127.0.0.1:3000", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: "file:./data/omniflow.db",
      OMNIFLOW_MODE: "demo",
      HOST: "127.0.0.1",
      PORT: 3000,
      APP_URL: "http://127.0.0.1:3000",
      SIGN_IN_FREE_ATTEMPTS: 5,
      OMNIFLOW_SIM: "1",
      SIM_PORT: 4010,
      SIM_DATABASE: "./data/sim.db",
    });
    expect(parseEnv({}).SIM_URL).toBeUndefined();
  });

  it("accepts PostgreSQL URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/db" }).DATABASE_URL).toMatch(
      /^postgresql:/,
    );
    expect(parseEnv({ DATABASE_URL: "postgres://u@127.0.0.1/db" }).DATABASE_URL).toMatch(/^postgres:/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/omniflow.db",
    });
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: must start with file:/],
    [{ PORT: "eighty" }, /PORT: must be a number/],
    [{ PORT: "70000" }, /PORT: must be between 1 and 65535/],
    [{ APP_URL: "not a url" }, /APP_URL: must be an absolute http\(s\) URL/],
    [{ OMNIFLOW_MODE: "staging" }, /OMNIFLOW_MODE: /],
    [{ SIM_URL: "127.0.0.1:4010" }, /SIM_URL: must be an absolute http\(s\) URL/],
    [{ SIM_PORT: "0" }, /SIM_PORT: must be between 1 and 65535/],
    [{ OMNIFLOW_SIM: "yes" }, /OMNIFLOW_SIM: must be 0 or 1/],
    [{ AUTH_SECRET: "short" }, /AUTH_SECRET: must be at least 32 characters long/],
    [{ OMNIFLOW_MODE: "production" }, /AUTH_SECRET: is required when OMNIFLOW_MODE=production/],
  ])("refuses %j with a message naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("lists every bad variable at once", () => {
    expect(() => parseEnv({ PORT: "x", DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/,
    );
  });
});
