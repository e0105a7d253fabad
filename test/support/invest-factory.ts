/**
 * Test data for equity investing (issue 5), written straight through the store: verified identities,
 * declarations per regime, live equity offerings, and investors ready to commit.
 *
 *   const offering = await createOffering(ctx.db, { regime: "us_reg_cf", now: ctx.clock.now() });
 *   const { agent, user, cardId } = await readyInvestor(ctx, { regime: "us_reg_cf" });
 */
import crypto from "node:crypto";
import { loadConfig } from "../../server/config.ts";
import { lastFour, SecretBox } from "../../server/crypto/secrets.ts";
import type { Regime } from "../../server/domain/project-rules.ts";
import { regimeCurrency } from "../../server/domain/project-rules.ts";
import type { Locale } from "../../server/i18n/index.ts";
import type { Db } from "../../server/store/db.ts";
import type { IdentityStatus } from "../../server/store/identity.ts";
import {
  type CnFigures,
  type FiguresOf,
  insertDeclaration,
  type UkFigures,
  type UsFigures,
} from "../../server/store/investing.ts";
import type { Project, ProjectDocument } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import type { TestContext } from "./context.ts";
import { type Agent, browser } from "./http.ts";
import { saveCard } from "./pledging.ts";
import { addDocument, addEquityTerms, createProject, createUser, signIn } from "./project-factory.ts";

const DAY = 24 * 3600 * 1000;
const testKey = () => loadConfig({ NODE_ENV: "test" }).encryptionKey;

/** An identity row in any state (no document file is written). */
export async function addIdentity(
  db: Db,
  userId: number,
  o: Partial<{
    status: Exclude<IdentityStatus, "none">;
    legalName: string;
    idNumber: string;
    now: Date;
  }> = {},
): Promise<void> {
  const now = (o.now ?? new Date()).toISOString();
  const idNumber = o.idNumber ?? "P1234567";
  await db("investor_identities")
    .insert({
      user_id: userId,
      status: o.status ?? "verified",
      legal_name: o.legalName ?? "Test Investor",
      date_of_birth: "1985-06-15",
      country: "US",
      nationality: "US",
      id_type: "passport",
      id_number_enc: new SecretBox(testKey()).seal(idNumber),
      id_number_last4: lastFour(idNumber),
      address: "1 Main Street, Springfield",
      document_key: crypto.randomBytes(16).toString("hex"),
      document_type: "pdf",
      document_sha256: crypto.createHash("sha256").update(`id-${userId}`).digest("hex"),
      document_name: "passport.pdf",
      submitted_at: now,
      reviewed_at: o.status === "pending" ? null : now,
      rejection_reason: o.status === "rejected" ? "The photo is blurred." : null,
      created_at: now,
      updated_at: now,
    })
    .onConflict("user_id")
    .merge();
}

export const US_FIGURES: UsFigures = {
  accredited: false,
  annualIncomeMinor: 60_000_00,
  netWorthMinor: 200_000_00,
  elsewhere: [],
}; // limit $10,000 (RULES.md worked example)

export const UK_FIGURES: UkFigures = {
  category: "certified_hnw",
  elsewhereMinor: 0,
  annualIncomeMinor: 120_000_00,
  netAssetsMinor: 300_000_00,
};

export const CN_QUALIFIED: CnFigures = {
  investorType: "individual",
  financialAssetsMinor: 3_000_000_00,
  incomesMinor: [0, 0, 0],
};

export const CN_UNQUALIFIED: CnFigures = {
  investorType: "individual",
  financialAssetsMinor: 500_000_00,
  incomesMinor: [200_000_00, 200_000_00, 200_000_00],
};

export async function declare<R extends Regime>(
  db: Db,
  userId: number,
  regime: R,
  figures: FiguresOf<R>,
  at: Date = new Date(),
): Promise<void> {
  await insertDeclaration(db, {
    userId,
    regime,
    currency: regimeCurrency[regime],
    figures,
    attestation: "I confirm (test).",
    locale: "en",
    attestedAt: at,
  });
}

const defaultFigures = { us_reg_cf: US_FIGURES, uk: UK_FIGURES, cn_private: CN_QUALIFIED } as const;

export interface OfferingOptions {
  regime: Regime;
  now: Date;
  creatorId?: number;
  title?: string;
  deadlineAt?: Date;
  pricePerShareMinor?: number;
  minInvestmentMinor?: number;
  maxRaiseMinor?: number;
  goalMinor?: number;
  state?: Project["state"];
}

/** A live equity offering under a regime (currency from the regime), with a disclosure and financials. */
export async function createOffering(
  db: Db,
  o: OfferingOptions,
): Promise<{ project: Project; creator: User | undefined; documents: ProjectDocument[] }> {
  const creator = o.creatorId ? undefined : await createUser(db, { name: "Founder Fang" });
  const creatorId = o.creatorId ?? (creator as User).id;
  const project = await createProject(db, {
    creatorId,
    kind: "equity",
    state: o.state ?? "live",
    title: o.title ?? `Offering ${crypto.randomBytes(3).toString("hex")}`,
    currency: regimeCurrency[o.regime],
    goalMinor: o.goalMinor ?? 1_000_000_00,
    launchedAt: new Date(o.now.getTime() - DAY),
    deadlineAt: o.deadlineAt ?? new Date(o.now.getTime() + 20 * DAY),
    now: new Date(o.now.getTime() - 2 * DAY),
  });
  await addEquityTerms(db, project.id, {
    regime: o.regime,
    pricePerShareMinor: o.pricePerShareMinor ?? 100,
    minInvestmentMinor: o.minInvestmentMinor ?? 100_00,
    maxRaiseMinor: o.maxRaiseMinor ?? 2_000_000_00,
  });
  const documents = [
    await addDocument(db, project.id, "financials", { now: new Date(o.now.getTime() - 2 * DAY) }),
    await addDocument(db, project.id, "disclosure", { now: new Date(o.now.getTime() - 2 * DAY) }),
  ];
  return { project, creator, documents };
}

/**
 * A user who is verified, has declared for the regime (qualified by default), has a saved card and
 * is signed in on the returned agent.
 */
export async function readyInvestor<R extends Regime>(
  ctx: TestContext,
  o: { regime: R; figures?: FiguresOf<R>; locale?: Locale; name?: string; signIn?: boolean },
): Promise<{ user: User; agent: Agent; cardId: number }> {
  const user = await createUser(ctx.db, { locale: o.locale ?? "en", name: o.name ?? "Ivy Investor" });
  await addIdentity(ctx.db, user.id, { status: "verified", legalName: user.name });
  await declare(
    ctx.db,
    user.id,
    o.regime,
    (o.figures ?? defaultFigures[o.regime]) as FiguresOf<R>,
    ctx.clock.now(),
  );
  const cardId = await saveCard(ctx, user);
  const agent = browser(ctx.app);
  if (o.locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
  if (o.signIn !== false) await signIn(agent, user.email);
  return { user, agent, cardId };
}

/** The form fields the invest page would send for a number of shares (documents acknowledged). */
export function commitFields(
  documents: ProjectDocument[],
  o: { shares: string; paymentMethodId: number | "new"; idempotencyKey?: string },
): Record<string, string> {
  return {
    shares: o.shares,
    paymentMethodId: String(o.paymentMethodId),
    acknowledgedRisks: "1",
    acknowledgedDocuments: "1",
    shownDocuments: documents.map((d) => `${d.id}:${d.sha256}`).join(","),
    idempotencyKey: o.idempotencyKey ?? crypto.randomUUID(),
  };
}
