import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import { SecretBox } from "../crypto/secrets.ts";
import {
  computeFees,
  type FeeBreakdown,
  type FeeSchedule,
  feeScheduleOn,
  payoutEntries,
  refundAfterPayoutEntry,
  refundEntry,
  transferEntry,
} from "../domain/settlement/index.ts";
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import type { PaymentGateway } from "../payments/gateway.ts";
import { recordAudit } from "../store/audit.ts";
import { bulk, chunked } from "../store/bulk.ts";
import { findCreatorProfile } from "../store/creator-profiles.ts";
import type { Db } from "../store/db.ts";
import { appendEntries } from "../store/ledger.ts";
import { findProject } from "../store/projects.ts";
import {
  chargedItems,
  findItem,
  findSettlement,
  openWork,
  queueMail,
  refundsRequested,
  type Settlement,
  type SettlementItem,
  updateSettlement,
} from "../store/settlement.ts";
import { toDbTime } from "../store/time.ts";
import type { Role } from "../store/users.ts";
import type { SettlementSettings } from "./settlement-settings.ts";

/**
 * Money out of a campaign's escrow: the fees and the creator's payout after the retry window, the
 * transfer to the creator's bank account, and refunds of collected pledges. Each step writes its
 * ledger entries in the transaction that records it; gateway calls happen between transactions with
 * deterministic idempotency keys, so a step interrupted anywhere is finished by running it again.
 */
export interface PayoutServiceDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentGateway;
  logger?: Pick<Logger, "info" | "warn" | "error">;
  encryptionKey: string;
  settings: SettlementSettings;
  /** First statement of a settler's write transaction (renews its claim); absent for admin actions. */
  fence?: (trx: Db, projectId: number) => Promise<void>;
}

export interface Actor {
  id: number;
  role: Role;
}

export const REFUND_REASON_MAX = 1000;

/** Each charge's fee shares, for a part of the campaign's items in one statement (JSON rows). */
const SET_FEES = `UPDATE settlement_items SET platform_fee_minor = f.value->>1, processing_fee_minor = f.value->>2
  FROM json_each(?) AS f WHERE settlement_items.id = f.value->>0`;

/** The fee schedule of a campaign: the one in force on its launch day (else the earliest there is). */
export function scheduleFor(
  schedules: readonly FeeSchedule[],
  launchedAt: Date | null,
  closedAt: Date,
): FeeSchedule {
  try {
    return feeScheduleOn(schedules, launchedAt ?? closedAt);
  } catch {
    const earliest = [...schedules].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
    if (!earliest) throw new Error("no fee schedule is configured");
    return earliest;
  }
}

export class PayoutService {
  constructor(private readonly deps: PayoutServiceDeps) {}

  private async transaction<T>(projectId: number, work: (trx: Db) => Promise<T>): Promise<T> {
    return this.deps.db.transaction(async (trx) => {
      if (this.deps.fence) await this.deps.fence(trx, projectId);
      else
        await trx("settlements")
          .where({ project_id: projectId })
          .update({ updated_at: toDbTime(this.deps.clock.now()) });
      return work(trx);
    });
  }

  /** The fees a campaign pays on what it has collected so far (an estimate until payout). */
  async feesOf(settlement: Settlement): Promise<FeeBreakdown & { scheduleVersion: string }> {
    const project = await findProject(this.deps.db, settlement.projectId);
    const schedule = scheduleFor(
      this.deps.settings.feeSchedules,
      project?.launchedAt ?? null,
      settlement.closedAt,
    );
    const charges = await chargedItems(this.deps.db, settlement.projectId);
    return { ...computeFees(schedule.fees[settlement.currency], charges), scheduleVersion: schedule.version };
  }

  /**
   * After the retry window, once every item is final (no pending or failed charge, nothing in flight,
   * no refund asked for): the fees and payout entries (escrow → fees, escrow → creator payable) and
   * each charge's fee shares in one transaction; then the transfer (transferPayout).
   */
  async payoutIfDue(projectId: number): Promise<void> {
    const { clock, settings } = this.deps;
    await this.transaction(projectId, async (trx) => {
      const s = await findSettlement(trx, projectId);
      const now = clock.now();
      if (s?.phase !== "collecting" || now < s.payoutDueAt) return;
      const work = await openWork(trx, projectId);
      if (work.unfinished || work.inFlight || work.refunds) return;
      const project = await findProject(trx, projectId);
      const schedule = scheduleFor(settings.feeSchedules, project?.launchedAt ?? null, s.closedAt);
      const charges = await chargedItems(trx, projectId);
      const breakdown = computeFees(schedule.fees[s.currency], charges);
      await appendEntries(
        trx,
        payoutEntries({ campaignId: projectId, creatorId: s.creatorId, currency: s.currency, breakdown }).map(
          (entry) => ({ entry }),
        ),
        now,
      );
      const b = await bulk(trx);
      for (const part of chunked(breakdown.charges, 10_000)) {
        b.run(SET_FEES, [JSON.stringify(part.map((c) => [c.id, c.platformFeeMinor, c.processingFeeMinor]))]);
      }
      const nothingToPay = breakdown.payoutMinor === 0;
      await updateSettlement(
        trx,
        projectId,
        {
          phase: nothingToPay ? "done" : "paying_out",
          feeScheduleVersion: schedule.version,
          collectedMinor: breakdown.collectedMinor,
          platformFeeMinor: breakdown.platformFeeMinor,
          platformFeeWaivedMinor: breakdown.platformFeeWaivedMinor,
          processingFeeMinor: breakdown.processingFeeMinor,
          payoutMinor: breakdown.payoutMinor,
          feesAt: now,
          transferKey: `payout-campaign-${projectId}`,
          paidOutAt: nothingToPay ? now : null,
        },
        now,
      );
      this.deps.logger?.info(
        { projectId, ...breakdown, charges: undefined },
        "campaign fees and payout posted",
      );
    });
    await this.transferPayout(projectId);
  }

  /** Sends the decided payout to the creator's payout account, then records it (transfer entry). */
  async transferPayout(projectId: number): Promise<void> {
    const { db, clock, gateway } = this.deps;
    const s = await findSettlement(db, projectId);
    if (s?.phase !== "paying_out" || !s.payoutMinor || !s.transferKey) return;
    const profile = await findCreatorProfile(db, s.creatorId);
    let accountNumber: string | null = null;
    try {
      accountNumber = profile
        ? new SecretBox(this.deps.encryptionKey).open(profile.payoutAccountSealed)
        : null;
    } catch {
      accountNumber = null;
    }
    if (!profile || !accountNumber) {
      const problem = profile ? "payout_account_unreadable" : "no_payout_account";
      if (s.payoutProblem !== problem) {
        await this.transaction(projectId, (trx) =>
          updateSettlement(trx, projectId, { payoutProblem: problem }, clock.now()),
        );
      }
      return;
    }
    const { transferId } = await gateway.transfer({
      destination: { holder: profile.payoutHolder, bank: profile.payoutBank, accountNumber },
      amountMinor: s.payoutMinor,
      currency: s.currency,
      idempotencyKey: s.transferKey,
      description: `Seedfund payout, project ${projectId}`,
    });
    await this.transaction(projectId, async (trx) => {
      const fresh = await findSettlement(trx, projectId);
      if (fresh?.phase !== "paying_out" || !fresh.payoutMinor) return;
      const now = clock.now();
      const entry = transferEntry({
        campaignId: projectId,
        creatorId: fresh.creatorId,
        currency: fresh.currency,
        amountMinor: fresh.payoutMinor,
      });
      if (entry) await appendEntries(trx, [{ entry, externalRef: transferId }], now);
      await updateSettlement(
        trx,
        projectId,
        { phase: "done", transferId, paidOutAt: now, payoutProblem: null },
        now,
      );
      await queueMail(
        trx,
        [{ key: `paid_out:project-${projectId}`, projectId, userId: fresh.creatorId, kind: "paid_out" }],
        now,
      );
      await recordAudit(
        trx,
        {
          actorId: null,
          action: "settlement.payout",
          subjectType: "project",
          subjectId: projectId,
          details: { payoutMinor: fresh.payoutMinor, currency: fresh.currency, transferId },
        },
        now,
      );
    });
  }

  // Refunds -----------------------------------------------------------------------------------

  /**
   * An admin refunds a collected pledge (or commitment) in full, with a reason: the request is
   * recorded and audited, the gateway refunds (key refund-<kind>-<id>), and the refund is completed
   * with its ledger entry — the escrow's if the campaign has not paid out yet, otherwise the
   * platform's fee share and the creator's receivable (refundAfterPayoutEntry).
   */
  async refund(actor: Actor, projectId: number, itemId: number, reason: string): Promise<SettlementItem> {
    if (actor.role !== "admin") throw new ForbiddenError();
    const { db, clock } = this.deps;
    const text = reason.trim();
    if (!text) throw new ValidationError({ reason: "validation.required" });
    if (text.length > REFUND_REASON_MAX) throw new ValidationError({ reason: "validation.tooLong" });
    await db.transaction(async (trx) => {
      const now = clock.now();
      const touched = await trx("settlement_items")
        .where({ id: itemId, project_id: projectId })
        .update({ updated_at: toDbTime(now) });
      if (!touched) throw new NotFoundError();
      const item = (await findItem(trx, itemId)) as SettlementItem;
      if (item.status === "refunded") throw new RuleError("settlement.refund.already");
      if (item.status !== "charged") throw new RuleError("settlement.refund.notCharged");
      if (item.refundRequestedAt) return; // asked before: finish it below
      await trx("settlement_items")
        .where({ id: itemId })
        .update({
          refund_reason: text,
          refund_requested_by: actor.id,
          refund_requested_at: toDbTime(now),
        });
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: "settlement.refund",
          subjectType: item.kind,
          subjectId: item.backingId,
          reason: text,
          details: { projectId, itemId, amountMinor: item.amountMinor, currency: item.currency },
        },
        now,
      );
    });
    return this.completeRefund(itemId);
  }

  /** Completes refunds asked for but not finished (a crash, a gateway outage). */
  async completeRequestedRefunds(projectId: number): Promise<void> {
    for (const item of await refundsRequested(this.deps.db, projectId)) await this.completeRefund(item.id);
  }

  private async completeRefund(itemId: number): Promise<SettlementItem> {
    const { db, clock, gateway } = this.deps;
    const item = (await findItem(db, itemId)) as SettlementItem;
    if (item.status !== "charged" || !item.chargeId) return item;
    const { refundId } = await gateway.refund({
      chargeId: item.chargeId,
      amountMinor: item.amountMinor,
      idempotencyKey: `refund-${item.kind}-${item.backingId}`,
    });
    await this.transaction(item.projectId, async (trx) => {
      const fresh = (await findItem(trx, itemId)) as SettlementItem;
      if (fresh.status !== "charged") return;
      const s = (await findSettlement(trx, fresh.projectId)) as Settlement;
      const now = clock.now();
      const backing = { kind: fresh.kind, id: fresh.backingId };
      const entry = s.feesAt
        ? refundAfterPayoutEntry({
            campaignId: fresh.projectId,
            creatorId: s.creatorId,
            currency: fresh.currency,
            backing,
            amountMinor: fresh.amountMinor,
            platformFeeShareMinor: fresh.platformFeeMinor ?? 0,
          })
        : refundEntry({
            campaignId: fresh.projectId,
            currency: fresh.currency,
            backing,
            amountMinor: fresh.amountMinor,
          });
      await appendEntries(trx, [{ entry, externalRef: refundId }], now);
      await trx("settlement_items")
        .where({ id: itemId })
        .update({
          status: "refunded",
          refunded_at: toDbTime(now),
          refund_id: refundId,
          updated_at: toDbTime(now),
        });
      if (fresh.kind === "pledge") {
        await trx("pledges").where({ id: fresh.backingId }).update({ payment_status: "refunded" });
        const pledge = await trx("pledges").where({ id: fresh.backingId }).first("tier_id");
        if (pledge?.tier_id) {
          await trx("reward_tiers")
            .where({ id: pledge.tier_id })
            .andWhere("quantity_claimed", ">", 0)
            .decrement("quantity_claimed", 1);
        }
      }
      await queueMail(
        trx,
        [
          {
            key: `refunded:item-${itemId}`,
            projectId: fresh.projectId,
            userId: fresh.userId,
            kind: "refunded",
            itemId,
          },
        ],
        now,
      );
      await recordAudit(
        trx,
        {
          actorId: fresh.refundRequestedBy,
          action: "settlement.refund_completed",
          subjectType: fresh.kind,
          subjectId: fresh.backingId,
          details: { projectId: fresh.projectId, itemId, refundId, afterPayout: Boolean(s.feesAt) },
        },
        now,
      );
    });
    return (await findItem(db, itemId)) as SettlementItem;
  }
}
