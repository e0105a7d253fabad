import { fileTypeFromBuffer } from "file-type";
import type { Clock } from "../clock.ts";
import {
  canRate,
  type FirstResponse,
  firstResponse,
  MESSAGE_MAX,
  RATING_COMMENT_MAX,
  SUBJECT_MAX,
  staffReply,
  type TicketCategory,
  type TicketState,
  userReply,
} from "../domain/support.ts";
import { ConflictError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import { findPledge } from "../store/pledges.ts";
import { findProject } from "../store/projects.ts";
import {
  adminsForAssignment,
  findTicket,
  findTicketAttachment,
  insertTicket,
  insertTicketAttachment,
  insertTicketMessage,
  isInternalMessage,
  rateTicket,
  type Ticket,
  type TicketAttachment,
  type TicketMessage,
  type TicketSummary,
  ticketAttachments,
  ticketMessages,
  ticketQueue,
  ticketSubjectsOf,
  ticketSummary,
  ticketsOfUser,
  updateTicket,
} from "../store/support.ts";
import { findUserById, type User } from "../store/users.ts";
import { type Actor, assertAdmin } from "./admin-guard.ts";
import type { Notifier } from "./notifications.ts";
import { UploadRejected, type UploadStore } from "./uploads.ts";

export interface SupportServiceDeps {
  db: Db;
  clock: Clock;
  uploads: UploadStore;
  notifier: Notifier;
  firstResponseHours: number;
}

/** A file sent with a message: images (re-encoded, metadata stripped) and PDFs, recognised by their bytes. */
export interface IncomingFile {
  buffer: Buffer;
  originalName: string;
}

/** What a ticket is about, as the form sends it: "pledge:12", "project:5" or nothing. */
export type About = { kind: "pledge" | "project"; id: number } | null;

export interface TicketView {
  ticket: TicketSummary;
  messages: TicketMessage[];
  /** Attachments by message id. */
  attachments: Map<number, TicketAttachment[]>;
  firstResponse: FirstResponse;
  canRate: boolean;
}

export interface AdminTicketView extends TicketView {
  admins: { id: number; name: string }[];
  user: Pick<User, "id" | "name" | "email" | "locale" | "status">;
}

export const TICKETS_PAGE_SIZE = 25;
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];

/**
 * Support tickets. A signed-in user opens one (optionally about one of their own pledges or
 * projects), writes and reads only their own; admins work the queue: reply (the user is notified
 * by email in their language), add internal notes the user never sees, assign, change the state.
 * Every admin method checks the role itself; a ticket that is not yours is "not found".
 */
export class SupportService {
  constructor(private readonly deps: SupportServiceDeps) {}

  // The user's side ---------------------------------------------------------------------------

  /** The user's own pledges and projects, for the "about" list. */
  subjectsFor(user: Pick<User, "id">) {
    return ticketSubjectsOf(this.deps.db, user.id);
  }

  async open(
    user: Pick<User, "id">,
    input: { category: TicketCategory; subject: string; body: string; about: About; file?: IncomingFile },
  ): Promise<Ticket> {
    const { db, clock } = this.deps;
    const subject = input.subject.trim();
    const body = input.body.trim();
    const errors: Record<string, string> = {};
    if (!subject) errors.subject = "validation.required";
    else if (subject.length > SUBJECT_MAX) errors.subject = "ops.errors.tooLong";
    if (!body) errors.body = "validation.required";
    else if (body.length > MESSAGE_MAX) errors.body = "ops.errors.tooLong";
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const about = await this.checkAbout(user, input.about);
    const stored = input.file ? await this.storeFile(input.file) : undefined;
    const now = clock.now();
    try {
      const id = await db.transaction(async (trx) => {
        const ticketId = await insertTicket(
          trx,
          {
            userId: user.id,
            category: input.category,
            subject,
            pledgeId: about.pledgeId,
            projectId: about.projectId,
          },
          now,
        );
        const messageId = await insertTicketMessage(
          trx,
          { ticketId, authorId: user.id, authorRole: "user", internal: false, body },
          now,
        );
        if (stored)
          await insertTicketAttachment(trx, { ...stored, ticketId, messageId, uploadedBy: user.id }, now);
        return ticketId;
      });
      return (await findTicket(db, id)) as Ticket;
    } catch (error) {
      if (stored) await this.discard(stored);
      throw error;
    }
  }

  mine(user: Pick<User, "id">): Promise<TicketSummary[]> {
    return ticketsOfUser(this.deps.db, user.id);
  }

  /** One of the user's own tickets, without internal notes; anyone else's is "not found". */
  async own(user: Pick<User, "id">, ticketId: number): Promise<TicketView> {
    const ticket = await ticketSummary(this.deps.db, ticketId);
    if (!ticket || ticket.userId !== user.id) throw new NotFoundError();
    return this.view(ticket, false);
  }

  /** The user writes again (with an optional file); a ticket waiting on them is open again. */
  async replyAsUser(
    user: Pick<User, "id">,
    ticketId: number,
    bodyText: string,
    file?: IncomingFile,
  ): Promise<void> {
    const { db, clock } = this.deps;
    const body = checkBody(bodyText);
    const ticket = await findTicket(db, ticketId);
    if (!ticket || ticket.userId !== user.id) throw new NotFoundError();
    const transition = userReply(ticket.state);
    if (!transition.ok) throw new RuleError(transition.reason);
    const stored = file ? await this.storeFile(file) : undefined;
    const now = clock.now();
    try {
      await db.transaction(async (trx) => {
        const current = (await findTicket(trx, ticketId)) as Ticket;
        const again = userReply(current.state); // the state may have changed since it was read
        if (!again.ok) throw new RuleError(again.reason);
        const messageId = await insertTicketMessage(
          trx,
          { ticketId, authorId: user.id, authorRole: "user", internal: false, body },
          now,
        );
        if (stored)
          await insertTicketAttachment(trx, { ...stored, ticketId, messageId, uploadedBy: user.id }, now);
        await updateTicket(trx, ticketId, { state: again.to, lastMessageAt: now }, now);
      });
    } catch (error) {
      if (stored) await this.discard(stored);
      throw error;
    }
  }

  /** Rates a resolved ticket, once: 1 to 5 and an optional comment. */
  async rate(user: Pick<User, "id">, ticketId: number, rating: number, commentText: string): Promise<void> {
    const { db, clock } = this.deps;
    if (!Number.isInteger(rating) || rating < 1 || rating > 5)
      throw new ValidationError({ rating: "ops.tickets.errors.rating" });
    const comment = commentText.trim();
    if (comment.length > RATING_COMMENT_MAX) throw new ValidationError({ comment: "ops.errors.tooLong" });
    const ticket = await findTicket(db, ticketId);
    if (!ticket || ticket.userId !== user.id) throw new NotFoundError();
    if (!canRate(ticket))
      throw new RuleError(
        ticket.rating === null ? "ops.tickets.refused.notResolved" : "ops.tickets.refused.rated",
      );
    if (!(await rateTicket(db, ticketId, rating, comment || null, clock.now())))
      throw new ConflictError("ops.tickets.refused.rated");
  }

  /** Everything the user may keep as evidence: the ticket and every message they can see, with files' fingerprints. */
  async history(user: Pick<User, "id">, ticketId: number): Promise<TicketView> {
    return this.own(user, ticketId);
  }

  /**
   * A file of a ticket, for its owner (not files of internal notes) or an admin: where it is on
   * disk and its type. Anyone else gets "not found".
   */
  async attachmentFor(
    viewer: Pick<User, "id" | "role">,
    attachmentId: number,
  ): Promise<{ attachment: TicketAttachment; path: string; contentType: string }> {
    const { db, uploads } = this.deps;
    const attachment = await findTicketAttachment(db, attachmentId);
    if (!attachment) throw new NotFoundError();
    if (viewer.role !== "admin") {
      const ticket = await findTicket(db, attachment.ticketId);
      if (!ticket || ticket.userId !== viewer.id) throw new NotFoundError();
      if (await isInternalMessage(db, attachment.messageId)) throw new NotFoundError();
    }
    return attachment.kind === "image"
      ? { attachment, path: uploads.imagePath(attachment.storageKey, 1200), contentType: "image/webp" }
      : { attachment, path: uploads.documentPath(attachment.storageKey), contentType: "application/pdf" };
  }

  // The admin's side --------------------------------------------------------------------------

  async queue(
    actor: Actor,
    q: { state: TicketState | "active" | "all"; assignee?: "me" | "none"; overdue?: boolean; page: number },
  ): Promise<{
    items: (TicketSummary & { firstResponse: FirstResponse })[];
    total: number;
    page: number;
    pages: number;
  }> {
    const admin = assertAdmin(actor);
    const { db, clock, firstResponseHours } = this.deps;
    const now = clock.now();
    const page = Math.max(1, q.page);
    const { items, total } = await ticketQueue(db, {
      state: q.state,
      assignee: q.assignee === "me" ? admin.id : q.assignee,
      overdueBefore: q.overdue ? new Date(now.getTime() - firstResponseHours * 3_600_000) : undefined,
      limit: TICKETS_PAGE_SIZE,
      offset: (page - 1) * TICKETS_PAGE_SIZE,
    });
    return {
      items: items.map((t) => ({ ...t, firstResponse: firstResponse(t, firstResponseHours, now) })),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / TICKETS_PAGE_SIZE)),
    };
  }

  async adminView(actor: Actor, ticketId: number): Promise<AdminTicketView> {
    assertAdmin(actor);
    const { db } = this.deps;
    const ticket = await ticketSummary(db, ticketId);
    if (!ticket) throw new NotFoundError();
    const user = (await findUserById(db, ticket.userId)) as User;
    return {
      ...(await this.view(ticket, true)),
      admins: await adminsForAssignment(db),
      user: { id: user.id, name: user.name, email: user.email, locale: user.locale, status: user.status },
    };
  }

  /**
   * An admin answers (the user is emailed) or adds an internal note (nobody is told). The first
   * answer the user can see sets the first-response time. Audited (without the text).
   */
  async replyAsStaff(
    actor: Actor,
    ticketId: number,
    input: { body: string; internal: boolean; resolve: boolean },
    file?: IncomingFile,
  ): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const body = checkBody(input.body);
    const stored = file ? await this.storeFile(file) : undefined;
    const now = clock.now();
    try {
      await db.transaction(async (trx) => {
        const ticket = await findTicket(trx, ticketId);
        if (!ticket) throw new NotFoundError();
        const messageId = await insertTicketMessage(
          trx,
          { ticketId, authorId: admin.id, authorRole: "staff", internal: input.internal, body },
          now,
        );
        if (stored)
          await insertTicketAttachment(trx, { ...stored, ticketId, messageId, uploadedBy: admin.id }, now);
        if (input.internal) {
          await recordAudit(
            trx,
            {
              actorId: admin.id,
              action: "ticket.note",
              subjectType: "ticket",
              subjectId: ticketId,
              details: { messageId },
            },
            now,
          );
          return;
        }
        const transition = staffReply(ticket.state, input.resolve);
        if (!transition.ok) throw new RuleError(transition.reason);
        await updateTicket(
          trx,
          ticketId,
          {
            state: transition.to,
            lastMessageAt: now,
            ...(ticket.firstResponseAt ? {} : { firstResponseAt: now }),
            ...(transition.to === "resolved" ? { resolvedAt: now } : {}),
            ...(ticket.assignedTo === null ? { assignedTo: admin.id } : {}),
          },
          now,
        );
        await recordAudit(
          trx,
          {
            actorId: admin.id,
            action: "ticket.reply",
            subjectType: "ticket",
            subjectId: ticketId,
            details: { messageId, from: ticket.state, to: transition.to },
          },
          now,
        );
        await this.deps.notifier.notify(
          ticket.userId,
          "support_reply",
          { subject: ticket.subject, excerpt: excerpt(body) },
          { link: `/support/tickets/${ticketId}`, db: trx },
        );
      });
    } catch (error) {
      if (stored) await this.discard(stored);
      throw error;
    }
  }

  /** Assigns the ticket to an active admin, or to nobody (null). Audited. */
  async assign(actor: Actor, ticketId: number, assigneeId: number | null): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const ticket = await findTicket(trx, ticketId);
      if (!ticket) throw new NotFoundError();
      if (assigneeId !== null) {
        const assignee = await findUserById(trx, assigneeId);
        if (assignee?.role !== "admin" || assignee.status !== "active")
          throw new ValidationError({ assignee: "ops.tickets.errors.assignee" });
      }
      if (ticket.assignedTo === assigneeId) return;
      await updateTicket(trx, ticketId, { assignedTo: assigneeId }, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: "ticket.assign",
          subjectType: "ticket",
          subjectId: ticketId,
          details: { from: ticket.assignedTo, to: assigneeId },
        },
        now,
      );
    });
  }

  /** Sets the state by hand (e.g. resolves without a reply, or reopens). Audited. */
  async setState(actor: Actor, ticketId: number, state: TicketState): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const ticket = await findTicket(trx, ticketId);
      if (!ticket) throw new NotFoundError();
      if (ticket.state === state) return;
      await updateTicket(trx, ticketId, { state, resolvedAt: state === "resolved" ? now : null }, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: "ticket.state",
          subjectType: "ticket",
          subjectId: ticketId,
          details: { from: ticket.state, to: state },
        },
        now,
      );
    });
  }

  // Internals ---------------------------------------------------------------------------------

  private async view(ticket: TicketSummary, includeInternal: boolean): Promise<TicketView> {
    const { db, clock, firstResponseHours } = this.deps;
    const messages = await ticketMessages(db, ticket.id, { includeInternal });
    const visible = new Set(messages.map((m) => m.id));
    const attachments = new Map<number, TicketAttachment[]>();
    for (const a of await ticketAttachments(db, ticket.id)) {
      if (!visible.has(a.messageId)) continue;
      attachments.set(a.messageId, [...(attachments.get(a.messageId) ?? []), a]);
    }
    return {
      ticket,
      messages,
      attachments,
      firstResponse: firstResponse(ticket, firstResponseHours, clock.now()),
      canRate: canRate(ticket),
    };
  }

  /** The pledge or project must be the user's own; a tampered id is a field error (422). */
  private async checkAbout(
    user: Pick<User, "id">,
    about: About,
  ): Promise<{ pledgeId: number | null; projectId: number | null }> {
    if (!about) return { pledgeId: null, projectId: null };
    const { db } = this.deps;
    if (about.kind === "pledge") {
      const pledge = await findPledge(db, about.id);
      if (!pledge || pledge.backerId !== user.id)
        throw new ValidationError({ about: "ops.tickets.errors.aboutNotYours" });
      return { pledgeId: pledge.id, projectId: pledge.projectId };
    }
    const project = await findProject(db, about.id);
    if (!project || project.creatorId !== user.id)
      throw new ValidationError({ about: "ops.tickets.errors.aboutNotYours" });
    return { pledgeId: null, projectId: project.id };
  }

  /** Stores an image (re-encoded) or a PDF; anything else is refused by its bytes, whatever its name. */
  private async storeFile(file: IncomingFile) {
    const { uploads } = this.deps;
    if (file.buffer.length === 0) throw new UploadRejected(422, "projects.uploads.empty");
    const type = await fileTypeFromBuffer(file.buffer);
    const name = file.originalName.replace(/[\p{C}]/gu, "").slice(0, 200) || "attachment";
    if (type && IMAGE_TYPES.includes(type.mime)) {
      const image = await uploads.storeImage(file.buffer);
      return {
        kind: "image" as const,
        storageKey: image.storageKey,
        sha256: image.sha256,
        sizeBytes: file.buffer.length,
        originalName: name,
      };
    }
    if (type?.mime === "application/pdf") {
      const doc = await uploads.storeDocument(file.buffer);
      return {
        kind: "pdf" as const,
        storageKey: doc.storageKey,
        sha256: doc.sha256,
        sizeBytes: doc.sizeBytes,
        originalName: name,
      };
    }
    throw new UploadRejected(415, "ops.tickets.attachments.notAllowed");
  }

  private async discard(stored: { kind: "image" | "pdf"; storageKey: string }) {
    if (stored.kind === "image") await this.deps.uploads.discardImage(stored.storageKey);
    else await this.deps.uploads.discardDocument(stored.storageKey);
  }
}

function checkBody(text: string): string {
  const body = text.trim();
  if (!body) throw new ValidationError({ body: "validation.required" });
  if (body.length > MESSAGE_MAX) throw new ValidationError({ body: "ops.errors.tooLong" });
  return body;
}

/** The first lines of a message for an email: at most 300 characters, cut at a word. */
export function excerpt(text: string, max = 300): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join("");
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
