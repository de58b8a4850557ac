// `npm start`: builds the app, then serves it (see serve.ts). The environment is checked first so a
// bad value fails in a second, not after the build.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { EnvError, parseEnv } from "../server/env";

try {
  parseEnv();
} catch (error: unknown) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const root = path.resolve(import.meta.dirname, "..");
execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
await import("./serve");
