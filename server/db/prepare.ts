// Start-up preparation of the database: migrate, then seed demo data into an empty one (demo mode
// only), printing the demo sign-in details.
import type { Env } from "../env";
import { createDb } from "./client";
import { migrate } from "./migrate";
import { seedDemoWorkflows } from "./demo-workflows";
import { DEMO_PASSWORD, seedDemo } from "./seed";

/** Hides the password of a PostgreSQL URL for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Migrates and seeds the database named by `env`; logs through `log`. Throws on failure. */
export async function prepareDatabase(env: Env, log: (line: string) => void = console.log): Promise<void> {
  const result = await migrate(env.DATABASE_URL);
  log(
    `database ${redactUrl(env.DATABASE_URL)}: ${result.applied.length} migration(s) applied, ${result.skipped.length} already there`,
  );
  const db = createDb(env.DATABASE_URL);
  try {
    const seed = await seedDemo(db, env.OMNIFLOW_MODE);
    if (seed.seeded) {
      log(`\nDemo accounts, all with the password "${DEMO_PASSWORD}":`);
      for (const user of seed.users) log(`  ${user.email.padEnd(26)} ${user.roleKeys.join(", ")}`);
      log("");
      const admin = await db.user.findUnique({
        where: { email: "admin@omniflow.demo" },
        select: { id: true },
      });
      if (admin) {
        // The reference templates call the simulated estate's connectors: published only with it.
        const published = await seedDemoWorkflows(db, admin.id, new Date(), {
          templates: Boolean(env.SIM_URL),
        });
        if (published.length > 0) log(`demo workflows published: ${published.join(", ")}`);
      }
    } else {
      log(`demo data not seeded: ${seed.reason}`);
    }
  } finally {
    await db.$disconnect();
  }
}
