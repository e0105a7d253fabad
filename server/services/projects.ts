import type { Clock } from "../clock.ts";
import {
  type EquityTermsInput,
  equityTermsProblems,
  monthOf,
  type TierRulesInput,
  tierProblems,
} from "../domain/creator-rules.ts";
import { renderStory } from "../domain/markdown.ts";
import type { Currency } from "../domain/money.ts";
import {
  availableActions,
  type Decision,
  deadlineFor,
  decide,
  isEditable,
  isPublic,
  type ProjectAction,
  type ProjectState,
} from "../domain/project-lifecycle.ts";
import {
  type Category,
  type DocumentKind,
  type ProjectKind,
  type SubmissionFacts,
  submissionChecklist,
} from "../domain/project-rules.ts";
import { NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { isIdentityVerified } from "../store/identity.ts";
import { findImage, insertImage } from "../store/images.ts";
import { cancelActivePledgesOf, type Pledge } from "../store/pledges.ts";
import {
  currentDocuments,
  deleteTier,
  documentsOf,
  type EquityTerms,
  equityTermsOf,
  findDocument,
  findProject,
  insertDocumentVersion,
  insertProject,
  insertTier,
  type Project,
  type ProjectDocument,
  projectsByCreator,
  type RewardTier,
  type RewardTierInput,
  saveEquityTerms,
  tiersOf,
  updateProjectContent,
  updateProjectFields,
  updateTier,
} from "../store/projects.ts";
import { indexProject, unindexProject } from "../store/search.ts";
import type { Role } from "../store/users.ts";
import type { CreatorProfileService } from "./creator-profiles.ts";
import {
  releaseCommitmentsOfCancelledOffering,
  requireReconfirmationAfterMaterialChange,
} from "./investing.ts";
import { money, type Notifier } from "./notifications.ts";
import type { UploadStore } from "./uploads.ts";

/** Who is acting: the signed-in user (only the id and role matter here). */
export interface Actor {
  id: number;
  role: Role;
}

export interface ProjectServiceDeps {
  db: Db;
  clock: Clock;
  uploads: UploadStore;
  profiles: CreatorProfileService;
  /**
   * Backers and investors are told through it (in-app notification + email) when a cancelled campaign
   * releases their pledges or commitments, and investors when a material change asks them to reconfirm.
   */
  notifier: Notifier;
}

export interface NewProjectInput {
  kind: ProjectKind;
  title: string;
  blurb: string;
  category: Category;
  location: string;
  goalMinor: number;
  currency: Currency;
  durationDays: number;
}

export interface ProjectBasicsInput extends Omit<NewProjectInput, "kind"> {
  storyMd: string;
  risks: string;
  team: string;
}

export type TierInput = RewardTierInput;

export interface ChecklistItem {
  key: string;
  done: boolean;
}

export interface DashboardEntry {
  project: Project;
  coverKey: string | null;
  /** Lifecycle steps the creator can take now (availableActions). */
  actions: ProjectAction[];
  editable: boolean;
}

/**
 * Releases the active pledges of a project that was just cancelled, inside the cancel transaction.
 * (Equity commitments join here when they exist.) Returns them so their backers can be told.
 */
export async function releasePledgesOfCancelledProject(
  trx: Db,
  project: Project,
  now: Date,
): Promise<Pledge[]> {
  return cancelActivePledgesOf(trx, project.id, now);
}

/** A refused lifecycle step, with the domain's reason (an i18n key under projects.*) and its facts. */
export class LifecycleRefused extends RuleError {
  constructor(readonly decision: Extract<Decision, { ok: false }>) {
    super(`projects.${decision.reason}`, decision.params ?? {});
  }
}

/**
 * The creator's use cases: draft, edit, tiers, equity terms, documents, submit, launch, cancel.
 * Every method takes the acting user and checks that the project is theirs: someone else's project
 * (admins included) is reported as not found, so ids reveal nothing.
 */
export class ProjectService {
  constructor(private readonly deps: ProjectServiceDeps) {}

  // Loading with authorization -------------------------------------------------------------

  /** The actor's own project, or NotFoundError. */
  async own(actor: Actor, projectId: number, db: Db = this.deps.db): Promise<Project> {
    const project = await findProject(db, projectId);
    if (!project || project.creatorId !== actor.id) throw new NotFoundError();
    return project;
  }

  /** The actor's own project while its content may be changed (draft, changes requested). */
  async editable(actor: Actor, projectId: number, db: Db = this.deps.db): Promise<Project> {
    const project = await this.own(actor, projectId, db);
    if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
    return project;
  }

  /** Whether a viewer (signed in or not) may see a project: the public once live; before that its creator and admins. */
  canView(viewer: Actor | undefined, project: Project): boolean {
    return isPublic(project.state) || viewer?.role === "admin" || viewer?.id === project.creatorId;
  }

  /** The storage key of a project's cover, for imageUrl(). */
  async coverKey(project: Pick<Project, "coverImageId">): Promise<string | null> {
    if (!project.coverImageId) return null;
    return (await findImage(this.deps.db, project.coverImageId))?.storageKey ?? null;
  }

  // Drafting --------------------------------------------------------------------------------

  async create(actor: Actor, input: NewProjectInput): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const id = await insertProject(
        trx,
        {
          creatorId: actor.id,
          kind: input.kind,
          title: input.title,
          blurb: input.blurb,
          category: input.category,
          location: input.location,
          goalMinor: input.goalMinor,
          currency: input.currency,
          durationDays: input.durationDays,
          storyMd: "",
          storyHtml: "",
          risks: "",
          team: "",
        },
        now,
      );
      await recordAudit(
        trx,
        { actorId: actor.id, action: "project.create", subjectType: "project", subjectId: id },
        now,
      );
      return id;
    });
  }

  /** Saves the basics, story, risks and team. The story is stored as written and as sanitized HTML. */
  async updateBasics(actor: Actor, projectId: number, input: ProjectBasicsInput): Promise<void> {
    const { db, clock } = this.deps;
    await db.transaction(async (trx) => {
      await this.editable(actor, projectId, trx);
      await updateProjectContent(
        trx,
        projectId,
        { ...input, storyHtml: renderStory(input.storyMd) },
        clock.now(),
      );
    });
  }

  /** Stores a new cover image (see UploadStore.storeImage) and makes it the project's cover. */
  async setCover(actor: Actor, projectId: number, file: Buffer): Promise<string> {
    const { db, clock, uploads } = this.deps;
    await this.editable(actor, projectId);
    const stored = await uploads.storeImage(file);
    const now = clock.now();
    try {
      await db.transaction(async (trx) => {
        await this.editable(actor, projectId, trx);
        const imageId = await insertImage(trx, { ownerId: actor.id, ...stored }, now);
        await updateProjectFields(trx, projectId, { coverImageId: imageId }, now);
      });
    } catch (error) {
      await uploads.discardImage(stored.storageKey);
      throw error;
    }
    return stored.storageKey;
  }

  // Reward tiers ----------------------------------------------------------------------------

  private async rewardProject(actor: Actor, projectId: number, db: Db): Promise<Project> {
    const project = await this.own(actor, projectId, db);
    if (project.kind !== "reward") throw new NotFoundError();
    return project;
  }

  async tiers(actor: Actor, projectId: number): Promise<{ project: Project; tiers: RewardTier[] }> {
    const project = await this.rewardProject(actor, projectId, this.deps.db);
    return { project, tiers: await tiersOf(this.deps.db, projectId) };
  }

  async tier(
    actor: Actor,
    projectId: number,
    tierId: number,
  ): Promise<{ project: Project; tier: RewardTier }> {
    const { project, tiers } = await this.tiers(actor, projectId);
    const tier = tiers.find((t) => t.id === tierId);
    if (!tier) throw new NotFoundError();
    return { project, tier };
  }

  private checkTier(input: TierRulesInput, quantityClaimed = 0) {
    const errors = tierProblems(input, { currentMonth: monthOf(this.deps.clock.now()), quantityClaimed });
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }

  async addTier(actor: Actor, projectId: number, input: TierInput): Promise<number> {
    const { db, clock } = this.deps;
    this.checkTier(input);
    return db.transaction(async (trx) => {
      const project = await this.rewardProject(actor, projectId, trx);
      if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
      return insertTier(trx, projectId, input, clock.now());
    });
  }

  async updateTier(actor: Actor, projectId: number, tierId: number, input: TierInput): Promise<void> {
    const { db } = this.deps;
    await db.transaction(async (trx) => {
      const project = await this.rewardProject(actor, projectId, trx);
      const tier = (await tiersOf(trx, projectId)).find((t) => t.id === tierId);
      if (!tier) throw new NotFoundError();
      if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
      this.checkTier(input, tier.quantityClaimed);
      await updateTier(trx, tierId, input);
    });
  }

  async removeTier(actor: Actor, projectId: number, tierId: number): Promise<void> {
    const { db } = this.deps;
    await db.transaction(async (trx) => {
      const project = await this.rewardProject(actor, projectId, trx);
      const tier = (await tiersOf(trx, projectId)).find((t) => t.id === tierId);
      if (!tier) throw new NotFoundError();
      if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
      await deleteTier(trx, tierId);
    });
  }

  /** The creator attests (or withdraws the attestation) that rewards are goods, services or media only. */
  async attestRewards(actor: Actor, projectId: number, attested: boolean): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const project = await this.rewardProject(actor, projectId, trx);
      if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
      await updateProjectFields(trx, projectId, { rewardsAttested: attested }, now);
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: attested ? "project.rewards_attest" : "project.rewards_attest_withdraw",
          subjectType: "project",
          subjectId: projectId,
        },
        now,
      );
    });
  }

  // Equity ----------------------------------------------------------------------------------

  private async equityProject(actor: Actor, projectId: number, db: Db): Promise<Project> {
    const project = await this.own(actor, projectId, db);
    if (project.kind !== "equity") throw new NotFoundError();
    return project;
  }

  async equity(
    actor: Actor,
    projectId: number,
  ): Promise<{ project: Project; terms: EquityTerms | undefined; documents: ProjectDocument[] }> {
    const { db } = this.deps;
    const project = await this.equityProject(actor, projectId, db);
    return {
      project,
      terms: await equityTermsOf(db, projectId),
      documents: await documentsOf(db, projectId),
    };
  }

  async saveEquityTerms(actor: Actor, projectId: number, input: EquityTermsInput): Promise<void> {
    const { db } = this.deps;
    await db.transaction(async (trx) => {
      const project = await this.equityProject(actor, projectId, trx);
      if (!isEditable(project.state)) throw new RuleError("projects.edit.locked", { state: project.state });
      const errors = equityTermsProblems(input, project);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await saveEquityTerms(trx, { projectId, ...input });
    });
  }

  /**
   * Adds a new version of a financial statement or disclosure document. Allowed while the project
   * can be edited and while it is live (a material change; investors reconfirm, see issue 5).
   */
  async addDocument(
    actor: Actor,
    projectId: number,
    input: { kind: DocumentKind; materialChange: boolean; originalName: string; file: Buffer },
  ): Promise<ProjectDocument> {
    const { db, clock, uploads, notifier } = this.deps;
    const check = (project: Project) => {
      if (!isEditable(project.state) && project.state !== "live") {
        throw new RuleError("projects.edit.locked", { state: project.state });
      }
    };
    check(await this.equityProject(actor, projectId, db));
    const stored = await uploads.storeDocument(input.file);
    const now = clock.now();
    try {
      return await db.transaction(async (trx) => {
        const project = await this.equityProject(actor, projectId, trx);
        check(project);
        const doc = await insertDocumentVersion(
          trx,
          {
            projectId,
            kind: input.kind,
            originalName: safeOriginalName(input.originalName),
            storageKey: stored.storageKey,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
            materialChange: input.materialChange,
            uploadedBy: actor.id,
          },
          now,
        );
        await recordAudit(
          trx,
          {
            actorId: actor.id,
            action: "project.document_upload",
            subjectType: "project",
            subjectId: projectId,
            details: {
              documentId: doc.id,
              kind: doc.kind,
              version: doc.version,
              sha256: doc.sha256,
              materialChange: doc.materialChange,
            },
          },
          now,
        );
        // Issue 5: a material change to a live Reg CF offering asks its investors to reconfirm.
        await requireReconfirmationAfterMaterialChange(trx, project, doc, now, notifier);
        return doc;
      });
    } catch (error) {
      await uploads.discardDocument(stored.storageKey);
      throw error;
    }
  }

  /**
   * A document for a viewer: its creator and admins always; others only once the project is public,
   * and for the China regime (no public promotion) only verified users. Otherwise NotFoundError.
   */
  async documentFor(
    viewer: Actor | undefined,
    projectId: number,
    documentId: number,
  ): Promise<{ document: ProjectDocument; path: string }> {
    const { db, uploads } = this.deps;
    const project = await findProject(db, projectId);
    const document = await findDocument(db, documentId);
    if (!project || !document || document.projectId !== project.id) throw new NotFoundError();
    const privileged = viewer?.role === "admin" || viewer?.id === project.creatorId;
    if (!privileged) {
      if (!isPublic(project.state)) throw new NotFoundError();
      const terms = await equityTermsOf(db, project.id);
      // China (no public promotion): real-name verified users only (issue 5).
      if (terms?.regime === "cn_private" && !(viewer && (await isIdentityVerified(db, viewer.id))))
        throw new NotFoundError();
    }
    return { document, path: uploads.documentPath(document.storageKey) };
  }

  // Lifecycle -------------------------------------------------------------------------------

  /** Facts for submissionChecklist(), read inside the caller's transaction. */
  private async submissionFacts(project: Project, db: Db): Promise<SubmissionFacts> {
    const completeness = await this.deps.profiles.completeness(project.creatorId, db);
    const base = {
      kind: project.kind,
      hasIdentity: completeness.identity,
      hasPayoutAccount: completeness.payout,
      risksStated: project.risks.trim().length > 0,
      storyWritten: project.storyMd.trim().length > 0,
      hasCover: project.coverImageId !== null,
    };
    if (project.kind === "reward") {
      const tiers = await tiersOf(db, project.id);
      return {
        ...base,
        tierCount: tiers.length,
        rewardsAttested: project.rewardsAttested,
        hasEquityTerms: false,
        documentKinds: [],
      };
    }
    const terms = await equityTermsOf(db, project.id);
    const documents = currentDocuments(await documentsOf(db, project.id));
    return {
      ...base,
      tierCount: 0,
      rewardsAttested: false,
      // Terms count only while they still fit the project (its goal or currency may have changed since).
      hasEquityTerms: Boolean(terms && Object.keys(equityTermsProblems(terms, project)).length === 0),
      documentKinds: documents.map((d) => d.kind),
    };
  }

  /** Every item of the checklist for this kind of project, each done or not. */
  async checklist(actor: Actor, projectId: number): Promise<{ project: Project; items: ChecklistItem[] }> {
    const project = await this.own(actor, projectId);
    const facts = await this.submissionFacts(project, this.deps.db);
    const missing = submissionChecklist(facts);
    const all = submissionChecklist({
      kind: project.kind,
      hasIdentity: false,
      hasPayoutAccount: false,
      risksStated: false,
      storyWritten: false,
      hasCover: false,
      tierCount: 0,
      rewardsAttested: false,
      hasEquityTerms: false,
      documentKinds: [],
    });
    return { project, items: all.map((key) => ({ key, done: !missing.includes(key) })) };
  }

  /** Sends the project to the review queue (draft or changes requested, checklist complete). */
  async submit(actor: Actor, projectId: number): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const project = await this.own(actor, projectId, trx);
      const missing = submissionChecklist(await this.submissionFacts(project, trx));
      const decision = decide("submit", "creator", { state: project.state, missingForSubmission: missing });
      if (!decision.ok) throw new LifecycleRefused(decision);
      await updateProjectFields(trx, projectId, { state: decision.to, submittedAt: now }, now);
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: "project.submit",
          subjectType: "project",
          subjectId: projectId,
          details: { from: project.state, to: decision.to },
        },
        now,
      );
    });
  }

  /** Opens an approved project to the public: the deadline is now plus the campaign length. */
  async launch(actor: Actor, projectId: number): Promise<Date> {
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const project = await this.own(actor, projectId, trx);
      const decision = decide("launch", "creator", { state: project.state });
      if (!decision.ok) throw new LifecycleRefused(decision);
      const deadlineAt = deadlineFor(now, project.durationDays);
      await updateProjectFields(trx, projectId, { state: decision.to, launchedAt: now, deadlineAt }, now);
      await indexProject(trx, project);
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: "project.launch",
          subjectType: "project",
          subjectId: projectId,
          details: { from: project.state, to: decision.to, deadlineAt: deadlineAt.toISOString() },
        },
        now,
      );
      return deadlineAt;
    });
  }

  /** Cancels the project (from draft, in review, changes requested, approved or live). */
  async cancel(actor: Actor, projectId: number, reason: string): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const project = await this.own(actor, projectId, trx);
      const decision = decide("cancel", "creator", { state: project.state });
      if (!decision.ok) throw new LifecycleRefused(decision);
      await updateProjectFields(trx, projectId, { state: decision.to }, now);
      await unindexProject(trx, projectId);
      // Backers and investors are told in the same transaction that releases what they pledged.
      const pledges = await releasePledgesOfCancelledProject(trx, { ...project, state: decision.to }, now);
      for (const pledge of pledges) {
        await notifier.notify(
          pledge.backerId,
          "pledge_released",
          { project: project.title, total: money(pledge.totalMinor, pledge.currency) },
          { link: `/pledges/${pledge.id}`, db: trx },
        );
      }
      // Issue 5: equity commitments are cancelled with the offering (nothing is ever charged).
      await releaseCommitmentsOfCancelledOffering(trx, project, now, notifier);
      await recordAudit(
        trx,
        {
          actorId: actor.id,
          action: "project.cancel",
          subjectType: "project",
          subjectId: projectId,
          reason: reason || undefined,
          details: { from: project.state, to: decision.to },
        },
        now,
      );
    });
  }

  /** Checks a lifecycle step without taking it (for confirmation pages). */
  async canTake(actor: Actor, projectId: number, action: ProjectAction): Promise<Project> {
    const project = await this.own(actor, projectId);
    const decision = decide(action, "creator", { state: project.state });
    if (!decision.ok) throw new LifecycleRefused(decision);
    return project;
  }

  // Dashboard -------------------------------------------------------------------------------

  async dashboard(actor: Actor): Promise<DashboardEntry[]> {
    const projects = await projectsByCreator(this.deps.db, actor.id);
    const entries: DashboardEntry[] = [];
    for (const project of projects) {
      entries.push({
        project,
        coverKey: await this.coverKey(project),
        actions: availableActions("creator", project.state),
        editable: isEditable(project.state),
      });
    }
    return entries;
  }
}

/** A document's original name kept for the record: printable characters only, at most 200. */
export function safeOriginalName(name: string): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}\\/]/gu, "")
    .trim()
    .slice(0, 200);
  return cleaned || "document.pdf";
}

/** Which states a creator sees the reviewer's message in. */
export function showsReviewMessage(state: ProjectState): boolean {
  return state === "changes_requested" || state === "rejected";
}
