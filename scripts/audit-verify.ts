// `npm run audit:verify`: checks the audit trail's hash chain of DATABASE_URL and says whether it is
// intact or where it first breaks. Exits non-zero when it is broken.
import { createDb } from "../server/db/client";
import { EnvError, parseEnv } from "../server/env";
import { verifyAuditChain } from "../server/services/audit";

try {
  const env = parseEnv();
  const db = createDb(env.DATABASE_URL);
  const check = await verifyAuditChain(db);
  await db.$disconnect();
  if (check.intact) {
    console.log(`audit trail intact: ${check.entries} entries verified`);
  } else {
    console.log(
      `audit trail BROKEN at entry ${check.firstBrokenSeq}: ${check.reason} (${check.entries} entries read)`,
    );
    process.exit(1);
  }
} catch (error: unknown) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(2);
}
