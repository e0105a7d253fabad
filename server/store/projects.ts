import type { Currency } from "../domain/money.ts";
import type { ProjectState } from "../domain/project-lifecycle.ts";
import type {
  AllocationRule,
  Category,
  DocumentKind,
  ProjectKind,
  Regime,
  SecurityType,
  ShippingRegion,
} from "../domain/project-rules.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface Project {
  id: number;
  creatorId: number;
  kind: ProjectKind;
  state: ProjectState;
  title: string;
  blurb: string;
  storyMd: string;
  storyHtml: string;
  category: Category;
  location: string;
  coverImageId: number | null;
  goalMinor: number;
  currency: Currency;
  durationDays: number;
  risks: string;
  team: string;
  rewardsAttested: boolean;
  pledgedMinor: number;
  backersCount: number;
  staffPick: boolean;
  reviewMessage: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  launchedAt: Date | null;
  deadlineAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Set while an admin has the project suspended (moderation: server/domain/moderation.ts). */
  suspendedAt: Date | null;
  suspensionReason: string | null;
}

/** The fields a creator writes. */
export type ProjectContent = Pick<
  Project,
  | "title"
  | "blurb"
  | "storyMd"
  | "storyHtml"
  | "category"
  | "location"
  | "goalMinor"
  | "currency"
  | "durationDays"
  | "risks"
  | "team"
>;

export interface RewardTier {
  id: number;
  projectId: number;
  position: number;
  title: string;
  description: string;
  minimumMinor: number;
  quantityLimit: number | null;
  quantityClaimed: number;
  estimatedDelivery: string; // YYYY-MM
  ships: boolean;
  shipping: { region: ShippingRegion; feeMinor: number }[];
}

export type RewardTierInput = Omit<RewardTier, "id" | "projectId" | "position" | "quantityClaimed">;

export interface EquityTerms {
  projectId: number;
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
}

export interface ProjectDocument {
  id: number;
  projectId: number;
  kind: DocumentKind;
  version: number;
  originalName: string;
  storageKey: string;
  sha256: string;
  sizeBytes: number;
  materialChange: boolean;
  uploadedBy: number;
  createdAt: Date;
}

const time = (v: string | null): Date | null => (v ? fromDbTime(v) : null);

// biome-ignore lint/suspicious/noExplicitAny: a database row
export function toProject(r: any): Project {
  return {
    id: r.id,
    creatorId: r.creator_id,
    kind: r.kind,
    state: r.state,
    title: r.title,
    blurb: r.blurb,
    storyMd: r.story_md,
    storyHtml: r.story_html,
    category: r.category,
    location: r.location,
    coverImageId: r.cover_image_id,
    goalMinor: Number(r.goal_minor),
    currency: r.currency,
    durationDays: r.duration_days,
    risks: r.risks,
    team: r.team,
    rewardsAttested: Boolean(r.rewards_attested),
    pledgedMinor: Number(r.pledged_minor),
    backersCount: r.backers_count,
    staffPick: Boolean(r.staff_pick),
    reviewMessage: r.review_message,
    submittedAt: time(r.submitted_at),
    decidedAt: time(r.decided_at),
    launchedAt: time(r.launched_at),
    deadlineAt: time(r.deadline_at),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
    suspendedAt: time(r.suspended_at ?? null),
    suspensionReason: r.suspension_reason ?? null,
  };
}

function contentRow(c: Partial<ProjectContent>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (c.title !== undefined) row.title = c.title;
  if (c.blurb !== undefined) row.blurb = c.blurb;
  if (c.storyMd !== undefined) row.story_md = c.storyMd;
  if (c.storyHtml !== undefined) row.story_html = c.storyHtml;
  if (c.category !== undefined) row.category = c.category;
  if (c.location !== undefined) row.location = c.location;
  if (c.goalMinor !== undefined) row.goal_minor = c.goalMinor;
  if (c.currency !== undefined) row.currency = c.currency;
  if (c.durationDays !== undefined) row.duration_days = c.durationDays;
  if (c.risks !== undefined) row.risks = c.risks;
  if (c.team !== undefined) row.team = c.team;
  return row;
}

export async function insertProject(
  db: Db,
  p: { creatorId: number; kind: ProjectKind } & ProjectContent,
  now: Date,
): Promise<number> {
  const [row] = await db("projects")
    .insert({
      creator_id: p.creatorId,
      kind: p.kind,
      state: "draft",
      ...contentRow(p),
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function updateProjectContent(db: Db, id: number, content: Partial<ProjectContent>, now: Date) {
  await db("projects")
    .where({ id })
    .update({ ...contentRow(content), updated_at: toDbTime(now) });
}

/** Writes the state and the timestamps/flags a transition sets. Only services call this, after the domain agreed. */
export async function updateProjectFields(
  db: Db,
  id: number,
  fields: Partial<
    Pick<
      Project,
      | "state"
      | "coverImageId"
      | "rewardsAttested"
      | "staffPick"
      | "reviewMessage"
      | "submittedAt"
      | "decidedAt"
      | "launchedAt"
      | "deadlineAt"
    >
  >,
  now: Date,
) {
  const row: Record<string, unknown> = { updated_at: toDbTime(now) };
  const dt = (d: Date | null | undefined) => (d ? toDbTime(d) : null);
  if (fields.state !== undefined) row.state = fields.state;
  if (fields.coverImageId !== undefined) row.cover_image_id = fields.coverImageId;
  if (fields.rewardsAttested !== undefined) row.rewards_attested = fields.rewardsAttested;
  if (fields.staffPick !== undefined) row.staff_pick = fields.staffPick;
  if (fields.reviewMessage !== undefined) row.review_message = fields.reviewMessage;
  if (fields.submittedAt !== undefined) row.submitted_at = dt(fields.submittedAt);
  if (fields.decidedAt !== undefined) row.decided_at = dt(fields.decidedAt);
  if (fields.launchedAt !== undefined) row.launched_at = dt(fields.launchedAt);
  if (fields.deadlineAt !== undefined) row.deadline_at = dt(fields.deadlineAt);
  await db("projects").where({ id }).update(row);
}

export async function findProject(db: Db, id: number): Promise<Project | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("projects").where({ id }).first();
  return row && toProject(row);
}

export async function projectsByCreator(db: Db, creatorId: number): Promise<Project[]> {
  const rows = await db("projects").where({ creator_id: creatorId }).orderBy("updated_at", "desc");
  return rows.map(toProject);
}

/** Submitted projects, oldest submission first (the review queue). */
export async function projectsAwaitingReview(db: Db): Promise<Project[]> {
  const rows = await db("projects")
    .where({ state: "submitted" })
    .orderBy("submitted_at", "asc")
    .orderBy("id");
  return rows.map(toProject);
}

// Reward tiers -------------------------------------------------------------------------------

export async function tiersOf(db: Db, projectId: number): Promise<RewardTier[]> {
  const rows = await db("reward_tiers").where({ project_id: projectId }).orderBy("position").orderBy("id");
  if (rows.length === 0) return [];
  const shipping = await db("tier_shipping")
    .whereIn(
      "tier_id",
      rows.map((r) => r.id),
    )
    .orderBy("id");
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    position: r.position,
    title: r.title,
    description: r.description,
    minimumMinor: Number(r.minimum_minor),
    quantityLimit: r.quantity_limit,
    quantityClaimed: r.quantity_claimed,
    estimatedDelivery: r.estimated_delivery,
    ships: Boolean(r.ships),
    shipping: shipping
      .filter((s) => s.tier_id === r.id)
      .map((s) => ({ region: s.region, feeMinor: Number(s.fee_minor) })),
  }));
}

export async function insertTier(
  db: Db,
  projectId: number,
  tier: RewardTierInput,
  now: Date,
): Promise<number> {
  const max = await db("reward_tiers").where({ project_id: projectId }).max({ p: "position" }).first();
  const [row] = await db("reward_tiers")
    .insert({
      project_id: projectId,
      position: Number(max?.p ?? 0) + 1,
      title: tier.title,
      description: tier.description,
      minimum_minor: tier.minimumMinor,
      quantity_limit: tier.quantityLimit,
      estimated_delivery: tier.estimatedDelivery,
      ships: tier.ships,
      created_at: toDbTime(now),
    })
    .returning("id");
  const id = (row as { id: number }).id;
  await replaceShipping(db, id, tier.ships ? tier.shipping : []);
  return id;
}

export async function updateTier(db: Db, tierId: number, tier: RewardTierInput): Promise<void> {
  await db("reward_tiers").where({ id: tierId }).update({
    title: tier.title,
    description: tier.description,
    minimum_minor: tier.minimumMinor,
    quantity_limit: tier.quantityLimit,
    estimated_delivery: tier.estimatedDelivery,
    ships: tier.ships,
  });
  await replaceShipping(db, tierId, tier.ships ? tier.shipping : []);
}

async function replaceShipping(db: Db, tierId: number, shipping: RewardTier["shipping"]) {
  await db("tier_shipping").where({ tier_id: tierId }).delete();
  if (shipping.length) {
    await db("tier_shipping").insert(
      shipping.map((s) => ({ tier_id: tierId, region: s.region, fee_minor: s.feeMinor })),
    );
  }
}

export async function deleteTier(db: Db, tierId: number): Promise<void> {
  await db("reward_tiers").where({ id: tierId }).delete();
}

// Equity terms -------------------------------------------------------------------------------

export async function equityTermsOf(db: Db, projectId: number): Promise<EquityTerms | undefined> {
  const r = await db("equity_terms").where({ project_id: projectId }).first();
  if (!r) return undefined;
  return {
    projectId: r.project_id,
    companyName: r.company_name,
    registrationNumber: r.registration_number,
    securityType: r.security_type,
    pricePerShareMinor: Number(r.price_per_share_minor),
    minInvestmentMinor: Number(r.min_investment_minor),
    maxRaiseMinor: Number(r.max_raise_minor),
    preMoneyValuationMinor: Number(r.pre_money_valuation_minor),
    useOfFunds: r.use_of_funds,
    regime: r.regime,
    allocationRule: r.allocation_rule,
  };
}

export async function saveEquityTerms(db: Db, terms: EquityTerms): Promise<void> {
  const row = {
    project_id: terms.projectId,
    company_name: terms.companyName,
    registration_number: terms.registrationNumber,
    security_type: terms.securityType,
    price_per_share_minor: terms.pricePerShareMinor,
    min_investment_minor: terms.minInvestmentMinor,
    max_raise_minor: terms.maxRaiseMinor,
    pre_money_valuation_minor: terms.preMoneyValuationMinor,
    use_of_funds: terms.useOfFunds,
    regime: terms.regime,
    allocation_rule: terms.allocationRule,
  };
  await db("equity_terms").insert(row).onConflict("project_id").merge();
}

// Documents (append-only versions) -----------------------------------------------------------

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toDocument(r: any): ProjectDocument {
  return {
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    version: r.version,
    originalName: r.original_name,
    storageKey: r.storage_key,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    materialChange: Boolean(r.material_change),
    uploadedBy: r.uploaded_by,
    createdAt: fromDbTime(r.created_at),
  };
}

/** Adds a new version of a document; earlier versions are kept forever. */
export async function insertDocumentVersion(
  db: Db,
  doc: Omit<ProjectDocument, "id" | "version" | "createdAt">,
  now: Date,
): Promise<ProjectDocument> {
  const max = await db("project_documents")
    .where({ project_id: doc.projectId, kind: doc.kind })
    .max({ v: "version" })
    .first();
  const [row] = await db("project_documents")
    .insert({
      project_id: doc.projectId,
      kind: doc.kind,
      version: Number(max?.v ?? 0) + 1,
      original_name: doc.originalName,
      storage_key: doc.storageKey,
      sha256: doc.sha256,
      size_bytes: doc.sizeBytes,
      material_change: doc.materialChange,
      uploaded_by: doc.uploadedBy,
      created_at: toDbTime(now),
    })
    .returning("*");
  return toDocument(row);
}

export async function documentsOf(db: Db, projectId: number): Promise<ProjectDocument[]> {
  const rows = await db("project_documents")
    .where({ project_id: projectId })
    .orderBy("kind")
    .orderBy("version", "desc");
  return rows.map(toDocument);
}

/** The newest version of each kind. */
export function currentDocuments(all: ProjectDocument[]): ProjectDocument[] {
  const seen = new Set<string>();
  return all.filter((d) => (seen.has(d.kind) ? false : (seen.add(d.kind), true)));
}

export async function findDocument(db: Db, id: number): Promise<ProjectDocument | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("project_documents").where({ id }).first();
  return row && toDocument(row);
}
