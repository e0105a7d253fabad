import type { DeliveryStatus, QaTarget, ReportReason, UpdateVisibility } from "../domain/comms.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

const time = (v: string | null | undefined): Date | null => (v ? fromDbTime(v) : null);
type Count = [{ n: number | string }];

// Updates -------------------------------------------------------------------------------------------

export interface ProjectUpdate {
  id: number;
  projectId: number;
  authorId: number;
  authorName: string;
  title: string;
  bodyMd: string;
  bodyHtml: string;
  imageKey: string | null;
  visibility: UpdateVisibility;
  createdAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toUpdate(r: any): ProjectUpdate {
  return {
    id: r.id,
    projectId: r.project_id,
    authorId: r.author_id,
    authorName: r.author_name ?? "",
    title: r.title,
    bodyMd: r.body_md,
    bodyHtml: r.body_html,
    imageKey: r.image_key ?? null,
    visibility: r.visibility,
    createdAt: fromDbTime(r.created_at),
  };
}

const updateColumns = [
  "project_updates.*",
  "users.name as author_name",
  "images.storage_key as image_key",
] as const;

export async function insertUpdate(
  db: Db,
  u: {
    projectId: number;
    authorId: number;
    title: string;
    bodyMd: string;
    bodyHtml: string;
    imageId: number | null;
    visibility: UpdateVisibility;
  },
  now: Date,
): Promise<number> {
  const [row] = await db("project_updates")
    .insert({
      project_id: u.projectId,
      author_id: u.authorId,
      title: u.title,
      body_md: u.bodyMd,
      body_html: u.bodyHtml,
      image_id: u.imageId,
      visibility: u.visibility,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findUpdate(db: Db, id: number): Promise<ProjectUpdate | undefined> {
  const row = await db("project_updates")
    .leftJoin("users", "users.id", "project_updates.author_id")
    .leftJoin("images", "images.id", "project_updates.image_id")
    .where("project_updates.id", id)
    .first(...updateColumns);
  return row && toUpdate(row);
}

/** A page of a project's updates, newest first. */
/**
 * The total behind a page of rows. A first page that is not full is the whole list, so the COUNT
 * (a second query on every project page view) is only run when there may be more.
 */
async function totalOf(
  rowsOnPage: number,
  page: { limit: number; offset: number },
  count: () => PromiseLike<unknown>,
): Promise<number> {
  if (page.offset === 0 && rowsOnPage < page.limit) return rowsOnPage;
  const [{ n }] = (await count()) as Count;
  return Number(n);
}

export async function updatesOf(
  db: Db,
  projectId: number,
  options: { limit: number; offset: number },
): Promise<{ items: ProjectUpdate[]; total: number }> {
  const rows = await db("project_updates")
    .leftJoin("users", "users.id", "project_updates.author_id")
    .leftJoin("images", "images.id", "project_updates.image_id")
    .where("project_updates.project_id", projectId)
    .orderBy([
      { column: "project_updates.created_at", order: "desc" },
      { column: "project_updates.id", order: "desc" },
    ])
    .limit(options.limit)
    .offset(options.offset)
    .select(...updateColumns);
  const total = await totalOf(rows.length, options, () =>
    db("project_updates").where({ project_id: projectId }).count({ n: "*" }),
  );
  return { items: rows.map(toUpdate), total };
}

export async function lastUpdateAt(db: Db, projectId: number): Promise<Date | null> {
  const row = (await db("project_updates")
    .where({ project_id: projectId })
    .max({ at: "created_at" })
    .first()) as { at: string | null } | undefined;
  return time(row?.at);
}

// Audience ------------------------------------------------------------------------------------------

let commitmentsTable: boolean | undefined;

/**
 * The project's backers and investors: active pledges, and standing or settled equity commitments
 * (issue 5's table, when it exists).
 */
export async function supportersOf(db: Db, projectId: number): Promise<number[]> {
  const ids = new Set<number>();
  const pledges = await db("pledges")
    .where({ project_id: projectId, status: "active" })
    .distinct("backer_id");
  for (const r of pledges as { backer_id: number }[]) ids.add(r.backer_id);
  commitmentsTable ??= await db.schema.hasTable("commitments");
  if (commitmentsTable) {
    const commitments = await db("commitments")
      .where({ project_id: projectId })
      .whereIn("status", ["active", "awaiting_reconfirmation", "settled"])
      .distinct("investor_id");
    for (const r of commitments as { investor_id: number }[]) ids.add(r.investor_id);
  }
  return [...ids];
}

export async function isSupporter(db: Db, projectId: number, userId: number): Promise<boolean> {
  const pledge = await db("pledges")
    .where({ project_id: projectId, backer_id: userId, status: "active" })
    .first("id");
  if (pledge) return true;
  commitmentsTable ??= await db.schema.hasTable("commitments");
  if (!commitmentsTable) return false;
  const commitment = await db("commitments")
    .where({ project_id: projectId, investor_id: userId })
    .whereIn("status", ["active", "awaiting_reconfirmation", "settled"])
    .first("id");
  return Boolean(commitment);
}

/** Backers with an active pledge to one tier. */
export async function backersOfTier(db: Db, tierId: number): Promise<number[]> {
  const rows = await db("pledges").where({ tier_id: tierId, status: "active" }).distinct("backer_id");
  return (rows as { backer_id: number }[]).map((r) => r.backer_id);
}

// Questions and answers -----------------------------------------------------------------------------

export interface Question {
  id: number;
  projectId: number;
  askerId: number;
  askerName: string;
  body: string;
  createdAt: Date;
  answerMd: string | null;
  answerHtml: string | null;
  answeredBy: number | null;
  answeredAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
  answerHiddenAt: Date | null;
  answerHiddenReason: string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toQuestion(r: any): Question {
  return {
    id: r.id,
    projectId: r.project_id,
    askerId: r.asker_id,
    askerName: r.asker_name ?? "",
    body: r.body,
    createdAt: fromDbTime(r.created_at),
    answerMd: r.answer_md,
    answerHtml: r.answer_html,
    answeredBy: r.answered_by,
    answeredAt: time(r.answered_at),
    hiddenAt: time(r.hidden_at),
    hiddenReason: r.hidden_reason,
    answerHiddenAt: time(r.answer_hidden_at),
    answerHiddenReason: r.answer_hidden_reason,
  };
}

export async function insertQuestion(
  db: Db,
  q: { projectId: number; askerId: number; body: string },
  now: Date,
): Promise<number> {
  const [row] = await db("project_questions")
    .insert({ project_id: q.projectId, asker_id: q.askerId, body: q.body, created_at: toDbTime(now) })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findQuestion(db: Db, id: number): Promise<Question | undefined> {
  const row = await db("project_questions")
    .leftJoin("users", "users.id", "project_questions.asker_id")
    .where("project_questions.id", id)
    .first("project_questions.*", "users.name as asker_name");
  return row && toQuestion(row);
}

/** A page of a project's questions that are not hidden, newest first. */
export async function visibleQuestionsOf(
  db: Db,
  projectId: number,
  options: { limit: number; offset: number },
): Promise<{ items: Question[]; total: number }> {
  const base = () =>
    db("project_questions").where("project_questions.project_id", projectId).whereNull("hidden_at");
  const rows = await base()
    .leftJoin("users", "users.id", "project_questions.asker_id")
    .orderBy([
      { column: "project_questions.created_at", order: "desc" },
      { column: "project_questions.id", order: "desc" },
    ])
    .limit(options.limit)
    .offset(options.offset)
    .select("project_questions.*", "users.name as asker_name");
  const total = await totalOf(rows.length, options, () => base().count({ n: "*" }));
  return { items: rows.map(toQuestion), total };
}

export async function saveAnswer(
  db: Db,
  id: number,
  a: { answerMd: string; answerHtml: string; answeredBy: number },
  now: Date,
): Promise<void> {
  await db("project_questions")
    .where({ id })
    .update({
      answer_md: a.answerMd,
      answer_html: a.answerHtml,
      answered_by: a.answeredBy,
      answered_at: toDbTime(now),
      answer_hidden_at: null,
      answer_hidden_by: null,
      answer_hidden_reason: null,
    });
}

export async function setHidden(
  db: Db,
  id: number,
  target: QaTarget,
  hidden: { by: number; reason: string } | null,
  now: Date,
): Promise<void> {
  const prefix = target === "question" ? "hidden" : "answer_hidden";
  await db("project_questions")
    .where({ id })
    .update({
      [`${prefix}_at`]: hidden ? toDbTime(now) : null,
      [`${prefix}_by`]: hidden ? hidden.by : null,
      [`${prefix}_reason`]: hidden ? hidden.reason : null,
    });
}

// Reports -------------------------------------------------------------------------------------------

/** Records a report; false if this user already reported this question or answer. */
export async function insertReport(
  db: Db,
  r: { questionId: number; target: QaTarget; reporterId: number; reason: ReportReason; note: string },
  now: Date,
): Promise<boolean> {
  const inserted = await db("qa_reports")
    .insert({
      question_id: r.questionId,
      target: r.target,
      reporter_id: r.reporterId,
      reason: r.reason,
      note: r.note,
      created_at: toDbTime(now),
    })
    .onConflict(["question_id", "target", "reporter_id"])
    .ignore()
    .returning("id");
  return inserted.length === 1;
}

export async function resolveReports(
  db: Db,
  questionId: number,
  target: QaTarget,
  resolution: "hidden" | "dismissed",
  by: number,
  now: Date,
): Promise<number> {
  return db("qa_reports")
    .where({ question_id: questionId, target })
    .whereNull("resolved_at")
    .update({ resolved_at: toDbTime(now), resolved_by: by, resolution });
}

export interface ModerationItem {
  question: Question;
  target: QaTarget;
  projectTitle: string;
  openReports: { reason: ReportReason; note: string; reporterName: string; createdAt: Date }[];
}

/** Questions and answers with open reports, most reported first, then oldest report first. */
export async function reportedItems(db: Db, limit: number): Promise<ModerationItem[]> {
  const groups = (await db("qa_reports")
    .whereNull("resolved_at")
    .groupBy("question_id", "target")
    .select("question_id", "target")
    .count({ n: "*" })
    .min({ first: "created_at" })
    .orderBy([
      { column: "n", order: "desc" },
      { column: "first", order: "asc" },
    ])
    .limit(limit)) as { question_id: number; target: QaTarget }[];
  const items: ModerationItem[] = [];
  for (const g of groups) {
    const question = await findQuestion(db, g.question_id);
    if (!question) continue;
    const project = await db("projects").where({ id: question.projectId }).first("title");
    const reports = await db("qa_reports")
      .leftJoin("users", "users.id", "qa_reports.reporter_id")
      .where({ question_id: g.question_id, target: g.target })
      .whereNull("resolved_at")
      .orderBy("qa_reports.id")
      .select("qa_reports.*", "users.name as reporter_name");
    items.push({
      question,
      target: g.target,
      projectTitle: project?.title ?? "",
      openReports: reports.map((r: Record<string, string>) => ({
        reason: r.reason as ReportReason,
        note: r.note ?? "",
        reporterName: r.reporter_name ?? "",
        createdAt: fromDbTime(r.created_at ?? ""),
      })),
    });
  }
  return items;
}

/** Questions or answers hidden by a moderator, most recent first. */
export async function hiddenItems(db: Db, limit: number): Promise<(Question & { projectTitle: string })[]> {
  const rows = await db("project_questions")
    .leftJoin("users", "users.id", "project_questions.asker_id")
    .leftJoin("projects", "projects.id", "project_questions.project_id")
    .whereNotNull("project_questions.hidden_at")
    .orWhereNotNull("project_questions.answer_hidden_at")
    .orderBy("project_questions.id", "desc")
    .limit(limit)
    .select("project_questions.*", "users.name as asker_name", "projects.title as project_title");
  return rows.map((r: Record<string, unknown>) => ({
    ...toQuestion(r),
    projectTitle: String(r.project_title ?? ""),
  }));
}

// Delivery ------------------------------------------------------------------------------------------

export async function deliveryStatusesOf(db: Db, projectId: number): Promise<Map<number, DeliveryStatus>> {
  const rows = await db("tier_delivery")
    .join("reward_tiers", "reward_tiers.id", "tier_delivery.tier_id")
    .where("reward_tiers.project_id", projectId)
    .select("tier_delivery.tier_id", "tier_delivery.status");
  return new Map((rows as { tier_id: number; status: DeliveryStatus }[]).map((r) => [r.tier_id, r.status]));
}

export async function saveDeliveryStatus(
  db: Db,
  tierId: number,
  status: DeliveryStatus,
  by: number,
  now: Date,
): Promise<void> {
  await db("tier_delivery")
    .insert({ tier_id: tierId, status, updated_by: by, updated_at: toDbTime(now) })
    .onConflict("tier_id")
    .merge();
}

export interface FundedRewardProject {
  id: number;
  title: string;
  creatorId: number;
  creatorName: string;
  deadlineAt: Date | null;
  lastUpdateAt: Date | null;
  tierStatuses: DeliveryStatus[];
  lastReminderAt: Date | null;
}

/** Every funded reward project with what overdueState() needs. */
export async function fundedRewardProjects(db: Db): Promise<FundedRewardProject[]> {
  const projects = (await db("projects")
    .leftJoin("users", "users.id", "projects.creator_id")
    .where({ "projects.state": "succeeded", "projects.kind": "reward" })
    .orderBy("projects.id")
    .select(
      "projects.id",
      "projects.title",
      "projects.creator_id",
      "projects.deadline_at",
      "users.name as creator_name",
    )) as {
    id: number;
    title: string;
    creator_id: number;
    deadline_at: string | null;
    creator_name: string | null;
  }[];
  if (projects.length === 0) return [];
  const ids = projects.map((p) => p.id);
  const lastUpdates = new Map<number, string>();
  const tiers = new Map<number, DeliveryStatus[]>();
  const reminders = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of (await db("project_updates")
      .whereIn("project_id", chunk)
      .groupBy("project_id")
      .select("project_id")
      .max({ at: "created_at" })) as { project_id: number; at: string }[]) {
      lastUpdates.set(r.project_id, r.at);
    }
    for (const r of (await db("reward_tiers")
      .leftJoin("tier_delivery", "tier_delivery.tier_id", "reward_tiers.id")
      .whereIn("reward_tiers.project_id", chunk)
      .select("reward_tiers.project_id", "tier_delivery.status")) as {
      project_id: number;
      status: DeliveryStatus | null;
    }[]) {
      tiers.set(r.project_id, [...(tiers.get(r.project_id) ?? []), r.status ?? "not_started"]);
    }
    for (const r of (await db("update_reminders")
      .whereIn("project_id", chunk)
      .groupBy("project_id")
      .select("project_id")
      .max({ at: "sent_at" })) as { project_id: number; at: string }[]) {
      reminders.set(r.project_id, r.at);
    }
  }
  return projects.map((p) => ({
    id: p.id,
    title: p.title,
    creatorId: p.creator_id,
    creatorName: p.creator_name ?? "",
    deadlineAt: time(p.deadline_at),
    lastUpdateAt: time(lastUpdates.get(p.id)),
    tierStatuses: tiers.get(p.id) ?? [],
    lastReminderAt: time(reminders.get(p.id)),
  }));
}

/** Records the reminder of one overdue period; false if it was already sent. */
export async function claimReminder(
  db: Db,
  projectId: number,
  overdueSince: Date,
  now: Date,
): Promise<boolean> {
  const inserted = await db("update_reminders")
    .insert({ project_id: projectId, overdue_since: toDbTime(overdueSince), sent_at: toDbTime(now) })
    .onConflict(["project_id", "overdue_since"])
    .ignore()
    .returning("id");
  return inserted.length === 1;
}
