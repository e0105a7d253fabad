import crypto from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { isSuspended } from "../domain/moderation.ts";
import {
  type CampaignAtDeadline,
  type CommitmentAtDeadline,
  chargeEntry,
  chargeIdempotencyKey,
  isWindowOver,
  nextRetryAt,
  planEquitySettlement,
  planRewardSettlement,
  type SettlementPlan,
} from "../domain/settlement/index.ts";
import { NotFoundError, RuleError, ValidationError } from "../errors.ts";
import type { TransactionalMailer } from "../mail/outbox.ts";
import { settlementMail } from "../mail/settlement-messages.ts";
import {
  type Charge,
  type ChargeInput,
  GatewayUnavailableError,
  type PaymentGateway,
} from "../payments/gateway.ts";
import { recordAudit } from "../store/audit.ts";
import { bulk, chunked, selectRows, updateSql } from "../store/bulk.ts";
import type { Db } from "../store/db.ts";
import { appendEntries } from "../store/ledger.ts";
import { findOwnPaymentMethod } from "../store/payment-methods.ts";
import { findPledge } from "../store/pledges.ts";
import { equityTermsOf, findProject, type Project, updateProjectFields } from "../store/projects.ts";
import {
  type AttemptTrigger,
  type BackingKind,
  type CardRef,
  type ChargeAttempt,
  campaignsDue,
  cardRefs,
  findClaim,
  findItem,
  findSettlement,
  insertItems,
  insertPledgeItems,
  insertSettlement,
  itemOfBacking,
  itemsById,
  markMailSent,
  type NewAttempt,
  type NewItem,
  openAttemptOf,
  openAttempts,
  pendingItems,
  queueMail,
  releaseClaim,
  renewClaim,
  retriesDue,
  type SettlementItem,
  type SettlementMailKind,
  startAttempts,
  takeClaim,
  toItem,
  unsentMail,
  updateSettlement,
} from "../store/settlement.ts";
import { toDbTime } from "../store/time.ts";
import type { User } from "../store/users.ts";
import { PayoutService } from "./payouts.ts";
import type { SettlementSettings } from "./settlement-settings.ts";

/**
 * All-or-nothing settlement (issue 6), built on the pure domain in server/domain/settlement:
 *
 *   close      live campaign past its deadline → planRewardSettlement / planEquitySettlement; the
 *              project becomes succeeded or failed, one settlement_items row per pledge/commitment
 *              (pending, or released when the campaign failed), mail queued — ONE transaction.
 *   charge     pending items in batches: the attempt is recorded (started, with the domain's
 *              idempotency key) BEFORE the gateway is called; the answer completes it in the same
 *              transaction as the item's new state and its ledger entry. A run killed at any instant
 *              leaves at most attempts "in flight", which the next run re-sends with the SAME key:
 *              the gateway answers with the charge it already made, so nobody is charged twice.
 *   retry      a failed charge → payment_failed, the backer is mailed a link to fix it; retries follow
 *              nextRetryAt() inside the retry window; still failing at its end → dropped, the limited
 *              reward released. The backer may retry at once with another card (retryNow).
 *   payout     after the window, when every item is final: fees (computeFees) and payout entries, then
 *              the transfer through the gateway, then its entry (PayoutService).
 *
 * Concurrency: a settler works on a campaign only while holding its claim (settlement_claims, one
 * conditional UPDATE with an expiry). Every write transaction starts by renewing the claim, which
 * both takes SQLite's write lock and fences out a settler that lost it. At most one attempt per item
 * is in flight (a partial unique index), which also keeps the backer's "retry now" and the job apart.
 */

export interface SettlementServiceDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentGateway;
  /** The outbox: settlement's notices are queued there, each in its recipient's language. */
  mailer: TransactionalMailer;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  baseUrl: string;
  encryptionKey: string;
  settings: SettlementSettings;
  /** Who this settler is in claims; by default host/pid/random, so a dead process on this host is detected. */
  owner?: string;
}

/** This settler no longer holds the campaign's claim: it stops without writing anything more. */
export class LeaseLost extends Error {}

/** The gateway could not answer; the attempts stay in flight and are re-sent with their keys later. */
export class GatewayDown extends Error {}

export interface CampaignRun {
  projectId: number;
  result: "done" | "progress" | "busy" | "not_due" | "error";
  phase?: string;
  charged: number;
  failed: number;
  dropped: number;
  error?: string;
}

export interface AttemptOutcome {
  charged: number;
  failed: number;
  dropped: number;
  unknown: number;
}

export const DAY_MS = 24 * 3600 * 1000;

// A batch's completions are one statement each, from a JSON array of the batch's rows.
const COMPLETE_ATTEMPTS = `UPDATE charge_attempts SET status = a.value->>1, gateway_charge_id = a.value->>2,
    failure_code = a.value->>3, completed_at = ?
  FROM json_each(?) AS a WHERE charge_attempts.idempotency_key = a.value->>0 AND charge_attempts.status = 'started'
  RETURNING charge_attempts.idempotency_key AS key`;
const ITEMS_CHARGED = `UPDATE settlement_items SET status = 'charged', attempts = c.value->>1, charged_at = ?,
    charge_id = c.value->>2, next_retry_at = NULL, failure_code = NULL, updated_at = ?
  FROM json_each(?) AS c WHERE settlement_items.id = c.value->>0`;
const PLEDGES_CHARGED =
  "UPDATE pledges SET payment_status = 'charged' WHERE id IN (SELECT value FROM json_each(?))";
const ITEM_FAILED = updateSql(
  "settlement_items",
  [
    "status",
    "attempts",
    "scheduled_attempts",
    "first_failed_at",
    "next_retry_at",
    "failure_code",
    "dropped_at",
    "updated_at",
  ],
  "id",
);
const PLEDGE_STATUS = updateSql("pledges", ["payment_status"], "id");

/** What charging one item needs. */
interface AttemptToRun {
  key: string;
  attempt: number;
  trigger: AttemptTrigger;
  item: SettlementItem;
  card: CardRef | undefined;
}

export class SettlementService {
  readonly owner: string;
  /** Payout steps run by this settler: their transactions are fenced by its claim. */
  private readonly payouts: PayoutService;

  constructor(private readonly deps: SettlementServiceDeps) {
    this.owner = deps.owner ?? `${os.hostname()}/${process.pid}/${crypto.randomBytes(4).toString("hex")}`;
    this.payouts = new PayoutService({ ...deps, fence: (trx, projectId) => this.renew(trx, projectId) });
  }

  private get batchSize() {
    return this.deps.settings.batchSize;
  }

  // ---------------------------------------------------------------------------------------------
  // Running.

  /** Settles every campaign with work due now, one after the other. */
  async settleDue(): Promise<CampaignRun[]> {
    const ids = await campaignsDue(this.deps.db, this.deps.clock.now());
    const runs: CampaignRun[] = [];
    for (const id of ids) runs.push(await this.settleCampaign(id));
    return runs;
  }

  /**
   * Does everything due now for one campaign, holding its claim: close, resume attempts in flight,
   * charge, retry, refunds asked for, payout, mail. Returns what happened; never throws for a
   * campaign-level problem (it is logged and reported as "error", and retried on the next run).
   */
  async settleCampaign(projectId: number): Promise<CampaignRun> {
    const run: CampaignRun = { projectId, result: "progress", charged: 0, failed: 0, dropped: 0 };
    // A project suspended by moderation waits: nothing is closed, charged or paid out until it is restored.
    const project = await findProject(this.deps.db, projectId);
    if (project && isSuspended(project)) return { ...run, result: "not_due" };
    if (!(await this.claim(projectId))) return { ...run, result: "busy" };
    try {
      const closed = await this.close(projectId);
      if (closed === "not_due") return { ...run, result: "not_due" };
      const add = (o: AttemptOutcome) => {
        run.charged += o.charged;
        run.failed += o.failed;
        run.dropped += o.dropped;
      };
      add(await this.resumeInFlight(projectId));
      add(await this.chargePending(projectId));
      add(await this.retryDue(projectId));
      await this.payouts.completeRequestedRefunds(projectId);
      await this.payouts.payoutIfDue(projectId);
      await this.deliverMail(projectId);
      const settlement = await findSettlement(this.deps.db, projectId);
      run.phase = settlement?.phase;
      if (settlement?.phase === "done") run.result = "done";
      return run;
    } catch (error) {
      if (error instanceof LeaseLost) return { ...run, result: "busy" };
      this.deps.logger?.error({ err: error, projectId }, "settlement run failed");
      return { ...run, result: "error", error: (error as Error).message };
    } finally {
      await releaseClaim(this.deps.db, projectId, this.owner, this.deps.clock.now()).catch(() => {});
    }
  }

  /** Takes the campaign's claim; a claim left by a dead process on this host is taken over at once. */
  async claim(projectId: number): Promise<boolean> {
    const { db, clock, settings } = this.deps;
    const now = clock.now();
    const until = new Date(now.getTime() + settings.leaseSeconds * 1000);
    if (await takeClaim(db, { projectId, owner: this.owner, until, now })) return true;
    const current = await findClaim(db, projectId);
    if (current?.claimedBy && holderIsDead(current.claimedBy)) {
      return takeClaim(db, { projectId, owner: this.owner, until, now, staleOwner: current.claimedBy });
    }
    return false;
  }

  /** First statement of every settler write transaction: renew the claim or give up (LeaseLost). */
  async renew(trx: Db, projectId: number): Promise<void> {
    const now = this.deps.clock.now();
    const until = new Date(now.getTime() + this.deps.settings.leaseSeconds * 1000);
    if (!(await renewClaim(trx, { projectId, owner: this.owner, until, now }))) throw new LeaseLost();
  }

  private fenced<T>(projectId: number, work: (trx: Db) => Promise<T>): Promise<T> {
    return this.deps.db.transaction(async (trx) => {
      await this.renew(trx, projectId);
      return work(trx);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Closing.

  /**
   * Closes a live campaign whose deadline has passed (ONE transaction): the plan decides; the project
   * becomes succeeded or failed; items, pledge statuses, released reward units, audit and mail are
   * written with it. "closed" when it is (or already was) closed, "not_due" otherwise.
   */
  private async close(projectId: number): Promise<"closed" | "not_due"> {
    const { clock, settings } = this.deps;
    return this.fenced(projectId, async (trx) => {
      if (await findSettlement(trx, projectId)) return "closed";
      const now = clock.now();
      const project = await findProject(trx, projectId);
      if (project?.state !== "live" || !project.deadlineAt || now < project.deadlineAt) return "not_due";
      const { plan, extra } = await planFor(trx, project, now);
      if (!plan.ok) throw new Error(`settlement of project ${projectId} refused: ${plan.reason}`);
      const outcome = plan.outcome;
      await updateProjectFields(trx, projectId, { state: outcome }, now);
      await recordAudit(
        trx,
        {
          actorId: null,
          action: outcome === "succeeded" ? "project.succeed" : "project.fail",
          subjectType: "project",
          subjectId: projectId,
          details: {
            from: "live",
            to: outcome,
            goalMinor: plan.goalMinor,
            pledgedMinor: plan.pledgedMinor,
            countedMinor: plan.countedMinor,
            charges: plan.charges.length,
            releases: plan.releases.length,
          },
        },
        now,
      );
      await insertSettlement(trx, {
        projectId,
        creatorId: project.creatorId,
        kind: project.kind,
        outcome,
        phase: outcome === "succeeded" ? "charging" : "done",
        currency: project.currency,
        goalMinor: plan.goalMinor,
        pledgedMinor: plan.pledgedMinor,
        countedMinor: plan.countedMinor,
        retryWindowDays: settings.retryWindowDays,
        closedAt: now,
        payoutDueAt: new Date(now.getTime() + settings.retryWindowDays * DAY_MS),
      });
      const kind: BackingKind = project.kind === "reward" ? "pledge" : "commitment";
      if (kind === "pledge") {
        // Reward: the plan charges every active pledge in full (succeeded) or releases every one
        // (failed), so the items are written in one INSERT … SELECT, checked against the plan.
        const status = outcome === "succeeded" ? "pending" : "released";
        const written = await insertPledgeItems(trx, projectId, status, now);
        const planned = outcome === "succeeded" ? plan.charges : plan.releases;
        if (written.count !== planned.length || written.totalMinor !== plan.pledgedMinor) {
          throw new Error(`settlement of project ${projectId}: items do not match the plan`);
        }
        if (status === "released") {
          await trx("pledges")
            .where({ project_id: projectId, status: "active" })
            .update({ payment_status: "released" });
          await releaseRewardUnits(
            trx,
            plan.releases.map((r) => r.id),
          );
        }
      } else {
        const items: NewItem[] = [
          ...plan.charges.map((c) => ({
            projectId,
            kind,
            backingId: c.id,
            userId: extra.get(c.id)?.userId as number,
            paymentMethodId: extra.get(c.id)?.paymentMethodId ?? null,
            currency: project.currency,
            pledgedMinor: c.pledgedMinor,
            amountMinor: c.amountMinor,
            requestedShares: extra.get(c.id)?.requestedShares ?? null,
            allocatedShares: extra.get(c.id)?.allocatedShares ?? null,
            status: "pending" as const,
          })),
          ...plan.releases.map((r) => ({
            projectId,
            kind,
            backingId: r.id,
            userId: extra.get(r.id)?.userId as number,
            paymentMethodId: extra.get(r.id)?.paymentMethodId ?? null,
            currency: project.currency,
            pledgedMinor: r.pledgedMinor,
            // As the domain's report counts it: a failed campaign releases the whole commitment; one
            // with no shares allocated was never going to be charged.
            amountMinor: r.reason === "campaign_failed" ? r.pledgedMinor : 0,
            requestedShares: extra.get(r.id)?.requestedShares ?? null,
            allocatedShares: extra.get(r.id)?.allocatedShares ?? null,
            status: "released" as const,
          })),
        ];
        await insertItems(trx, items, now);
      }
      if (kind === "commitment") await markCommitments(trx, plan, now);
      const creatorKind: SettlementMailKind =
        outcome === "succeeded" ? "campaign_succeeded_creator" : "campaign_failed_creator";
      const mails: Parameters<typeof queueMail>[1][number][] = [
        {
          key: `${creatorKind}:project-${projectId}`,
          projectId,
          userId: project.creatorId,
          kind: creatorKind,
        },
      ];
      // Everyone released is told: the campaign failed, or (equity) no shares were allocated to them.
      const releasedKind: SettlementMailKind =
        outcome === "succeeded" ? "not_allocated" : "campaign_failed_backer";
      const releasedRows = await trx("settlement_items")
        .where({ project_id: projectId, status: "released" })
        .select("id", "user_id");
      for (const r of releasedRows) {
        mails.push({
          key: `${releasedKind}:item-${r.id}`,
          projectId,
          userId: r.user_id,
          kind: releasedKind,
          itemId: r.id,
        });
      }
      await queueMail(trx, mails, now);
      this.deps.logger?.info(
        {
          projectId,
          outcome,
          pledgedMinor: plan.pledgedMinor,
          goalMinor: plan.goalMinor,
          items: plan.charges.length + plan.releases.length,
        },
        "campaign closed",
      );
      return "closed";
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Charging.

  /** Re-sends every attempt left in flight (by a killed run, a gateway outage) with its own key. */
  private async resumeInFlight(projectId: number): Promise<AttemptOutcome> {
    const total = emptyOutcome();
    const seen = new Set<number>();
    for (;;) {
      const open = (await openAttempts(this.deps.db, projectId, this.batchSize)).filter(
        (a) => !seen.has(a.id),
      );
      if (!open.length) return total;
      for (const a of open) seen.add(a.id);
      const { items, cards } = await this.deps.db.transaction(async (trx) => {
        const items = await itemsById(
          trx,
          open.map((a) => a.itemId),
        );
        return { items, cards: await cardRefs(trx, [...items.values()]) };
      });
      const runs: AttemptToRun[] = [];
      for (const a of open) {
        const item = items.get(a.itemId);
        if (!item) continue;
        runs.push({
          key: a.idempotencyKey,
          attempt: a.attempt,
          trigger: a.trigger,
          item,
          card: cards.get(item.paymentMethodId ?? 0),
        });
      }
      addOutcome(total, await this.runAttempts(projectId, runs, (trx) => this.renew(trx, projectId)));
    }
  }

  /** The first pass: every pending item, batch by batch; then the campaign enters its retry window. */
  private async chargePending(projectId: number): Promise<AttemptOutcome> {
    const settlement = await findSettlement(this.deps.db, projectId);
    if (settlement?.phase !== "charging") return emptyOutcome();
    let afterId = 0;
    const startNext = async (trx: Db) => {
      for (;;) {
        const { items, cards } = await pendingItems(trx, projectId, afterId, this.batchSize);
        if (!items.length) return null;
        afterId = (items.at(-1) as SettlementItem).id;
        const batch = await this.startBatch(trx, items, "deadline", cards);
        if (batch.length) return batch;
      }
    };
    const total = await this.runBatches(projectId, startNext);
    await this.fenced(projectId, async (trx) => {
      const s = await findSettlement(trx, projectId);
      if (s?.phase !== "charging") return;
      const [left] = await trx("settlement_items")
        .where({ project_id: projectId, status: "pending" })
        .count({ n: "*" });
      if (Number(left?.n ?? 0) > 0) return;
      const now = this.deps.clock.now();
      await updateSettlement(trx, projectId, { phase: "collecting", firstPassAt: now }, now);
    });
    return total;
  }

  /** Scheduled retries that are due. */
  private async retryDue(projectId: number): Promise<AttemptOutcome> {
    const settlement = await findSettlement(this.deps.db, projectId);
    if (settlement?.phase !== "collecting") return emptyOutcome();
    // A retry that fails moves next_retry_at on (or drops the pledge), so this ends; after a long
    // pause every retry already due runs now, as nextRetryAt() intends ("a time in the past: due now").
    const startNext = async (trx: Db) => {
      const due = await retriesDue(trx, projectId, this.deps.clock.now(), this.batchSize);
      const batch = due.length ? await this.startBatch(trx, due, "retry") : [];
      return batch.length ? batch : null;
    };
    return this.runBatches(projectId, startNext);
  }

  /**
   * Runs batch after batch: `startNext` records the next batch's attempts as started (the first in a
   * transaction of its own, each later one in the transaction that completes the batch before it).
   */
  private async runBatches(
    projectId: number,
    startNext: (trx: Db) => Promise<AttemptToRun[] | null>,
  ): Promise<AttemptOutcome> {
    const total = emptyOutcome();
    let batch = await this.fenced(projectId, startNext);
    while (batch) {
      const done = await this.runAttemptsThen(
        projectId,
        batch,
        (trx) => this.renew(trx, projectId),
        startNext,
      );
      addOutcome(total, done.outcome);
      batch = done.next;
    }
    return total;
  }

  /** Records the next attempt of each item as started (inside the caller's transaction). */
  private async startBatch(
    trx: Db,
    items: SettlementItem[],
    trigger: AttemptTrigger,
    knownCards?: Map<number, CardRef>,
  ): Promise<AttemptToRun[]> {
    const now = this.deps.clock.now();
    const wanted: NewAttempt[] = items.map((item) => ({
      itemId: item.id,
      projectId: item.projectId,
      attempt: item.attempts + 1,
      idempotencyKey: chargeIdempotencyKey(item.kind, item.backingId, item.attempts + 1),
      amountMinor: item.amountMinor,
      currency: item.currency,
      trigger,
    }));
    const started = new Set((await startAttempts(trx, wanted, now)).map((a) => a.itemId));
    const cards = knownCards ?? (await cardRefs(trx, items));
    return items
      .filter((item) => started.has(item.id))
      .map((item) => ({
        key: chargeIdempotencyKey(item.kind, item.backingId, item.attempts + 1),
        attempt: item.attempts + 1,
        trigger,
        item: { ...item, attempts: item.attempts + 1 },
        card: cards.get(item.paymentMethodId ?? 0),
      }));
  }

  /**
   * Sends started attempts to the gateway (one chargeMany call when the gateway has it) and completes
   * them. Answers lost to a gateway outage leave their attempts in flight and raise GatewayDown
   * after the others are completed.
   */
  async runAttempts(
    projectId: number,
    runs: AttemptToRun[],
    fence: (trx: Db) => Promise<void>,
  ): Promise<AttemptOutcome> {
    return (await this.runAttemptsThen(projectId, runs, fence, async () => null)).outcome;
  }

  /**
   * runAttempts, and in the same transaction as the completion, `next` (the settler records its next
   * batch there: one commit per batch instead of two). `next` is not run when answers were lost.
   */
  private async runAttemptsThen<T>(
    projectId: number,
    runs: AttemptToRun[],
    fence: (trx: Db) => Promise<void>,
    next: (trx: Db) => Promise<T>,
  ): Promise<{ outcome: AttemptOutcome; next: T | null }> {
    const { gateway } = this.deps;
    const inputs: ChargeInput[] = runs.map((r) => ({
      customerId: r.card?.customerId ?? "",
      cardToken: r.card?.token ?? "",
      amountMinor: r.item.amountMinor,
      currency: r.item.currency,
      idempotencyKey: r.key,
      description: `Seedfund project ${projectId}, ${r.item.kind} ${r.item.backingId}`,
    }));
    let answers: (Charge | Error)[] = [];
    if (!inputs.length) answers = [];
    else if (gateway.chargeMany) {
      try {
        answers = await gateway.chargeMany(inputs);
      } catch (error) {
        answers = inputs.map(() => error as Error);
      }
    } else {
      for (const part of chunked(inputs, 8)) {
        answers.push(
          ...(await Promise.all(part.map((input) => gateway.charge(input).catch((error: Error) => error)))),
        );
      }
    }
    const result = await this.deps.db.transaction(async (trx) => {
      await fence(trx);
      const outcome = runs.length ? await this.complete(trx, projectId, runs, answers) : emptyOutcome();
      return { outcome, next: outcome.unknown > 0 ? null : await next(trx) };
    });
    if (result.outcome.unknown > 0) {
      const first = answers.find((a) => a instanceof Error) as Error | undefined;
      throw new GatewayDown(
        `${result.outcome.unknown} charge(s) left in flight: ${first instanceof GatewayUnavailableError ? "gateway unavailable" : first?.message}`,
      );
    }
    return result;
  }

  /**
   * Completes attempts with the gateway's answers, inside the caller's transaction: the attempt, the
   * item, the pledge's payment status, the ledger entry of a charge, released reward units and mail
   * are written together. An attempt someone else completed meanwhile is left alone.
   */
  private async complete(
    trx: Db,
    projectId: number,
    runs: AttemptToRun[],
    answers: (Charge | Error)[],
  ): Promise<AttemptOutcome> {
    const now = this.deps.clock.now();
    const at = toDbTime(now);
    const outcome = emptyOutcome();
    const settlement = await findSettlement(trx, projectId);
    if (!settlement) throw new Error(`no settlement for project ${projectId}`);
    const b = await bulk(trx);
    const charged: { run: AttemptToRun; charge: Charge }[] = [];
    const failed: { run: AttemptToRun; charge: Charge }[] = [];
    const answered: { run: AttemptToRun; charge: Charge }[] = [];
    runs.forEach((run, i) => {
      const answer = answers[i];
      if (!answer || answer instanceof Error) outcome.unknown += 1;
      else answered.push({ run, charge: answer });
    });
    // Complete the attempts still in flight: whoever completes an attempt records its outcome.
    const completed = new Set(
      answered.length
        ? b
            .all<{ key: string }>(COMPLETE_ATTEMPTS, [
              at,
              JSON.stringify(
                answered.map(({ run, charge }) => [run.key, charge.status, charge.id, charge.failureCode]),
              ),
            ])
            .map((r) => r.key)
        : [],
    );
    for (const a of answered) {
      if (completed.has(a.run.key)) (a.charge.status === "succeeded" ? charged : failed).push(a);
    }

    // Charged: the item, the pledge's status, the ledger entry (gateway charge id as its reference).
    if (charged.length) {
      b.run(ITEMS_CHARGED, [
        at,
        at,
        JSON.stringify(charged.map(({ run, charge }) => [run.item.id, run.attempt, charge.id])),
      ]);
      const pledges = charged.filter((c) => c.run.item.kind === "pledge").map((c) => c.run.item.backingId);
      if (pledges.length) b.run(PLEDGES_CHARGED, [JSON.stringify(pledges)]);
      await appendEntries(
        trx,
        charged.map(({ run, charge }) => ({
          entry: chargeEntry({
            campaignId: projectId,
            currency: run.item.currency,
            backing: { kind: run.item.kind, id: run.item.backingId },
            amountMinor: charge.amountMinor,
          }),
          externalRef: charge.id,
        })),
        now,
      );
      const commitments = charged.filter((c) => c.run.item.kind === "commitment");
      if (commitments.length) {
        await queueMail(
          trx,
          commitments.map(({ run }) => ({
            key: `shares_confirmed:item-${run.item.id}`,
            projectId,
            userId: run.item.userId,
            kind: "shares_confirmed" as const,
            itemId: run.item.id,
          })),
          now,
        );
        await setCommitmentStatus(
          trx,
          commitments.map((c) => c.run.item.backingId),
          "settled",
          now,
        );
      }
      outcome.charged += charged.length;
    }

    // Failed: payment_failed with the next scheduled retry, or dropped when the schedule is exhausted.
    if (failed.length) {
      const fresh = await itemsById(
        trx,
        failed.map((f) => f.run.item.id),
      );
      const dropped: SettlementItem[] = [];
      const mails: Parameters<typeof queueMail>[1][number][] = [];
      for (const { run, charge } of failed) {
        const item = fresh.get(run.item.id);
        if (!item) continue;
        const firstFailedAt = item.firstFailedAt ?? now;
        const scheduled = run.trigger === "backer" ? item.scheduledAttempts : item.scheduledAttempts + 1;
        const next =
          run.trigger === "backer"
            ? (item.nextRetryAt ??
              nextRetryAt(firstFailedAt, Math.max(1, scheduled), settlement.retryWindowDays))
            : nextRetryAt(firstFailedAt, scheduled, settlement.retryWindowDays);
        const drop = next === null;
        b.run(ITEM_FAILED, [
          drop ? "dropped" : "payment_failed",
          run.attempt,
          scheduled,
          toDbTime(firstFailedAt),
          next ? toDbTime(next) : null,
          charge.failureCode,
          drop ? at : null,
          at,
          item.id,
        ]);
        if (item.kind === "pledge")
          b.run(PLEDGE_STATUS, [drop ? "dropped" : "payment_failed", item.backingId]);
        if (drop) {
          dropped.push(item);
          mails.push({
            key: `dropped:item-${item.id}`,
            projectId,
            userId: item.userId,
            kind: "dropped",
            itemId: item.id,
          });
        } else if (!item.firstFailedAt) {
          mails.push({
            key: `payment_failed:item-${item.id}`,
            projectId,
            userId: item.userId,
            kind: "payment_failed",
            itemId: item.id,
          });
        }
      }
      const droppedPledges = dropped.filter((i) => i.kind === "pledge").map((i) => i.backingId);
      if (droppedPledges.length) await releaseRewardUnits(trx, droppedPledges);
      const droppedCommitments = dropped.filter((i) => i.kind === "commitment").map((i) => i.backingId);
      if (droppedCommitments.length) await setCommitmentStatus(trx, droppedCommitments, "failed", now);
      await queueMail(trx, mails, now);
      outcome.failed += failed.length - dropped.length;
      outcome.dropped += dropped.length;
    }
    return outcome;
  }

  // ---------------------------------------------------------------------------------------------
  // The backer fixes the payment.

  /**
   * "Retry now" from the fix-payment page: the backer's pledge (or the investor's commitment) whose
   * charge failed is charged again, at once, on the card they chose (theirs; a new card is added with
   * PledgeService.addCard first). Allowed while the retry window is open. Does not use up the
   * automatic schedule. Someone else's pledge or commitment is "not found".
   */
  async retryNow(
    backer: Pick<User, "id">,
    backingId: number,
    paymentMethodId: number,
    kind: BackingKind = "pledge",
  ): Promise<{ outcome: "charged" | "failed"; item: SettlementItem }> {
    const { db, clock } = this.deps;
    const existing = await itemOfBacking(db, kind, backingId);
    if (!existing || existing.userId !== backer.id) {
      if (kind === "pledge" && (await findPledge(db, backingId))?.backerId === backer.id) {
        throw new RuleError("settlement.fix.notFailed");
      }
      throw new NotFoundError();
    }
    const touch = async (trx: Db) => {
      await trx("settlement_items")
        .where({ id: existing.id })
        .update({ updated_at: toDbTime(clock.now()) });
    };
    const run = await db.transaction(async (trx) => {
      await touch(trx); // write first: take the write lock before reading
      const now = clock.now();
      const item = (await findItem(trx, existing.id)) as SettlementItem;
      const settlement = await findSettlement(trx, item.projectId);
      if (!settlement || item.status !== "payment_failed" || !item.firstFailedAt) {
        throw new RuleError("settlement.fix.notFailed");
      }
      if (isWindowOver(item.firstFailedAt, now, settlement.retryWindowDays)) {
        throw new RuleError("settlement.fix.windowOver");
      }
      const card = await findOwnPaymentMethod(trx, backer.id, paymentMethodId);
      if (!card) throw new ValidationError({ paymentMethodId: "settlement.fix.chooseCard" });
      await trx("settlement_items").where({ id: item.id }).update({ payment_method_id: card.id });
      // The pledge (or commitment) shows the card it is charged to.
      await trx(kind === "pledge" ? "pledges" : "commitments")
        .where({ id: backingId })
        .update({ payment_method_id: card.id, updated_at: toDbTime(now) });
      const [started] = await this.startBatch(trx, [{ ...item, paymentMethodId: card.id }], "backer");
      if (!started) throw new RuleError("settlement.fix.inProgress");
      return started;
    });
    await this.runAttempts(run.item.projectId, [run], touch).catch((error) => {
      if (error instanceof GatewayDown) throw new RuleError("settlement.fix.gatewayDown");
      throw error;
    });
    await this.deliverMail(run.item.projectId).catch(() => {});
    const item = (await findItem(db, run.item.id)) as SettlementItem;
    return { outcome: item.status === "charged" ? "charged" : "failed", item };
  }

  /** Whether an attempt for this item is in flight (the fix page says "being processed"). */
  inFlight(itemId: number): Promise<ChargeAttempt | undefined> {
    return openAttemptOf(this.deps.db, itemId);
  }

  // ---------------------------------------------------------------------------------------------
  // Mail.

  /**
   * Moves the campaign's pending settlement notices into the outbox, each in its recipient's
   * language, and marks them sent in the same transaction (so each is queued exactly once).
   */
  async deliverMail(projectId: number): Promise<number> {
    const { db, clock, mailer, baseUrl } = this.deps;
    let sent = 0;
    for (;;) {
      const batch = await unsentMail(db, projectId, 500);
      if (!batch.length) return sent;
      const project = (await findProject(db, projectId)) as Project;
      const settlement = await findSettlement(db, projectId);
      const users = new Map<number, User>();
      for (const part of chunked([...new Set(batch.map((m) => m.userId))])) {
        for (const r of await db("users").whereIn("id", part).select("id", "email", "name", "locale"))
          users.set(r.id, r);
      }
      const items = new Map<number, SettlementItem>();
      for (const part of chunked(batch.map((m) => m.itemId).filter((id): id is number => id !== null))) {
        for (const r of await db("settlement_items").whereIn("id", part)) items.set(r.id, toItem(r));
      }
      const messageOf = (mail: (typeof batch)[number]) => {
        const user = users.get(mail.userId);
        const item = mail.itemId ? items.get(mail.itemId) : undefined;
        if (!user || !settlement) return null;
        return {
          ...settlementMail(mail.kind, { user, project, settlement, item, baseUrl }),
          userId: user.id,
          kind: `settlement.${mail.kind}`,
        };
      };
      for (const group of chunked(batch, 50)) {
        // Queued in the outbox and marked sent in one transaction, so each notice goes out once.
        await db.transaction(async (trx) => {
          for (const mail of group) {
            const message = messageOf(mail);
            if (message) await mailer.enqueue(message, trx);
          }
          await markMailSent(
            trx,
            group.map((m) => m.id),
            clock.now(),
          );
        });
        sent += group.length;
      }
    }
  }
}

// -------------------------------------------------------------------------------------------------
// Helpers.

function emptyOutcome(): AttemptOutcome {
  return { charged: 0, failed: 0, dropped: 0, unknown: 0 };
}

function addOutcome(total: AttemptOutcome, o: AttemptOutcome) {
  total.charged += o.charged;
  total.failed += o.failed;
  total.dropped += o.dropped;
  total.unknown += o.unknown;
}

/** A claim's owner is "host/pid/random": on this host, a pid that no longer exists is a dead settler. */
function holderIsDead(owner: string): boolean {
  const [host, pidText] = owner.split("/");
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** Gives back one unit of each pledge's limited reward (a pledge that will not be charged). */
async function releaseRewardUnits(trx: Db, pledgeIds: readonly number[]): Promise<void> {
  const perTier = new Map<number, number>();
  for (const part of chunked(pledgeIds)) {
    const rows = await trx("pledges").whereIn("id", part).whereNotNull("tier_id").select("tier_id");
    for (const r of rows) perTier.set(r.tier_id, (perTier.get(r.tier_id) ?? 0) + 1);
  }
  for (const [tierId, n] of perTier) {
    await trx("reward_tiers")
      .where({ id: tierId })
      .update({ quantity_claimed: trx.raw("max(0, quantity_claimed - ?)", [n]) });
  }
}

interface BackingExtra {
  userId: number;
  paymentMethodId: number | null;
  requestedShares?: number;
  allocatedShares?: number;
}

/**
 * The plan for a campaign at its deadline, from the database as it is in this transaction: reward
 * pledges, or equity commitments (when issue 5's commitments table exists) with the offering's terms.
 */
export async function planFor(
  db: Db,
  project: Project,
  now: Date,
): Promise<{ plan: SettlementPlan; extra: Map<number, BackingExtra> }> {
  const campaign: CampaignAtDeadline = {
    id: project.id,
    kind: project.kind,
    state: project.state,
    goalMinor: project.goalMinor,
    currency: project.currency,
    deadlineAt: project.deadlineAt as Date,
  };
  const extra = new Map<number, BackingExtra>();
  if (project.kind === "reward") {
    const rows = await selectRows<{
      id: number;
      total_minor: number;
      status: "active" | "cancelled";
      backer_id: number;
      payment_method_id: number;
    }>(
      db,
      "SELECT id, total_minor, status, backer_id, payment_method_id FROM pledges WHERE project_id = ? ORDER BY id",
      [project.id],
    );
    for (const r of rows) extra.set(r.id, { userId: r.backer_id, paymentMethodId: r.payment_method_id });
    const plan = planRewardSettlement(
      campaign,
      rows.map((r) => ({ id: r.id, totalMinor: Number(r.total_minor), status: r.status })),
      now,
    );
    return { plan, extra };
  }
  const terms = await equityTermsOf(db, project.id);
  const commitments: CommitmentAtDeadline[] = [];
  if (terms && (await db.schema.hasTable("commitments"))) {
    // Only standing commitments count; one still awaiting reconfirmation at the deadline is not
    // charged (Rule 304: not reconfirmed → cancelled). Order of commitment: created_at, then id.
    const rows = await db("commitments")
      .where({ project_id: project.id })
      .whereIn("status", ["active", "awaiting_reconfirmation"])
      .orderBy("created_at")
      .orderBy("id");
    for (const r of rows) {
      extra.set(r.id, {
        userId: r.investor_id,
        paymentMethodId: r.payment_method_id,
        requestedShares: Number(r.shares),
      });
      commitments.push({
        id: r.id,
        investorId: r.investor_id,
        shares: Number(r.shares),
        pricePerShareMinor: Number(r.price_per_share_minor),
        committedAt: new Date(r.created_at),
        status: r.status === "active" ? "active" : "cancelled",
      });
    }
  }
  const plan = planEquitySettlement(
    campaign,
    {
      rule: terms?.allocationRule ?? "first_come",
      maxRaiseMinor: terms?.maxRaiseMinor ?? project.goalMinor,
      pricePerShareMinor: terms?.pricePerShareMinor ?? 1,
    },
    commitments,
    now,
  );
  if (plan.ok && plan.allocation) {
    for (const a of plan.allocation.allocations) {
      const e = extra.get(a.id);
      if (e) e.allocatedShares = a.allocatedShares;
    }
  }
  return { plan, extra };
}

/** Equity commitments take settlement's outcome in their own status (issue 5's CHECK admits it). */
async function markCommitments(trx: Db, plan: SettlementPlan, now: Date): Promise<void> {
  if (!plan.ok) return;
  await setCommitmentStatus(
    trx,
    plan.releases.map((r) => r.id),
    "failed",
    now,
  );
}

async function setCommitmentStatus(
  trx: Db,
  ids: readonly number[],
  status: "settled" | "failed",
  now: Date,
): Promise<void> {
  if (!ids.length || !(await trx.schema.hasTable("commitments"))) return;
  for (const part of chunked(ids)) {
    await trx("commitments")
      .whereIn("id", part)
      .whereIn("status", ["active", "awaiting_reconfirmation", "settled"])
      .update({ status, updated_at: toDbTime(now) });
  }
}
