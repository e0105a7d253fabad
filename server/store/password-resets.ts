import type { Db } from "./db.ts";
import { toDbTime } from "./time.ts";

export async function insertPasswordReset(
  db: Db,
  reset: { userId: number; tokenHash: string; expiresAt: Date },
  now: Date,
): Promise<void> {
  await db("password_resets").insert({
    user_id: reset.userId,
    token_hash: reset.tokenHash,
    expires_at: toDbTime(reset.expiresAt),
    created_at: toDbTime(now),
  });
}

/** The user id of an unused, unexpired reset token, if there is one. */
export async function findUsableReset(
  db: Db,
  tokenHash: string,
  now: Date,
): Promise<{ id: number; userId: number } | undefined> {
  const row = await db("password_resets")
    .where({ token_hash: tokenHash })
    .whereNull("used_at")
    .where("expires_at", ">", toDbTime(now))
    .first("id", "user_id");
  return row && { id: row.id, userId: row.user_id };
}

/** Marks every outstanding token of the user as used, so a token works once and a reset ends all others. */
export async function useAllResets(db: Db, userId: number, now: Date): Promise<void> {
  await db("password_resets")
    .where({ user_id: userId })
    .whereNull("used_at")
    .update({ used_at: toDbTime(now) });
}
