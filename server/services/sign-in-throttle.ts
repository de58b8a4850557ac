// Slows down password guessing per account: after a number of consecutive failed sign-ins, each
// further try must wait, and the wait doubles with every failure (capped). A success resets it.
import { retryOnWriteConflict } from "./write-retry";
import type { Db } from "../db/client";

export const THROTTLE_BASE_SECONDS = 15;
export const THROTTLE_MAX_SECONDS = 15 * 60;

export type ThrottleCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

function key(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds to wait after `failures` consecutive failures, or 0 while still under the free attempts. */
export function throttleDelaySeconds(failures: number, freeAttempts: number): number {
  if (failures < freeAttempts) return 0;
  const exponent = Math.min(failures - freeAttempts, 16);
  return Math.min(THROTTLE_BASE_SECONDS * 2 ** exponent, THROTTLE_MAX_SECONDS);
}

/** Whether a sign-in for `email` may be tried at `now`; if not, how many seconds remain. */
export async function checkSignInThrottle(db: Db, email: string, now: Date): Promise<ThrottleCheck> {
  const row = await db.signInThrottle.findUnique({
    where: { email: key(email) },
    select: { lockedUntil: true },
  });
  if (!row?.lockedUntil || row.lockedUntil <= now) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000) };
}

/** Records one failed sign-in and, past the free attempts, locks further tries for a while. */
export async function recordSignInFailure(
  db: Db,
  email: string,
  now: Date,
  freeAttempts: number,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  return retryOnWriteConflict(() =>
    db.$transaction(async (tx) => {
      const previous = await tx.signInThrottle.findUnique({
        where: { email: key(email) },
        select: { failures: true },
      });
      const failures = (previous?.failures ?? 0) + 1;
      const delay = throttleDelaySeconds(failures, freeAttempts);
      const lockedUntil = delay > 0 ? new Date(now.getTime() + delay * 1000) : null;
      await tx.signInThrottle.upsert({
        where: { email: key(email) },
        create: { email: key(email), failures, lastFailureAt: now, lockedUntil },
        update: { failures, lastFailureAt: now, lockedUntil },
      });
      return { failures, lockedUntil };
    }),
  );
}

/** Clears the failure count after a successful sign-in. */
export async function recordSignInSuccess(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email: key(email) } });
}
