import type { Clock } from "../clock.ts";
import type { Currency } from "../domain/money.ts";
import {
  type RiskAction,
  type RiskFlagKind,
  type RiskFlagStatus,
  type RiskRules,
  riskFlagsFor,
} from "../domain/risk.ts";
import { ConflictError, NotFoundError, RuleError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import {
  findRiskFlag,
  insertRiskFlag,
  pledgeRiskLookup,
  type RiskFlagSummary,
  recordPledgeOrigin,
  resolveRiskFlag,
  riskQueue,
} from "../store/risk.ts";
import { type Actor, assertAdmin } from "./admin-guard.ts";
import { suspendProjectIn } from "./moderation.ts";
import type { Notifier } from "./notifications.ts";
import { suspendUserIn } from "./ops.ts";

/** What the pledge service tells the monitor, inside the pledge's transaction. */
export interface PledgePlaced {
  pledgeId: number;
  backerId: number;
  projectId: number;
  creatorId: number;
  totalMinor: number;
  currency: Currency;
  paymentMethodId: number;
  /** The address the pledge came from (req.ip), when known. */
  ip: string | null;
  change: "created" | "changed";
}

/** The hook PledgeService calls (optional there, so other areas can build a PledgeService without it). */
export interface PledgeWatcher {
  pledgePlaced(trx: Db, event: PledgePlaced, now: Date): Promise<void>;
}

/**
 * Raises risk flags when a pledge is placed: records where it came from and reads every fact the
 * rules need in ONE query of indexed, bounded lookups, in the pledge's own transaction, so a flag and
 * its pledge are written together and pledge throughput stays high.
 */
export class RiskMonitor implements PledgeWatcher {
  constructor(private readonly rules: RiskRules) {}

  async pledgePlaced(trx: Db, e: PledgePlaced, now: Date): Promise<void> {
    const ip = e.ip ? e.ip.slice(0, 64) : null;
    await recordPledgeOrigin(
      trx,
      { pledgeId: e.pledgeId, userId: e.backerId, projectId: e.projectId, ip, change: e.change },
      now,
    );
    const { pledgesPerAccount, pledgesPerIp, windowMinutes } = this.rules;
    const found = await pledgeRiskLookup(trx, {
      backerId: e.backerId,
      creatorId: e.creatorId,
      ip,
      paymentMethodId: e.paymentMethodId,
      since: new Date(now.getTime() - windowMinutes * 60_000),
      // Counted only up to one past the limit: "more than the limit" is all the check needs.
      accountCap: pledgesPerAccount + 1,
      ipCap: pledgesPerIp + 1,
    });
    const drafts = riskFlagsFor(
      {
        totalMinor: e.totalMinor,
        currency: e.currency,
        accountPledgesInWindow: pledgesPerAccount > 0 ? found.accountCount : 0,
        ipPledgesInWindow: ip && pledgesPerIp > 0 ? found.ipCount : 0,
        ipKnown: ip !== null,
        ipSharedWithCreator: ip !== null && found.ipSharedWithCreator,
        cardSharedWithCreator: found.cardSharedWithCreator,
        openAccountVelocity: found.openAccountVelocity,
        openIpVelocity: found.openIpVelocity,
      },
      this.rules,
    );
    for (const draft of drafts) {
      await insertRiskFlag(
        trx,
        {
          kind: draft.kind,
          pledgeId: e.pledgeId,
          projectId: e.projectId,
          userId: e.backerId,
          ip,
          details: draft.details,
        },
        now,
      );
    }
  }
}

export const RISK_PAGE_SIZE = 25;

export interface RiskPage {
  items: RiskFlagSummary[];
  total: number;
  page: number;
  pages: number;
}

/** The admin side: the review queue of flags, and clearing or acting on one (audited). */
export class RiskService {
  /** A creator whose project is suspended from a flag is told through `notifier`. */
  constructor(private readonly deps: { db: Db; clock: Clock; notifier: Notifier }) {}

  async queue(
    actor: Actor,
    q: { status: RiskFlagStatus; kind?: RiskFlagKind; page: number },
  ): Promise<RiskPage> {
    assertAdmin(actor);
    const page = Math.max(1, q.page);
    const { items, total } = await riskQueue(this.deps.db, {
      status: q.status,
      kind: q.kind,
      limit: RISK_PAGE_SIZE,
      offset: (page - 1) * RISK_PAGE_SIZE,
    });
    return { items, total, page, pages: Math.max(1, Math.ceil(total / RISK_PAGE_SIZE)) };
  }

  /**
   * Clears a flag (a note says why it is fine), or acts on it: suspends the backer's account or the
   * project. The action, the flag's resolution and the audit entries are one transaction.
   */
  async resolve(actor: Actor, flagId: number, action: RiskAction, note: string): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    const text = note.trim();
    await db.transaction(async (trx) => {
      const flag = await findRiskFlag(trx, flagId);
      if (!flag) throw new NotFoundError();
      if (flag.status !== "open") throw new ConflictError("ops.risk.refused.notOpen");
      if (action === "suspend_backer") {
        if (flag.userId === null) throw new RuleError("ops.risk.refused.noBacker");
        await suspendUserIn(trx, admin, flag.userId, text, now, { alreadySuspendedOk: true });
      } else if (action === "suspend_project") {
        if (flag.projectId === null) throw new RuleError("ops.risk.refused.noProject");
        await suspendProjectIn(trx, notifier, admin, flag.projectId, text, now, { alreadySuspendedOk: true });
      }
      const resolved = await resolveRiskFlag(
        trx,
        flag.id,
        {
          status: action === "clear" ? "cleared" : "actioned",
          resolution: action,
          note: text || null,
          by: admin.id,
        },
        now,
      );
      if (!resolved) throw new ConflictError("ops.risk.refused.notOpen");
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: action === "clear" ? "risk.clear" : `risk.${action}`,
          subjectType: "risk_flag",
          subjectId: flag.id,
          reason: text || undefined,
          details: {
            kind: flag.kind,
            pledgeId: flag.pledgeId,
            userId: flag.userId,
            projectId: flag.projectId,
          },
        },
        now,
      );
    });
  }
}
