import { Router } from "express";
import type { AppDeps } from "../app.ts";

/** Routes of this area; see the table inside. */
export function discoverRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
