/**
 * Settlement test helpers: a live campaign with real pledges placed through PledgeService (saved
 * sandbox cards), the clock moved past its deadline, and settlers that mail into ctx.mail.
 */
import crypto from "node:crypto";
import type { Locale } from "../../server/i18n/index.ts";
import { createSettler } from "../../server/jobs/settlement.ts";
import type { SettlementService } from "../../server/services/settlement.ts";
import { DAY_MS, type SettlementServiceDeps } from "../../server/services/settlement.ts";
import { type Project, tiersOf, updateProjectFields } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import type { TestContext } from "./context.ts";
import { pledgeService, saveCard } from "./pledging.ts";
import { createSubmittedProject, createUser } from "./project-factory.ts";

export { DAY_MS };

export const FAILING_CARD = "4000000000000341";

export function settlerOf(
  ctx: TestContext,
  owner?: string,
  settings?: Partial<SettlementServiceDeps["settings"]>,
): SettlementService {
  return createSettler(
    {
      config: { ...ctx.config, settlement: { ...ctx.config.settlement, ...settings } },
      db: ctx.db,
      clock: ctx.clock,
      gateway: ctx.gateway,
      mailer: ctx.mailer,
    },
    owner,
  );
}

export interface LiveCampaign {
  project: Project;
  creator: User;
  limitedTierId: number;
  openTierId: number;
}

/** A live reward campaign (CNY) whose deadline is a day ahead of the clock. */
export async function liveCampaign(
  ctx: TestContext,
  o: { goalMinor?: number; creatorLocale?: Locale; title?: string } = {},
): Promise<LiveCampaign> {
  const now = ctx.clock.now();
  const { project, creator } = await createSubmittedProject(ctx.db, {
    goalMinor: o.goalMinor ?? 10_000,
    creatorLocale: o.creatorLocale,
    title: o.title,
    now,
  });
  await updateProjectFields(
    ctx.db,
    project.id,
    {
      state: "live",
      launchedAt: new Date(now.getTime() - DAY_MS),
      deadlineAt: new Date(now.getTime() + DAY_MS),
    },
    now,
  );
  const tiers = await tiersOf(ctx.db, project.id);
  const limited = tiers.find((t) => t.quantityLimit !== null);
  const open = tiers.find((t) => !t.ships);
  return {
    project: { ...project, state: "live" },
    creator,
    limitedTierId: limited?.id as number,
    openTierId: open?.id as number,
  };
}

export interface Backing {
  backer: User;
  pledgeId: number;
  paymentMethodId: number;
}

/** A new backer who saves `card` and pledges `amountMinor` to the open tier (or the limited one). */
export async function back(
  ctx: TestContext,
  campaign: LiveCampaign,
  o: { card?: string; amountMinor?: number; locale?: Locale; limited?: boolean; name?: string } = {},
): Promise<Backing> {
  const backer = await createUser(ctx.db, { locale: o.locale ?? "en", name: o.name, now: ctx.clock.now() });
  const pledges = pledgeService(ctx);
  const paymentMethodId = await saveCard(ctx, backer, o.card, ctx.clock.now().getUTCFullYear() + 3);
  const { pledge } = await pledges.placePledge(backer, {
    projectId: campaign.project.id,
    tierId: o.limited ? campaign.limitedTierId : campaign.openTierId,
    amountMinor: o.amountMinor ?? 4_000,
    shipRegion: o.limited ? "cn" : null,
    shipName: o.limited ? "Wang Fang" : null,
    shipAddress: o.limited ? "1 Example Road, Shanghai" : null,
    paymentMethodId,
    idempotencyKey: crypto.randomUUID(),
  });
  return { backer, pledgeId: pledge.id, paymentMethodId };
}

/** Moves the clock past the campaign's deadline. */
export function passDeadline(ctx: TestContext) {
  ctx.clock.advance(DAY_MS + 60_000);
}

export async function itemOf(ctx: TestContext, pledgeId: number) {
  return ctx.db("settlement_items").where({ kind: "pledge", backing_id: pledgeId }).first();
}

/** Succeeded sandbox charges per pledge id (from the idempotency keys). */
export async function succeededChargesPerPledge(ctx: Pick<TestContext, "db">): Promise<Map<number, number>> {
  const rows = await ctx.db("sandbox_charges").where({ status: "succeeded" }).select("idempotency_key");
  const out = new Map<number, number>();
  for (const r of rows) {
    const m = /^pledge-(\d+)-attempt-\d+$/.exec(r.idempotency_key);
    if (m) out.set(Number(m[1]), (out.get(Number(m[1])) ?? 0) + 1);
  }
  return out;
}
