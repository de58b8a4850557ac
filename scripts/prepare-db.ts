// `npm run dev` runs this first: migrate and seed the configured database.
import { prepareDatabase } from "../server/db/prepare";
import { EnvError, parseEnv } from "../server/env";

try {
  await prepareDatabase(parseEnv());
} catch (error: unknown) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
