import type { Request, Response } from "express";
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/password-policy.ts";
import { ValidationError } from "../errors.ts";
import { locales } from "../i18n/index.ts";
import type { AccountService } from "../services/accounts.ts";
import { parseForm } from "./forms.ts";
import { flash, renderPage } from "./render.ts";

const changePasswordSchema = z
  .object({
    currentPassword: z.string("validation.required").min(1, "validation.required"),
    newPassword: z.string("validation.required").min(1, "validation.required"),
    newPasswordConfirm: z.string("validation.required"),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "validation.password.mismatch",
  });
const localeSchema = z.object({ locale: z.enum(locales, "validation.invalid") });

export function accountRoutes(deps: { accounts: AccountService }) {
  const { accounts } = deps;
  const show = (req: Request, res: Response, extra: object = {}, status = 200) =>
    renderPage(
      res,
      "account/index",
      {
        title: req.t("account.title"),
        passwordRules: { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH },
        ...extra,
      },
      status,
    );

  return {
    /** GET /account */
    show: (req: Request, res: Response) => show(req, res),

    /** POST /account/password */
    async changePassword(req: Request, res: Response) {
      const user = req.user as Express.User;
      const form = parseForm(changePasswordSchema, req.body);
      if (!form.ok) return show(req, res, { errors: form.errors }, 422);
      try {
        await accounts.changePassword(user.id, form.data.currentPassword, form.data.newPassword);
      } catch (error) {
        if (error instanceof ValidationError) return show(req, res, { errors: error.fieldErrors }, 422);
        throw error;
      }
      // A new session id after a credential change, so a stolen cookie stops working.
      await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
      flash(req, "success", "account.password.changed");
      res.redirect(303, "/account");
    },

    /** POST /account/locale */
    async setLocale(req: Request, res: Response) {
      const form = parseForm(localeSchema, req.body);
      if (!form.ok) return show(req, res, { errors: form.errors }, 422);
      await accounts.setLocale((req.user as Express.User).id, form.data.locale);
      flash(req, "success", "account.locale.saved");
      res.redirect(303, "/account");
    },
  };
}
