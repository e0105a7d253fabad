import type { RequestHandler } from "express";
import { type Currency, formatMoney } from "../domain/money.ts";
import { locales } from "../i18n/index.ts";
import { formatDate, formatDateTime, formatNumber } from "./format.ts";
import { csrfTokenFor } from "./security.ts";

/** What every view can use: the translator, the signed-in user, a CSRF token, flash messages, formatters. */
export const viewLocals: RequestHandler = (req, res, next) => {
  const flashes = req.session?.flash ?? [];
  if (req.session?.flash) delete req.session.flash;
  Object.assign(res.locals, {
    t: req.t,
    locale: req.locale,
    locales,
    currentUser: req.user,
    currentPath: req.originalUrl,
    csrfToken: csrfTokenFor(req),
    flashes,
    money: (minor: number, currency: Currency) => formatMoney(minor, currency, req.locale),
    date: (instant: Date) => formatDate(instant, req.locale),
    dateTime: (instant: Date) => formatDateTime(instant, req.locale),
    number: (value: number) => formatNumber(value, req.locale),
  });
  next();
};
