import type { Clock } from "../clock.ts";
import {
  mayCancel,
  mayReconfirm,
  reconfirmationDeadline,
  requiresReconfirmation,
} from "../domain/investing/commitments.ts";
import {
  assessInvestment,
  type DeclaredInvestment,
  type InvestDecision,
  money as moneyParam,
  type PlatformCommitment,
  type QuizAttempt,
  type Reason,
  reason,
  scoreAppropriateness,
  threeYearAverageMinor,
  type UkStatement,
  ukRiskWarning,
} from "../domain/investing/index.ts";
import { isSuspended } from "../domain/moderation.ts";
import { type Regime, regimeCurrency } from "../domain/project-rules.ts";
import { AppError, NotFoundError, ValidationError } from "../errors.ts";
import type { Locale } from "../i18n/index.ts";
import type { Db } from "../store/db.ts";
import { identityStatusOf, isIdentityVerified } from "../store/identity.ts";
import {
  type Acknowledgement,
  acknowledgementsOf,
  type CnFigures,
  type Commitment,
  cnInvestorOf,
  commitmentByIdempotency,
  commitmentHistory,
  commitmentListOf,
  commitmentsOfInvestor,
  coolingOffOf,
  type Declaration,
  type FiguresOf,
  findCommitment,
  hasAnyCommitment,
  insertAttempt,
  insertCommitment,
  insertDeclaration,
  investorsOfProject,
  latestAttempt,
  latestDeclaration,
  offeringStanding,
  overdueReconfirmations,
  recordAcknowledgements,
  recordCommitmentEvent,
  recordCoolingOffStart,
  STANDING,
  standingCommitmentOf,
  standingCommitmentsOf,
  type UkFigures,
  type UsFigures,
  updateCommitmentStatus,
} from "../store/investing.ts";
import { findOwnPaymentMethod, findPaymentMethod, type PaymentMethod } from "../store/payment-methods.ts";
import { adjustProjectTotals } from "../store/pledges.ts";
import {
  currentDocuments,
  documentsOf,
  type EquityTerms,
  equityTermsOf,
  findProject,
  type Project,
  type ProjectDocument,
} from "../store/projects.ts";
import type { User } from "../store/users.ts";
import { money, type Notifier } from "./notifications.ts";

/**
 * Equity investing (issue 5): declarations per regime, the UK appropriateness test and cooling-off, the
 * investor's status and limits, committing to an offering, cancelling, reconfirming after a material
 * change, the investor's and the creator's lists. The rules themselves are the pure functions of
 * server/domain/investing; this service gathers their facts from the database and writes the result.
 *
 * RACES: every check that guards a write (identity verified, the regime's limit over 12 months with the
 * investor's commitments counted, the 200-investor cap, the offering's maximum raise, one standing
 * commitment per offering) is made INSIDE the transaction that writes, on its `trx`. The pool has one
 * SQLite connection, so transactions run one after the other: two tabs cannot both pass a check that
 * only one of them fits.
 */

export interface InvestingServiceDeps {
  db: Db;
  clock: Clock;
  /** Investors are told of every step of their commitments through it (in-app notification + email). */
  notifier: Notifier;
}

export type Actor = Pick<User, "id" | "role">;

/** A refusal with the rules' reasons (keys of the `invest` namespace), for the form to show. */
export class InvestRefused extends AppError {
  constructor(
    status: number,
    readonly reasons: Reason[],
    readonly field?: string,
  ) {
    super(status, reasons[0]?.key ?? "errors.validation", plainParams(reasons[0]?.params ?? {}));
  }
}

/** The text and number parameters of a reason (for the generic error page, which cannot format the others). */
function plainParams(params: Reason["params"]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v !== "object"));
}

const refused = (status: number, key: Reason["key"], params: Reason["params"] = {}, field?: string) =>
  new InvestRefused(status, [reason(key, params)], field);

/** The documents the investor was shown (id and SHA-256), as the form sends them back. */
export interface ShownDocument {
  id: number;
  sha256: string;
}

export interface CommitInput {
  projectId: number;
  shares: number;
  paymentMethodId: number;
  idempotencyKey: string;
  acknowledgedRisks: boolean;
  /** The documents the page showed (id and hash), and whether the investor ticked that they read them. */
  shownDocuments: ShownDocument[];
  acknowledgedDocuments: boolean;
  /** The language the investor read the warnings in. */
  locale: Locale;
}

export interface Offering {
  project: Project;
  terms: EquityTerms;
  documents: ProjectDocument[];
}

export interface RegimeStatus {
  regime: Regime;
  declaration: Declaration | undefined;
  /** The decision without an amount (null until the investor has declared). */
  decision: InvestDecision | null;
}

export interface CommitPreview {
  offering: Offering;
  card: PaymentMethod;
  shares: number;
  amountMinor: number;
  decision: InvestDecision;
}

/** UK figures as the domain's statement. */
function ukStatementOf(f: UkFigures, signedAt: Date): UkStatement {
  switch (f.category) {
    case "restricted":
      return { category: "restricted", signedAt, netAssetsMinor: f.netAssetsMinor };
    case "certified_hnw":
      return {
        category: "certified_hnw",
        signedAt,
        annualIncomeMinor: f.annualIncomeMinor,
        netAssetsMinor: f.netAssetsMinor,
      };
    case "self_certified_sophisticated":
      return {
        category: "self_certified_sophisticated",
        signedAt,
        angelNetworkMonths: f.angelNetworkMonths,
        unlistedInvestmentsLastTwoYears: f.unlistedInvestmentsLastTwoYears,
        privateEquityOrSmeFinance: f.privateEquityOrSmeFinance,
        directorTurnoverMinor: f.directorTurnoverMinor,
      };
  }
}

const asPlatform = (c: Commitment): PlatformCommitment => ({
  amountMinor: c.amountMinor,
  at: c.createdAt,
  status: c.status,
});

/** The offering is open for commitments: equity, live, before its deadline, terms in the regime's currency. */
function isOpen(project: Project, terms: EquityTerms | undefined, now: Date): terms is EquityTerms {
  return (
    project.kind === "equity" &&
    project.state === "live" &&
    !isSuspended(project) && // suspended by moderation: no commitments
    project.deadlineAt !== null &&
    project.deadlineAt.getTime() > now.getTime() &&
    terms !== undefined &&
    project.currency === regimeCurrency[terms.regime]
  );
}

export class InvestingService {
  constructor(private readonly deps: InvestingServiceDeps) {}

  // Declarations -------------------------------------------------------------------------------

  /** Records a declaration with the attestation text the investor agreed to, in their language. */
  async declare<R extends Regime>(
    user: Actor,
    regime: R,
    figures: FiguresOf<R>,
    attestation: { text: string; locale: Locale },
  ): Promise<void> {
    await insertDeclaration(this.deps.db, {
      userId: user.id,
      regime,
      currency: regimeCurrency[regime],
      figures,
      attestation: attestation.text,
      locale: attestation.locale,
      attestedAt: this.deps.clock.now(),
    });
  }

  declarationOf<R extends Regime>(user: Actor, regime: R): Promise<Declaration<R> | undefined> {
    return latestDeclaration(this.deps.db, user.id, regime);
  }

  // UK appropriateness test --------------------------------------------------------------------

  async latestQuizAttempt(user: Actor): Promise<QuizAttempt | null> {
    const a = await latestAttempt(this.deps.db, user.id);
    return a ? { at: a.at, passed: a.passed } : null;
  }

  /** Scores and records an attempt; refuses (409) while a failed attempt's wait is running. */
  async attemptQuiz(user: Actor, answers: Record<string, string>, locale: Locale) {
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const last = await latestAttempt(trx, user.id);
      if (last && !last.passed) {
        const next = new Date(last.at.getTime() + 24 * 3_600_000);
        if (now.getTime() < next.getTime()) {
          throw refused(409, "invest.uk.refused.appropriatenessFailed", {
            retakeAt: { type: "instant", at: next },
          });
        }
      }
      const score = scoreAppropriateness(answers);
      await insertAttempt(trx, {
        userId: user.id,
        answers,
        correct: score.correct,
        total: score.total,
        passed: score.passed,
        locale,
        at: now,
      });
      return { ...score, at: now };
    });
  }

  // Status -------------------------------------------------------------------------------------

  /** What the rules say about the investor under a regime now, or before an amount is chosen. */
  private async assess(
    trx: Db,
    investorId: number,
    regime: Regime,
    now: Date,
    extra: {
      amountMinor?: number;
      offering?: { distinctInvestorCount: number; alreadyInvestor: boolean };
    } = {},
  ): Promise<{ declaration: Declaration | undefined; decision: InvestDecision | null }> {
    const declaration = await latestDeclaration(trx, investorId, regime);
    if (!declaration) return { declaration, decision: null };
    const commitments = (await commitmentsOfInvestor(trx, investorId, { regime })).map(asPlatform);
    if (regime === "us_reg_cf") {
      const f = declaration.figures as UsFigures;
      const declaredElsewhere: DeclaredInvestment[] = f.elsewhere.map((e) => ({
        amountMinor: e.amountMinor,
        at: e.on ? new Date(`${e.on}T12:00:00Z`) : declaration.attestedAt,
      }));
      return {
        declaration,
        decision: assessInvestment({
          regime,
          investor: {
            accredited: f.accredited,
            annualIncomeMinor: f.annualIncomeMinor,
            netWorthMinor: f.netWorthMinor,
          },
          on: now,
          commitments,
          declaredElsewhere,
          amountMinor: extra.amountMinor,
        }),
      };
    }
    if (regime === "uk") {
      const f = declaration.figures as UkFigures;
      const attempt = await latestAttempt(trx, investorId);
      const start = await coolingOffOf(trx, investorId);
      return {
        declaration,
        decision: assessInvestment({
          regime,
          statement: ukStatementOf(f, declaration.attestedAt),
          on: now,
          commitments,
          declaredElsewhere:
            f.elsewhereMinor > 0 ? [{ amountMinor: f.elsewhereMinor, at: declaration.attestedAt }] : [],
          appropriateness: attempt ? { at: attempt.at, passed: attempt.passed } : null,
          coolingOff: {
            newToPlatform: !(await hasAnyCommitment(trx, investorId)),
            startedAt: start?.startedAt ?? null,
          },
          amountMinor: extra.amountMinor,
        }),
      };
    }
    return {
      declaration,
      decision: assessInvestment({
        regime,
        investor: cnInvestorOf(declaration.figures as CnFigures, threeYearAverageMinor),
        on: now,
        amountMinor: extra.amountMinor,
        offering: extra.offering,
      }),
    };
  }

  /** The investor's account page: verification and, per regime, the status and remaining limit. */
  async overview(user: Actor): Promise<{ verified: boolean; regimes: RegimeStatus[] }> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const regimes: RegimeStatus[] = [];
    for (const regime of ["us_reg_cf", "uk", "cn_private"] as const) {
      regimes.push({ regime, ...(await this.assess(db, user.id, regime, now)) });
    }
    return { verified: await isIdentityVerified(db, user.id), regimes };
  }

  // The offering ------------------------------------------------------------------------------

  /**
   * A live equity offering, open for commitments. A project that is not public, or not equity, is not
   * found; a public equity offering that is not open (ended, settled, cancelled) is refused with 409.
   */
  async openOffering(projectId: number, db: Db = this.deps.db): Promise<Offering> {
    const project = await findProject(db, projectId);
    if (project?.kind !== "equity" || !["live", "succeeded", "failed"].includes(project.state)) {
      throw new NotFoundError("invest.refused.notFound");
    }
    const terms = await equityTermsOf(db, project.id);
    if (!isOpen(project, terms, this.deps.clock.now())) {
      throw refused(409, "invest.refused.notOpen", { title: project.title });
    }
    return { project, terms, documents: currentDocuments(await documentsOf(db, project.id)) };
  }

  /**
   * What the invest page shows: the offering, whether the investor is verified, their status under
   * the offering's regime, and their standing commitment if any. For a UK offering, opening this page
   * starts the 24-hour cooling-off of an investor new to the platform (recorded once).
   */
  async investPage(user: Actor, projectId: number) {
    const { db, clock } = this.deps;
    const now = clock.now();
    const offering = await this.openOffering(projectId);
    const identityStatus = await identityStatusOf(db, user.id);
    const verified = identityStatus === "verified";
    if (verified && offering.terms.regime === "uk" && !(await coolingOffOf(db, user.id))) {
      await recordCoolingOffStart(db, user.id, {
        newToPlatform: !(await hasAnyCommitment(db, user.id)),
        startedAt: now,
        projectId: offering.project.id,
      });
    }
    const { declaration, decision } = await this.assess(db, user.id, offering.terms.regime, now, {
      offering:
        offering.terms.regime === "cn_private"
          ? {
              distinctInvestorCount: (await offeringStanding(db, offering.project.id)).investors,
              alreadyInvestor: false,
            }
          : undefined,
    });
    const standing = await offeringStanding(db, offering.project.id);
    return {
      offering,
      verified,
      identityStatus,
      newToPlatform: !(await hasAnyCommitment(db, user.id)),
      declaration,
      decision,
      existing: await standingCommitmentOf(db, offering.project.id, user.id),
      quiz: offering.terms.regime === "uk" ? await this.latestQuizAttempt(user) : null,
      remainingRaiseMinor: Math.max(0, offering.terms.maxRaiseMinor - standing.totalMinor),
    };
  }

  // Committing --------------------------------------------------------------------------------

  /**
   * Every condition of a commitment, on the database as it is inside `trx`. Throws InvestRefused (with
   * the rules' reasons), ValidationError (per field) or NotFoundError.
   */
  private async evaluate(
    trx: Db,
    investor: Actor,
    input: Omit<CommitInput, "idempotencyKey">,
  ): Promise<CommitPreview> {
    const now = this.deps.clock.now();
    const offering = await this.openOffering(input.projectId, trx);
    const { project, terms } = offering;
    if (!(await isIdentityVerified(trx, investor.id))) throw refused(403, "invest.refused.notVerified");
    const card = await findOwnPaymentMethod(trx, investor.id, input.paymentMethodId);
    if (!card) throw new ValidationError({ paymentMethodId: "invest.commit.errors.card" });
    if (!Number.isSafeInteger(input.shares) || input.shares <= 0) {
      throw new ValidationError({ shares: "invest.commit.errors.shares" });
    }
    const amountMinor = input.shares * terms.pricePerShareMinor;
    if (!Number.isSafeInteger(amountMinor))
      throw new ValidationError({ shares: "invest.commit.errors.tooMany" });
    const currency = project.currency;
    if (amountMinor < terms.minInvestmentMinor) {
      throw refused(
        422,
        "invest.commit.errors.belowMinimum",
        {
          amount: moneyParam(amountMinor, currency),
          minimum: moneyParam(terms.minInvestmentMinor, currency),
          shares: Math.ceil(terms.minInvestmentMinor / terms.pricePerShareMinor),
        },
        "shares",
      );
    }
    const standing = await offeringStanding(trx, project.id);
    if (standing.totalMinor + amountMinor > terms.maxRaiseMinor) {
      const remaining = Math.max(0, terms.maxRaiseMinor - standing.totalMinor);
      throw refused(
        409,
        "invest.refused.maxRaise",
        {
          amount: moneyParam(amountMinor, currency),
          remaining: moneyParam(remaining, currency),
          shares: Math.floor(remaining / terms.pricePerShareMinor),
        },
        "shares",
      );
    }
    const existing = await standingCommitmentOf(trx, project.id, investor.id);
    if (existing) throw refused(409, "invest.refused.alreadyCommitted", { id: existing.id });
    const { declaration, decision } = await this.assess(trx, investor.id, terms.regime, now, {
      amountMinor,
      offering:
        terms.regime === "cn_private"
          ? { distinctInvestorCount: standing.investors, alreadyInvestor: false }
          : undefined,
    });
    if (!declaration || !decision) {
      throw refused(403, "invest.refused.noDeclaration", {
        regime: { type: "phrase", key: `invest.regimes.${terms.regime}`, params: {} },
      });
    }
    if (!decision.allowed) throw new InvestRefused(422, decision.reasons, "shares");
    return { offering, card, shares: input.shares, amountMinor, decision };
  }

  /**
   * The acknowledgements the form must carry: the risk warnings, and the documents it showed, which must
   * be exactly the current versions (a version uploaded since the page was shown: 409, show it again).
   */
  private checkAcknowledgements(
    offering: Offering,
    input: Pick<CommitInput, "acknowledgedRisks" | "acknowledgedDocuments" | "shownDocuments">,
  ) {
    const shown = new Map(input.shownDocuments.map((d) => [d.id, d.sha256]));
    const current = offering.documents;
    if (current.length !== shown.size || !current.every((d) => shown.get(d.id) === d.sha256)) {
      throw refused(409, "invest.refused.documentsChanged");
    }
    const errors: Record<string, string> = {};
    if (!input.acknowledgedRisks) errors.acknowledgedRisks = "invest.commit.errors.acknowledgeRisks";
    if (current.length > 0 && !input.acknowledgedDocuments)
      errors.acknowledgedDocuments = "invest.commit.errors.acknowledgeDocuments";
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  /** The review step: everything checked, nothing written. */
  async preview(investor: Actor, input: Omit<CommitInput, "idempotencyKey">): Promise<CommitPreview> {
    const result = await this.evaluate(this.deps.db, investor, input);
    this.checkAcknowledgements(result.offering, input);
    return result;
  }

  /**
   * Commits: checks and writes in one transaction (see RACES above), records the acknowledged document
   * versions and risk warnings, updates the offering's totals. No money moves. A replayed form (same
   * idempotency key) returns the commitment it already made.
   */
  async commit(investor: Actor, input: CommitInput): Promise<{ commitment: Commitment; replayed: boolean }> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    const result = await db.transaction(async (trx) => {
      const earlier = await commitmentByIdempotency(trx, input.idempotencyKey);
      if (earlier) {
        if (earlier.investorId !== investor.id) throw refused(409, "invest.refused.replayed");
        return { id: earlier.id, replayed: true };
      }
      const preview = await this.evaluate(trx, investor, input);
      this.checkAcknowledgements(preview.offering, input);
      const { project, terms, documents } = preview.offering;
      const id = await insertCommitment(
        trx,
        {
          projectId: project.id,
          investorId: investor.id,
          shares: preview.shares,
          pricePerShareMinor: terms.pricePerShareMinor,
          amountMinor: preview.amountMinor,
          currency: project.currency,
          paymentMethodId: preview.card.id,
          idempotency: input.idempotencyKey,
          regime: terms.regime,
          ruleVersion: preview.decision.ruleVersion,
        },
        now,
      );
      await recordAcknowledgedEvent(
        trx,
        id,
        "created",
        investor.id,
        acknowledgementsFor(terms, documents),
        input.locale,
        now,
      );
      await adjustProjectTotals(trx, project.id, preview.amountMinor, 1);
      await tellInvestor(trx, notifier, id, "commitment_confirmed", now);
      return { id, replayed: false };
    });
    const commitment = (await findCommitment(db, result.id)) as Commitment;
    return { commitment, replayed: result.replayed };
  }

  // After committing --------------------------------------------------------------------------

  /** One of the investor's own commitments with its offering, history and acknowledgements. */
  async ownCommitment(investor: Actor, id: number) {
    const { db, clock } = this.deps;
    const commitment = await findCommitment(db, id);
    if (!commitment || commitment.investorId !== investor.id) throw new NotFoundError();
    const project = (await findProject(db, commitment.projectId)) as Project;
    const now = clock.now();
    return {
      commitment,
      project,
      terms: await equityTermsOf(db, project.id),
      card: await findPaymentMethod(db, commitment.paymentMethodId),
      history: await commitmentHistory(db, commitment.id),
      acknowledgements: await acknowledgementsOf(db, commitment.id),
      currentDocuments: currentDocuments(await documentsOf(db, project.id)),
      cancel: mayCancel(commitment, project, now),
      reconfirmRefusal: mayReconfirm(commitment, project, now),
    };
  }

  commitmentsOf(investor: Actor) {
    return commitmentListOf(this.deps.db, investor.id);
  }

  /** Cancels the investor's commitment where the rules allow it (US: not in the last 48 hours). */
  async cancel(investor: Actor, id: number): Promise<Commitment> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const commitment = await findCommitment(trx, id);
      if (!commitment || commitment.investorId !== investor.id) throw new NotFoundError();
      const project = (await findProject(trx, commitment.projectId)) as Project;
      const decision = mayCancel(commitment, project, now);
      if (!decision.allowed) throw new InvestRefused(409, decision.reason ? [decision.reason] : []);
      if (
        !(await updateCommitmentStatus(
          trx,
          id,
          STANDING,
          { status: "cancelled", cancelReason: "investor" },
          now,
        ))
      ) {
        throw refused(409, "invest.commitments.refused.notStanding");
      }
      await recordCommitmentEvent(
        trx,
        {
          commitmentId: id,
          kind: "cancelled",
          status: "cancelled",
          actorId: investor.id,
          documentId: null,
          reconfirmBy: null,
        },
        now,
      );
      await adjustProjectTotals(trx, project.id, -commitment.amountMinor, -1);
      await tellInvestor(trx, notifier, id, "commitment_cancelled", now);
    });
    return (await findCommitment(db, id)) as Commitment;
  }

  /** Reconfirms after a material change, acknowledging the current documents (the new version). */
  async reconfirm(
    investor: Actor,
    id: number,
    input: Pick<CommitInput, "acknowledgedRisks" | "acknowledgedDocuments" | "shownDocuments" | "locale">,
  ): Promise<Commitment> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const commitment = await findCommitment(trx, id);
      if (!commitment || commitment.investorId !== investor.id) throw new NotFoundError();
      const project = (await findProject(trx, commitment.projectId)) as Project;
      const refusal = mayReconfirm(commitment, project, now);
      if (refusal) throw new InvestRefused(409, [refusal]);
      const terms = (await equityTermsOf(trx, project.id)) as EquityTerms;
      const documents = currentDocuments(await documentsOf(trx, project.id));
      this.checkAcknowledgements({ project, terms, documents }, input);
      if (
        !(await updateCommitmentStatus(
          trx,
          id,
          ["awaiting_reconfirmation"],
          { status: "active", reconfirmBy: null },
          now,
        ))
      ) {
        throw refused(409, "invest.commitments.refused.nothingToReconfirm");
      }
      await recordAcknowledgedEvent(
        trx,
        id,
        "reconfirmed",
        investor.id,
        acknowledgementsFor(terms, documents),
        input.locale,
        now,
      );
      await tellInvestor(trx, notifier, id, "commitment_reconfirmed", now);
    });
    return (await findCommitment(db, id)) as Commitment;
  }

  /**
   * The scheduled job: cancels every commitment whose reconfirmation deadline has passed, gives the
   * amounts back to the offering's totals, and tells each investor. Returns how many it cancelled.
   */
  async expireReconfirmations(): Promise<number> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      let done = 0;
      for (const c of await overdueReconfirmations(trx, now)) {
        if (
          !(await updateCommitmentStatus(
            trx,
            c.id,
            ["awaiting_reconfirmation"],
            { status: "cancelled", cancelReason: "not_reconfirmed" },
            now,
          ))
        ) {
          continue;
        }
        await recordCommitmentEvent(
          trx,
          {
            commitmentId: c.id,
            kind: "expired",
            status: "cancelled",
            actorId: null,
            documentId: null,
            reconfirmBy: c.reconfirmBy,
          },
          now,
        );
        await adjustProjectTotals(trx, c.projectId, -c.amountMinor, -1);
        await tellInvestor(trx, notifier, c.id, "commitment_expired", now);
        done += 1;
      }
      return done;
    });
  }

  /** Who committed to an offering: its creator and administrators only (others: not found). */
  async investorsOf(viewer: Actor, projectId: number) {
    const { db } = this.deps;
    const project = await findProject(db, projectId);
    if (project?.kind !== "equity") throw new NotFoundError();
    if (project.creatorId !== viewer.id && viewer.role !== "admin") throw new NotFoundError();
    const rows = await investorsOfProject(db, project.id);
    const standing = rows.filter((r) => STANDING.includes(r.status));
    return {
      project,
      terms: await equityTermsOf(db, project.id),
      investors: rows,
      totals: {
        amountMinor: standing.reduce((sum, r) => sum + r.amountMinor, 0),
        shares: standing.reduce((sum, r) => sum + r.shares, 0),
        investors: new Set(standing.map((r) => r.investorId)).size,
      },
    };
  }
}

/** What committing acknowledges: each current document by id and hash, and the risk warnings shown. */
function acknowledgementsFor(terms: EquityTerms, documents: ProjectDocument[]): Acknowledgement[] {
  const acks: Acknowledgement[] = documents.map((d) => ({
    kind: "document",
    documentId: d.id,
    documentSha256: d.sha256,
    textKey: null,
  }));
  acks.push({
    kind: "risk_warning",
    documentId: null,
    documentSha256: null,
    textKey: "invest.commit.risk.general",
  });
  if (terms.regime === "uk") {
    acks.push({
      kind: "risk_warning",
      documentId: null,
      documentSha256: null,
      textKey: ukRiskWarning.headline,
    });
  }
  return acks;
}

type CommitmentKind =
  | "commitment_confirmed"
  | "commitment_cancelled"
  | "commitment_reconfirmed"
  | "commitment_released"
  | "commitment_expired"
  | "reconfirmation_required";

/** Tells the investor, in their language, about a step of their commitment, inside the transaction that took it. */
async function tellInvestor(
  trx: Db,
  notifier: Notifier,
  commitmentId: number,
  kind: CommitmentKind,
  now: Date,
) {
  const c = (await findCommitment(trx, commitmentId)) as Commitment;
  const project = (await findProject(trx, c.projectId)) as Project;
  const cancel = mayCancel(c, project, now);
  await notifier.notify(
    c.investorId,
    kind,
    {
      project: project.title,
      shares: c.shares,
      amount: money(c.amountMinor, c.currency),
      deadline: project.deadlineAt,
      cancelUntil: cancel.allowed ? cancel.until : null,
      reconfirmBy: c.reconfirmBy,
    },
    { link: `/investments/${c.id}`, db: trx },
  );
}

// The material-change hook (called by ProjectService.addDocument) ----------------------------------

/**
 * Inside the creator's document upload transaction: when a new version marked as a material change is
 * added to a live Reg CF offering, every standing commitment must be reconfirmed by the end of the 5th
 * business day (New York time), and each investor is told what changed and until when to reconfirm.
 */
export async function requireReconfirmationAfterMaterialChange(
  trx: Db,
  project: Project,
  document: ProjectDocument,
  now: Date,
  notifier: Notifier,
): Promise<void> {
  const terms = await equityTermsOf(trx, project.id);
  if (!terms || !requiresReconfirmation(document, project, terms.regime)) return;
  const reconfirmBy = reconfirmationDeadline(now);
  for (const c of await standingCommitmentsOf(trx, project.id)) {
    await updateCommitmentStatus(
      trx,
      c.id,
      STANDING,
      { status: "awaiting_reconfirmation", reconfirmBy },
      now,
    );
    await recordCommitmentEvent(
      trx,
      {
        commitmentId: c.id,
        kind: "reconfirmation_required",
        status: "awaiting_reconfirmation",
        actorId: null,
        documentId: document.id,
        reconfirmBy,
      },
      now,
    );
    await tellInvestor(trx, notifier, c.id, "reconfirmation_required", now);
  }
}

/**
 * Inside the creator's cancel transaction (ProjectService.cancel): every standing commitment to the
 * offering is cancelled and leaves its totals (nothing is ever charged), and each investor is told.
 */
export async function releaseCommitmentsOfCancelledOffering(
  trx: Db,
  project: Project,
  now: Date,
  notifier: Notifier,
): Promise<void> {
  if (project.kind !== "equity") return;
  for (const c of await standingCommitmentsOf(trx, project.id)) {
    if (
      !(await updateCommitmentStatus(
        trx,
        c.id,
        STANDING,
        { status: "cancelled", cancelReason: "offering_cancelled" },
        now,
      ))
    ) {
      continue;
    }
    await recordCommitmentEvent(
      trx,
      {
        commitmentId: c.id,
        kind: "cancelled",
        status: "cancelled",
        actorId: null,
        documentId: null,
        reconfirmBy: null,
      },
      now,
    );
    await adjustProjectTotals(trx, project.id, -c.amountMinor, -1);
    await tellInvestor(trx, notifier, c.id, "commitment_released", now);
  }
}

/** An investor's step on an active commitment (committing, reconfirming) with what they acknowledged at that moment. */
async function recordAcknowledgedEvent(
  trx: Db,
  commitmentId: number,
  kind: "created" | "reconfirmed",
  investorId: number,
  acknowledgements: Parameters<typeof recordAcknowledgements>[3],
  locale: Parameters<typeof recordAcknowledgements>[4],
  now: Date,
): Promise<void> {
  const eventId = await recordCommitmentEvent(
    trx,
    { commitmentId, kind, status: "active", actorId: investorId, documentId: null, reconfirmBy: null },
    now,
  );
  await recordAcknowledgements(trx, commitmentId, eventId, acknowledgements, locale, now);
}
