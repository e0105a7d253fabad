import { hashPassword } from "../../server/services/passwords.ts";
import type { Db } from "../../server/store/db.ts";
import { findUserByEmail, insertUser, updateUser } from "../../server/store/users.ts";

export const demoAccounts = [
  {
    role: "admin",
    email: "admin@demo.seedfund.test",
    password: "demo-admin-pass-2026",
    name: "Ada Admin",
    locale: "en",
  },
  {
    role: "user",
    email: "creator@demo.seedfund.test",
    password: "demo-creator-pass-2026",
    name: "李明 (Li Ming)",
    locale: "zh-CN",
  },
  {
    role: "user",
    email: "backer@demo.seedfund.test",
    password: "demo-backer-pass-2026",
    name: "Beatrice Backer",
    locale: "en",
  },
] as const;

/** Loads demo content; running it again leaves the database as it was (idempotent). */
export async function seedDemo(db: Db, now: Date): Promise<void> {
  for (const account of demoAccounts) {
    const existing = await findUserByEmail(db, account.email);
    const passwordHash = await hashPassword(account.password);
    if (existing) {
      await updateUser(db, existing.id, { passwordHash, role: account.role, status: "active" }, now);
    } else {
      await insertUser(db, { ...account, passwordHash }, now);
    }
  }
}
