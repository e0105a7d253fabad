import type { Locale, Translate } from "../i18n/index.ts";
import type { User as AppUser } from "../store/users.ts";

declare global {
  namespace Express {
    interface User extends AppUser {}
    interface Request {
      locale: Locale;
      t: Translate;
    }
  }
}

declare module "express-session" {
  interface SessionData {
    flash?: { type: "success" | "error" | "info"; key: string; params?: Record<string, unknown> }[];
  }
}
