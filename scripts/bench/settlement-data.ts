/**
 * Bulk data for settlement tests and the settlement benchmark: a live reward campaign whose deadline
 * has passed, with N backers, each with a sandbox customer, a saved card and one active pledge —
 * written with multi-row INSERTs (the pledge service would take minutes for 100,000 backers).
 * Cards: every `failEvery`-th backer gets 4000000000000341 (saves fine, every charge fails).
 */
import crypto from "node:crypto";
import type { Currency } from "../../server/domain/money.ts";
import type { Db } from "../../server/store/db.ts";
import { insertRows } from "../../server/store/settlement.ts";
import { toDbTime } from "../../server/store/time.ts";

const DAY = 24 * 3600 * 1000;

export interface SeedOptions {
  backers: number;
  /** Each pledge's total, or a function of its index. */
  amountMinor?: number | ((i: number) => number);
  goalMinor?: number;
  currency?: Currency;
  /** Every n-th backer's card fails at charge time (0: none). */
  failEvery?: number;
  /** The deadline (default: an hour before `now`). */
  deadlineAt?: Date;
  now?: Date;
  /** Reuse a creator; otherwise one is created with a payout account. */
  creatorId?: number;
  title?: string;
  /** A limited tier the pledges take a unit of (quantity = backers). */
  withTier?: boolean;
  locale?: "en" | "zh-CN";
}

export interface SeededCampaign {
  projectId: number;
  creatorId: number;
  tierId: number | null;
  pledgeIds: number[];
  backerIds: number[];
  failingPledgeIds: number[];
  pledgedMinor: number;
}

let run = 0;

export async function seedCampaign(db: Db, o: SeedOptions): Promise<SeededCampaign> {
  run += 1;
  const tag = `${Date.now().toString(36)}${run}${crypto.randomBytes(2).toString("hex")}`;
  const now = o.now ?? new Date();
  const at = toDbTime(now);
  const currency = o.currency ?? "CNY";
  const deadlineAt = o.deadlineAt ?? new Date(now.getTime() - 3600 * 1000);
  const amount = (i: number) =>
    typeof o.amountMinor === "function" ? o.amountMinor(i) : (o.amountMinor ?? 5_000 + (i % 97) * 100);

  let creatorId = o.creatorId;
  if (!creatorId) {
    const [row] = await db("users")
      .insert({
        email: `creator-${tag}@example.com`,
        name: `Creator ${tag}`,
        password_hash: "x",
        role: "user",
        locale: o.locale ?? "en",
        created_at: at,
        updated_at: at,
      })
      .returning("id");
    creatorId = (row as { id: number }).id;
    const { SecretBox } = await import("../../server/crypto/secrets.ts");
    const { loadConfig } = await import("../../server/config.ts");
    const box = new SecretBox(loadConfig({ NODE_ENV: "test" }).encryptionKey);
    await db("creator_profiles").insert({
      user_id: creatorId,
      legal_name: "Li Wei",
      country: "CN",
      id_type: "national_id",
      id_number_enc: box.seal("110101199003071234"),
      id_number_last4: "1234",
      payout_holder: "Li Wei",
      payout_bank: "Bank of Example",
      payout_account_enc: box.seal("6222020200112233445"),
      payout_account_last4: "3445",
      created_at: at,
      updated_at: at,
    });
  }
  const launchedAt = new Date(deadlineAt.getTime() - 30 * DAY);
  const [projectRow] = await db("projects")
    .insert({
      creator_id: creatorId,
      kind: "reward",
      state: "live",
      title: o.title ?? `Settlement campaign ${tag}`,
      blurb: "A campaign to settle",
      story_md: "Story",
      story_html: "<p>Story</p>",
      category: "technology",
      location: "Shanghai",
      goal_minor: o.goalMinor ?? 100_000,
      currency,
      duration_days: 30,
      risks: "Risks",
      team: "Team",
      rewards_attested: true,
      submitted_at: toDbTime(new Date(launchedAt.getTime() - 2 * DAY)),
      decided_at: toDbTime(new Date(launchedAt.getTime() - DAY)),
      launched_at: toDbTime(launchedAt),
      deadline_at: toDbTime(deadlineAt),
      created_at: at,
      updated_at: at,
    })
    .returning("id");
  const projectId = (projectRow as { id: number }).id;
  let tierId: number | null = null;
  if (o.withTier) {
    const [tier] = await db("reward_tiers")
      .insert({
        project_id: projectId,
        position: 0,
        title: "Limited edition",
        description: "One of a limited run.",
        minimum_minor: 1_000,
        quantity_limit: o.backers,
        quantity_claimed: o.backers,
        estimated_delivery: "2027-06",
        ships: false,
        created_at: at,
      })
      .returning("id");
    tierId = (tier as { id: number }).id;
  }

  const n = o.backers;
  const firstUser = Number((await db("users").max({ m: "id" }).first())?.m ?? 0) + 1;
  const users: Record<string, unknown>[] = [];
  const customers: Record<string, unknown>[] = [];
  const sandboxCustomers: Record<string, unknown>[] = [];
  const sandboxMethods: Record<string, unknown>[] = [];
  const methods: Record<string, unknown>[] = [];
  const failing = new Set<number>();
  for (let i = 0; i < n; i++) {
    const userId = firstUser + i;
    const fails = o.failEvery ? (i + 1) % o.failEvery === 0 : false;
    if (fails) failing.add(i);
    const customerId = `cus_${tag}_${i}`;
    const token = `pm_${tag}_${i}`;
    users.push({
      id: userId,
      email: `backer-${tag}-${i}@example.com`,
      name: `Backer ${i}`,
      password_hash: "x",
      role: "user",
      locale: o.locale ?? (i % 2 ? "zh-CN" : "en"),
      created_at: at,
      updated_at: at,
    });
    sandboxCustomers.push({
      id: customerId,
      email: `backer-${tag}-${i}@example.com`,
      name: `Backer ${i}`,
      created_at: at,
    });
    sandboxMethods.push({
      token,
      customer_id: customerId,
      brand: "visa",
      last4: fails ? "0341" : "4242",
      exp_month: 12,
      exp_year: now.getUTCFullYear() + 3,
      behaviour: fails ? "fails_later" : "succeeds",
      created_at: at,
    });
    customers.push({ user_id: userId, gateway: "sandbox", customer_id: customerId, created_at: at });
    methods.push({
      user_id: userId,
      gateway: "sandbox",
      token,
      brand: "visa",
      last4: fails ? "0341" : "4242",
      exp_month: 12,
      exp_year: now.getUTCFullYear() + 3,
      created_at: at,
    });
  }
  await db.transaction(async (trx) => {
    await insertRows(trx, "users", users);
    await insertRows(trx, "sandbox_customers", sandboxCustomers);
    await insertRows(trx, "sandbox_payment_methods", sandboxMethods);
    await insertRows(trx, "payment_customers", customers);
    await insertRows(trx, "payment_methods", methods);
  });
  const methodIds = new Map<string, number>();
  for (let i = 0; i < n; i += 900) {
    const part = methods.slice(i, i + 900).map((m) => m.token as string);
    for (const r of await db("payment_methods").whereIn("token", part).select("id", "token"))
      methodIds.set(r.token, r.id);
  }
  const pledges: Record<string, unknown>[] = [];
  let pledgedMinor = 0;
  for (let i = 0; i < n; i++) {
    const total = amount(i);
    pledgedMinor += total;
    pledges.push({
      project_id: projectId,
      backer_id: firstUser + i,
      tier_id: tierId,
      amount_minor: total,
      shipping_minor: 0,
      total_minor: total,
      currency,
      status: "active",
      payment_method_id: methodIds.get(`pm_${tag}_${i}`),
      created_at: at,
      updated_at: at,
    });
  }
  await db.transaction(async (trx) => {
    await insertRows(trx, "pledges", pledges);
    await trx("projects").where({ id: projectId }).update({ pledged_minor: pledgedMinor, backers_count: n });
  });
  const pledgeRows = await db("pledges")
    .where({ project_id: projectId })
    .orderBy("id")
    .select("id", "backer_id");
  return {
    projectId,
    creatorId,
    tierId,
    pledgeIds: pledgeRows.map((r) => r.id),
    backerIds: pledgeRows.map((r) => r.backer_id),
    failingPledgeIds: pledgeRows.filter((_, i) => failing.has(i)).map((r) => r.id),
    pledgedMinor,
  };
}
