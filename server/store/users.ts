import type { Locale } from "../i18n/index.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export type Role = "user" | "admin";
export type UserStatus = "active" | "suspended";

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  locale: Locale;
  createdAt: Date;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  status: UserStatus;
  locale: Locale;
  created_at: string;
}

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    locale: row.locale,
    createdAt: fromDbTime(row.created_at),
    passwordHash: row.password_hash,
  };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(db: Db, id: number): Promise<UserWithHash | undefined> {
  const row = await db<UserRow>("users").where({ id }).first();
  return row && toUser(row);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserWithHash | undefined> {
  const row = await db<UserRow>("users")
    .where({ email: normalizeEmail(email) })
    .first();
  return row && toUser(row);
}

export async function insertUser(
  db: Db,
  user: { email: string; name: string; passwordHash: string; role?: Role; locale: Locale },
  now: Date,
): Promise<number> {
  const [row] = await db("users")
    .insert({
      email: normalizeEmail(user.email),
      name: user.name,
      password_hash: user.passwordHash,
      role: user.role ?? "user",
      locale: user.locale,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Partial<{ name: string; passwordHash: string; role: Role; status: UserStatus; locale: Locale }>,
  now: Date,
): Promise<void> {
  const row: Record<string, unknown> = { updated_at: toDbTime(now) };
  if (changes.name !== undefined) row.name = changes.name;
  if (changes.passwordHash !== undefined) row.password_hash = changes.passwordHash;
  if (changes.role !== undefined) row.role = changes.role;
  if (changes.status !== undefined) row.status = changes.status;
  if (changes.locale !== undefined) row.locale = changes.locale;
  await db("users").where({ id }).update(row);
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "SQLITE_CONSTRAINT_UNIQUE" || e.code === "23505";
}
