// The server Playwright starts: fresh database files (the app's and the simulator's), a production build (skipped when
// E2E_SKIP_BUILD=1 and a build exists), then the same serve path as `npm start`.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "../server/env";
import { sqliteFilePath } from "../server/db/url";

const root = path.resolve(import.meta.dirname, "..");
const env = parseEnv();
const dbFile = path.resolve(root, sqliteFilePath(env.DATABASE_URL));
const simFile = path.resolve(root, env.SIM_DATABASE);
for (const file of [dbFile, simFile]) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

const skipBuild = process.env.E2E_SKIP_BUILD === "1" && existsSync(path.join(root, ".next/BUILD_ID"));
if (!skipBuild) {
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
  });
}
await import("./serve");
