import type { Clock } from "../clock.ts";
import {
  isRestrictedRegime,
  PAGE_SIZE,
  pageCount,
  percentFunded,
  progressValue,
  remaining,
  type TimeLeft,
  timeLeft,
} from "../domain/discovery.ts";
import { isPublic } from "../domain/project-lifecycle.ts";
import type { Category, ProjectKind } from "../domain/project-rules.ts";
import { NotFoundError } from "../errors.ts";
import type { Db } from "../store/db.ts";
import {
  cardsByIds,
  type DiscoverSort,
  discoverSorts,
  openProjects,
  type ProjectCard,
  projectForPage,
  tiersForPage,
} from "../store/discovery.ts";
import {
  currentDocuments,
  documentsOf,
  type EquityTerms,
  equityTermsOf,
  type Project,
  type ProjectDocument,
  type RewardTier,
} from "../store/projects.ts";
import { searchProjects } from "../store/search.ts";
import type { Role } from "../store/users.ts";

/**
 * Who is looking: a signed-in user (with whether their identity is verified, issue 5), or undefined
 * for an anonymous visitor.
 */
export type Viewer = { id: number; role: Role; identityVerified?: boolean } | undefined;

/**
 * May this viewer see the details of an offering that must not be promoted to the public
 * (China, 私募股权众筹)? Only real-name verified users (RULES.md), and administrators.
 */
export function canSeeRestrictedOffering(viewer: Viewer): boolean {
  return viewer !== undefined && (viewer.role === "admin" || viewer.identityVerified === true);
}

/** Funding figures a card or a project page shows. */
export interface Progress {
  percent: number;
  /** For <progress max="100">: capped at 100. */
  value: number;
  timeLeft: TimeLeft;
}

export type CardView = ProjectCard & { progress: Progress };

export interface ListPage {
  cards: CardView[];
  total: number;
  page: number;
  pages: number;
}

export interface HomeSection {
  sort: DiscoverSort;
  cards: CardView[];
}

export interface TierView extends RewardTier {
  left: number | null;
  soldOut: boolean;
}

export interface ProjectPage {
  project: Project;
  creatorName: string;
  coverKey: string | null;
  progress: Progress;
  /** Not public yet: shown to its creator or an admin, with a banner. */
  preview: boolean;
  /** A restricted offering seen by someone who may not see its details: only a notice is shown. */
  restricted: boolean;
  tiers: TierView[];
  equity: EquityTerms | undefined;
  documents: ProjectDocument[];
  /** Open for pledges: live and before its deadline. */
  open: boolean;
}

export const HOME_SECTION_SIZE = 4;

/** The public side: home sections, browsing, search and the project page. Read-only. */
export class DiscoveryService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}

  progressOf(p: { pledgedMinor: number; goalMinor: number; deadlineAt: Date | null }): Progress {
    const percent = percentFunded(p.pledgedMinor, p.goalMinor);
    return {
      percent,
      value: progressValue(percent),
      timeLeft: timeLeft(this.deps.clock.now(), p.deadlineAt),
    };
  }

  private view(cards: ProjectCard[]): CardView[] {
    return cards.map((c) => ({ ...c, progress: this.progressOf(c) }));
  }

  /** The home page: each non-empty section, in a fixed order. */
  async home(viewer: Viewer): Promise<HomeSection[]> {
    const now = this.deps.clock.now();
    const hideRestricted = !canSeeRestrictedOffering(viewer);
    const sections: HomeSection[] = [];
    for (const sort of discoverSorts) {
      const { cards } = await openProjects(this.deps.db, {
        now,
        sort,
        limit: HOME_SECTION_SIZE,
        offset: 0,
        hideRestricted,
        count: false,
      });
      if (cards.length) sections.push({ sort, cards: this.view(cards) });
    }
    return sections;
  }

  /** A page of live projects, filtered and sorted. A page past the last one is not found. */
  async browse(
    viewer: Viewer,
    q: { sort: DiscoverSort; kind?: ProjectKind; category?: Category; page: number },
  ): Promise<ListPage> {
    const { cards, total } = await openProjects(this.deps.db, {
      now: this.deps.clock.now(),
      sort: q.sort,
      kind: q.kind,
      category: q.category,
      limit: PAGE_SIZE,
      offset: (q.page - 1) * PAGE_SIZE,
      hideRestricted: !canSeeRestrictedOffering(viewer),
    });
    const pages = pageCount(total);
    if (q.page > pages) throw new NotFoundError();
    return { cards: this.view(cards), total, page: q.page, pages };
  }

  /** Public projects matching the words typed, best first. An empty query finds nothing (not an error). */
  async search(viewer: Viewer, query: string, page: number): Promise<ListPage> {
    const { ids, total } = await searchProjects(this.deps.db, query, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
      hideRestricted: !canSeeRestrictedOffering(viewer),
    });
    const pages = pageCount(total);
    if (page > pages) throw new NotFoundError();
    return { cards: this.view(await cardsByIds(this.deps.db, ids)), total, page, pages };
  }

  /**
   * The project page. Public states: everyone. Before that: only its creator and admins (preview).
   * Anyone else gets NotFound, so the existence of a draft does not leak.
   */
  async projectPage(viewer: Viewer, id: number): Promise<ProjectPage> {
    const { db } = this.deps;
    const row = await projectForPage(db, id);
    if (!row) throw new NotFoundError();
    const { project } = row;
    const privileged = viewer !== undefined && (viewer.role === "admin" || viewer.id === project.creatorId);
    const preview = !isPublic(project.state);
    if (preview && !privileged) throw new NotFoundError();

    const [tiers, equity, documents] =
      project.kind === "reward"
        ? [await tiersForPage(db, project.id), undefined, []]
        : [[], await equityTermsOf(db, project.id), currentDocuments(await documentsOf(db, project.id))];
    const restricted = isRestrictedRegime(equity?.regime) && !canSeeRestrictedOffering(viewer) && !privileged;
    const now = this.deps.clock.now();
    return {
      project,
      creatorName: row.creatorName,
      coverKey: row.coverKey,
      progress: this.progressOf(project),
      preview,
      restricted,
      tiers: tiers.map((t) => {
        const left = remaining(t.quantityLimit, t.quantityClaimed);
        return { ...t, left, soldOut: left === 0 };
      }),
      equity: restricted ? undefined : equity,
      documents: restricted ? [] : documents,
      open:
        project.state === "live" &&
        project.deadlineAt !== null &&
        project.deadlineAt > now &&
        !project.suspendedAt, // suspended by moderation: no pledges
    };
  }
}
