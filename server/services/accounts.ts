import crypto from "node:crypto";
import type { Clock } from "../clock.ts";
import { passwordProblems } from "../domain/password-policy.ts";
import { RuleError, ValidationError } from "../errors.ts";
import type { Locale } from "../i18n/index.ts";
import type { Mailer } from "../mail/mailer.ts";
import { passwordChangedMail, passwordResetMail, welcomeMail } from "../mail/messages.ts";
import type { Db } from "../store/db.ts";
import { findUsableReset, insertPasswordReset, useAllResets } from "../store/password-resets.ts";
import {
  findUserByEmail,
  findUserById,
  insertUser,
  isUniqueViolation,
  type User,
  type UserWithHash,
  updateUser,
} from "../store/users.ts";
import { burnVerification, hashPassword, verifyPassword } from "./passwords.ts";

export interface AccountServiceDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  baseUrl: string;
  passwordResetTtlMinutes: number;
}

export type SignInResult = { ok: true; user: User } | { ok: false; reason: "invalid" | "suspended" };

/** What a session keeps of its user: the id, and a stamp that changes with the password. */
export interface SessionKey {
  id: number;
  stamp: string;
}

function publicUser(user: UserWithHash): User {
  const { passwordHash: _, ...rest } = user;
  return rest;
}

function sha256(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Changes whenever the password does (every hash has a new salt), so a change or reset ends other sessions. */
function credentialStamp(user: UserWithHash): string {
  return sha256(user.passwordHash).slice(0, 16);
}

function assertStrongPassword(
  password: string,
  identity: { email?: string; name?: string },
  field = "password",
) {
  const [problem] = passwordProblems(password, identity);
  if (problem) throw new ValidationError({ [field]: `validation.password.${problem}` });
}

export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  async register(input: { name: string; email: string; password: string; locale: Locale }): Promise<User> {
    assertStrongPassword(input.password, input);
    const { db, clock, mailer } = this.deps;
    const passwordHash = await hashPassword(input.password);
    let id: number;
    try {
      id = await insertUser(db, { ...input, passwordHash }, clock.now());
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationError({ email: "validation.email.unavailable" });
      throw error;
    }
    const user = (await findUserById(db, id)) as UserWithHash;
    await mailer.send(welcomeMail(user, this.deps.baseUrl));
    return publicUser(user);
  }

  /** Checks credentials. The answer never tells whether the email is registered. */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const user = await findUserByEmail(this.deps.db, email);
    if (!user) {
      await burnVerification(password);
      return { ok: false, reason: "invalid" };
    }
    if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid" };
    if (user.status !== "active") return { ok: false, reason: "suspended" };
    return { ok: true, user: publicUser(user) };
  }

  /** The key a session stores at sign-in. */
  async sessionKey(userId: number): Promise<SessionKey> {
    const user = await findUserById(this.deps.db, userId);
    if (!user) throw new RuleError("errors.notFound");
    return { id: user.id, stamp: credentialStamp(user) };
  }

  /** The signed-in user behind a session, or nothing if the account is gone or suspended, or its password changed since. */
  async activeUser(key: SessionKey): Promise<User | undefined> {
    const user = await findUserById(this.deps.db, key.id);
    if (user?.status !== "active" || credentialStamp(user) !== key.stamp) return undefined;
    return publicUser(user);
  }

  async changePassword(userId: number, currentPassword: string, newPassword: string): Promise<void> {
    const { db, clock, mailer } = this.deps;
    const user = await findUserById(db, userId);
    if (!user) throw new RuleError("errors.notFound");
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      throw new ValidationError({ currentPassword: "validation.password.currentWrong" });
    }
    assertStrongPassword(newPassword, user, "newPassword");
    await updateUser(db, userId, { passwordHash: await hashPassword(newPassword) }, clock.now());
    await mailer.send(passwordChangedMail(user, this.deps.baseUrl));
  }

  async setLocale(userId: number, locale: Locale): Promise<void> {
    await updateUser(this.deps.db, userId, { locale }, this.deps.clock.now());
  }

  /** Emails a single-use link if the address belongs to an active account; silent otherwise. */
  async requestPasswordReset(email: string): Promise<void> {
    const { db, clock, mailer, passwordResetTtlMinutes } = this.deps;
    const user = await findUserByEmail(db, email);
    if (user?.status !== "active") return;
    const token = crypto.randomBytes(32).toString("base64url");
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + passwordResetTtlMinutes * 60_000);
    await insertPasswordReset(db, { userId: user.id, tokenHash: sha256(token), expiresAt }, now);
    const link = `${this.deps.baseUrl}/password/reset/${token}`;
    await mailer.send(passwordResetMail(user, link, passwordResetTtlMinutes));
  }

  async isResetTokenUsable(token: string): Promise<boolean> {
    return (await findUsableReset(this.deps.db, sha256(token), this.deps.clock.now())) !== undefined;
  }

  async resetPassword(token: string, newPassword: string): Promise<User> {
    const { db, clock } = this.deps;
    const reset = await findUsableReset(db, sha256(token), clock.now());
    if (!reset) throw new RuleError("auth.reset.invalidLink");
    const user = await findUserById(db, reset.userId);
    if (!user) throw new RuleError("auth.reset.invalidLink");
    assertStrongPassword(newPassword, user);
    const passwordHash = await hashPassword(newPassword);
    const used = await db.transaction(async (trx) => {
      // Re-check inside the transaction: two tabs submitting the same link must not both succeed.
      if (!(await findUsableReset(trx, sha256(token), clock.now()))) return false;
      await updateUser(trx, user.id, { passwordHash }, clock.now());
      await useAllResets(trx, user.id, clock.now());
      return true;
    });
    if (!used) throw new RuleError("auth.reset.invalidLink");
    return publicUser(user);
  }

  /** Creates an admin, or promotes an existing account (and sets its password), for the create-admin CLI. */
  async ensureAdmin(input: {
    email: string;
    password: string;
    name: string;
  }): Promise<{ created: boolean; user: User }> {
    const { db, clock } = this.deps;
    assertStrongPassword(input.password, input);
    const passwordHash = await hashPassword(input.password);
    const existing = await findUserByEmail(db, input.email);
    if (existing) {
      await updateUser(db, existing.id, { role: "admin", passwordHash, status: "active" }, clock.now());
      return { created: false, user: publicUser((await findUserById(db, existing.id)) as UserWithHash) };
    }
    const id = await insertUser(db, { ...input, passwordHash, role: "admin", locale: "en" }, clock.now());
    return { created: true, user: publicUser((await findUserById(db, id)) as UserWithHash) };
  }

  async setStatus(userId: number, status: "active" | "suspended"): Promise<void> {
    await updateUser(this.deps.db, userId, { status }, this.deps.clock.now());
  }
}
