import type { Clock } from "../clock.ts";
import {
  computeFees,
  type FeeBreakdown,
  isWindowOver,
  type ReportLine,
  retryWindowEndsAt,
  type SettlementReport,
  settlementReport,
} from "../domain/settlement/index.ts";
import { NotFoundError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import { type AccountBalance, campaignAccountTotals } from "../store/ledger.ts";
import { equityTermsOf, findProject, type Project } from "../store/projects.ts";
import {
  attemptsOfItem,
  awaitingClose,
  type ChargeAttempt,
  chargedItems,
  findSettlement,
  type ItemListRow,
  type ItemStatus,
  itemOfBacking,
  itemsOfPledges,
  itemsPage,
  itemTotals,
  openAttemptOf,
  type Settlement,
  type SettlementItem,
  type SettlementListRow,
  type StatusTotals,
  settlementsIn,
} from "../store/settlement.ts";
import type { Role } from "../store/users.ts";
import { scheduleFor } from "./payouts.ts";
import { planFor } from "./settlement.ts";
import type { SettlementSettings } from "./settlement-settings.ts";

/**
 * What people see of settlement: the admin's overview and dry-run preview, the creator's statement,
 * the backer's payment status. Read-only; authorization is checked here (a campaign that is not the
 * viewer's is "not found").
 */

export interface Viewer {
  id: number;
  role: Role;
}

const outcomeOf: Record<ItemStatus, ReportLine["outcome"]> = {
  pending: "pending",
  charged: "collected",
  payment_failed: "payment_failed",
  dropped: "dropped",
  released: "released",
  refunded: "refunded",
};

/** The domain's report from per-status totals (one aggregated line per status, then the true counts). */
export function reportFromTotals(totals: readonly StatusTotals[]): SettlementReport {
  const report = settlementReport(
    totals.map((t, i) => ({
      id: i + 1,
      pledgedMinor: t.pledgedMinor,
      chargeMinor: t.amountMinor,
      outcome: outcomeOf[t.status],
    })),
  );
  for (const key of Object.keys(report.counts) as (keyof SettlementReport["counts"])[])
    report.counts[key] = 0;
  for (const t of totals) report.counts[outcomeOf[t.status]] += t.count;
  return report;
}

export interface PreviewLine {
  id: number;
  userName: string;
  pledgedMinor: number;
  amountMinor: number;
  action: "charge" | "release";
}

export type SettlementPreview =
  | {
      closed: false;
      projectId: number;
      title: string;
      state: string;
      currency: Project["currency"];
      deadlineAt: Date | null;
      /** The instant the plan was made for: now, or the deadline if it is still ahead. */
      asOf: Date;
      dueNow: boolean;
      ok: boolean;
      refusal?: string;
      outcome?: "succeeded" | "failed";
      goalMinor: number;
      pledgedMinor: number;
      countedMinor: number;
      charges: { count: number; totalMinor: number };
      releases: { count: number; totalMinor: number };
      /** If every charge succeeded. */
      estimatedFees: (FeeBreakdown & { scheduleVersion: string; charges: [] }) | null;
      lines: PreviewLine[];
    }
  | {
      closed: true;
      projectId: number;
      title: string;
      settlement: Settlement;
      report: SettlementReport;
      retriesDue: number;
      nextStep: "charge" | "retry" | "wait_for_window" | "payout" | "transfer" | "none";
    };

/**
 * The dry run: what settling the campaign would do now, computed with the same plan the settler
 * uses, without writing anything. For a campaign already closed: where it stands and the next step.
 */
export async function previewSettlement(
  db: Db,
  settings: SettlementSettings,
  projectId: number,
  now: Date,
  sampleSize = 50,
): Promise<SettlementPreview> {
  const project = await findProject(db, projectId);
  if (!project) throw new NotFoundError();
  const settlement = await findSettlement(db, projectId);
  if (settlement) {
    const report = reportFromTotals(await itemTotals(db, projectId));
    const [due] = await db("settlement_items")
      .where({ project_id: projectId, status: "payment_failed" })
      .andWhere("next_retry_at", "<=", now.toISOString())
      .count({ n: "*" });
    const retriesDue = Number(due?.n ?? 0);
    const nextStep =
      settlement.phase === "charging"
        ? "charge"
        : settlement.phase === "paying_out"
          ? "transfer"
          : settlement.phase === "done"
            ? "none"
            : retriesDue > 0
              ? "retry"
              : now < settlement.payoutDueAt || report.counts.payment_failed > 0 || report.counts.pending > 0
                ? "wait_for_window"
                : "payout";
    return { closed: true, projectId, title: project.title, settlement, report, retriesDue, nextStep };
  }
  const asOf = project.deadlineAt && now < project.deadlineAt ? project.deadlineAt : now;
  const { plan, extra } = await planFor(db, project, asOf);
  const base = {
    closed: false as const,
    projectId,
    title: project.title,
    state: project.state,
    currency: project.currency,
    deadlineAt: project.deadlineAt,
    asOf,
    dueNow: project.state === "live" && Boolean(project.deadlineAt) && now >= (project.deadlineAt as Date),
    goalMinor: project.goalMinor,
  };
  if (!plan.ok) {
    return {
      ...base,
      ok: false,
      refusal: plan.reason,
      pledgedMinor: project.pledgedMinor,
      countedMinor: 0,
      charges: { count: 0, totalMinor: 0 },
      releases: { count: 0, totalMinor: 0 },
      estimatedFees: null,
      lines: [],
    };
  }
  const schedule = scheduleFor(settings.feeSchedules, project.launchedAt, asOf);
  const estimated =
    plan.charges.length > 0
      ? computeFees(
          schedule.fees[project.currency],
          plan.charges.map((c) => ({ id: c.id, amountMinor: c.amountMinor })),
        )
      : null;
  const sample = [
    ...plan.charges.slice(0, sampleSize).map((c) => ({
      id: c.id,
      pledgedMinor: c.pledgedMinor,
      amountMinor: c.amountMinor,
      action: "charge" as const,
    })),
    ...plan.releases
      .slice(0, sampleSize)
      .map((r) => ({ id: r.id, pledgedMinor: r.pledgedMinor, amountMinor: 0, action: "release" as const })),
  ].slice(0, sampleSize);
  const userIds = [
    ...new Set(sample.map((l) => extra.get(l.id)?.userId).filter((id): id is number => id !== undefined)),
  ];
  const names = new Map<number, string>(
    (await db("users").whereIn("id", userIds).select("id", "name")).map((u) => [
      u.id as number,
      u.name as string,
    ]),
  );
  return {
    ...base,
    ok: true,
    outcome: plan.outcome,
    pledgedMinor: plan.pledgedMinor,
    countedMinor: plan.countedMinor,
    charges: { count: plan.charges.length, totalMinor: plan.charges.reduce((s, c) => s + c.amountMinor, 0) },
    releases: {
      count: plan.releases.length,
      totalMinor: plan.releases.reduce((s, r) => s + r.pledgedMinor, 0),
    },
    estimatedFees: estimated ? { ...estimated, charges: [], scheduleVersion: schedule.version } : null,
    lines: sample.map((l) => ({ ...l, userName: names.get(extra.get(l.id)?.userId ?? 0) ?? "" })),
  };
}

/** Which items a statement list shows. */
export const statementLists = {
  collected: ["charged"],
  failed: ["payment_failed"],
  dropped: ["dropped"],
  refunded: ["refunded"],
  pending: ["pending"],
  released: ["released"],
  all: [],
} as const satisfies Record<string, readonly ItemStatus[]>;
export type StatementList = keyof typeof statementLists;

export interface Statement {
  project: Project;
  settlement: Settlement | null;
  report: SettlementReport | null;
  /** Actual after payout, an estimate on what is collected so far before it. */
  fees: (FeeBreakdown & { scheduleVersion: string; estimate: boolean }) | null;
  accounts: AccountBalance[];
  list: { name: StatementList; rows: ItemListRow[]; total: number; page: number; pages: number };
  shareholders: boolean;
  /** Refunds made after the payout that the creator owes back (creator_receivable). */
  owedMinor: number;
}

export class SettlementReports {
  constructor(private readonly deps: { db: Db; clock: Clock; settings: SettlementSettings }) {}

  /** A campaign the viewer may see the books of: its creator's, or any for an admin. */
  private async viewable(viewer: Viewer, projectId: number): Promise<Project> {
    const project = await findProject(this.deps.db, projectId);
    if (!project || (project.creatorId !== viewer.id && viewer.role !== "admin")) throw new NotFoundError();
    return project;
  }

  /** The creator's statement (admins see it too): figures, fees, payout, ledger accounts, and a list. */
  async statement(
    viewer: Viewer,
    projectId: number,
    options: { list: StatementList; page: number; pageSize?: number },
  ): Promise<Statement> {
    const { db } = this.deps;
    const project = await this.viewable(viewer, projectId);
    const settlement = (await findSettlement(db, projectId)) ?? null;
    const pageSize = options.pageSize ?? 50;
    if (!settlement) {
      return {
        project,
        settlement,
        report: null,
        fees: null,
        accounts: [],
        list: { name: options.list, rows: [], total: 0, page: 1, pages: 1 },
        shareholders: false,
        owedMinor: 0,
      };
    }
    const report = reportFromTotals(await itemTotals(db, projectId));
    let fees: Statement["fees"] = null;
    if (settlement.feesAt) {
      fees = {
        collectedMinor: settlement.collectedMinor ?? 0,
        processingFeeMinor: settlement.processingFeeMinor ?? 0,
        platformFeeMinor: settlement.platformFeeMinor ?? 0,
        platformFeeWaivedMinor: settlement.platformFeeWaivedMinor ?? 0,
        payoutMinor: settlement.payoutMinor ?? 0,
        charges: [],
        scheduleVersion: settlement.feeScheduleVersion ?? "",
        estimate: false,
      };
    } else if (settlement.outcome === "succeeded") {
      const schedule = scheduleFor(this.deps.settings.feeSchedules, project.launchedAt, settlement.closedAt);
      const charges = await chargedItems(db, projectId);
      fees = {
        ...computeFees(schedule.fees[settlement.currency], charges),
        charges: [],
        scheduleVersion: schedule.version,
        estimate: true,
      };
    }
    const page = Math.max(1, options.page);
    const { rows, total } = await itemsPage(db, projectId, {
      statuses: statementLists[options.list],
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    const accounts = await campaignAccountTotals(db, projectId);
    const receivable = accounts.find((a) => a.account.startsWith("creator_receivable:"));
    return {
      project,
      settlement,
      report,
      fees,
      accounts,
      owedMinor: receivable ? receivable.creditMinor - receivable.debitMinor : 0,
      list: { name: options.list, rows, total, page, pages: Math.max(1, Math.ceil(total / pageSize)) },
      shareholders: project.kind === "equity",
    };
  }

  /** Every item of a campaign for the CSV statement / cap table (the caller streams it). */
  async exportable(viewer: Viewer, projectId: number): Promise<{ project: Project; settlement: Settlement }> {
    const project = await this.viewable(viewer, projectId);
    const settlement = await findSettlement(this.deps.db, projectId);
    if (!settlement) throw new NotFoundError();
    return { project, settlement };
  }

  /** The cap table of a settled equity offering: the price and the company from the terms. */
  async capTable(viewer: Viewer, projectId: number) {
    const { project, settlement } = await this.exportable(viewer, projectId);
    if (project.kind !== "equity") throw new NotFoundError();
    const terms = await equityTermsOf(this.deps.db, projectId);
    return { project, settlement, terms };
  }

  /** The admin overview: awaiting close, charging, in the retry window, paying out, settled. */
  async overview(viewer: Viewer): Promise<{
    awaiting: SettlementListRow[];
    charging: (SettlementListRow & { report: SettlementReport })[];
    collecting: (SettlementListRow & { report: SettlementReport })[];
    payingOut: (SettlementListRow & { report: SettlementReport })[];
    settled: SettlementListRow[];
  }> {
    if (viewer.role !== "admin") throw new NotFoundError();
    const { db, clock } = this.deps;
    const withReport = async (rows: SettlementListRow[]) =>
      Promise.all(
        rows.map(async (r) => ({ ...r, report: reportFromTotals(await itemTotals(db, r.projectId)) })),
      );
    return {
      awaiting: await awaitingClose(db, clock.now()),
      charging: await withReport(await settlementsIn(db, ["charging"])),
      collecting: await withReport(await settlementsIn(db, ["collecting"])),
      payingOut: await withReport(await settlementsIn(db, ["paying_out"])),
      settled: await settlementsIn(db, ["done"], 100),
    };
  }

  /** What a backer sees per pledge on "My pledges": charged (when, how much), failed (until when), … */
  async pledgeStatuses(
    backerId: number,
    pledgeIds: readonly number[],
  ): Promise<Map<number, PledgeSettlementStatus>> {
    const items = await itemsOfPledges(this.deps.db, pledgeIds);
    const out = new Map<number, PledgeSettlementStatus>();
    const windows = new Map<number, number>();
    for (const item of items) {
      if (item.userId !== backerId) continue;
      if (!windows.has(item.projectId)) {
        windows.set(
          item.projectId,
          (await findSettlement(this.deps.db, item.projectId))?.retryWindowDays ?? 0,
        );
      }
      out.set(item.backingId, statusOf(item, windows.get(item.projectId) ?? 0, this.deps.clock.now()));
    }
    return out;
  }

  /** The fix-payment page of one of the backer's pledges (or the investor's commitments). */
  async paymentFix(backerId: number, backingId: number, kind: "pledge" | "commitment" = "pledge") {
    const { db, clock } = this.deps;
    const item = await itemOfBacking(db, kind, backingId);
    if (!item || item.userId !== backerId) throw new NotFoundError();
    const settlement = (await findSettlement(db, item.projectId)) as Settlement;
    const project = (await findProject(db, item.projectId)) as Project;
    const attempts: ChargeAttempt[] = await attemptsOfItem(db, item);
    const inFlight = await openAttemptOf(db, item.id);
    const path = `/${kind === "pledge" ? "pledges" : "commitments"}/${backingId}`;
    return {
      kind,
      project,
      item,
      attempts,
      inFlight: Boolean(inFlight),
      /** Where the page posts, and the page it came from. */
      actionPath: `${path}/payment`,
      backPath: kind === "pledge" ? path : "/investments",
      status: statusOf(item, settlement.retryWindowDays, clock.now()),
    };
  }
}

export interface PledgeSettlementStatus {
  status: ItemStatus;
  amountMinor: number;
  currency: SettlementItem["currency"];
  chargedAt: Date | null;
  refundedAt: Date | null;
  droppedAt: Date | null;
  nextRetryAt: Date | null;
  /** Until when the backer may fix a failed payment. */
  fixBy: Date | null;
  canFix: boolean;
  failureCode: string | null;
}

export function statusOf(item: SettlementItem, windowDays: number, now: Date): PledgeSettlementStatus {
  const fixBy = item.firstFailedAt ? retryWindowEndsAt(item.firstFailedAt, windowDays) : null;
  return {
    status: item.status,
    amountMinor: item.amountMinor,
    currency: item.currency,
    chargedAt: item.chargedAt,
    refundedAt: item.refundedAt,
    droppedAt: item.droppedAt,
    nextRetryAt: item.nextRetryAt,
    fixBy,
    canFix:
      item.status === "payment_failed" &&
      item.firstFailedAt !== null &&
      !isWindowOver(item.firstFailedAt, now, windowDays),
    failureCode: item.failureCode,
  };
}
