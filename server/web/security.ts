import { csrfSync } from "csrf-sync";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { backPath, renderPage } from "./render.ts";

export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https,
    // Same-origin referers give error pages a way back; reset tokens in URLs never leave the site.
    referrerPolicy: { policy: "same-origin" },
  });
}

const csrf = csrfSync({
  getTokenFromRequest(req) {
    // Multipart forms carry the token in their action URL (?_csrf=…), so it is checked before any
    // file is read; the URL never leaves the site (Referrer-Policy) and logs redact it.
    if (req.is("multipart/form-data")) return req.query._csrf as string | undefined;
    return (req.body?._csrf as string | undefined) ?? (req.headers["x-csrf-token"] as string | undefined);
  },
});

/** Refuses a state-changing request without the session's CSRF token (403). */
export const csrfProtection: RequestHandler = csrf.csrfSynchronisedProtection;

/** The token for forms; creating one is what starts a session for an anonymous visitor, so it is made on demand. */
export function csrfTokenFor(req: Request): () => string {
  let token: string | undefined;
  return () => {
    // The public pages served without a session (server/app.ts) must not contain a form.
    if (!req.session) throw new Error(`${req.path} has a form but was served without a session`);
    token ??= csrf.generateToken(req);
    return token;
  };
}

export function isCsrfError(error: unknown): boolean {
  return (error as { code?: string })?.code === "EBADCSRFTOKEN";
}

/** A limiter that answers with a page in the user's language; failed attempts count, successes do not (login). */
export function limiter(options: {
  windowMs: number;
  limit: number;
  countSuccesses?: boolean;
}): RequestHandler {
  if (options.limit === 0) return (_req, _res, next) => next(); // 0 turns the limit off
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    skipSuccessfulRequests: !options.countSuccesses,
    handler: async (req: Request, res: Response, _next: NextFunction) => {
      const minutes = Math.ceil(options.windowMs / 60_000);
      await renderPage(
        res,
        "errors/error",
        {
          title: req.t("errors.rateLimited.title"),
          message: req.t("errors.rateLimited.message", { minutes }),
          backUrl: backPath(req),
        },
        429,
      );
    },
  });
}
