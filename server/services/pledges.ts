import type { Clock } from "../clock.ts";
import { pageCount } from "../domain/discovery.ts";
import { decidePledge, isOpenForPledges } from "../domain/pledges.ts";
import type { ShippingRegion } from "../domain/project-rules.ts";
import { ConflictError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import type { CardError, CardInput, PaymentGateway } from "../payments/gateway.ts";
import type { Db } from "../store/db.ts";
import {
  customerIdOf,
  findOwnPaymentMethod,
  findPaymentMethod,
  insertPaymentMethod,
  type PaymentMethod,
  paymentMethodsOf,
  saveCustomerId,
} from "../store/payment-methods.ts";
import {
  activePledgeOf,
  adjustProjectTotals,
  type BackerPledgeRow,
  backersOfProject,
  claimTierUnit,
  countPledgesOfBacker,
  findPledge,
  insertPledge,
  markPledgeCancelled,
  type Pledge,
  type PledgeTerms,
  pledgeForRequest,
  pledgeHistory,
  pledgesOfBacker,
  recordPledgeEvent,
  releaseTierUnit,
  rememberRequest,
  updatePledgeTerms,
} from "../store/pledges.ts";
import { findProject, type Project, tiersOf } from "../store/projects.ts";
import type { User } from "../store/users.ts";
import { money, type Notifier } from "./notifications.ts";
import type { PledgeWatcher } from "./risk.ts";

export const MY_PLEDGES_PAGE_SIZE = 20;

export interface BackerPledgePage {
  items: BackerPledgeRow[];
  total: number;
  page: number;
  pages: number;
}

export interface PledgeServiceDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentGateway;
  /** Risk monitoring: told of every placed or changed pledge inside its transaction (server/services/risk.ts). */
  risk?: PledgeWatcher;
  /** Backers are told through it (in-app notification + email). */
  notifier: Notifier;
}

export interface PledgeInput {
  projectId: number;
  tierId: number | null;
  amountMinor: number;
  shipRegion: ShippingRegion | null;
  shipName: string | null;
  shipAddress: string | null;
  paymentMethodId: number;
  /** From the form: a replayed or double-clicked submission returns the same pledge. */
  idempotencyKey: string;
  /** The address the pledge came from (req.ip), for risk monitoring. */
  ip?: string | null;
}

export type AddCardResult = { ok: true; method: PaymentMethod } | { ok: false; error: CardError };

export class PledgeService {
  constructor(private readonly deps: PledgeServiceDeps) {}

  // Saved cards ------------------------------------------------------------------------------

  cardsOf(user: User): Promise<PaymentMethod[]> {
    return paymentMethodsOf(this.deps.db, user.id);
  }

  /** Verifies a card with the gateway (no charge) and saves its token, brand, last four and expiry. */
  async addCard(user: User, card: CardInput): Promise<AddCardResult> {
    const { db, gateway, clock } = this.deps;
    let customerId = await customerIdOf(db, user.id);
    if (!customerId) {
      customerId = (await gateway.createCustomer({ email: user.email, name: user.name })).customerId;
      await saveCustomerId(db, user.id, gateway.name, customerId, clock.now());
    }
    const saved = await gateway.saveCard(customerId, card);
    if (!saved.ok) return saved;
    const method = await insertPaymentMethod(
      db,
      { userId: user.id, gateway: gateway.name, ...saved.card },
      clock.now(),
    );
    return { ok: true, method };
  }

  // Pledging ---------------------------------------------------------------------------------

  /**
   * Everything a pledge must satisfy, checked against the database as it is now: the project is
   * open, the card is the backer's, the tier belongs to the project and has a unit left, the amount
   * covers the tier's minimum, the reward ships to the address's region. Throws ValidationError
   * (per field) or RuleError.
   */
  private async evaluate(trx: Db, backer: User, input: Omit<PledgeInput, "idempotencyKey">) {
    const project = await findProject(trx, input.projectId);
    if (!project) throw new NotFoundError();
    const card = await findOwnPaymentMethod(trx, backer.id, input.paymentMethodId);
    if (!card) throw new ValidationError({ paymentMethodId: "pledges.refused.card" });
    const tier =
      input.tierId === null ? null : (await tiersOf(trx, project.id)).find((t) => t.id === input.tierId);
    if (input.tierId !== null && !tier)
      throw new ValidationError({ tierId: "pledges.refused.tierElsewhere" });
    const existing = await activePledgeOf(trx, project.id, backer.id);
    const holdsUnit = existing !== undefined && existing.tierId !== null && existing.tierId === input.tierId;
    const decision = decidePledge({
      now: this.deps.clock.now(),
      backerId: backer.id,
      project,
      tier: tier ?? null,
      holdsUnitOfTier: holdsUnit,
      amountMinor: input.amountMinor,
      shipRegion: input.shipRegion,
    });
    if (!decision.ok) {
      if (decision.field) throw new ValidationError({ [decision.field]: decision.reason });
      throw new RuleError(decision.reason, decision.params);
    }
    if (tier?.ships && (!input.shipName?.trim() || !input.shipAddress?.trim())) {
      throw new ValidationError({
        ...(input.shipName?.trim() ? {} : { shipName: "validation.required" }),
        ...(input.shipAddress?.trim() ? {} : { shipAddress: "validation.required" }),
      });
    }
    const terms: PledgeTerms = {
      tierId: input.tierId,
      amountMinor: input.amountMinor,
      shippingMinor: decision.shippingMinor,
      totalMinor: decision.totalMinor,
      paymentMethodId: card.id,
      shipName: tier?.ships ? (input.shipName?.trim() ?? null) : null,
      shipAddress: tier?.ships ? (input.shipAddress?.trim() ?? null) : null,
      shipRegion: tier?.ships ? input.shipRegion : null,
    };
    return { project, card, tier: tier ?? null, existing, holdsUnit, terms };
  }

  /** What the pledge would be, for the review step; nothing is written. */
  async previewPledge(
    backer: User,
    input: Omit<PledgeInput, "idempotencyKey">,
  ): Promise<
    | { ok: true; value: Awaited<ReturnType<PledgeService["evaluate"]>> }
    | { ok: false; errors: Record<string, string> }
  > {
    try {
      return { ok: true, value: await this.evaluate(this.deps.db, backer, input) };
    } catch (error) {
      if (error instanceof ValidationError) return { ok: false, errors: error.fieldErrors };
      if (error instanceof RuleError) return { ok: false, errors: { _form: error.messageKey } };
      throw error;
    }
  }

  /**
   * Places a pledge, or changes the backer's active pledge to this project. No money moves: the
   * saved card is charged at the deadline, only if the goal is met. The availability check of a
   * limited tier and the reservation are one conditional UPDATE inside this transaction.
   */
  async placePledge(
    backer: User,
    input: PledgeInput,
  ): Promise<{ pledge: Pledge; change: "created" | "changed" | "replayed" }> {
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const earlier = await pledgeForRequest(trx, input.idempotencyKey);
      if (earlier) {
        if (earlier.userId !== backer.id) throw new ConflictError("pledges.refused.replayed");
        return { pledge: (await findPledge(trx, earlier.pledgeId)) as Pledge, change: "replayed" as const };
      }
      const { project, existing, holdsUnit, terms } = await this.evaluate(trx, backer, input);
      if (!holdsUnit) {
        if (input.tierId !== null && !(await claimTierUnit(trx, input.tierId))) {
          throw new ValidationError({ tierId: "pledges.refused.soldOut" });
        }
        if (existing?.tierId) await releaseTierUnit(trx, existing.tierId);
      }
      const change = existing ? ("changed" as const) : ("created" as const);
      let pledgeId: number;
      if (existing) {
        pledgeId = existing.id;
        await updatePledgeTerms(trx, existing.id, terms, now);
        await adjustProjectTotals(trx, project.id, terms.totalMinor - existing.totalMinor, 0);
        await recordPledgeEvent(trx, existing.id, "changed", terms, now);
      } else {
        pledgeId = await insertPledge(
          trx,
          { projectId: project.id, backerId: backer.id, currency: project.currency, ...terms },
          now,
        );
        await adjustProjectTotals(trx, project.id, terms.totalMinor, 1);
        await recordPledgeEvent(trx, pledgeId, "created", terms, now);
      }
      await rememberRequest(trx, input.idempotencyKey, backer.id, pledgeId, now);
      await this.deps.risk?.pledgePlaced(
        trx,
        {
          pledgeId,
          backerId: backer.id,
          projectId: project.id,
          creatorId: project.creatorId,
          totalMinor: terms.totalMinor,
          currency: project.currency,
          paymentMethodId: terms.paymentMethodId,
          ip: input.ip ?? null,
          change,
        },
        now,
      );
      const pledge = (await findPledge(trx, pledgeId)) as Pledge;
      // The receipt is queued with the pledge: both are committed, or neither.
      await this.sendReceipt(trx, backer, pledge, change);
      return { pledge, change };
    });
  }

  /** Cancels the backer's pledge while the campaign is open; a limited reward's unit is given back. */
  async cancelPledge(backer: User, pledgeId: number): Promise<Pledge> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const cancelled = await db.transaction(async (trx) => {
      const pledge = await findPledge(trx, pledgeId);
      if (!pledge || pledge.backerId !== backer.id) throw new NotFoundError();
      if (pledge.status !== "active") throw new RuleError("pledges.refused.notActive");
      const project = (await findProject(trx, pledge.projectId)) as Project;
      // A backer may still withdraw from a suspended project while its campaign runs.
      if (!isOpenForPledges({ ...project, suspendedAt: null }, now))
        throw new RuleError("pledges.refused.closed");
      await markPledgeCancelled(trx, pledge.id, now);
      if (pledge.tierId) await releaseTierUnit(trx, pledge.tierId);
      await adjustProjectTotals(trx, project.id, -pledge.totalMinor, -1);
      await recordPledgeEvent(trx, pledge.id, "cancelled", pledge, now);
      await this.deps.notifier.notify(
        backer.id,
        "pledge_cancelled",
        { project: project.title, total: money(pledge.totalMinor, pledge.currency) },
        { link: `/pledges/${pledge.id}`, db: trx },
      );
      return pledge;
    });
    return cancelled;
  }

  // Reading ----------------------------------------------------------------------------------

  /** A page of the backer's pledges, most recently updated first. A page past the last one is not found. */
  async pledgesOf(backer: User, page: number): Promise<BackerPledgePage> {
    const { db } = this.deps;
    const total = await countPledgesOfBacker(db, backer.id);
    const pages = pageCount(total, MY_PLEDGES_PAGE_SIZE);
    if (page > pages) throw new NotFoundError();
    const items = await pledgesOfBacker(db, backer.id, {
      limit: MY_PLEDGES_PAGE_SIZE,
      offset: (page - 1) * MY_PLEDGES_PAGE_SIZE,
    });
    return { items, total, page, pages };
  }

  /** One of the backer's own pledges with its history; someone else's is "not found". */
  async ownPledge(backer: User, pledgeId: number) {
    const pledge = await findPledge(this.deps.db, pledgeId);
    if (!pledge || pledge.backerId !== backer.id) throw new NotFoundError();
    const project = (await findProject(this.deps.db, pledge.projectId)) as Project;
    const tiers = await tiersOf(this.deps.db, project.id);
    const card = await findPaymentMethod(this.deps.db, pledge.paymentMethodId);
    const history = await pledgeHistory(this.deps.db, pledge.id);
    return { pledge, project, tier: tiers.find((t) => t.id === pledge.tierId) ?? null, tiers, card, history };
  }

  /** The backer's active pledge to a project, if any (to prefill "change your pledge"). */
  activePledge(backer: User, projectId: number) {
    return activePledgeOf(this.deps.db, projectId, backer.id);
  }

  /** Who backed a project: only its creator and admins may see it. */
  async backersOf(viewer: User, projectId: number) {
    const project = await findProject(this.deps.db, projectId);
    if (!project) throw new NotFoundError();
    if (project.creatorId !== viewer.id && viewer.role !== "admin") throw new NotFoundError();
    return { project, backers: await backersOfProject(this.deps.db, projectId) };
  }

  private async sendReceipt(trx: Db, backer: User, pledge: Pledge, change: "created" | "changed") {
    const project = (await findProject(trx, pledge.projectId)) as Project;
    const card = (await findPaymentMethod(trx, pledge.paymentMethodId)) as PaymentMethod;
    await this.deps.notifier.notify(
      backer.id,
      change === "created" ? "pledge_confirmed" : "pledge_changed",
      {
        project: project.title,
        total: money(pledge.totalMinor, pledge.currency),
        card: `${card.brand.toUpperCase()} •••• ${card.last4}`,
        deadline: project.deadlineAt ?? "",
      },
      { link: `/pledges/${pledge.id}`, db: trx },
    );
  }
}
