import type { Clock } from "../clock.ts";
import { equityTermsProblems } from "../domain/creator-rules.ts";
import { availableActions, type ProjectState } from "../domain/project-lifecycle.ts";
import type { SubmissionFacts } from "../domain/project-rules.ts";
import {
  decideReview,
  decideStaffPick,
  financialReturnHints,
  type ReviewAction,
  type ReviewChecklist,
  reviewActions,
  reviewChecklist,
} from "../domain/review-checklist.ts";
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { type AuditEntry, auditTrail, recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { findImage } from "../store/images.ts";
import {
  documentsOf,
  type EquityTerms,
  equityTermsOf,
  findProject,
  type Project,
  type ProjectDocument,
  projectsAwaitingReview,
  type RewardTier,
  tiersOf,
  updateProjectFields,
} from "../store/projects.ts";
import {
  type CreatorProfileSummary,
  claimState,
  creatorProfileSummary,
  listProjects,
  type ProjectWithCreator,
  type ReviewCounts,
  reviewCounts,
  userNames,
} from "../store/review.ts";
import { findUserById, type User } from "../store/users.ts";
import type { Notifier } from "./notifications.ts";

export interface ReviewServiceDeps {
  db: Db;
  clock: Clock;
  /** The creator is told of each decision through it (in-app notification + email). */
  notifier: Notifier;
}

/** Who is acting; only administrators may use this service. */
export type Actor = Pick<User, "id" | "role"> | undefined | null;

export interface CreatorSummary {
  id: number;
  name: string;
  email: string;
}

export interface QueueEntry {
  project: Project;
  creator: CreatorSummary;
  checklist: ReviewChecklist;
}

export interface AuditLine extends AuditEntry {
  actorName: string | null;
}

export interface ProjectPreview {
  project: Project;
  creator: CreatorSummary;
  profile: CreatorProfileSummary | undefined;
  coverKey: string | null;
  tiers: RewardTier[];
  equity: EquityTerms | undefined;
  /** Why the equity terms no longer fit the project (i18n keys), if they do not. */
  equityProblems: string[];
  /** Every version of every document, newest version of each kind first. */
  documents: ProjectDocument[];
  checklist: ReviewChecklist;
  /** Words in the reward tiers that may promise a financial return (reward projects). */
  rewardHints: string[];
  audit: AuditLine[];
  /** The review decisions the project's state allows. */
  actions: ReviewAction[];
}

export interface ProjectPage {
  items: ProjectWithCreator[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

export const PAGE_SIZE = 20;
export const MESSAGE_MAX_LENGTH = 5000;

/**
 * The admin side of campaigns: the review queue, the full preview, decisions (approve, request
 * changes, reject) and staff picks. Every method checks that the actor is an administrator.
 */
/** What the creator is told of each decision. */
const DECISION_NOTICES = {
  approve: "review_approved",
  requestChanges: "review_changes_requested",
  reject: "review_rejected",
} as const;

export class ReviewService {
  constructor(private readonly deps: ReviewServiceDeps) {}

  /** Counts for the admin home. */
  async overview(actor: Actor): Promise<ReviewCounts> {
    assertAdmin(actor);
    return reviewCounts(this.deps.db);
  }

  /** Submitted projects, oldest submission first, each with its creator and checklist. */
  async queue(actor: Actor): Promise<QueueEntry[]> {
    assertAdmin(actor);
    const { db } = this.deps;
    const projects = await projectsAwaitingReview(db);
    const entries: QueueEntry[] = [];
    for (const project of projects) {
      const creator = await creatorOf(db, project.creatorId);
      const { facts } = await gatherFacts(db, project);
      entries.push({ project, creator, checklist: reviewChecklist(facts) });
    }
    return entries;
  }

  /** Everything a reviewer needs to judge a project, in any state. */
  async preview(actor: Actor, projectId: number): Promise<ProjectPreview> {
    assertAdmin(actor);
    const { db } = this.deps;
    const project = await findProject(db, projectId);
    if (!project) throw new NotFoundError();
    const { facts, tiers, equity, equityProblems, documents, profile } = await gatherFacts(db, project);
    const cover = project.coverImageId ? await findImage(db, project.coverImageId) : undefined;
    const trail = await auditTrail(db, "project", project.id);
    const names = await userNames(
      db,
      trail.map((e) => e.actorId).filter((id): id is number => id !== null),
    );
    const actions = availableActions("admin", project.state).filter((a): a is ReviewAction =>
      reviewActions.includes(a as ReviewAction),
    );
    return {
      project,
      creator: await creatorOf(db, project.creatorId),
      profile,
      coverKey: cover?.storageKey ?? null,
      tiers,
      equity,
      equityProblems: [...new Set(Object.values(equityProblems))],
      documents,
      checklist: reviewChecklist(facts),
      rewardHints:
        project.kind === "reward" ? financialReturnHints(tiers.flatMap((t) => [t.title, t.description])) : [],
      audit: trail.map((e) => ({
        ...e,
        actorName: e.actorId === null ? null : (names.get(e.actorId) ?? null),
      })),
      actions,
    };
  }

  /**
   * Approves, sends back for changes or rejects a submitted project. The state check, the new state
   * the audit entry and the creator's notification (its email queued in the outbox, in their
   * language) are one transaction, so of two reviewers deciding at once exactly one wins, and a
   * stored decision is always told.
   */
  async decide(actor: Actor, projectId: number, action: ReviewAction, message = ""): Promise<Project> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const text = message.trim();
    if (text.length > MESSAGE_MAX_LENGTH)
      throw new ValidationError({ message: "review.decision.messageTooLong" });
    const now = clock.now();
    const project = await db.transaction(async (trx) => {
      const current = await findProject(trx, projectId);
      if (!current) throw new NotFoundError();
      const { facts } = await gatherFacts(trx, current);
      const decision = decideReview(action, {
        state: current.state,
        message: text,
        missing: reviewChecklist(facts).missing,
      });
      if (!decision.ok) throw refusal(decision.reason, decision.params);
      if (!(await claimState(trx, current.id, current.state, now))) {
        const latest = (await findProject(trx, current.id)) as Project;
        throw refusal("lifecycle.notAllowed", { action, state: latest.state });
      }
      await updateProjectFields(
        trx,
        current.id,
        { state: decision.to, decidedAt: now, reviewMessage: text || null },
        now,
      );
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: `project.${action}`,
          subjectType: "project",
          subjectId: current.id,
          reason: text || undefined,
          details: { from: current.state, to: decision.to },
        },
        now,
      );
      const decided = (await findProject(trx, current.id)) as Project;
      const link = action === "requestChanges" ? `/projects/${decided.id}/edit` : "/dashboard";
      await this.deps.notifier.notify(
        decided.creatorId,
        DECISION_NOTICES[action],
        { title: decided.title, message: text },
        { link, db: trx },
      );
      return decided;
    });
    return project;
  }

  /** Marks a live project as a staff pick, or takes the mark away (in any state). Audited. */
  async setStaffPick(actor: Actor, projectId: number, pick: boolean): Promise<Project> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const project = await findProject(trx, projectId);
      if (!project) throw new NotFoundError();
      const decision = decideStaffPick(project.state, pick);
      if (!decision.ok) throw new RuleError(`review.${decision.reason}`);
      if (project.staffPick === pick) return project; // already so: a repeated click changes nothing
      await updateProjectFields(trx, project.id, { staffPick: pick }, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: pick ? "project.staffPick" : "project.staffPickRemoved",
          subjectType: "project",
          subjectId: project.id,
        },
        now,
      );
      return (await findProject(trx, project.id)) as Project;
    });
  }

  /** A page of projects, optionally only those in one state, or only staff picks. */
  async projects(
    actor: Actor,
    options: { state?: ProjectState; staffPicks?: boolean; page: number },
  ): Promise<ProjectPage> {
    assertAdmin(actor);
    const page = Math.max(1, options.page);
    const { items, total } = await listProjects(this.deps.db, {
      state: options.state,
      staffPicks: options.staffPicks,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), pageSize: PAGE_SIZE };
  }
}

function assertAdmin(actor: Actor): Pick<User, "id" | "role"> {
  if (actor?.role !== "admin") throw new ForbiddenError();
  return actor;
}

/** The domain's refusal as an error the web layer shows: a field error for a missing message, else a 422. */
function refusal(reason: string, params: Record<string, unknown> = {}): Error {
  if (reason === "lifecycle.messageRequired") return new ValidationError({ message: `projects.${reason}` });
  if (reason.startsWith("lifecycle.")) return new RuleError(`projects.${reason}`, params);
  return new RuleError(`review.${reason}`, params);
}

async function creatorOf(db: Db, userId: number): Promise<CreatorSummary> {
  const user = await findUserById(db, userId);
  return { id: userId, name: user?.name ?? "", email: user?.email ?? "" };
}

/** Loads what the checklist looks at. */
async function gatherFacts(db: Db, project: Project) {
  const [tiers, equity, documents, profile] = [
    await tiersOf(db, project.id),
    await equityTermsOf(db, project.id),
    await documentsOf(db, project.id),
    await creatorProfileSummary(db, project.creatorId),
  ];
  const equityProblems = equity ? equityTermsProblems(equity, project) : {};
  const facts: SubmissionFacts = {
    kind: project.kind,
    hasIdentity: Boolean(profile?.legalName.trim() && profile.idNumberLast4),
    hasPayoutAccount: Boolean(profile?.payoutHolder.trim() && profile.payoutAccountLast4),
    risksStated: project.risks.trim().length > 0,
    storyWritten: project.storyMd.trim().length > 0,
    hasCover: project.coverImageId !== null,
    tierCount: tiers.length,
    rewardsAttested: project.rewardsAttested,
    // Terms count only while they still fit the project (as on submission: its goal or currency may have changed).
    hasEquityTerms: equity !== undefined && Object.keys(equityProblems).length === 0,
    documentKinds: [...new Set(documents.map((d) => d.kind))],
  };
  return { facts, tiers, equity, equityProblems, documents, profile };
}
