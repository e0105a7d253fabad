import type { Clock } from "../clock.ts";
import {
  acceptsUpdates,
  canReadUpdate,
  UPDATE_BODY_MAX,
  UPDATE_TITLE_MAX,
  type UpdateVisibility,
} from "../domain/comms.ts";
import { renderStory } from "../domain/markdown.ts";
import { isPublic } from "../domain/project-lifecycle.ts";
import { NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import {
  findUpdate,
  insertUpdate,
  isSupporter,
  type ProjectUpdate,
  supportersOf,
  updatesOf,
} from "../store/comms.ts";
import type { Db } from "../store/db.ts";
import { insertImage } from "../store/images.ts";
import { findProject, type Project } from "../store/projects.ts";
import type { Notifier } from "./notifications.ts";
import type { Actor } from "./projects.ts";
import type { UploadStore } from "./uploads.ts";

export interface UpdateServiceDeps {
  db: Db;
  clock: Clock;
  uploads: UploadStore;
  notifier: Notifier;
}

export interface NewUpdateInput {
  title: string;
  bodyMd: string;
  visibility: UpdateVisibility;
  image?: Buffer;
}

/** An update as a viewer sees it in a list: the whole update, or only that a locked one exists. */
export type UpdateListItem =
  | { locked: false; update: ProjectUpdate }
  | { locked: true; update: Pick<ProjectUpdate, "id" | "createdAt" | "visibility"> };

export interface UpdatePage {
  items: UpdateListItem[];
  total: number;
  page: number;
  pages: number;
}

export const UPDATES_PAGE_SIZE = 5;

/** What a viewer is to a project, for what they may read and do. */
export interface Relation {
  isCreator: boolean;
  isAdmin: boolean;
  isBacker: boolean;
}

/**
 * Creator updates: the creator (or an admin) posts Markdown, sanitized, with an optional image,
 * public or for backers and investors only; every supporter is notified (kind project_update,
 * an optional email). Backers-only updates are readable by supporters, the creator and admins.
 */
export class UpdateService {
  constructor(private readonly deps: UpdateServiceDeps) {}

  async relation(viewer: Actor | undefined, project: Project, db: Db = this.deps.db): Promise<Relation> {
    return {
      isCreator: viewer?.id === project.creatorId,
      isAdmin: viewer?.role === "admin",
      isBacker: viewer ? await isSupporter(db, project.id, viewer.id) : false,
    };
  }

  /** The project, if the actor may post updates to it (its creator or an admin, once launched). */
  async postable(actor: Actor, projectId: number, db: Db = this.deps.db): Promise<Project> {
    const project = await findProject(db, projectId);
    if (!project || (project.creatorId !== actor.id && actor.role !== "admin")) throw new NotFoundError();
    if (!acceptsUpdates(project.state)) throw new RuleError("comms.updates.notLaunched");
    return project;
  }

  /** Posts an update and notifies the project's backers. Returns its id and how many were notified. */
  async post(
    actor: Actor,
    projectId: number,
    input: NewUpdateInput,
  ): Promise<{ id: number; notified: number }> {
    const { db, clock, uploads, notifier } = this.deps;
    const title = input.title.trim();
    const bodyMd = input.bodyMd.trim();
    const errors: Record<string, string> = {};
    if (!title) errors.title = "validation.required";
    else if ([...title].length > UPDATE_TITLE_MAX) errors.title = "comms.updates.errors.titleTooLong";
    if (!bodyMd) errors.body = "validation.required";
    else if (bodyMd.length > UPDATE_BODY_MAX) errors.body = "comms.updates.errors.bodyTooLong";
    const bodyHtml = renderStory(bodyMd);
    if (!errors.body && bodyMd && !bodyHtml.replace(/<[^>]*>/g, "").trim())
      errors.body = "comms.updates.errors.bodyEmpty";
    if (Object.keys(errors).length) throw new ValidationError(errors);
    await this.postable(actor, projectId);
    const stored = input.image ? await uploads.storeImage(input.image) : null;
    const now = clock.now();
    try {
      return await db.transaction(async (trx) => {
        const project = await this.postable(actor, projectId, trx);
        const imageId = stored ? await insertImage(trx, { ownerId: actor.id, ...stored }, now) : null;
        const id = await insertUpdate(
          trx,
          { projectId, authorId: actor.id, title, bodyMd, bodyHtml, imageId, visibility: input.visibility },
          now,
        );
        await recordAudit(
          trx,
          {
            actorId: actor.id,
            action: "project.update_post",
            subjectType: "project",
            subjectId: projectId,
            details: { updateId: id, visibility: input.visibility },
          },
          now,
        );
        const audience = (await supportersOf(trx, projectId)).filter((userId) => userId !== actor.id);
        await notifier.notifyMany(
          audience,
          "project_update",
          { project: project.title, title },
          { link: `/projects/${projectId}/updates/${id}`, db: trx },
        );
        return { id, notified: audience.length };
      });
    } catch (error) {
      if (stored) await uploads.discardImage(stored.storageKey);
      throw error;
    }
  }

  /** A page of a project's updates as the viewer may see them. */
  async list(
    viewer: Actor | undefined,
    project: Project,
    page: number,
    relation?: Relation,
  ): Promise<UpdatePage> {
    const rel = relation ?? (await this.relation(viewer, project));
    const current = Math.max(1, page);
    const { items, total } = await updatesOf(this.deps.db, project.id, {
      limit: UPDATES_PAGE_SIZE,
      offset: (current - 1) * UPDATES_PAGE_SIZE,
    });
    return {
      items: items.map((update) =>
        canReadUpdate(update.visibility, rel)
          ? { locked: false, update }
          : {
              locked: true,
              update: { id: update.id, createdAt: update.createdAt, visibility: update.visibility },
            },
      ),
      total,
      page: current,
      pages: Math.max(1, Math.ceil(total / UPDATES_PAGE_SIZE)),
    };
  }

  /**
   * One update for a viewer. Not found when the project is not public (and the viewer not its
   * creator or an admin), or the update is not this project's; `locked` when it is for backers only.
   */
  async show(
    viewer: Actor | undefined,
    projectId: number,
    updateId: number,
  ): Promise<{ project: Project; update: ProjectUpdate; locked: boolean }> {
    const { db } = this.deps;
    const project = await findProject(db, projectId);
    const update = await findUpdate(db, updateId);
    if (!project || !update || update.projectId !== project.id) throw new NotFoundError();
    const rel = await this.relation(viewer, project);
    if (!isPublic(project.state) && !rel.isCreator && !rel.isAdmin) throw new NotFoundError();
    return { project, update, locked: !canReadUpdate(update.visibility, rel) };
  }
}
