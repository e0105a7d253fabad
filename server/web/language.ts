import { parse as parseCookies } from "cookie";
import type { RequestHandler } from "express";
import { defaultLocale, isLocale, type Locale, matchLocale, translator } from "../i18n/index.ts";
import { safeReturnPath } from "./render.ts";

const COOKIE = "lang";

/** The explicit choice (a cookie set by the switcher) wins; otherwise Accept-Language; otherwise English. */
export const detectLanguage: RequestHandler = (req, _res, next) => {
  const chosen = parseCookies(req.headers.cookie ?? "")[COOKIE];
  let locale: Locale | undefined = isLocale(chosen) ? chosen : undefined;
  if (!locale) {
    for (const tag of req.acceptsLanguages()) {
      locale = matchLocale(tag);
      if (locale) break;
    }
  }
  req.locale = locale ?? defaultLocale;
  req.t = translator(req.locale);
  next();
};

/**
 * GET /language/:locale — remembers the reader's choice in a cookie and goes back to the page.
 * It changes nothing on the server (a signed-in user's mail language is saved at sign-in and in
 * account settings, both CSRF-protected posts), so a plain link is enough.
 */
export const chooseLanguage: RequestHandler = (req, res) => {
  const locale = req.params.locale;
  const back = safeReturnPath(req.query.returnTo);
  if (!isLocale(locale)) {
    res.redirect(303, back);
    return;
  }
  res.cookie(COOKIE, locale, {
    maxAge: 365 * 24 * 3600 * 1000,
    httpOnly: true,
    sameSite: "lax",
    secure: req.secure,
    path: "/",
  });
  res.redirect(303, back);
};
