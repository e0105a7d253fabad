import type { CnInvestor } from "../domain/investing/cn-private.ts";
import type { CommitmentStatus } from "../domain/investing/types.ts";
import type { UkCategory } from "../domain/investing/uk.ts";
import type { Currency } from "../domain/money.ts";
import type { Regime } from "../domain/project-rules.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/**
 * Equity investing data (migrations 021–023): investor declarations per regime, UK appropriateness
 * attempts and cooling-off starts, commitments with their events and acknowledgements.
 */

// Declarations --------------------------------------------------------------------------------------

/** A Reg CF investment made on another platform, as declared. `on` is "YYYY-MM-DD" or null (unknown). */
export interface DeclaredElsewhere {
  amountMinor: number;
  on: string | null;
}

export interface UsFigures {
  accredited: boolean;
  annualIncomeMinor: number;
  netWorthMinor: number;
  elsewhere: DeclaredElsewhere[];
}

export type UkFigures = {
  category: UkCategory;
  /** High-risk (NRRS) investments made elsewhere in the last 12 months, as one total. */
  elsewhereMinor: number;
} & (
  | { category: "restricted"; netAssetsMinor: number }
  | { category: "certified_hnw"; annualIncomeMinor: number; netAssetsMinor: number }
  | {
      category: "self_certified_sophisticated";
      angelNetworkMonths: number;
      unlistedInvestmentsLastTwoYears: number;
      privateEquityOrSmeFinance: boolean;
      directorTurnoverMinor: number | null;
    }
);

export type CnFigures =
  | {
      investorType: "individual";
      financialAssetsMinor: number;
      /** The incomes of the last three years, oldest first; the rule uses their average. */
      incomesMinor: [number, number, number];
    }
  | { investorType: "entity"; netAssetsMinor: number };

export type FiguresOf<R extends Regime> = R extends "us_reg_cf"
  ? UsFigures
  : R extends "uk"
    ? UkFigures
    : CnFigures;

export interface Declaration<R extends Regime = Regime> {
  id: number;
  userId: number;
  regime: R;
  currency: Currency;
  figures: FiguresOf<R>;
  /** The exact attestation text the investor agreed to, in `locale`. */
  attestation: string;
  locale: string;
  attestedAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toDeclaration(r: any): Declaration {
  return {
    id: r.id,
    userId: r.user_id,
    regime: r.regime,
    currency: r.currency,
    figures: JSON.parse(r.figures),
    attestation: r.attestation,
    locale: r.locale,
    attestedAt: fromDbTime(r.attested_at),
  };
}

export async function insertDeclaration<R extends Regime>(
  db: Db,
  d: Omit<Declaration<R>, "id">,
): Promise<number> {
  const [row] = await db("investor_declarations")
    .insert({
      user_id: d.userId,
      regime: d.regime,
      currency: d.currency,
      figures: JSON.stringify(d.figures),
      attestation: d.attestation,
      locale: d.locale,
      attested_at: toDbTime(d.attestedAt),
    })
    .returning("id");
  return (row as { id: number }).id;
}

/** The declaration in force for a regime: the newest one. */
export async function latestDeclaration<R extends Regime>(
  db: Db,
  userId: number,
  regime: R,
): Promise<Declaration<R> | undefined> {
  const row = await db("investor_declarations")
    .where({ user_id: userId, regime })
    .orderBy("id", "desc")
    .first();
  return row ? (toDeclaration(row) as Declaration<R>) : undefined;
}

/** The China declaration in the domain's shape. */
export function cnInvestorOf(
  figures: CnFigures,
  average: (incomes: [number, number, number]) => number,
): CnInvestor {
  return figures.investorType === "individual"
    ? {
        type: "individual",
        financialAssetsMinor: figures.financialAssetsMinor,
        averageIncomeLastThreeYearsMinor: average(figures.incomesMinor),
      }
    : { type: "entity", netAssetsMinor: figures.netAssetsMinor };
}

// UK appropriateness and cooling-off ----------------------------------------------------------------

export interface AppropriatenessAttempt {
  id: number;
  userId: number;
  answers: Record<string, string>;
  correct: number;
  total: number;
  passed: boolean;
  locale: string;
  at: Date;
}

export async function insertAttempt(db: Db, a: Omit<AppropriatenessAttempt, "id">): Promise<void> {
  await db("appropriateness_attempts").insert({
    user_id: a.userId,
    answers: JSON.stringify(a.answers),
    correct: a.correct,
    total: a.total,
    passed: a.passed,
    locale: a.locale,
    created_at: toDbTime(a.at),
  });
}

export async function latestAttempt(db: Db, userId: number): Promise<AppropriatenessAttempt | undefined> {
  const r = await db("appropriateness_attempts").where({ user_id: userId }).orderBy("id", "desc").first();
  if (!r) return undefined;
  return {
    id: r.id,
    userId: r.user_id,
    answers: JSON.parse(r.answers),
    correct: r.correct,
    total: r.total,
    passed: Boolean(r.passed),
    locale: r.locale,
    at: fromDbTime(r.created_at),
  };
}

export interface CoolingOffStart {
  newToPlatform: boolean;
  startedAt: Date;
  projectId: number;
}

export async function coolingOffOf(db: Db, userId: number): Promise<CoolingOffStart | undefined> {
  const r = await db("cooling_off_starts").where({ user_id: userId }).first();
  return r
    ? {
        newToPlatform: Boolean(r.new_to_platform),
        startedAt: fromDbTime(r.started_at),
        projectId: r.project_id,
      }
    : undefined;
}

/** Records the start once; a later call changes nothing. */
export async function recordCoolingOffStart(db: Db, userId: number, start: CoolingOffStart): Promise<void> {
  await db("cooling_off_starts")
    .insert({
      user_id: userId,
      new_to_platform: start.newToPlatform,
      project_id: start.projectId,
      started_at: toDbTime(start.startedAt),
    })
    .onConflict("user_id")
    .ignore();
}

// Commitments ---------------------------------------------------------------------------------------

/** The statuses in which a commitment stands (counts toward limits, totals and the investor cap). */
export const STANDING: readonly CommitmentStatus[] = ["active", "awaiting_reconfirmation"];

export type CancelReason = "investor" | "not_reconfirmed" | "offering_cancelled";

export interface Commitment {
  id: number;
  projectId: number;
  investorId: number;
  shares: number;
  pricePerShareMinor: number;
  amountMinor: number;
  currency: Currency;
  status: CommitmentStatus;
  paymentMethodId: number;
  idempotency: string;
  regime: Regime;
  ruleVersion: string | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: CancelReason | null;
  reconfirmBy: Date | null;
}

const time = (v: string | null): Date | null => (v ? fromDbTime(v) : null);

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toCommitment(r: any): Commitment {
  return {
    id: r.id,
    projectId: r.project_id,
    investorId: r.investor_id,
    shares: Number(r.shares),
    pricePerShareMinor: Number(r.price_per_share_minor),
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    status: r.status,
    paymentMethodId: r.payment_method_id,
    idempotency: r.idempotency,
    regime: r.regime,
    ruleVersion: r.rule_version,
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    cancelledAt: time(r.cancelled_at),
    cancelReason: r.cancel_reason,
    reconfirmBy: time(r.reconfirm_by),
  };
}

export async function findCommitment(db: Db, id: number): Promise<Commitment | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("commitments").where({ id }).first();
  return row && toCommitment(row);
}

export async function commitmentByIdempotency(db: Db, key: string): Promise<Commitment | undefined> {
  const row = await db("commitments").where({ idempotency: key }).first();
  return row && toCommitment(row);
}

/** The investor's standing commitment to an offering, if any. */
export async function standingCommitmentOf(
  db: Db,
  projectId: number,
  investorId: number,
): Promise<Commitment | undefined> {
  const row = await db("commitments")
    .where({ project_id: projectId, investor_id: investorId })
    .whereIn("status", STANDING)
    .first();
  return row && toCommitment(row);
}

/** Every commitment of an investor (any status), for the 12-month counts. */
export async function commitmentsOfInvestor(
  db: Db,
  investorId: number,
  filter: { regime?: Regime } = {},
): Promise<Commitment[]> {
  const q = db("commitments").where({ investor_id: investorId });
  if (filter.regime) q.andWhere({ regime: filter.regime });
  return (await q.orderBy("created_at", "desc").orderBy("id", "desc")).map(toCommitment);
}

/** What stands in an offering: its total and its distinct investors. */
export async function offeringStanding(
  db: Db,
  projectId: number,
): Promise<{ totalMinor: number; investors: number }> {
  const row = await db("commitments")
    .where({ project_id: projectId })
    .whereIn("status", STANDING)
    .first(
      db.raw("coalesce(sum(amount_minor), 0) as total"),
      db.raw("count(distinct investor_id) as investors"),
    );
  return { totalMinor: Number(row?.total ?? 0), investors: Number(row?.investors ?? 0) };
}

/** Whether the investor ever committed on the platform (any offering, any status). */
export async function hasAnyCommitment(db: Db, investorId: number): Promise<boolean> {
  return Boolean(await db("commitments").where({ investor_id: investorId }).first("id"));
}

export async function insertCommitment(
  db: Db,
  c: Pick<
    Commitment,
    | "projectId"
    | "investorId"
    | "shares"
    | "pricePerShareMinor"
    | "amountMinor"
    | "currency"
    | "paymentMethodId"
    | "idempotency"
    | "regime"
    | "ruleVersion"
  >,
  now: Date,
): Promise<number> {
  const [row] = await db("commitments")
    .insert({
      project_id: c.projectId,
      investor_id: c.investorId,
      shares: c.shares,
      price_per_share_minor: c.pricePerShareMinor,
      amount_minor: c.amountMinor,
      currency: c.currency,
      status: "active",
      payment_method_id: c.paymentMethodId,
      idempotency: c.idempotency,
      regime: c.regime,
      rule_version: c.ruleVersion,
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

/** Moves a standing commitment to another status; false if it no longer was in `from`. */
export async function updateCommitmentStatus(
  db: Db,
  id: number,
  from: readonly CommitmentStatus[],
  to: { status: CommitmentStatus; reconfirmBy?: Date | null; cancelReason?: CancelReason },
  now: Date,
): Promise<boolean> {
  const row: Record<string, unknown> = { status: to.status, updated_at: toDbTime(now) };
  if (to.reconfirmBy !== undefined) row.reconfirm_by = to.reconfirmBy ? toDbTime(to.reconfirmBy) : null;
  if (to.status === "cancelled") {
    row.cancelled_at = toDbTime(now);
    row.cancel_reason = to.cancelReason ?? "investor";
  }
  const changed = await db("commitments").where({ id }).whereIn("status", from).update(row);
  return changed === 1;
}

/** Standing commitments of an offering (for a material change and for the investor list). */
export async function standingCommitmentsOf(db: Db, projectId: number): Promise<Commitment[]> {
  return (
    await db("commitments")
      .where({ project_id: projectId })
      .whereIn("status", STANDING)
      .orderBy("created_at")
      .orderBy("id")
  ).map(toCommitment);
}

/** Commitments whose reconfirmation deadline passed (oldest deadline first). */
export async function overdueReconfirmations(db: Db, now: Date): Promise<Commitment[]> {
  return (
    await db("commitments")
      .where({ status: "awaiting_reconfirmation" })
      .andWhere("reconfirm_by", "<", toDbTime(now))
      .orderBy("reconfirm_by")
      .orderBy("id")
  ).map(toCommitment);
}

export type CommitmentEventKind =
  | "created"
  | "reconfirmation_required"
  | "reconfirmed"
  | "cancelled"
  | "expired";

export interface CommitmentEvent {
  id: number;
  commitmentId: number;
  kind: CommitmentEventKind;
  status: CommitmentStatus;
  actorId: number | null;
  documentId: number | null;
  reconfirmBy: Date | null;
  createdAt: Date;
}

export async function recordCommitmentEvent(
  db: Db,
  e: Omit<CommitmentEvent, "id" | "createdAt">,
  now: Date,
): Promise<number> {
  const [row] = await db("commitment_events")
    .insert({
      commitment_id: e.commitmentId,
      kind: e.kind,
      status: e.status,
      actor_id: e.actorId,
      document_id: e.documentId,
      reconfirm_by: e.reconfirmBy ? toDbTime(e.reconfirmBy) : null,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function commitmentHistory(db: Db, commitmentId: number): Promise<CommitmentEvent[]> {
  const rows = await db("commitment_events").where({ commitment_id: commitmentId }).orderBy("id");
  return rows.map((r) => ({
    id: r.id,
    commitmentId: r.commitment_id,
    kind: r.kind,
    status: r.status,
    actorId: r.actor_id,
    documentId: r.document_id,
    reconfirmBy: time(r.reconfirm_by),
    createdAt: fromDbTime(r.created_at),
  }));
}

export interface Acknowledgement {
  kind: "document" | "risk_warning";
  documentId: number | null;
  documentSha256: string | null;
  textKey: string | null;
}

export async function recordAcknowledgements(
  db: Db,
  commitmentId: number,
  eventId: number,
  acks: Acknowledgement[],
  locale: string,
  now: Date,
): Promise<void> {
  if (!acks.length) return;
  await db("commitment_acknowledgements").insert(
    acks.map((a) => ({
      commitment_id: commitmentId,
      event_id: eventId,
      kind: a.kind,
      document_id: a.documentId,
      document_sha256: a.documentSha256,
      text_key: a.textKey,
      locale,
      acknowledged_at: toDbTime(now),
    })),
  );
}

export interface AcknowledgementRow extends Acknowledgement {
  eventId: number;
  locale: string;
  acknowledgedAt: Date;
  documentKind: string | null;
  documentVersion: number | null;
}

export async function acknowledgementsOf(db: Db, commitmentId: number): Promise<AcknowledgementRow[]> {
  const rows = await db("commitment_acknowledgements as a")
    .leftJoin("project_documents as d", "d.id", "a.document_id")
    .where("a.commitment_id", commitmentId)
    .orderBy("a.id")
    .select("a.*", "d.kind as document_kind", "d.version as document_version");
  return rows.map((r) => ({
    eventId: r.event_id,
    kind: r.kind,
    documentId: r.document_id,
    documentSha256: r.document_sha256,
    textKey: r.text_key,
    locale: r.locale,
    acknowledgedAt: fromDbTime(r.acknowledged_at),
    documentKind: r.document_kind,
    documentVersion: r.document_version,
  }));
}

// Lists ---------------------------------------------------------------------------------------------

export interface CommitmentListItem extends Commitment {
  projectTitle: string;
  projectState: string;
  deadlineAt: Date | null;
  cardBrand: string;
  cardLast4: string;
}

export async function commitmentListOf(db: Db, investorId: number): Promise<CommitmentListItem[]> {
  const rows = await db("commitments as c")
    .join("projects as p", "p.id", "c.project_id")
    .join("payment_methods as m", "m.id", "c.payment_method_id")
    .where("c.investor_id", investorId)
    .orderBy("c.created_at", "desc")
    .orderBy("c.id", "desc")
    .select(
      "c.*",
      "p.title as project_title",
      "p.state as project_state",
      "p.deadline_at",
      "m.brand",
      "m.last4",
    );
  return rows.map((r) => ({
    ...toCommitment(r),
    projectTitle: r.project_title,
    projectState: r.project_state,
    deadlineAt: time(r.deadline_at),
    cardBrand: r.brand,
    cardLast4: r.last4,
  }));
}

export interface InvestorRow extends Commitment {
  investorName: string;
  investorEmail: string;
  legalName: string | null;
  country: string | null;
}

/** Every commitment to an offering (any status) with who made it, in commitment order. */
export async function investorsOfProject(db: Db, projectId: number): Promise<InvestorRow[]> {
  const rows = await db("commitments as c")
    .join("users as u", "u.id", "c.investor_id")
    .leftJoin("investor_identities as i", "i.user_id", "c.investor_id")
    .where("c.project_id", projectId)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .select("c.*", "u.name as investor_name", "u.email as investor_email", "i.legal_name", "i.country");
  return rows.map((r) => ({
    ...toCommitment(r),
    investorName: r.investor_name,
    investorEmail: r.investor_email,
    legalName: r.legal_name,
    country: r.country,
  }));
}
