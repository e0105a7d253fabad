/**
 * Support tickets: the ticket, its messages (internal notes included, flagged), its attachments,
 * and the admin queue. The only place that knows their SQL.
 */
import type { Knex } from "knex";
import type { TicketCategory, TicketState } from "../domain/support.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface Ticket {
  id: number;
  userId: number;
  category: TicketCategory;
  subject: string;
  state: TicketState;
  pledgeId: number | null;
  projectId: number | null;
  assignedTo: number | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  lastMessageAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface TicketMessage {
  id: number;
  ticketId: number;
  authorId: number;
  authorName: string;
  authorRole: "user" | "staff";
  internal: boolean;
  body: string;
  createdAt: Date;
}

export interface TicketAttachment {
  id: number;
  ticketId: number;
  messageId: number;
  kind: "image" | "pdf";
  storageKey: string;
  originalName: string;
  sha256: string;
  sizeBytes: number;
  uploadedBy: number;
  createdAt: Date;
}

/** A ticket as a list shows it: with its user, the assigned admin and what it is about. */
export interface TicketSummary extends Ticket {
  userName: string;
  userEmail: string;
  assigneeName: string | null;
  projectTitle: string | null;
}

const time = (v: string | null | undefined): Date | null => (v ? fromDbTime(v) : null);

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toTicket(r: any): Ticket {
  return {
    id: r.id,
    userId: r.user_id,
    category: r.category,
    subject: r.subject,
    state: r.state,
    pledgeId: r.pledge_id ?? null,
    projectId: r.project_id ?? null,
    assignedTo: r.assigned_to ?? null,
    firstResponseAt: time(r.first_response_at),
    resolvedAt: time(r.resolved_at),
    rating: r.rating ?? null,
    ratingComment: r.rating_comment ?? null,
    ratedAt: time(r.rated_at),
    lastMessageAt: fromDbTime(r.last_message_at),
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toSummary(r: any): TicketSummary {
  return {
    ...toTicket(r),
    userName: r.user_name,
    userEmail: r.user_email,
    assigneeName: r.assignee_name ?? null,
    projectTitle: r.project_title ?? null,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toAttachment(r: any): TicketAttachment {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    messageId: r.message_id,
    kind: r.kind,
    storageKey: r.storage_key,
    originalName: r.original_name,
    sha256: r.sha256,
    sizeBytes: r.size_bytes,
    uploadedBy: r.uploaded_by,
    createdAt: fromDbTime(r.created_at),
  };
}

export async function insertTicket(
  db: Db,
  t: {
    userId: number;
    category: TicketCategory;
    subject: string;
    pledgeId: number | null;
    projectId: number | null;
  },
  now: Date,
): Promise<number> {
  const [row] = await db("support_tickets")
    .insert({
      user_id: t.userId,
      category: t.category,
      subject: t.subject,
      state: "open",
      pledge_id: t.pledgeId,
      project_id: t.projectId,
      last_message_at: toDbTime(now),
      created_at: toDbTime(now),
      updated_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function insertTicketMessage(
  db: Db,
  m: { ticketId: number; authorId: number; authorRole: "user" | "staff"; internal: boolean; body: string },
  now: Date,
): Promise<number> {
  const [row] = await db("ticket_messages")
    .insert({
      ticket_id: m.ticketId,
      author_id: m.authorId,
      author_role: m.authorRole,
      internal: m.internal,
      body: m.body,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function insertTicketAttachment(
  db: Db,
  a: Omit<TicketAttachment, "id" | "createdAt">,
  now: Date,
): Promise<number> {
  const [row] = await db("ticket_attachments")
    .insert({
      ticket_id: a.ticketId,
      message_id: a.messageId,
      kind: a.kind,
      storage_key: a.storageKey,
      original_name: a.originalName,
      sha256: a.sha256,
      size_bytes: a.sizeBytes,
      uploaded_by: a.uploadedBy,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findTicket(db: Db, id: number): Promise<Ticket | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("support_tickets").where({ id }).first();
  return row && toTicket(row);
}

export async function updateTicket(
  db: Db,
  id: number,
  changes: Partial<{
    state: TicketState;
    assignedTo: number | null;
    firstResponseAt: Date;
    resolvedAt: Date | null;
    rating: number;
    ratingComment: string | null;
    ratedAt: Date;
    lastMessageAt: Date;
  }>,
  now: Date,
): Promise<void> {
  const row: Record<string, unknown> = { updated_at: toDbTime(now) };
  if (changes.state !== undefined) row.state = changes.state;
  if (changes.assignedTo !== undefined) row.assigned_to = changes.assignedTo;
  if (changes.firstResponseAt !== undefined) row.first_response_at = toDbTime(changes.firstResponseAt);
  if (changes.resolvedAt !== undefined)
    row.resolved_at = changes.resolvedAt ? toDbTime(changes.resolvedAt) : null;
  if (changes.rating !== undefined) row.rating = changes.rating;
  if (changes.ratingComment !== undefined) row.rating_comment = changes.ratingComment;
  if (changes.ratedAt !== undefined) row.rated_at = toDbTime(changes.ratedAt);
  if (changes.lastMessageAt !== undefined) row.last_message_at = toDbTime(changes.lastMessageAt);
  await db("support_tickets").where({ id }).update(row);
}

/** Rates a resolved ticket if nobody rated it yet; false when it was already rated (or is not resolved). */
export async function rateTicket(
  db: Db,
  id: number,
  rating: number,
  comment: string | null,
  now: Date,
): Promise<boolean> {
  const changed = await db("support_tickets")
    .where({ id, state: "resolved" })
    .whereNull("rating")
    .update({ rating, rating_comment: comment, rated_at: toDbTime(now), updated_at: toDbTime(now) });
  return Number(changed) === 1;
}

function summaryQuery(db: Db) {
  return db("support_tickets")
    .join("users", "users.id", "support_tickets.user_id")
    .leftJoin("users as assignee", "assignee.id", "support_tickets.assigned_to")
    .leftJoin("projects", "projects.id", "support_tickets.project_id")
    .select(
      "support_tickets.*",
      "users.name as user_name",
      "users.email as user_email",
      "assignee.name as assignee_name",
      "projects.title as project_title",
    );
}

export async function ticketSummary(db: Db, id: number): Promise<TicketSummary | undefined> {
  const row = await summaryQuery(db).where("support_tickets.id", id).first();
  return row && toSummary(row);
}

/** A user's tickets, the latest activity first. */
export async function ticketsOfUser(db: Db, userId: number): Promise<TicketSummary[]> {
  const rows = await summaryQuery(db)
    .where("support_tickets.user_id", userId)
    .orderBy("support_tickets.last_message_at", "desc")
    .orderBy("support_tickets.id", "desc");
  return rows.map(toSummary);
}

export type QueueStateFilter = TicketState | "active" | "all";

export interface TicketQueueQuery {
  state: QueueStateFilter;
  /** "me" needs meId; "none": unassigned; a number: that admin. */
  assignee?: "none" | number;
  /** Only tickets still without a first response and opened before this instant. */
  overdueBefore?: Date;
  limit: number;
  offset: number;
}

/** The admin queue: active tickets oldest first (who waited longest comes first), resolved ones latest first. */
export async function ticketQueue(
  db: Db,
  q: TicketQueueQuery,
): Promise<{ items: TicketSummary[]; total: number }> {
  const filter = (b: Knex.QueryBuilder) => {
    if (q.state === "active") b.whereIn("support_tickets.state", ["open", "waiting_on_user"]);
    else if (q.state !== "all") b.where("support_tickets.state", q.state);
    if (q.assignee === "none") b.whereNull("support_tickets.assigned_to");
    else if (typeof q.assignee === "number") b.where("support_tickets.assigned_to", q.assignee);
    if (q.overdueBefore)
      b.whereNull("support_tickets.first_response_at").where(
        "support_tickets.created_at",
        "<",
        toDbTime(q.overdueBefore),
      );
    return b;
  };
  const count = await filter(db("support_tickets")).count({ n: "*" }).first();
  const rows = await filter(summaryQuery(db))
    .orderBy("support_tickets.last_message_at", q.state === "resolved" || q.state === "all" ? "desc" : "asc")
    .orderBy("support_tickets.id", "asc")
    .limit(q.limit)
    .offset(q.offset);
  return { items: rows.map(toSummary), total: Number(count?.n ?? 0) };
}

export async function ticketMessages(
  db: Db,
  ticketId: number,
  options: { includeInternal: boolean },
): Promise<TicketMessage[]> {
  const rows = await db("ticket_messages")
    .join("users", "users.id", "ticket_messages.author_id")
    .where("ticket_messages.ticket_id", ticketId)
    .modify((q) => {
      if (!options.includeInternal) q.where("ticket_messages.internal", false);
    })
    .orderBy("ticket_messages.id")
    .select("ticket_messages.*", "users.name as author_name");
  // biome-ignore lint/suspicious/noExplicitAny: database rows
  return rows.map((r: any) => ({
    id: r.id,
    ticketId: r.ticket_id,
    authorId: r.author_id,
    authorName: r.author_name,
    authorRole: r.author_role,
    internal: Boolean(r.internal),
    body: r.body,
    createdAt: fromDbTime(r.created_at),
  }));
}

export async function ticketAttachments(db: Db, ticketId: number): Promise<TicketAttachment[]> {
  const rows = await db("ticket_attachments").where({ ticket_id: ticketId }).orderBy("id");
  return rows.map(toAttachment);
}

export async function findTicketAttachment(db: Db, id: number): Promise<TicketAttachment | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("ticket_attachments").where({ id }).first();
  return row && toAttachment(row);
}

export async function isInternalMessage(db: Db, messageId: number): Promise<boolean> {
  const row = await db("ticket_messages").where({ id: messageId }).first("internal");
  return Boolean(row?.internal);
}

/** What a ticket may be about: the user's own pledges (with the project's title) and own projects. */
export async function ticketSubjectsOf(
  db: Db,
  userId: number,
): Promise<{ pledges: { id: number; projectTitle: string }[]; projects: { id: number; title: string }[] }> {
  const pledges = await db("pledges")
    .join("projects", "projects.id", "pledges.project_id")
    .where("pledges.backer_id", userId)
    .orderBy("pledges.id", "desc")
    .limit(200)
    .select("pledges.id", "projects.title as project_title");
  const projects = await db("projects")
    .where({ creator_id: userId })
    .orderBy("id", "desc")
    .limit(200)
    .select("id", "title");
  return {
    pledges: pledges.map((r) => ({ id: r.id, projectTitle: r.project_title })),
    projects: projects.map((r) => ({ id: r.id, title: r.title })),
  };
}

/** Active administrators, for the assignment list. */
export async function adminsForAssignment(db: Db): Promise<{ id: number; name: string }[]> {
  return db("users").where({ role: "admin", status: "active" }).orderBy("name").select("id", "name");
}

// Dashboard -----------------------------------------------------------------------------------

export async function ticketStateCounts(db: Db): Promise<Record<TicketState, number>> {
  const rows: { state: string; n: number }[] = await db("support_tickets")
    .groupBy("state")
    .select("state", db.raw("count(*) as n"));
  const counts: Record<TicketState, number> = { open: 0, waiting_on_user: 0, resolved: 0 };
  for (const r of rows) counts[r.state as TicketState] = Number(r.n);
  return counts;
}

/** Active tickets still without a first response, opened before `before` (past the target). */
export async function overdueTicketCount(db: Db, before: Date): Promise<number> {
  const row = await db("support_tickets")
    .whereIn("state", ["open", "waiting_on_user"])
    .whereNull("first_response_at")
    .where("created_at", "<", toDbTime(before))
    .count({ n: "*" })
    .first();
  return Number(row?.n ?? 0);
}

/** Tickets opened in [start, end) with when they were first answered (null: not yet). */
export async function ticketsOpenedIn(
  db: Db,
  start: Date,
  end: Date,
): Promise<{ createdAt: Date; firstResponseAt: Date | null; rating: number | null }[]> {
  const rows: { created_at: string; first_response_at: string | null; rating: number | null }[] = await db(
    "support_tickets",
  )
    .where("created_at", ">=", toDbTime(start))
    .where("created_at", "<", toDbTime(end))
    .select("created_at", "first_response_at", "rating");
  return rows.map((r) => ({
    createdAt: fromDbTime(r.created_at),
    firstResponseAt: time(r.first_response_at),
    rating: r.rating ?? null,
  }));
}
