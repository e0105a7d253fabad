import { ForbiddenError } from "../errors.ts";
import type { User } from "../store/users.ts";

/** Who is acting in an admin use case: the signed-in user, or nobody. */
export type Actor = Pick<User, "id" | "role"> | undefined | null;

/** Every admin use case starts here: the router is behind requireAdmin, and the service checks again. */
export function assertAdmin(actor: Actor): Pick<User, "id" | "role"> {
  if (actor?.role !== "admin") throw new ForbiddenError();
  return actor;
}
