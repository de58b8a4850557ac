// `npm run db:migrate`: applies pending migrations to DATABASE_URL.
import { migrate } from "../server/db/migrate";
import { EnvError, parseEnv } from "../server/env";

try {
  const env = parseEnv();
  const result = await migrate(env.DATABASE_URL);
  console.log(`applied: ${result.applied.join(", ") || "none"}; already applied: ${result.skipped.length}`);
} catch (error: unknown) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
