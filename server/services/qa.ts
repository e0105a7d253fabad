import type { Clock } from "../clock.ts";
import {
  ANSWER_MAX,
  acceptsQuestions,
  excerpt,
  MODERATION_REASON_MAX,
  type QaTarget,
  QUESTION_MAX,
  REPORT_NOTE_MAX,
  type ReportReason,
} from "../domain/comms.ts";
import { renderStory } from "../domain/markdown.ts";
import { isPublic } from "../domain/project-lifecycle.ts";
import { ForbiddenError, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import {
  findQuestion,
  hiddenItems,
  insertQuestion,
  insertReport,
  type ModerationItem,
  type Question,
  reportedItems,
  resolveReports,
  saveAnswer,
  setHidden,
  visibleQuestionsOf,
} from "../store/comms.ts";
import type { Db } from "../store/db.ts";
import { findProject, type Project } from "../store/projects.ts";
import type { Notifier } from "./notifications.ts";
import type { Actor } from "./projects.ts";

export interface QaServiceDeps {
  db: Db;
  clock: Clock;
  notifier: Notifier;
}

export interface QuestionPage {
  items: Question[];
  total: number;
  page: number;
  pages: number;
}

export const QUESTIONS_PAGE_SIZE = 10;

/**
 * Questions and answers on a project page. Signed-in users ask (the creator is told, kind
 * question_asked); only the creator answers (the asker is told, question_answered); anyone signed in
 * reports a question or an answer; admins hide what breaks the rules (audited), or dismiss reports.
 */
export class QaService {
  constructor(private readonly deps: QaServiceDeps) {}

  /** The project, if it is public (questions are about public projects). */
  private async publicProject(projectId: number, db: Db = this.deps.db): Promise<Project> {
    const project = await findProject(db, projectId);
    if (!project || !isPublic(project.state)) throw new NotFoundError();
    return project;
  }

  /** A question of this project that is not hidden (or any, for admins). */
  async question(viewer: Actor | undefined, projectId: number, questionId: number, db: Db = this.deps.db) {
    const project = await this.publicProject(projectId, db);
    const question = await findQuestion(db, questionId);
    if (!question || question.projectId !== project.id) throw new NotFoundError();
    if (question.hiddenAt && viewer?.role !== "admin") throw new NotFoundError();
    return { project, question };
  }

  async list(project: Project, page: number): Promise<QuestionPage> {
    const current = Math.max(1, page);
    const { items, total } = await visibleQuestionsOf(this.deps.db, project.id, {
      limit: QUESTIONS_PAGE_SIZE,
      offset: (current - 1) * QUESTIONS_PAGE_SIZE,
    });
    return { items, total, page: current, pages: Math.max(1, Math.ceil(total / QUESTIONS_PAGE_SIZE)) };
  }

  /** Whether the project takes questions now (live or funded), for the page to show the form. */
  async canAsk(projectId: number): Promise<Project> {
    const project = await this.publicProject(projectId);
    if (!acceptsQuestions(project.state)) throw new RuleError("comms.qa.closed");
    return project;
  }

  async ask(actor: Actor, projectId: number, text: string): Promise<number> {
    const { db, clock, notifier } = this.deps;
    const body = text.trim();
    if (!body) throw new ValidationError({ body: "validation.required" });
    if (body.length > QUESTION_MAX) throw new ValidationError({ body: "comms.qa.errors.tooLong" });
    const now = clock.now();
    return db.transaction(async (trx) => {
      const project = await this.publicProject(projectId, trx);
      if (!acceptsQuestions(project.state)) throw new RuleError("comms.qa.closed");
      const id = await insertQuestion(trx, { projectId, askerId: actor.id, body }, now);
      if (project.creatorId !== actor.id) {
        await notifier.notify(
          project.creatorId,
          "question_asked",
          { project: project.title, question: excerpt(body) },
          { link: `/projects/${projectId}#question-${id}`, db: trx },
        );
      }
      return id;
    });
  }

  /** The creator answers (or rewrites the answer); the answer is Markdown, sanitized. */
  async answer(actor: Actor, projectId: number, questionId: number, text: string): Promise<void> {
    const { db, clock, notifier } = this.deps;
    const answerMd = text.trim();
    if (!answerMd) throw new ValidationError({ answer: "validation.required" });
    if (answerMd.length > ANSWER_MAX) throw new ValidationError({ answer: "comms.qa.errors.answerTooLong" });
    const answerHtml = renderStory(answerMd);
    if (!answerHtml.replace(/<[^>]*>/g, "").trim())
      throw new ValidationError({ answer: "comms.qa.errors.answerEmpty" });
    const now = clock.now();
    await db.transaction(async (trx) => {
      const { project, question } = await this.question(actor, projectId, questionId, trx);
      if (project.creatorId !== actor.id) throw new ForbiddenError("comms.qa.creatorOnly");
      const first = question.answeredAt === null;
      await saveAnswer(trx, question.id, { answerMd, answerHtml, answeredBy: actor.id }, now);
      if (first && question.askerId !== actor.id) {
        await notifier.notify(
          question.askerId,
          "question_answered",
          { project: project.title, question: excerpt(question.body) },
          { link: `/projects/${projectId}#question-${question.id}`, db: trx },
        );
      }
    });
  }

  /** Reports a question or its answer. Returns false when this user had already reported it. */
  async report(
    actor: Actor,
    projectId: number,
    questionId: number,
    target: QaTarget,
    reason: ReportReason,
    note: string,
  ): Promise<boolean> {
    const { db, clock } = this.deps;
    const text = note.trim();
    if (text.length > REPORT_NOTE_MAX) throw new ValidationError({ note: "comms.qa.errors.noteTooLong" });
    return db.transaction(async (trx) => {
      const { question } = await this.question(actor, projectId, questionId, trx);
      if (target === "answer" && (!question.answeredAt || question.answerHiddenAt)) throw new NotFoundError();
      return insertReport(
        trx,
        { questionId: question.id, target, reporterId: actor.id, reason, note: text },
        clock.now(),
      );
    });
  }

  // Moderation (admins) ------------------------------------------------------------------------------

  async moderationQueue(admin: Actor | undefined): Promise<{
    reported: ModerationItem[];
    hidden: Awaited<ReturnType<typeof hiddenItems>>;
  }> {
    assertAdmin(admin);
    return { reported: await reportedItems(this.deps.db, 100), hidden: await hiddenItems(this.deps.db, 50) };
  }

  /** Hides a question or an answer with a reason; its open reports are resolved. Audited. */
  async hide(
    admin: Actor | undefined,
    questionId: number,
    target: QaTarget,
    reasonText: string,
  ): Promise<Question> {
    assertAdmin(admin);
    const reason = reasonText.trim();
    if (!reason) throw new ValidationError({ reason: "validation.required" });
    if (reason.length > MODERATION_REASON_MAX)
      throw new ValidationError({ reason: "comms.qa.errors.reasonTooLong" });
    const { db, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (trx) => {
      const question = await findQuestion(trx, questionId);
      if (!question || (target === "answer" && !question.answeredAt)) throw new NotFoundError();
      await setHidden(trx, question.id, target, { by: admin.id, reason }, now);
      const resolved = await resolveReports(trx, question.id, target, "hidden", admin.id, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: `qa.hide_${target}`,
          subjectType: "question",
          subjectId: question.id,
          reason,
          details: { projectId: question.projectId, reportsResolved: resolved },
        },
        now,
      );
      return question;
    });
  }

  /** Shows a hidden question or answer again. Audited. */
  async restore(admin: Actor | undefined, questionId: number, target: QaTarget): Promise<void> {
    assertAdmin(admin);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const question = await findQuestion(trx, questionId);
      if (!question) throw new NotFoundError();
      await setHidden(trx, question.id, target, null, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: `qa.restore_${target}`,
          subjectType: "question",
          subjectId: question.id,
          details: { projectId: question.projectId },
        },
        now,
      );
    });
  }

  /** Closes the open reports of a question or answer that breaks no rule. Audited. */
  async dismiss(admin: Actor | undefined, questionId: number, target: QaTarget): Promise<void> {
    assertAdmin(admin);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const question = await findQuestion(trx, questionId);
      if (!question) throw new NotFoundError();
      const resolved = await resolveReports(trx, question.id, target, "dismissed", admin.id, now);
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: `qa.dismiss_${target}_reports`,
          subjectType: "question",
          subjectId: question.id,
          details: { projectId: question.projectId, reportsResolved: resolved },
        },
        now,
      );
    });
  }
}

function assertAdmin(actor: Actor | undefined): asserts actor is Actor {
  if (actor?.role !== "admin") throw new ForbiddenError();
}
