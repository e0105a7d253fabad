import type { Currency } from "../domain/money.ts";
import { bulk, chunked, insertSql, selectRows } from "./bulk.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/**
 * Settlement tables (db/migrations/030_settlement.ts): the per-campaign claim (lease), the settlement
 * of each closed campaign, its items (one per pledge or commitment), every charge attempt, and the
 * settlement mail outbox. Bulk helpers keep a 100,000-pledge campaign to a few hundred statements.
 */

// ---------------------------------------------------------------------------------------------------
// Bulk helpers (portable: multi-row INSERT, and UPDATE … FROM (VALUES …) — SQLite ≥ 3.33 and PostgreSQL).

/** SQLite allows 32,766 bound variables per statement; stay well under it. */
const MAX_VARIABLES = 30_000;

/** Inserts rows in as few statements as the variable limit allows. All rows must have the same keys. */
export async function insertRows(db: Db, table: string, rows: readonly Record<string, unknown>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object);
  const per = Math.max(1, Math.floor(MAX_VARIABLES / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const placeholders = `(${columns.map(() => "?").join(", ")})`;
    const bindings: unknown[] = [];
    for (const row of part) for (const c of columns) bindings.push(row[c] ?? null);
    await db.raw(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${part.map(() => placeholders).join(", ")}`,
      bindings as never[],
    );
  }
}

/** Rows changed by a raw statement (better-sqlite3 answers { changes }; pg answers { rowCount }). */
export function changesOf(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number };
  return Number(r?.changes ?? r?.rowCount ?? 0);
}

const time = (v: string | null | undefined): Date | null => (v ? fromDbTime(v) : null);

// ---------------------------------------------------------------------------------------------------
// Claims: one lease per campaign.

export interface Claim {
  projectId: number;
  claimedBy: string | null;
  claimedUntil: Date | null;
}

/**
 * Takes the campaign's claim if nobody holds it, it expired, we already hold it, or it is held by
 * `staleOwner` (a holder known to be dead). One conditional UPDATE: two settlers cannot both win.
 */
export async function takeClaim(
  db: Db,
  input: { projectId: number; owner: string; until: Date; now: Date; staleOwner?: string },
): Promise<boolean> {
  const { projectId, owner, until, now, staleOwner } = input;
  await db.raw(
    "INSERT INTO settlement_claims (project_id, claimed_by, claimed_until, updated_at) VALUES (?, NULL, NULL, ?) ON CONFLICT (project_id) DO NOTHING",
    [projectId, toDbTime(now)],
  );
  const changed = await db("settlement_claims")
    .where({ project_id: projectId })
    .andWhere((q) => {
      q.whereNull("claimed_by").orWhere("claimed_until", "<=", toDbTime(now)).orWhere("claimed_by", owner);
      if (staleOwner) q.orWhere("claimed_by", staleOwner);
    })
    .update({ claimed_by: owner, claimed_until: toDbTime(until), updated_at: toDbTime(now) });
  return changed === 1;
}

/**
 * Extends the claim while we still hold it; false when we lost it. Settlers make this the FIRST
 * statement of each write transaction: it takes SQLite's write lock (so the transaction never has to
 * upgrade a stale read snapshot) and fences a settler that lost its lease out of every write.
 */
export async function renewClaim(
  db: Db,
  input: { projectId: number; owner: string; until: Date; now: Date },
): Promise<boolean> {
  const changed = await db("settlement_claims")
    .where({ project_id: input.projectId, claimed_by: input.owner })
    .update({ claimed_until: toDbTime(input.until), updated_at: toDbTime(input.now) });
  return changed === 1;
}

export async function releaseClaim(db: Db, projectId: number, owner: string, now: Date): Promise<void> {
  await db("settlement_claims")
    .where({ project_id: projectId, claimed_by: owner })
    .update({ claimed_by: null, claimed_until: null, updated_at: toDbTime(now) });
}

export async function findClaim(db: Db, projectId: number): Promise<Claim | undefined> {
  const row = await db("settlement_claims").where({ project_id: projectId }).first();
  return row && { projectId, claimedBy: row.claimed_by, claimedUntil: time(row.claimed_until) };
}

// ---------------------------------------------------------------------------------------------------
// Settlements.

export type SettlementPhase = "charging" | "collecting" | "paying_out" | "done";

export interface Settlement {
  projectId: number;
  creatorId: number;
  kind: "reward" | "equity";
  outcome: "succeeded" | "failed";
  phase: SettlementPhase;
  currency: Currency;
  goalMinor: number;
  pledgedMinor: number;
  countedMinor: number;
  retryWindowDays: number;
  closedAt: Date;
  firstPassAt: Date | null;
  payoutDueAt: Date;
  feeScheduleVersion: string | null;
  collectedMinor: number | null;
  platformFeeMinor: number | null;
  platformFeeWaivedMinor: number | null;
  processingFeeMinor: number | null;
  payoutMinor: number | null;
  feesAt: Date | null;
  transferKey: string | null;
  transferId: string | null;
  paidOutAt: Date | null;
  payoutProblem: string | null;
  updatedAt: Date;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

// biome-ignore lint/suspicious/noExplicitAny: a database row
export function toSettlement(r: any): Settlement {
  return {
    projectId: r.project_id,
    creatorId: r.creator_id,
    kind: r.kind,
    outcome: r.outcome,
    phase: r.phase,
    currency: r.currency,
    goalMinor: Number(r.goal_minor),
    pledgedMinor: Number(r.pledged_minor),
    countedMinor: Number(r.counted_minor),
    retryWindowDays: r.retry_window_days,
    closedAt: fromDbTime(r.closed_at),
    firstPassAt: time(r.first_pass_at),
    payoutDueAt: fromDbTime(r.payout_due_at),
    feeScheduleVersion: r.fee_schedule_version,
    collectedMinor: num(r.collected_minor),
    platformFeeMinor: num(r.platform_fee_minor),
    platformFeeWaivedMinor: num(r.platform_fee_waived_minor),
    processingFeeMinor: num(r.processing_fee_minor),
    payoutMinor: num(r.payout_minor),
    feesAt: time(r.fees_at),
    transferKey: r.transfer_key,
    transferId: r.transfer_id,
    paidOutAt: time(r.paid_out_at),
    payoutProblem: r.payout_problem,
    updatedAt: fromDbTime(r.updated_at),
  };
}

export async function insertSettlement(
  db: Db,
  s: Pick<
    Settlement,
    | "projectId"
    | "creatorId"
    | "kind"
    | "outcome"
    | "phase"
    | "currency"
    | "goalMinor"
    | "pledgedMinor"
    | "countedMinor"
    | "retryWindowDays"
    | "closedAt"
    | "payoutDueAt"
  >,
): Promise<void> {
  await db("settlements").insert({
    project_id: s.projectId,
    creator_id: s.creatorId,
    kind: s.kind,
    outcome: s.outcome,
    phase: s.phase,
    currency: s.currency,
    goal_minor: s.goalMinor,
    pledged_minor: s.pledgedMinor,
    counted_minor: s.countedMinor,
    retry_window_days: s.retryWindowDays,
    closed_at: toDbTime(s.closedAt),
    payout_due_at: toDbTime(s.payoutDueAt),
    updated_at: toDbTime(s.closedAt),
  });
}

export async function findSettlement(db: Db, projectId: number): Promise<Settlement | undefined> {
  if (!Number.isSafeInteger(projectId) || projectId <= 0) return undefined;
  const row = await db("settlements").where({ project_id: projectId }).first();
  return row && toSettlement(row);
}

export async function updateSettlement(
  db: Db,
  projectId: number,
  fields: Partial<Omit<Settlement, "projectId" | "updatedAt">>,
  now: Date,
): Promise<void> {
  const columns: Record<keyof typeof fields, string> = {
    creatorId: "creator_id",
    kind: "kind",
    outcome: "outcome",
    phase: "phase",
    currency: "currency",
    goalMinor: "goal_minor",
    pledgedMinor: "pledged_minor",
    countedMinor: "counted_minor",
    retryWindowDays: "retry_window_days",
    closedAt: "closed_at",
    firstPassAt: "first_pass_at",
    payoutDueAt: "payout_due_at",
    feeScheduleVersion: "fee_schedule_version",
    collectedMinor: "collected_minor",
    platformFeeMinor: "platform_fee_minor",
    platformFeeWaivedMinor: "platform_fee_waived_minor",
    processingFeeMinor: "processing_fee_minor",
    payoutMinor: "payout_minor",
    feesAt: "fees_at",
    transferKey: "transfer_key",
    transferId: "transfer_id",
    paidOutAt: "paid_out_at",
    payoutProblem: "payout_problem",
  };
  const row: Record<string, unknown> = { updated_at: toDbTime(now) };
  for (const [key, value] of Object.entries(fields)) {
    const column = columns[key as keyof typeof fields];
    row[column] = value instanceof Date ? toDbTime(value) : value;
  }
  await db("settlements").where({ project_id: projectId }).update(row);
}

/**
 * Campaigns with settlement work due now: live ones past their deadline (to close), first passes and
 * payouts in progress, retries due, in-flight attempts, refunds requested, the retry window over, and
 * unsent settlement mail. Oldest deadline first. (A suspended project is skipped by settleCampaign.)
 */
export async function campaignsDue(db: Db, now: Date, limit = 1000): Promise<number[]> {
  const at = toDbTime(now);
  const rows = await db.raw(
    `SELECT id FROM (
       SELECT id, deadline_at AS due FROM projects WHERE state = 'live' AND deadline_at <= ?
       UNION SELECT project_id, closed_at FROM settlements WHERE phase IN ('charging', 'paying_out')
       UNION SELECT project_id, payout_due_at FROM settlements WHERE phase = 'collecting' AND payout_due_at <= ?
       UNION SELECT project_id, next_retry_at FROM settlement_items WHERE status = 'payment_failed' AND next_retry_at <= ?
       UNION SELECT project_id, started_at FROM charge_attempts WHERE status = 'started'
       UNION SELECT project_id, refund_requested_at FROM settlement_items
         WHERE refund_requested_at IS NOT NULL AND refunded_at IS NULL AND status = 'charged'
       UNION SELECT project_id, created_at FROM settlement_mail WHERE sent_at IS NULL
     ) GROUP BY id ORDER BY min(due), id LIMIT ?`,
    [at, at, at, limit],
  );
  return (rows as { id: number }[]).map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------------
// Items.

export type ItemStatus = "pending" | "charged" | "payment_failed" | "dropped" | "released" | "refunded";
export type BackingKind = "pledge" | "commitment";

export interface SettlementItem {
  id: number;
  projectId: number;
  kind: BackingKind;
  backingId: number;
  userId: number;
  paymentMethodId: number | null;
  currency: Currency;
  pledgedMinor: number;
  amountMinor: number;
  requestedShares: number | null;
  allocatedShares: number | null;
  status: ItemStatus;
  attempts: number;
  scheduledAttempts: number;
  firstFailedAt: Date | null;
  nextRetryAt: Date | null;
  failureCode: string | null;
  chargedAt: Date | null;
  chargeId: string | null;
  platformFeeMinor: number | null;
  processingFeeMinor: number | null;
  refundReason: string | null;
  refundRequestedBy: number | null;
  refundRequestedAt: Date | null;
  refundedAt: Date | null;
  refundId: string | null;
  droppedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
export function toItem(r: any): SettlementItem {
  return {
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    backingId: r.backing_id,
    userId: r.user_id,
    paymentMethodId: r.payment_method_id,
    currency: r.currency,
    pledgedMinor: Number(r.pledged_minor),
    amountMinor: Number(r.amount_minor),
    requestedShares: num(r.requested_shares),
    allocatedShares: num(r.allocated_shares),
    status: r.status,
    attempts: r.attempts,
    scheduledAttempts: r.scheduled_attempts,
    firstFailedAt: time(r.first_failed_at),
    nextRetryAt: time(r.next_retry_at),
    failureCode: r.failure_code,
    chargedAt: time(r.charged_at),
    chargeId: r.charge_id,
    platformFeeMinor: num(r.platform_fee_minor),
    processingFeeMinor: num(r.processing_fee_minor),
    refundReason: r.refund_reason,
    refundRequestedBy: r.refund_requested_by,
    refundRequestedAt: time(r.refund_requested_at),
    refundedAt: time(r.refunded_at),
    refundId: r.refund_id,
    droppedAt: time(r.dropped_at),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  };
}

export interface NewItem {
  projectId: number;
  kind: BackingKind;
  backingId: number;
  userId: number;
  paymentMethodId: number | null;
  currency: Currency;
  pledgedMinor: number;
  amountMinor: number;
  requestedShares?: number | null;
  allocatedShares?: number | null;
  status: "pending" | "released";
}

const itemColumns = [
  "project_id",
  "kind",
  "backing_id",
  "user_id",
  "payment_method_id",
  "currency",
  "pledged_minor",
  "amount_minor",
  "requested_shares",
  "allocated_shares",
  "status",
  "attempts",
  "scheduled_attempts",
  "created_at",
  "updated_at",
];

/** Inserts items (in a transaction). */
export async function insertItems(trx: Db, items: readonly NewItem[], now: Date): Promise<void> {
  const at = toDbTime(now);
  const b = await bulk(trx);
  const sql = insertSql("settlement_items", itemColumns);
  for (const i of items) {
    b.run(sql, [
      i.projectId,
      i.kind,
      i.backingId,
      i.userId,
      i.paymentMethodId,
      i.currency,
      i.pledgedMinor,
      i.amountMinor,
      i.requestedShares ?? null,
      i.allocatedShares ?? null,
      i.status,
      0,
      0,
      at,
      at,
    ]);
  }
}

/**
 * The items of a closed reward campaign: one per active pledge, charged in full (status pending) or
 * released, in one INSERT … SELECT. Returns how many were written and their total.
 */
export async function insertPledgeItems(
  trx: Db,
  projectId: number,
  status: "pending" | "released",
  now: Date,
): Promise<{ count: number; totalMinor: number }> {
  const at = toDbTime(now);
  await trx.raw(
    `INSERT INTO settlement_items (${itemColumns.join(", ")})
     SELECT project_id, 'pledge', id, backer_id, payment_method_id, currency, total_minor, total_minor, NULL, NULL, ?, 0, 0, ?, ?
     FROM pledges WHERE project_id = ? AND status = 'active' ORDER BY id`,
    [status, at, at, projectId],
  );
  const [row] = await trx("settlement_items")
    .where({ project_id: projectId, kind: "pledge" })
    .select(trx.raw("count(*) as n"), trx.raw("coalesce(sum(amount_minor), 0) as total"));
  return { count: Number(row?.n ?? 0), totalMinor: Number(row?.total ?? 0) };
}

export async function findItem(db: Db, id: number): Promise<SettlementItem | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("settlement_items").where({ id }).first();
  return row && toItem(row);
}

export async function itemOfBacking(
  db: Db,
  kind: BackingKind,
  backingId: number,
): Promise<SettlementItem | undefined> {
  if (!Number.isSafeInteger(backingId) || backingId <= 0) return undefined;
  const row = await db("settlement_items").where({ kind, backing_id: backingId }).first();
  return row && toItem(row);
}

export async function itemsOfPledges(db: Db, pledgeIds: readonly number[]): Promise<SettlementItem[]> {
  const out: SettlementItem[] = [];
  for (const part of chunked(pledgeIds)) {
    const rows = await db("settlement_items").where({ kind: "pledge" }).whereIn("backing_id", part);
    out.push(...rows.map(toItem));
  }
  return out;
}

/**
 * The next batch of items to charge: pending, with an id above `afterId`, in id order. (An item that
 * has an attempt in flight is skipped when its attempt is recorded: at most one is in flight.)
 */
export async function pendingItems(
  db: Db,
  projectId: number,
  afterId: number,
  limit: number,
): Promise<{ items: SettlementItem[]; cards: Map<number, CardRef> }> {
  const rows = await selectRows<
    Record<string, unknown> & { card_token: string | null; card_customer: string | null }
  >(
    db,
    `SELECT i.id, i.project_id, i.kind, i.backing_id, i.user_id, i.payment_method_id, i.currency, i.pledged_minor,
       i.amount_minor, i.requested_shares, i.allocated_shares, i.status, i.attempts, i.scheduled_attempts,
       i.created_at, i.updated_at, m.token AS card_token, c.customer_id AS card_customer FROM settlement_items i
       LEFT JOIN payment_methods m ON m.id = i.payment_method_id
       LEFT JOIN payment_customers c ON c.user_id = m.user_id
     WHERE i.project_id = ? AND i.status = 'pending' AND i.id > ? ORDER BY i.id LIMIT ?`,
    [projectId, afterId, limit],
  );
  const cards = new Map<number, CardRef>();
  const items = rows.map((r) => {
    const item = toItem(r);
    if (item.paymentMethodId !== null && r.card_token) {
      cards.set(item.paymentMethodId, {
        paymentMethodId: item.paymentMethodId,
        token: r.card_token,
        customerId: r.card_customer,
      });
    }
    return item;
  });
  return { items, cards };
}

/** Items by id (in a transaction: one prepared lookup each). */
export async function itemsById(db: Db, ids: readonly number[]): Promise<Map<number, SettlementItem>> {
  const out = new Map<number, SettlementItem>();
  for (const id of new Set(ids)) {
    const [row] = await selectRows(db, "SELECT * FROM settlement_items WHERE id = ?", [id]);
    if (row) out.set(id, toItem(row));
  }
  return out;
}

/** Failed charges whose scheduled retry is due, in id order. */
export async function retriesDue(
  db: Db,
  projectId: number,
  now: Date,
  limit: number,
): Promise<SettlementItem[]> {
  const rows = await db("settlement_items as i")
    .where({ "i.project_id": projectId, "i.status": "payment_failed" })
    .andWhere("i.next_retry_at", "<=", toDbTime(now))
    .whereNotExists((q) =>
      q
        .select(db.raw("1"))
        .from("charge_attempts as a")
        .whereRaw("a.item_id = i.id")
        .andWhere("a.status", "started"),
    )
    .orderBy("i.id")
    .limit(limit)
    .select("i.*");
  return rows.map(toItem);
}

/** Collected items with a refund asked for but not completed. */
export async function refundsRequested(db: Db, projectId: number): Promise<SettlementItem[]> {
  const rows = await db("settlement_items")
    .where({ project_id: projectId, status: "charged" })
    .whereNotNull("refund_requested_at")
    .whereNull("refunded_at")
    .orderBy("id");
  return rows.map(toItem);
}

/** How many items are not yet final (pending or payment_failed), with attempts in flight and refunds asked. */
export async function openWork(
  db: Db,
  projectId: number,
): Promise<{ unfinished: number; inFlight: number; refunds: number }> {
  const [unfinished] = await db("settlement_items")
    .where({ project_id: projectId })
    .whereIn("status", ["pending", "payment_failed"])
    .count({ n: "*" });
  const [inFlight] = await db("charge_attempts")
    .where({ project_id: projectId, status: "started" })
    .count({ n: "*" });
  const [refunds] = await db("settlement_items")
    .where({ project_id: projectId, status: "charged" })
    .whereNotNull("refund_requested_at")
    .whereNull("refunded_at")
    .count({ n: "*" });
  return {
    unfinished: Number(unfinished?.n ?? 0),
    inFlight: Number(inFlight?.n ?? 0),
    refunds: Number(refunds?.n ?? 0),
  };
}

/** Collected items (for fees at payout), in id order: id, amount. */
export async function chargedItems(
  db: Db,
  projectId: number,
): Promise<{ id: number; amountMinor: number }[]> {
  const rows = await selectRows<{ id: number; amount_minor: number }>(
    db,
    "SELECT id, amount_minor FROM settlement_items WHERE project_id = ? AND status = 'charged' ORDER BY id",
    [projectId],
  );
  return rows.map((r) => ({ id: r.id, amountMinor: Number(r.amount_minor) }));
}

export interface StatusTotals {
  status: ItemStatus;
  count: number;
  pledgedMinor: number;
  amountMinor: number;
  platformFeeMinor: number;
  processingFeeMinor: number;
}

/** Count and sums per status, for reports. */
export async function itemTotals(db: Db, projectId: number): Promise<StatusTotals[]> {
  const rows = await db("settlement_items")
    .where({ project_id: projectId })
    .groupBy("status")
    .select(
      "status",
      db.raw("count(*) as n"),
      db.raw("coalesce(sum(pledged_minor), 0) as pledged"),
      db.raw("coalesce(sum(amount_minor), 0) as amount"),
      db.raw("coalesce(sum(platform_fee_minor), 0) as platform"),
      db.raw("coalesce(sum(processing_fee_minor), 0) as processing"),
    );
  return rows.map((r) => ({
    status: r.status,
    count: Number(r.n),
    pledgedMinor: Number(r.pledged),
    amountMinor: Number(r.amount),
    platformFeeMinor: Number(r.platform),
    processingFeeMinor: Number(r.processing),
  }));
}

export interface ItemListRow extends SettlementItem {
  userName: string;
  userEmail: string;
}

/** A page of a campaign's items, optionally of some statuses, with the backer's name and email. */
export async function itemsPage(
  db: Db,
  projectId: number,
  options: { statuses?: readonly ItemStatus[]; offset: number; limit: number },
): Promise<{ rows: ItemListRow[]; total: number }> {
  const base = db("settlement_items as i").where("i.project_id", projectId);
  if (options.statuses?.length) base.whereIn("i.status", options.statuses as ItemStatus[]);
  const [count] = await base.clone().count({ n: "*" });
  const rows = await base
    .clone()
    .join("users as u", "u.id", "i.user_id")
    .orderBy("i.id")
    .offset(options.offset)
    .limit(options.limit)
    .select("i.*", "u.name as user_name", "u.email as user_email");
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({ ...toItem(r), userName: r.user_name, userEmail: r.user_email })),
  };
}

/** Every item of a campaign, in id order, streamed in pages (for CSV exports). */
export async function* allItems(db: Db, projectId: number, pageSize = 5000): AsyncGenerator<ItemListRow[]> {
  let afterId = 0;
  for (;;) {
    const rows = await db("settlement_items as i")
      .join("users as u", "u.id", "i.user_id")
      .where("i.project_id", projectId)
      .andWhere("i.id", ">", afterId)
      .orderBy("i.id")
      .limit(pageSize)
      .select("i.*", "u.name as user_name", "u.email as user_email");
    if (!rows.length) return;
    afterId = rows[rows.length - 1].id;
    yield rows.map((r) => ({ ...toItem(r), userName: r.user_name, userEmail: r.user_email }));
  }
}

// ---------------------------------------------------------------------------------------------------
// Charge attempts.

export type AttemptTrigger = "deadline" | "retry" | "backer";

export interface ChargeAttempt {
  id: number;
  itemId: number;
  projectId: number;
  attempt: number;
  idempotencyKey: string;
  amountMinor: number;
  currency: Currency;
  trigger: AttemptTrigger;
  status: "started" | "succeeded" | "failed";
  gatewayChargeId: string | null;
  failureCode: string | null;
  startedAt: Date;
  completedAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
export function toAttempt(r: any): ChargeAttempt {
  return {
    id: r.id,
    itemId: r.item_id,
    projectId: r.project_id,
    attempt: r.attempt,
    idempotencyKey: r.idempotency_key,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    trigger: r.trigger,
    status: r.status,
    gatewayChargeId: r.gateway_charge_id,
    failureCode: r.failure_code,
    startedAt: fromDbTime(r.started_at),
    completedAt: time(r.completed_at),
  };
}

export interface NewAttempt {
  itemId: number;
  projectId: number;
  attempt: number;
  idempotencyKey: string;
  amountMinor: number;
  currency: Currency;
  trigger: AttemptTrigger;
}

const ATTEMPTS_START = `INSERT INTO charge_attempts
    (item_id, project_id, attempt, idempotency_key, amount_minor, currency, trigger, status, started_at)
  SELECT a.value->>0, a.value->>1, a.value->>2, a.value->>3, a.value->>4, a.value->>5, a.value->>6, 'started', ?
  FROM json_each(?) AS a WHERE true
  ON CONFLICT DO NOTHING RETURNING idempotency_key AS key`;

/**
 * Records attempts as started, before the gateway is called (in a transaction), in one statement. An
 * item that already has an attempt in flight gets none (the partial unique index refuses it; ON
 * CONFLICT DO NOTHING skips it), nor does a key recorded before. Returns the attempts recorded. The
 * item's `attempts` count is set when the attempt completes.
 */
export async function startAttempts(
  trx: Db,
  attempts: readonly NewAttempt[],
  now: Date,
): Promise<NewAttempt[]> {
  if (!attempts.length) return [];
  const b = await bulk(trx);
  const rows = attempts.map((a) => [
    a.itemId,
    a.projectId,
    a.attempt,
    a.idempotencyKey,
    a.amountMinor,
    a.currency,
    a.trigger,
  ]);
  const started = new Set(
    b.all<{ key: string }>(ATTEMPTS_START, [toDbTime(now), JSON.stringify(rows)]).map((r) => r.key),
  );
  return attempts.filter((a) => started.has(a.idempotencyKey));
}

/** Attempts still in flight (started, never completed) of a campaign, oldest first. */
export async function openAttempts(db: Db, projectId: number, limit: number): Promise<ChargeAttempt[]> {
  const rows = await db("charge_attempts")
    .where({ project_id: projectId, status: "started" })
    .orderBy("id")
    .limit(limit);
  return rows.map(toAttempt);
}

export async function openAttemptOf(db: Db, itemId: number): Promise<ChargeAttempt | undefined> {
  const row = await db("charge_attempts").where({ item_id: itemId, status: "started" }).first();
  return row && toAttempt(row);
}

/** Every attempt of an item, found by their keys (attempt numbers 1 … attempts + 1), oldest first. */
export async function attemptsOfItem(
  db: Db,
  item: Pick<SettlementItem, "kind" | "backingId" | "attempts">,
): Promise<ChargeAttempt[]> {
  const keys = Array.from(
    { length: item.attempts + 1 },
    (_, i) => `${item.kind}-${item.backingId}-attempt-${i + 1}`,
  );
  const rows = await db("charge_attempts").whereIn("idempotency_key", keys).orderBy("attempt");
  return rows.map(toAttempt);
}

// ---------------------------------------------------------------------------------------------------
// What the gateway needs to charge an item: the saved card's token and the gateway's customer id.

export interface CardRef {
  paymentMethodId: number;
  token: string;
  customerId: string | null;
}

/** Card token and gateway customer of each payment method (in a transaction). */
export async function cardRefs(
  trx: Db,
  items: readonly { paymentMethodId: number | null; userId: number }[],
): Promise<Map<number, CardRef>> {
  const b = await bulk(trx);
  const out = new Map<number, CardRef>();
  for (const item of items) {
    const id = item.paymentMethodId;
    if (id === null || out.has(id)) continue;
    const r = b.get<{ token: string; customer_id: string | null }>(
      "SELECT m.token, c.customer_id FROM payment_methods m LEFT JOIN payment_customers c ON c.user_id = m.user_id WHERE m.id = ?",
      [id],
    );
    if (r) out.set(id, { paymentMethodId: id, token: r.token, customerId: r.customer_id });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Settlement mail outbox.

export type SettlementMailKind =
  | "campaign_failed_backer"
  | "campaign_failed_creator"
  | "campaign_succeeded_creator"
  | "payment_failed"
  | "dropped"
  | "refunded"
  | "paid_out"
  | "shares_confirmed"
  | "not_allocated";

export interface SettlementMail {
  id: number;
  key: string;
  projectId: number;
  userId: number;
  kind: SettlementMailKind;
  itemId: number | null;
}

/** Queues mail (in a transaction; a key seen before is skipped: each notice is queued once). */
export async function queueMail(
  trx: Db,
  mails: readonly {
    key: string;
    projectId: number;
    userId: number;
    kind: SettlementMailKind;
    itemId?: number | null;
  }[],
  now: Date,
): Promise<void> {
  if (!mails.length) return;
  const at = toDbTime(now);
  const b = await bulk(trx);
  const sql = insertSql(
    "settlement_mail",
    ["key", "project_id", "user_id", "kind", "item_id", "created_at"],
    true,
  );
  for (const m of mails) b.run(sql, [m.key, m.projectId, m.userId, m.kind, m.itemId ?? null, at]);
}

export async function unsentMail(db: Db, projectId: number, limit: number): Promise<SettlementMail[]> {
  const rows = await db("settlement_mail")
    .where({ project_id: projectId })
    .whereNull("sent_at")
    .orderBy("id")
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    projectId: r.project_id,
    userId: r.user_id,
    kind: r.kind,
    itemId: r.item_id,
  }));
}

export async function markMailSent(db: Db, ids: readonly number[], now: Date): Promise<void> {
  await db("settlement_mail")
    .whereIn("id", ids)
    .whereNull("sent_at")
    .update({ sent_at: toDbTime(now) });
}

// ---------------------------------------------------------------------------------------------------
// Lists for the admin pages.

export interface SettlementListRow {
  projectId: number;
  title: string;
  kind: "reward" | "equity";
  currency: Currency;
  goalMinor: number;
  pledgedMinor: number;
  deadlineAt: Date | null;
  settlement: Settlement | null;
}

/** Live campaigns past their deadline, not yet closed. */
export async function awaitingClose(db: Db, now: Date, limit = 200): Promise<SettlementListRow[]> {
  const rows = await db("projects")
    .where({ state: "live" })
    .andWhere("deadline_at", "<=", toDbTime(now))
    .orderBy("deadline_at")
    .limit(limit);
  return rows.map((r) => ({
    projectId: r.id,
    title: r.title,
    kind: r.kind,
    currency: r.currency,
    goalMinor: Number(r.goal_minor),
    pledgedMinor: Number(r.pledged_minor),
    deadlineAt: time(r.deadline_at),
    settlement: null,
  }));
}

/** Closed campaigns in these phases, most recently closed first. */
export async function settlementsIn(
  db: Db,
  phases: readonly SettlementPhase[],
  limit = 200,
): Promise<SettlementListRow[]> {
  const rows = await db("settlements as s")
    .join("projects as p", "p.id", "s.project_id")
    .whereIn("s.phase", phases as SettlementPhase[])
    .orderBy("s.closed_at", "desc")
    .limit(limit)
    .select("s.*", "p.title as p_title", "p.deadline_at as p_deadline_at");
  return rows.map((r) => ({
    projectId: r.project_id,
    title: r.p_title,
    kind: r.kind,
    currency: r.currency,
    goalMinor: Number(r.goal_minor),
    pledgedMinor: Number(r.pledged_minor),
    deadlineAt: time(r.p_deadline_at),
    settlement: toSettlement(r),
  }));
}
