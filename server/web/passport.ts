import type { NextFunction, Request, Response } from "express";
import { Passport } from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import type { AccountService, SessionKey, SignInResult } from "../services/accounts.ts";
import type { User } from "../store/users.ts";

export type PassportInstance = InstanceType<typeof Passport>;

/** A Passport instance per app (tests build many apps), with the email + password strategy. */
export function createPassport(accounts: AccountService): PassportInstance {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: "email", passwordField: "password" }, (email, password, done) => {
      accounts
        .signIn(email, password)
        .then(
          (result) => (result.ok ? done(null, result.user) : done(null, false, { message: result.reason })),
          done,
        );
    }),
  );
  passport.serializeUser((user, done) => {
    accounts.sessionKey(user.id).then((key) => done(null, key), done);
  });
  passport.deserializeUser((key: Partial<SessionKey> | null, done) => {
    // A suspended or deleted account, or one whose password was changed or reset since this session
    // signed in, is signed out on its next request.
    if (typeof key?.id !== "number" || typeof key.stamp !== "string") return done(null, false);
    accounts.activeUser({ id: key.id, stamp: key.stamp }).then((user) => done(null, user ?? false), done);
  });
  return passport;
}

/** Runs the local strategy and, on success, signs the user in (Passport regenerates the session). */
export function authenticate(passport: PassportInstance, req: Request, res: Response): Promise<SignInResult> {
  return new Promise((resolve, reject) => {
    const next: NextFunction = (err?: unknown) => (err ? reject(err) : undefined);
    passport.authenticate("local", (err: unknown, user: User | false, info?: { message?: string }) => {
      if (err) return reject(err);
      if (!user)
        return resolve({ ok: false, reason: info?.message === "suspended" ? "suspended" : "invalid" });
      req.login(user, (loginErr) => (loginErr ? reject(loginErr) : resolve({ ok: true, user })));
    })(req, res, next);
  });
}
