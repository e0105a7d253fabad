import type { Request, Response } from "express";
import type { FieldErrors } from "../errors.ts";

export interface PageLocals {
  title: string;
  values?: Record<string, string>;
  errors?: FieldErrors;
  [key: string]: unknown;
}

/** Renders a view inside the layout. */
export function renderPage(res: Response, view: string, locals: PageLocals, status = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    const all = { values: {}, errors: {}, ...locals };
    res.render(view, all, (err: Error | null, body?: string) => {
      if (err) return reject(err);
      res.status(status).render("layout", { ...all, body }, (layoutErr: Error | null, html?: string) => {
        if (layoutErr) return reject(layoutErr);
        res.send(html);
        resolve();
      });
    });
  });
}

export function flash(
  req: Request,
  type: "success" | "error" | "info",
  key: string,
  params?: Record<string, unknown>,
) {
  req.session.flash = [...(req.session.flash ?? []), { type, key, params }];
}

/**
 * Only paths on this site are followed, never "//evil.example" or an absolute URL. Control characters
 * are refused too: a browser drops tabs and newlines from a URL, so "/\t/evil.example" is "//evil.example".
 */
export function safeReturnPath(value: unknown, fallback = "/"): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\") ||
    [...value].some((c) => c < " " || c === "\u007f")
  ) {
    return fallback;
  }
  return value;
}

/** Where "Go back" leads: the page the user came from on this site (Referrer-Policy is same-origin), else home. */
export function backPath(req: Request): string {
  const referer = req.get("referer");
  if (!referer) return "/";
  try {
    const url = new URL(referer);
    return url.host === req.get("host") ? safeReturnPath(url.pathname + url.search) : "/";
  } catch {
    return "/";
  }
}
