import { PledgeService, type PledgeServiceDeps } from "../../server/services/pledges.ts";
import type { User } from "../../server/store/users.ts";
import type { TestContext } from "./context.ts";

/** The sandbox's card that saves and charges fine. */
export const GOOD_CARD = "4242424242424242";

/**
 * A PledgeService on the test context's database, clock, gateway and notifier; `deps` replaces any
 * of them, or adds risk monitoring.
 */
export function pledgeService(ctx: TestContext, deps: Partial<PledgeServiceDeps> = {}): PledgeService {
  return new PledgeService({
    db: ctx.db,
    clock: ctx.clock,
    gateway: ctx.gateway,
    notifier: ctx.notifier,
    ...deps,
  });
}

/** Saves a sandbox card for the user through the gateway, as the pledge and invest forms do; returns its payment method id. */
export async function saveCard(
  ctx: TestContext,
  user: User,
  number = GOOD_CARD,
  expYear = 2099,
): Promise<number> {
  const added = await pledgeService(ctx).addCard(user, {
    number,
    expMonth: 12,
    expYear,
    cvc: "123",
    holderName: user.name,
  });
  if (!added.ok) throw new Error(`card refused: ${added.error}`);
  return added.method.id;
}
