import type { Knex } from "knex";
import { RESTRICTED_REGIMES } from "../domain/discovery.ts";
import type { Currency } from "../domain/money.ts";
import type { ProjectState } from "../domain/project-lifecycle.ts";
import type { Category, ProjectKind } from "../domain/project-rules.ts";
import type { Db } from "./db.ts";
import { type Project, type RewardTier, toProject } from "./projects.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/**
 * Read queries of the public pages (home sections, discovery lists, the project page). Each list is
 * ONE query joined with its creator and cover image, so a page of twelve cards costs two queries
 * (the page and its count), never one per card.
 */

/** What a project card shows. */
export interface ProjectCard {
  id: number;
  kind: ProjectKind;
  state: ProjectState;
  title: string;
  blurb: string;
  category: Category;
  location: string;
  creatorName: string;
  coverKey: string | null;
  goalMinor: number;
  currency: Currency;
  pledgedMinor: number;
  backersCount: number;
  staffPick: boolean;
  launchedAt: Date | null;
  deadlineAt: Date | null;
}

export const discoverSorts = ["staff_picks", "popular", "ending", "new", "nearly_funded"] as const;
export type DiscoverSort = (typeof discoverSorts)[number];

export interface OpenProjectsQuery {
  now: Date;
  sort: DiscoverSort;
  kind?: ProjectKind;
  category?: Category;
  limit: number;
  offset: number;
  /** Leave out offerings that may not be shown to this visitor (see RESTRICTED_REGIMES). */
  hideRestricted: boolean;
  /** Also count every match (for pagination); the home page does not need it. */
  count?: boolean;
}

/** Excludes equity offerings under a regime that forbids public promotion. */
// biome-ignore lint/suspicious/noExplicitAny: a knex query builder of any row type
export function withoutRestricted(q: any): void {
  q.whereNotExists(function (this: Knex.QueryBuilder) {
    this.select("equity_terms.project_id")
      .from("equity_terms")
      .whereRaw("equity_terms.project_id = projects.id")
      .whereIn("equity_terms.regime", RESTRICTED_REGIMES);
  });
}

const cardColumns = [
  "projects.id",
  "projects.kind",
  "projects.state",
  "projects.title",
  "projects.blurb",
  "projects.category",
  "projects.location",
  "projects.goal_minor",
  "projects.currency",
  "projects.pledged_minor",
  "projects.backers_count",
  "projects.staff_pick",
  "projects.launched_at",
  "projects.deadline_at",
  "users.name as creator_name",
  "images.storage_key as cover_key",
];

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toCard(r: any): ProjectCard {
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    title: r.title,
    blurb: r.blurb,
    category: r.category,
    location: r.location,
    creatorName: r.creator_name,
    coverKey: r.cover_key ?? null,
    goalMinor: Number(r.goal_minor),
    currency: r.currency,
    pledgedMinor: Number(r.pledged_minor),
    backersCount: r.backers_count,
    staffPick: Boolean(r.staff_pick),
    launchedAt: r.launched_at ? fromDbTime(r.launched_at) : null,
    deadlineAt: r.deadline_at ? fromDbTime(r.deadline_at) : null,
  };
}

/**
 * Live projects still open for pledges (deadline in the future), filtered and ordered by `sort`:
 * staff_picks (picked ones, newest launch first), popular (most backers), ending (nearest deadline),
 * new (latest launch), nearly_funded (75 % to under 100 % of the goal, closest to it first).
 */
export async function openProjects(
  db: Db,
  q: OpenProjectsQuery,
): Promise<{ cards: ProjectCard[]; total: number }> {
  const base = () => {
    const b = db("projects")
      .where("projects.state", "live")
      .where("projects.deadline_at", ">", toDbTime(q.now))
      .whereNull("projects.suspended_at"); // suspended by moderation: hidden until restored
    if (q.kind) b.where("projects.kind", q.kind);
    if (q.category) b.where("projects.category", q.category);
    if (q.hideRestricted) withoutRestricted(b);
    if (q.sort === "staff_picks") b.where("projects.staff_pick", true);
    if (q.sort === "nearly_funded") {
      // Integer arithmetic on minor units: pledged ≥ 75 % of the goal and still short of it.
      b.whereRaw("projects.pledged_minor * 100 >= projects.goal_minor * 75").whereRaw(
        "projects.pledged_minor < projects.goal_minor",
      );
    }
    return b;
  };
  const rows = base()
    .join("users", "users.id", "projects.creator_id")
    .leftJoin("images", "images.id", "projects.cover_image_id")
    .select(cardColumns);
  switch (q.sort) {
    case "staff_picks":
    case "new":
      rows.orderBy("projects.launched_at", "desc");
      break;
    case "popular":
      rows.orderBy("projects.backers_count", "desc").orderBy("projects.pledged_minor", "desc");
      break;
    case "ending":
      rows.orderBy("projects.deadline_at", "asc");
      break;
    case "nearly_funded":
      rows.orderByRaw("(projects.pledged_minor * 1000000) / projects.goal_minor DESC");
      break;
  }
  rows.orderBy("projects.id", "desc").limit(q.limit).offset(q.offset);
  const found = await rows;
  if (q.count === false) return { cards: found.map(toCard), total: found.length };
  const counted = await base().count({ n: "*" }).first();
  return { cards: found.map(toCard), total: Number(counted?.n ?? 0) };
}

/** Cards for these project ids, in the order given (search results keep their ranking). */
export async function cardsByIds(db: Db, ids: readonly number[]): Promise<ProjectCard[]> {
  if (ids.length === 0) return [];
  const rows = await db("projects")
    .join("users", "users.id", "projects.creator_id")
    .leftJoin("images", "images.id", "projects.cover_image_id")
    .whereIn("projects.id", ids)
    .whereIn("projects.state", ["live", "succeeded", "failed"]) // never a card for a project gone private
    .whereNull("projects.suspended_at")
    .select(cardColumns);
  const byId = new Map(rows.map((r) => [r.id as number, toCard(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface ProjectPageRow {
  project: Project;
  creatorName: string;
  coverKey: string | null;
}

/** One project with its creator's name and its cover, in one query. */
export async function projectForPage(db: Db, id: number): Promise<ProjectPageRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("projects")
    .join("users", "users.id", "projects.creator_id")
    .leftJoin("images", "images.id", "projects.cover_image_id")
    .where("projects.id", id)
    .select("projects.*", "users.name as creator_name", "images.storage_key as cover_key")
    .first();
  if (!row) return undefined;
  return { project: toProject(row), creatorName: row.creator_name, coverKey: row.cover_key ?? null };
}

/** A project's reward tiers with their shipping, in one query (tiersOf in projects.ts takes two). */
export async function tiersForPage(db: Db, projectId: number): Promise<RewardTier[]> {
  const rows = await db("reward_tiers")
    .leftJoin("tier_shipping", "tier_shipping.tier_id", "reward_tiers.id")
    .where("reward_tiers.project_id", projectId)
    .orderBy("reward_tiers.position")
    .orderBy("reward_tiers.id")
    .orderBy("tier_shipping.id")
    .select("reward_tiers.*", "tier_shipping.region as ship_region", "tier_shipping.fee_minor as ship_fee");
  const tiers: RewardTier[] = [];
  for (const r of rows) {
    let tier: RewardTier | undefined = tiers[tiers.length - 1];
    if (!tier || tier.id !== r.id) {
      tier = {
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
        shipping: [],
      };
      tiers.push(tier);
    }
    if (r.ship_region) tier.shipping.push({ region: r.ship_region, feeMinor: Number(r.ship_fee) });
  }
  return tiers;
}
