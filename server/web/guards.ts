import type { RequestHandler } from "express";
import { ForbiddenError } from "../errors.ts";
import { flash } from "./render.ts";

/** Sends a visitor to sign in, and back to this page afterwards. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.method === "GET") {
    flash(req, "info", "auth.signInRequired");
    res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new ForbiddenError("auth.signInRequired"));
};

export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.user?.role === "admin") return next();
  next(new ForbiddenError());
};
