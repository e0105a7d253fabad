/**
 * Test data for campaigns, written straight through the store (no services), so any area's tests
 * can set up users, projects, tiers, equity terms, documents and creator profiles in one call.
 *
 *   const { project, creator } = await createSubmittedProject(ctx.db, { kind: "equity" });
 *   const admin = await createUser(ctx.db, { role: "admin" });
 *   await signIn(agent, admin.email);
 */
import crypto from "node:crypto";
import { loadConfig } from "../../server/config.ts";
import { lastFour, SecretBox } from "../../server/crypto/secrets.ts";
import type { Currency } from "../../server/domain/money.ts";
import type { ProjectState } from "../../server/domain/project-lifecycle.ts";
import type {
  AllocationRule,
  Category,
  DocumentKind,
  ProjectKind,
  Regime,
  SecurityType,
  ShippingRegion,
} from "../../server/domain/project-rules.ts";
import type { Locale } from "../../server/i18n/index.ts";
import { hashPassword } from "../../server/services/passwords.ts";
import type { Db } from "../../server/store/db.ts";
import { insertImage } from "../../server/store/images.ts";
import {
  findProject,
  insertDocumentVersion,
  insertProject,
  insertTier,
  type Project,
  type ProjectDocument,
  saveEquityTerms,
  updateProjectFields,
} from "../../server/store/projects.ts";
import { findUserById, insertUser, type Role, type User } from "../../server/store/users.ts";
import { type Agent, STRONG_PASSWORD, signIn as signInWithPassword, uniqueEmail } from "./http.ts";

export { STRONG_PASSWORD };

const DAY = 24 * 3600 * 1000;
let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

// One argon2 hash per test process: hashing is deliberately slow.
let passwordHash: Promise<string> | undefined;

/** A user who can sign in with STRONG_PASSWORD. */
export async function createUser(
  db: Db,
  options: { role?: Role; locale?: Locale; name?: string; email?: string; now?: Date } = {},
): Promise<User> {
  passwordHash ??= hashPassword(STRONG_PASSWORD);
  const n = next();
  const id = await insertUser(
    db,
    {
      email: options.email ?? uniqueEmail(options.role === "admin" ? "admin" : "user"),
      name: options.name ?? (options.role === "admin" ? `Admin ${n}` : `Creator ${n}`),
      passwordHash: await passwordHash,
      role: options.role ?? "user",
      locale: options.locale ?? "en",
    },
    options.now ?? new Date(),
  );
  const { passwordHash: _, ...user } = (await findUserById(db, id)) as User & { passwordHash: string };
  return user;
}

/** Signs the agent in as this user (created by createUser, password STRONG_PASSWORD). */
export async function signIn(agent: Agent, email: string): Promise<void> {
  const res = await signInWithPassword(agent, email, STRONG_PASSWORD);
  if (res.status !== 303) throw new Error(`Sign-in of ${email} failed with ${res.status}`);
}

export interface ProjectOptions {
  creatorId: number;
  kind?: ProjectKind;
  state?: ProjectState;
  title?: string;
  blurb?: string;
  storyMd?: string;
  storyHtml?: string;
  category?: Category;
  location?: string;
  goalMinor?: number;
  currency?: Currency;
  durationDays?: number;
  risks?: string;
  team?: string;
  rewardsAttested?: boolean;
  coverImageId?: number | null;
  pledgedMinor?: number;
  backersCount?: number;
  staffPick?: boolean;
  reviewMessage?: string | null;
  submittedAt?: Date | null;
  decidedAt?: Date | null;
  launchedAt?: Date | null;
  deadlineAt?: Date | null;
  /** The time the rows are written with (and the base for default dates); defaults to the system time. */
  now?: Date;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/**
 * A project in any state with sensible defaults. Dates that the state implies (submittedAt for
 * submitted and later, decidedAt, launchedAt/deadlineAt for live and later) are filled in unless given.
 */
export async function createProject(db: Db, o: ProjectOptions): Promise<Project> {
  const now = o.now ?? new Date();
  const n = next();
  const kind = o.kind ?? "reward";
  const state = o.state ?? "draft";
  const storyMd = o.storyMd ?? `The story of project ${n}.\n\nWe build something people want.`;
  const id = await insertProject(
    db,
    {
      creatorId: o.creatorId,
      kind,
      title: o.title ?? `Project ${n}`,
      blurb: o.blurb ?? `A short blurb for project ${n}`,
      storyMd,
      storyHtml:
        o.storyHtml ??
        storyMd
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p)}</p>`)
          .join("\n"),
      category: o.category ?? "technology",
      location: o.location ?? "Shanghai",
      goalMinor: o.goalMinor ?? 1_000_000,
      currency: o.currency ?? (kind === "equity" ? "USD" : "CNY"),
      durationDays: o.durationDays ?? 30,
      risks: o.risks ?? "Manufacturing could be delayed by up to three months.",
      team: o.team ?? "Two engineers and a designer.",
    },
    now,
  );
  const afterSubmit = state !== "draft";
  const decided = ["changes_requested", "approved", "live", "succeeded", "failed", "rejected"].includes(
    state,
  );
  const launched = ["live", "succeeded", "failed"].includes(state);
  const submittedAt =
    o.submittedAt !== undefined ? o.submittedAt : afterSubmit ? new Date(now.getTime() - 3 * DAY) : null;
  const decidedAt =
    o.decidedAt !== undefined ? o.decidedAt : decided ? new Date(now.getTime() - 2 * DAY) : null;
  const launchedAt =
    o.launchedAt !== undefined ? o.launchedAt : launched ? new Date(now.getTime() - DAY) : null;
  const deadlineAt =
    o.deadlineAt !== undefined
      ? o.deadlineAt
      : launchedAt
        ? new Date(launchedAt.getTime() + (o.durationDays ?? 30) * DAY)
        : null;
  await updateProjectFields(
    db,
    id,
    {
      state,
      coverImageId: o.coverImageId ?? null,
      rewardsAttested: o.rewardsAttested ?? false,
      staffPick: o.staffPick ?? false,
      reviewMessage: o.reviewMessage ?? null,
      submittedAt,
      decidedAt,
      launchedAt,
      deadlineAt,
    },
    now,
  );
  if (o.pledgedMinor !== undefined || o.backersCount !== undefined) {
    await db("projects")
      .where({ id })
      .update({ pledged_minor: o.pledgedMinor ?? 0, backers_count: o.backersCount ?? 0 });
  }
  return (await findProject(db, id)) as Project;
}

/** An image row (no file on disk: GET /media/images/<key>/… answers 404 for it). */
export async function addImage(db: Db, ownerId: number, now = new Date()): Promise<number> {
  return insertImage(
    db,
    {
      ownerId,
      storageKey: crypto.randomBytes(16).toString("hex"),
      sha256: crypto.createHash("sha256").update(`image-${next()}`).digest("hex"),
      width: 1200,
      height: 675,
    },
    now,
  );
}

/** A reward tier; ships to two regions unless told otherwise. Returns its id. */
export async function addTier(
  db: Db,
  projectId: number,
  t: Partial<{
    title: string;
    description: string;
    minimumMinor: number;
    quantityLimit: number | null;
    estimatedDelivery: string;
    ships: boolean;
    shipping: { region: ShippingRegion; feeMinor: number }[];
    now: Date;
  }> = {},
): Promise<number> {
  const ships = t.ships ?? true;
  return insertTier(
    db,
    projectId,
    {
      title: t.title ?? `Tier ${next()}`,
      description: t.description ?? "A thank-you card and the product.",
      minimumMinor: t.minimumMinor ?? 5_000,
      quantityLimit: t.quantityLimit ?? null,
      estimatedDelivery: t.estimatedDelivery ?? "2026-12",
      ships,
      shipping: ships
        ? (t.shipping ?? [
            { region: "cn", feeMinor: 1_000 },
            { region: "rest_of_world", feeMinor: 3_500 },
          ])
        : [],
    },
    t.now ?? new Date(),
  );
}

export async function addEquityTerms(
  db: Db,
  projectId: number,
  t: Partial<{
    companyName: string;
    registrationNumber: string;
    securityType: SecurityType;
    pricePerShareMinor: number;
    minInvestmentMinor: number;
    maxRaiseMinor: number;
    preMoneyValuationMinor: number;
    useOfFunds: string;
    regime: Regime;
    allocationRule: AllocationRule;
  }> = {},
): Promise<void> {
  await saveEquityTerms(db, {
    projectId,
    companyName: t.companyName ?? "Example Robotics Ltd",
    registrationNumber: t.registrationNumber ?? "RC-123456",
    securityType: t.securityType ?? "common",
    pricePerShareMinor: t.pricePerShareMinor ?? 150,
    minInvestmentMinor: t.minInvestmentMinor ?? 10_000,
    maxRaiseMinor: t.maxRaiseMinor ?? 50_000_000,
    preMoneyValuationMinor: t.preMoneyValuationMinor ?? 500_000_000,
    useOfFunds: t.useOfFunds ?? "Hiring two engineers and the first production run.",
    regime: t.regime ?? "us_reg_cf",
    allocationRule: t.allocationRule ?? "first_come",
  });
}

/**
 * A new version of a document (a row only; no file is written under DATA_DIR). The sha256 is of
 * `content`, which defaults to a small unique text.
 */
export async function addDocument(
  db: Db,
  projectId: number,
  kind: DocumentKind,
  o: Partial<{ uploadedBy: number; content: string; originalName: string; now: Date }> = {},
): Promise<ProjectDocument> {
  const uploadedBy =
    o.uploadedBy ??
    ((await db("projects").where({ id: projectId }).first("creator_id"))?.creator_id as number);
  const content = o.content ?? `%PDF-1.4 ${kind} ${next()}`;
  return insertDocumentVersion(
    db,
    {
      projectId,
      kind,
      originalName: o.originalName ?? `${kind}.pdf`,
      storageKey: crypto.randomBytes(16).toString("hex"),
      sha256: crypto.createHash("sha256").update(content).digest("hex"),
      sizeBytes: Buffer.byteLength(content),
      materialChange: false,
      uploadedBy,
    },
    o.now ?? new Date(),
  );
}

export const PROFILE_ID_NUMBER = "110101199003071234";
export const PROFILE_ACCOUNT_NUMBER = "6222020200112233445";

/**
 * The creator's identity and payout account, with the numbers sealed like the real thing.
 * `encryptionKey` defaults to the key the test configuration uses.
 */
export async function addCreatorProfile(
  db: Db,
  userId: number,
  o: Partial<{
    legalName: string;
    country: string;
    idType: string;
    idNumber: string;
    payoutHolder: string;
    payoutBank: string;
    accountNumber: string;
    encryptionKey: string;
    now: Date;
  }> = {},
): Promise<void> {
  const box = new SecretBox(o.encryptionKey ?? loadConfig({ NODE_ENV: "test" }).encryptionKey);
  const idNumber = o.idNumber ?? PROFILE_ID_NUMBER;
  const accountNumber = o.accountNumber ?? PROFILE_ACCOUNT_NUMBER;
  const now = (o.now ?? new Date()).toISOString();
  await db("creator_profiles")
    .insert({
      user_id: userId,
      legal_name: o.legalName ?? "Li Wei",
      country: o.country ?? "CN",
      id_type: o.idType ?? "national_id",
      id_number_enc: box.seal(idNumber),
      id_number_last4: lastFour(idNumber),
      payout_holder: o.payoutHolder ?? o.legalName ?? "Li Wei",
      payout_bank: o.payoutBank ?? "Bank of Example",
      payout_account_enc: box.seal(accountNumber),
      payout_account_last4: lastFour(accountNumber),
      created_at: now,
      updated_at: now,
    })
    .onConflict("user_id")
    .merge();
}

/**
 * A submitted project with everything its checklist needs: a creator with identity and payout
 * account, a cover, story and risks, and two tiers with the attestation (reward) or equity terms
 * with financial statements and a disclosure document (equity).
 */
export async function createSubmittedProject(
  db: Db,
  o: Partial<Omit<ProjectOptions, "creatorId" | "state">> & {
    creatorId?: number;
    creatorLocale?: Locale;
  } = {},
): Promise<{ project: Project; creator: User }> {
  const now = o.now ?? new Date();
  let creator: User;
  if (o.creatorId) {
    const found = await findUserById(db, o.creatorId);
    if (!found) throw new Error(`No user ${o.creatorId}`);
    const { passwordHash: _hash, ...user } = found;
    creator = user;
  } else {
    creator = await createUser(db, { locale: o.creatorLocale ?? "en", now });
  }
  if (!(await db("creator_profiles").where({ user_id: creator.id }).first())) {
    await addCreatorProfile(db, creator.id, { now });
  }
  const kind = o.kind ?? "reward";
  const { creatorLocale: _, ...projectOptions } = o;
  const project = await createProject(db, {
    ...projectOptions,
    creatorId: creator.id,
    kind,
    state: "submitted",
    coverImageId: o.coverImageId ?? (await addImage(db, creator.id, now)),
    rewardsAttested: o.rewardsAttested ?? kind === "reward",
    now,
  });
  if (kind === "reward") {
    await addTier(db, project.id, { title: "Early bird", minimumMinor: 9_900, quantityLimit: 100, now });
    await addTier(db, project.id, { title: "Supporter", minimumMinor: 2_000, ships: false, now });
  } else {
    await addEquityTerms(db, project.id);
    await addDocument(db, project.id, "financials", { now });
    await addDocument(db, project.id, "disclosure", { now });
  }
  return { project, creator };
}
