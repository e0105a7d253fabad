import type { Clock } from "../clock.ts";
import { type DeliveryStatus, type OverdueState, overdueState, tracksDelivery } from "../domain/comms.ts";
import { ForbiddenError, NotFoundError, RuleError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import {
  backersOfTier,
  claimReminder,
  deliveryStatusesOf,
  type FundedRewardProject,
  fundedRewardProjects,
  lastUpdateAt,
  saveDeliveryStatus,
} from "../store/comms.ts";
import type { Db } from "../store/db.ts";
import { findProject, type Project, type RewardTier, tiersOf } from "../store/projects.ts";
import { label, type Notifier } from "./notifications.ts";
import type { Actor } from "./projects.ts";

export interface DeliveryServiceDeps {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  /** Days without an update after which a funded creator is overdue (config.updateOverdueDays). */
  overdueDays: number;
}

export interface TierDelivery {
  tier: RewardTier;
  status: DeliveryStatus;
}

export interface OverdueEntry extends FundedRewardProject {
  state: Extract<OverdueState, { overdue: true }>;
}

/**
 * After funding: the creator sets a delivery status per reward tier (its backers are told, kind
 * backed_project_news); a funded creator silent for `overdueDays` while rewards are undelivered is
 * overdue (project page, admin list) and reminded once per overdue period by remindOverdue().
 */
export class DeliveryService {
  constructor(private readonly deps: DeliveryServiceDeps) {}

  async tiersWithStatus(projectId: number, db: Db = this.deps.db): Promise<TierDelivery[]> {
    const [tiers, statuses] = [await tiersOf(db, projectId), await deliveryStatusesOf(db, projectId)];
    return tiers.map((tier) => ({ tier, status: statuses.get(tier.id) ?? "not_started" }));
  }

  /** Whether a project's creator is overdue with an update now. */
  async overdue(project: Project, tiers?: TierDelivery[]): Promise<OverdueState> {
    const { db, clock, overdueDays } = this.deps;
    return overdueState(
      {
        kind: project.kind,
        state: project.state,
        fundedAt: project.deadlineAt,
        lastUpdateAt: await lastUpdateAt(db, project.id),
        tierStatuses: (tiers ?? (await this.tiersWithStatus(project.id))).map((t) => t.status),
      },
      clock.now(),
      overdueDays,
    );
  }

  /** The creator's delivery page: their own funded reward project and its tiers. */
  async forCreator(actor: Actor, projectId: number): Promise<{ project: Project; tiers: TierDelivery[] }> {
    const project = await findProject(this.deps.db, projectId);
    if (!project || project.creatorId !== actor.id || project.kind !== "reward") throw new NotFoundError();
    return { project, tiers: await this.tiersWithStatus(project.id) };
  }

  async setStatus(actor: Actor, projectId: number, tierId: number, status: DeliveryStatus): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const project = await findProject(trx, projectId);
      if (!project || project.creatorId !== actor.id || project.kind !== "reward") throw new NotFoundError();
      if (!tracksDelivery(project)) throw new RuleError("comms.delivery.notFunded");
      const tiers = await this.tiersWithStatus(projectId, trx);
      const current = tiers.find((t) => t.tier.id === tierId);
      if (!current) throw new NotFoundError();
      if (current.status === status) return; // a repeated click changes nothing
      await saveDeliveryStatus(trx, tierId, status, actor.id, now);
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: "project.delivery_status",
          subjectType: "project",
          subjectId: projectId,
          details: { tierId, from: current.status, to: status },
        },
        now,
      );
      await notifier.notifyMany(
        await backersOfTier(trx, tierId),
        "backed_project_news",
        {
          project: project.title,
          tier: current.tier.title,
          status: label(`comms.delivery.status.${status}`),
        },
        { link: `/projects/${projectId}#delivery`, db: trx },
      );
    });
  }

  /** Every funded creator who is overdue now, longest silent first (admins). */
  async overdueList(actor: Actor | undefined): Promise<OverdueEntry[]> {
    if (actor?.role !== "admin") throw new ForbiddenError();
    return this.overdueNow();
  }

  private async overdueNow(): Promise<OverdueEntry[]> {
    const { db, clock, overdueDays } = this.deps;
    const now = clock.now();
    const entries: OverdueEntry[] = [];
    for (const p of await fundedRewardProjects(db)) {
      const state = overdueState(
        {
          kind: "reward",
          state: "succeeded",
          fundedAt: p.deadlineAt,
          lastUpdateAt: p.lastUpdateAt,
          tierStatuses: p.tierStatuses,
        },
        now,
        overdueDays,
      );
      if (state.overdue) entries.push({ ...p, state });
    }
    return entries.sort((a, b) => b.state.daysSilent - a.state.daysSilent);
  }

  /** The job: reminds each overdue creator by email, at most once per overdue period. Returns how many. */
  async remindOverdue(): Promise<number> {
    const { db, clock, notifier, overdueDays } = this.deps;
    let sent = 0;
    for (const entry of await this.overdueNow()) {
      const reminded = await db.transaction(async (trx) => {
        if (!(await claimReminder(trx, entry.id, entry.state.since, clock.now()))) return false;
        await notifier.notify(
          entry.creatorId,
          "update_overdue",
          { project: entry.title, days: entry.state.daysSilent, limit: overdueDays },
          { link: `/projects/${entry.id}/updates/new`, db: trx },
        );
        return true;
      });
      if (reminded) sent += 1;
    }
    return sent;
  }
}
