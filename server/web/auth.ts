import type { Request, Response } from "express";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/password-policy.ts";
import { RuleError, ValidationError } from "../errors.ts";
import type { AccountService } from "../services/accounts.ts";
import { keptValues, parseForm } from "./forms.ts";
import { authenticate, type PassportInstance } from "./passport.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";

const email = z
  .string("validation.required")
  .trim()
  .min(1, "validation.required")
  .max(254, "validation.email.invalid")
  .pipe(z.email("validation.email.invalid"));
const newPassword = z.string("validation.required").min(1, "validation.required");

const registerSchema = z.object({
  name: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(100, "validation.name.tooLong")
    .refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), "validation.name.invalid"),
  email,
  password: newPassword,
});
const loginSchema = z.object({
  email,
  password: z.string("validation.required").min(1, "validation.required"),
});
const forgotSchema = z.object({ email });
const resetSchema = z
  .object({ password: newPassword, passwordConfirm: z.string("validation.required") })
  .refine((v) => v.password === v.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "validation.password.mismatch",
  });

const SECRET_FIELDS = ["password", "passwordConfirm", "currentPassword", "newPassword", "newPasswordConfirm"];
const passwordRules = { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH };

export function authRoutes(deps: { accounts: AccountService; passport: PassportInstance }) {
  const { accounts, passport } = deps;

  const showRegister = (req: Request, res: Response, extra: object = {}, status = 200) =>
    renderPage(
      res,
      "auth/register",
      { title: req.t("auth.register.title"), passwordRules, ...extra },
      status,
    );
  const showLogin = (req: Request, res: Response, extra: object = {}, status = 200) =>
    renderPage(
      res,
      "auth/login",
      {
        title: req.t("auth.login.title"),
        returnTo: safeReturnPath(req.query.returnTo ?? req.body?.returnTo, ""),
        ...extra,
      },
      status,
    );

  return {
    /** GET /register */
    registerForm: (req: Request, res: Response) => showRegister(req, res),

    /** POST /register */
    async register(req: Request, res: Response) {
      const values = keptValues(req.body, SECRET_FIELDS);
      const form = parseForm(registerSchema, req.body);
      if (!form.ok) return showRegister(req, res, { values, errors: form.errors }, 422);
      try {
        const user = await accounts.register({ ...form.data, locale: req.locale });
        await new Promise<void>((resolve, reject) =>
          req.login(user, (err) => (err ? reject(err) : resolve())),
        );
      } catch (error) {
        if (error instanceof ValidationError)
          return showRegister(req, res, { values, errors: error.fieldErrors }, 422);
        throw error;
      }
      flash(req, "success", "auth.register.welcome");
      res.redirect(303, "/account");
    },

    /** GET /login */
    loginForm: (req: Request, res: Response) => showLogin(req, res),

    /** POST /login */
    async login(req: Request, res: Response) {
      const values = keptValues(req.body, SECRET_FIELDS);
      const form = parseForm(loginSchema, req.body);
      if (!form.ok) return showLogin(req, res, { values, errors: form.errors }, 422);
      const result = await authenticate(passport, req, res);
      if (!result.ok) {
        const formError = result.reason === "suspended" ? "auth.login.suspended" : "auth.login.invalid";
        return showLogin(req, res, { values, formError }, result.reason === "suspended" ? 403 : 401);
      }
      await accounts.setLocale(result.user.id, req.locale); // mail goes out in the language they use
      flash(req, "success", "auth.login.welcomeBack", { name: result.user.name });
      res.redirect(303, safeReturnPath(req.body.returnTo, "/account"));
    },

    /** POST /logout */
    async logout(req: Request, res: Response) {
      await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
      flash(req, "info", "auth.logout.done");
      res.redirect(303, "/");
    },

    /** GET /password/forgot */
    forgotForm: (req: Request, res: Response) =>
      renderPage(res, "auth/forgot", { title: req.t("auth.forgot.title") }),

    /** POST /password/forgot */
    async forgot(req: Request, res: Response) {
      const values = keptValues(req.body);
      const form = parseForm(forgotSchema, req.body);
      if (!form.ok) {
        return renderPage(
          res,
          "auth/forgot",
          { title: req.t("auth.forgot.title"), values, errors: form.errors },
          422,
        );
      }
      await accounts.requestPasswordReset(form.data.email);
      flash(req, "info", "auth.forgot.sent");
      res.redirect(303, "/login");
    },

    /** GET /password/reset/:token */
    async resetForm(req: Request, res: Response) {
      const usable = await accounts.isResetTokenUsable(String(req.params.token));
      await renderPage(
        res,
        "auth/reset",
        { title: req.t("auth.reset.title"), usable, token: req.params.token, passwordRules },
        usable ? 200 : 410,
      );
    },

    /** POST /password/reset/:token */
    async reset(req: Request, res: Response) {
      const token = String(req.params.token);
      const show = (extra: object, status: number) =>
        renderPage(
          res,
          "auth/reset",
          { title: req.t("auth.reset.title"), usable: true, token, passwordRules, ...extra },
          status,
        );
      const form = parseForm(resetSchema, req.body);
      if (!form.ok) return show({ errors: form.errors }, 422);
      try {
        await accounts.resetPassword(token, form.data.password);
      } catch (error) {
        if (error instanceof ValidationError) return show({ errors: error.fieldErrors }, 422);
        if (error instanceof RuleError) return show({ usable: false }, 410);
        throw error;
      }
      flash(req, "success", "auth.reset.done");
      res.redirect(303, "/login");
    },
  };
}
