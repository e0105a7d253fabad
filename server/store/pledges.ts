import type { Currency } from "../domain/money.ts";
import type { ShippingRegion } from "../domain/project-rules.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export type PledgeStatus = "active" | "cancelled";

export interface Pledge {
  id: number;
  projectId: number;
  backerId: number;
  tierId: number | null;
  amountMinor: number;
  shippingMinor: number;
  totalMinor: number;
  currency: Currency;
  status: PledgeStatus;
  paymentMethodId: number;
  shipName: string | null;
  shipAddress: string | null;
  shipRegion: ShippingRegion | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
}

export type PledgeTerms = Pick<
  Pledge,
  | "tierId"
  | "amountMinor"
  | "shippingMinor"
  | "totalMinor"
  | "paymentMethodId"
  | "shipName"
  | "shipAddress"
  | "shipRegion"
>;

export interface PledgeEvent {
  kind: "created" | "changed" | "cancelled";
  tierId: number | null;
  amountMinor: number;
  shippingMinor: number;
  totalMinor: number;
  paymentMethodId: number;
  shipRegion: ShippingRegion | null;
  createdAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
export function toPledge(r: any): Pledge {
  return {
    id: r.id,
    projectId: r.project_id,
    backerId: r.backer_id,
    tierId: r.tier_id,
    amountMinor: Number(r.amount_minor),
    shippingMinor: Number(r.shipping_minor),
    totalMinor: Number(r.total_minor),
    currency: r.currency,
    status: r.status,
    paymentMethodId: r.payment_method_id,
    shipName: r.ship_name,
    shipAddress: r.ship_address,
    shipRegion: r.ship_region,
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    cancelledAt: r.cancelled_at ? fromDbTime(r.cancelled_at) : null,
  };
}

function termsRow(t: PledgeTerms) {
  return {
    tier_id: t.tierId,
    amount_minor: t.amountMinor,
    shipping_minor: t.shippingMinor,
    total_minor: t.totalMinor,
    payment_method_id: t.paymentMethodId,
    ship_name: t.shipName,
    ship_address: t.shipAddress,
    ship_region: t.shipRegion,
  };
}

export async function findPledge(db: Db, id: number): Promise<Pledge | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("pledges").where({ id }).first();
  return row && toPledge(row);
}

export async function activePledgeOf(
  db: Db,
  projectId: number,
  backerId: number,
): Promise<Pledge | undefined> {
  // The status is literal SQL so SQLite sees, when it prepares the statement once, that the partial
  // index pledges_one_active applies; a bound status would make it re-plan on every run.
  const row = await db("pledges")
    .where({ project_id: projectId, backer_id: backerId })
    .whereRaw("status = 'active'")
    .first();
  return row && toPledge(row);
}

export async function insertPledge(
  db: Db,
  p: { projectId: number; backerId: number; currency: Currency } & PledgeTerms,
  now: Date,
): Promise<number> {
  const [row] = await db("pledges")
    .insert({
      project_id: p.projectId,
      backer_id: p.backerId,
      currency: p.currency,
      status: "active",
      ...termsRow(p),
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function updatePledgeTerms(db: Db, id: number, terms: PledgeTerms, now: Date) {
  await db("pledges")
    .where({ id })
    .update({ ...termsRow(terms), updated_at: toDbTime(now) });
}

export async function markPledgeCancelled(db: Db, id: number, now: Date) {
  await db("pledges")
    .where({ id })
    .update({ status: "cancelled", cancelled_at: toDbTime(now), updated_at: toDbTime(now) });
}

export async function recordPledgeEvent(
  db: Db,
  pledgeId: number,
  kind: PledgeEvent["kind"],
  t: PledgeTerms,
  now: Date,
) {
  await db("pledge_events").insert({
    pledge_id: pledgeId,
    kind,
    tier_id: t.tierId,
    amount_minor: t.amountMinor,
    shipping_minor: t.shippingMinor,
    total_minor: t.totalMinor,
    payment_method_id: t.paymentMethodId,
    ship_region: t.shipRegion,
    created_at: toDbTime(now),
  });
}

export async function pledgeHistory(db: Db, pledgeId: number): Promise<PledgeEvent[]> {
  const rows = await db("pledge_events").where({ pledge_id: pledgeId }).orderBy("id");
  return rows.map((r) => ({
    kind: r.kind,
    tierId: r.tier_id,
    amountMinor: Number(r.amount_minor),
    shippingMinor: Number(r.shipping_minor),
    totalMinor: Number(r.total_minor),
    paymentMethodId: r.payment_method_id,
    shipRegion: r.ship_region,
    createdAt: fromDbTime(r.created_at),
  }));
}

/** Reserves one unit of a tier if any is left; false when sold out. The check and the write are one statement. */
export async function claimTierUnit(db: Db, tierId: number): Promise<boolean> {
  const updated = await db("reward_tiers")
    .where({ id: tierId })
    .andWhere((q) => q.whereNull("quantity_limit").orWhereRaw("quantity_claimed < quantity_limit"))
    .increment("quantity_claimed", 1);
  return updated === 1;
}

export async function releaseTierUnit(db: Db, tierId: number): Promise<void> {
  await db("reward_tiers")
    .where({ id: tierId })
    .andWhere("quantity_claimed", ">", 0)
    .decrement("quantity_claimed", 1);
}

/** Moves the project's running totals by a pledge's change. */
export async function adjustProjectTotals(
  db: Db,
  projectId: number,
  deltaMinor: number,
  deltaBackers: number,
) {
  await db("projects")
    .where({ id: projectId })
    .update({
      pledged_minor: db.raw("pledged_minor + ?", [deltaMinor]),
      backers_count: db.raw("backers_count + ?", [deltaBackers]),
    });
}

export async function pledgeForRequest(
  db: Db,
  key: string,
): Promise<{ userId: number; pledgeId: number } | undefined> {
  const row = await db("pledge_requests").where({ idempotency_key: key }).first();
  return row && { userId: row.user_id, pledgeId: row.pledge_id };
}

export async function rememberRequest(db: Db, key: string, userId: number, pledgeId: number, now: Date) {
  await db("pledge_requests").insert({
    idempotency_key: key,
    user_id: userId,
    pledge_id: pledgeId,
    created_at: toDbTime(now),
  });
}

export interface BackerPledgeRow extends Pledge {
  projectTitle: string;
  projectState: string;
  deadlineAt: Date | null;
  goalMinor: number;
  pledgedMinor: number;
  tierTitle: string | null;
  cardBrand: string;
  cardLast4: string;
}

/**
 * A page of a backer's pledges with what they need to see on "My pledges", most recently updated
 * first (the id breaks ties, so no pledge shows on two pages or none).
 */
export async function pledgesOfBacker(
  db: Db,
  backerId: number,
  page: { limit: number; offset: number },
): Promise<BackerPledgeRow[]> {
  const rows = await db("pledges as p")
    .join("projects as pr", "pr.id", "p.project_id")
    .leftJoin("reward_tiers as t", "t.id", "p.tier_id")
    .join("payment_methods as m", "m.id", "p.payment_method_id")
    .where("p.backer_id", backerId)
    .orderBy([
      { column: "p.updated_at", order: "desc" },
      { column: "p.id", order: "desc" },
    ])
    .limit(page.limit)
    .offset(page.offset)
    .select(
      "p.*",
      "pr.title as project_title",
      "pr.state as project_state",
      "pr.deadline_at as project_deadline_at",
      "pr.goal_minor as project_goal_minor",
      "pr.pledged_minor as project_pledged_minor",
      "t.title as tier_title",
      "m.brand as card_brand",
      "m.last4 as card_last4",
    );
  return rows.map((r) => ({
    ...toPledge(r),
    projectTitle: r.project_title,
    projectState: r.project_state,
    deadlineAt: r.project_deadline_at ? fromDbTime(r.project_deadline_at) : null,
    goalMinor: Number(r.project_goal_minor),
    pledgedMinor: Number(r.project_pledged_minor),
    tierTitle: r.tier_title,
    cardBrand: r.card_brand,
    cardLast4: r.card_last4,
  }));
}

/** How many pledges a backer has made (every status, as "My pledges" lists them). */
export async function countPledgesOfBacker(db: Db, backerId: number): Promise<number> {
  const [{ n }] = (await db("pledges").where({ backer_id: backerId }).count({ n: "*" })) as [
    { n: number | string },
  ];
  return Number(n);
}

export interface BackerListRow extends Pledge {
  backerName: string;
  backerEmail: string;
  tierTitle: string | null;
}

/** A project's backers, for its creator. */
export async function backersOfProject(db: Db, projectId: number): Promise<BackerListRow[]> {
  const rows = await db("pledges as p")
    .join("users as u", "u.id", "p.backer_id")
    .leftJoin("reward_tiers as t", "t.id", "p.tier_id")
    .where("p.project_id", projectId)
    .orderBy("p.id")
    .select("p.*", "u.name as backer_name", "u.email as backer_email", "t.title as tier_title");
  return rows.map((r) => ({
    ...toPledge(r),
    backerName: r.backer_name,
    backerEmail: r.backer_email,
    tierTitle: r.tier_title,
  }));
}

/**
 * Releases every active pledge of a project (the creator cancelled it): each is cancelled with an
 * event in its history, limited rewards get their units back, and the project's totals drop with them.
 */
export async function cancelActivePledgesOf(db: Db, projectId: number, now: Date): Promise<Pledge[]> {
  const rows = await db("pledges").where({ project_id: projectId, status: "active" }).orderBy("id");
  const released = rows.map(toPledge);
  for (const pledge of released) {
    await markPledgeCancelled(db, pledge.id, now);
    if (pledge.tierId) await releaseTierUnit(db, pledge.tierId);
    await recordPledgeEvent(db, pledge.id, "cancelled", pledge, now);
  }
  const total = released.reduce((sum, p) => sum + p.totalMinor, 0);
  if (released.length) await adjustProjectTotals(db, projectId, -total, -released.length);
  return released;
}
