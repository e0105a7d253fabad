import { type Request, type RequestHandler, type Response, Router } from "express";
import multer from "multer";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import {
  acceptsQuestions,
  acceptsUpdates,
  deliveryStatuses,
  qaTargets,
  REPORT_NOTE_MAX,
  reportReasons,
  tracksDelivery,
  updateVisibilities,
} from "../domain/comms.ts";
import { type FieldErrors, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { DeliveryService } from "../services/delivery.ts";
import { QaService } from "../services/qa.ts";
import { UpdateService } from "../services/updates.ts";
import { UploadRejected, UploadStore } from "../services/uploads.ts";
import {
  listOutbox,
  type OutboxStatus,
  outboxCounts,
  outboxStatuses,
  requeueOutbox,
} from "../store/outbox.ts";
import type { Project } from "../store/projects.ts";
import { formatMonth } from "./format.ts";
import { keptValues, parseForm } from "./forms.ts";
import { requireAdmin, requireUser } from "./guards.ts";
import {
  idParam,
  notificationHandlers,
  notificationLocals,
  notifierFrom,
  pageParam,
} from "./notifications.ts";
import { flash, renderPage } from "./render.ts";
import { limiter } from "./security.ts";

/**
 * Communication between creators and backers, notifications, and their admin pages (issue 7).
 * Mounted early (server/app.ts), right after the per-request locals: it adds the header's unread
 * count to every signed-in page. The project page's updates, Q&A and delivery sections are loaded by
 * projectSections (below) for the discovery route that renders GET /projects/:id.
 *
 *   GET  /notifications                        my notifications (?filter=unread, ?page=)
 *   POST /notifications/read-all               mark all read
 *   POST /notifications/:id/read               mark one read
 *   GET  /notifications/:id/go                 mark read and follow its link
 *   POST /account/notifications                save email preferences (optional kinds)
 *   GET  /projects/:id/updates/new             the update form (creator, admins)
 *   POST /projects/:id/updates                 multipart (CSRF in the query): post an update
 *   GET  /projects/:id/updates/:updateId       one update (backers-only: supporters, creator, admins)
 *   GET  /projects/:id/questions/new           the question form
 *   POST /projects/:id/questions               ask (rate-limited)
 *   GET  /projects/:id/questions/:qid/answer   the answer form (creator)
 *   POST /projects/:id/questions/:qid/answer   answer, or rewrite the answer (creator)
 *   GET  /projects/:id/questions/:qid/report   the report form (?target=question|answer)
 *   POST /projects/:id/questions/:qid/report   report (rate-limited)
 *   GET  /projects/:id/delivery                delivery status per reward tier (creator, funded)
 *   POST /projects/:id/delivery/:tierId        set one tier's status
 *   GET  /admin/outbox                         the mail outbox (?status=, ?page=)
 *   POST /admin/outbox/:id/retry               queue a message for an attempt now
 *   GET  /admin/qa                             reported and hidden questions and answers
 *   POST /admin/qa/:qid/hide                   hide a question or answer (target, reason; audited)
 *   POST /admin/qa/:qid/dismiss                dismiss its reports (audited)
 *   POST /admin/qa/:qid/restore                show it again (audited)
 *   GET  /admin/overdue                        funded creators overdue with an update
 */
export function commsRoutes(deps: AppDeps): Router {
  const { config, db, clock } = deps;
  const { notifier, uploads, updates, qa, delivery } = commsServices(deps);
  const notifications = notificationHandlers(notifier);
  const window = config.rateLimit.windowMs;
  const limits = {
    ask: limiter({ windowMs: window, limit: config.qaRateLimit.questions, countSuccesses: true }),
    report: limiter({ windowMs: window, limit: config.qaRateLimit.reports, countSuccesses: true }),
  };
  const imageUpload = multer({
    storage: multer.memoryStorage(),
    // The update text may be 20,000 characters of up to 4 bytes each.
    limits: { fileSize: uploads.maxImageBytes, files: 1, fields: 6, parts: 8, fieldSize: 100 * 1024 },
  }).single("image");
  const admin: RequestHandler[] = [requireUser, requireAdmin];
  const router = Router();

  router.use(notificationLocals(notifier));

  router.get("/notifications", requireUser, notifications.list);
  router.post("/notifications/read-all", requireUser, notifications.readAll);
  router.post("/notifications/:id/read", requireUser, notifications.read);
  router.get("/notifications/:id/go", requireUser, notifications.go);
  router.post("/account/notifications", requireUser, notifications.savePreferences);

  // Updates ---------------------------------------------------------------------------------------

  const showUpdateForm = async (
    req: Request,
    res: Response,
    project: Project,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
    status = 200,
  ) =>
    renderPage(
      res,
      "comms/update-form",
      {
        title: req.t("comms.updates.form.title", { project: project.title }),
        project,
        values: { visibility: "public", ...values },
        errors,
        maxImageMb: Math.round((uploads.maxImageBytes / 1024 / 1024) * 10) / 10,
      },
      status,
    );

  /** GET /projects/:id/updates/new */
  router.get("/projects/:id/updates/new", requireUser, async (req, res) => {
    const project = await updates.postable(actorOf(req) as Actor, idParam(req.params.id));
    await showUpdateForm(req, res, project);
  });

  /** POST /projects/:id/updates — multipart: title, body, visibility, optional image. */
  router.post("/projects/:id/updates", requireUser, async (req, res) => {
    const actor = actorOf(req) as Actor;
    const id = idParam(req.params.id);
    const project = await updates.postable(actor, id); // not yours: 404 before reading the upload
    const received = await receive(imageUpload, req, res);
    const values = keptValues(req.body);
    if (received) return showUpdateForm(req, res, project, values, { image: received.key }, received.status);
    const form = parseForm(updateSchema, req.body);
    if (!form.ok) return showUpdateForm(req, res, project, values, form.errors, 422);
    const image = req.file && req.file.size > 0 ? req.file.buffer : undefined;
    let posted: { id: number; notified: number };
    try {
      posted = await updates.post(actor, id, { ...form.data, bodyMd: form.data.body, image });
    } catch (error) {
      if (error instanceof ValidationError)
        return showUpdateForm(req, res, project, values, error.fieldErrors, 422);
      if (error instanceof UploadRejected)
        return showUpdateForm(req, res, project, values, { image: error.messageKey }, error.status);
      throw error;
    }
    flash(req, "success", "comms.updates.form.posted", { count: posted.notified });
    res.redirect(303, `/projects/${id}/updates/${posted.id}`);
  });

  /** GET /projects/:id/updates/:updateId */
  router.get("/projects/:id/updates/:updateId", async (req, res) => {
    const viewer = actorOf(req);
    const shown = await updates.show(viewer, idParam(req.params.id), idParam(req.params.updateId));
    if (shown.locked && !viewer) {
      flash(req, "info", "comms.updates.lockedSignIn");
      return res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    }
    if (shown.locked) throw new NotFoundError("comms.updates.notVisible");
    await renderPage(res, "comms/update", {
      title: shown.update.title,
      project: shown.project,
      update: shown.update,
    });
  });

  // Questions and answers ---------------------------------------------------------------------------

  const showAsk = async (
    req: Request,
    res: Response,
    project: Project,
    values = {},
    errors = {},
    status = 200,
  ) =>
    renderPage(
      res,
      "comms/ask",
      { title: req.t("comms.qa.askTitle", { project: project.title }), project, values, errors },
      status,
    );

  /** GET /projects/:id/questions/new */
  router.get("/projects/:id/questions/new", requireUser, async (req, res) => {
    await showAsk(req, res, await qa.canAsk(idParam(req.params.id)));
  });

  /** POST /projects/:id/questions */
  router.post("/projects/:id/questions", requireUser, limits.ask, async (req, res) => {
    const id = idParam(req.params.id);
    const project = await qa.canAsk(id);
    const values = keptValues(req.body);
    const form = parseForm(askSchema, req.body);
    if (!form.ok) return showAsk(req, res, project, values, form.errors, 422);
    let questionId: number;
    try {
      questionId = await qa.ask(actorOf(req) as Actor, id, form.data.body);
    } catch (error) {
      if (error instanceof ValidationError) return showAsk(req, res, project, values, error.fieldErrors, 422);
      throw error;
    }
    flash(req, "success", "comms.qa.asked");
    res.redirect(303, `/projects/${id}#question-${questionId}`);
  });

  const showAnswer = async (
    req: Request,
    res: Response,
    projectId: number,
    questionId: number,
    values: Record<string, string> | undefined,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const actor = actorOf(req) as Actor;
    const { project, question } = await qa.question(actor, projectId, questionId);
    if (project.creatorId !== actor.id) throw new NotFoundError();
    await renderPage(
      res,
      "comms/answer",
      {
        title: req.t("comms.qa.answerTitle", { project: project.title }),
        project,
        question,
        values: values ?? { answer: question.answerMd ?? "" },
        errors,
      },
      status,
    );
  };

  /** GET /projects/:id/questions/:qid/answer */
  router.get("/projects/:id/questions/:qid/answer", requireUser, (req, res) =>
    showAnswer(req, res, idParam(req.params.id), idParam(req.params.qid), undefined),
  );

  /** POST /projects/:id/questions/:qid/answer */
  router.post("/projects/:id/questions/:qid/answer", requireUser, async (req, res) => {
    const [id, qid] = [idParam(req.params.id), idParam(req.params.qid)];
    const values = keptValues(req.body);
    const form = parseForm(answerSchema, req.body);
    if (!form.ok) return showAnswer(req, res, id, qid, values, form.errors, 422);
    try {
      await qa.answer(actorOf(req) as Actor, id, qid, form.data.answer);
    } catch (error) {
      if (error instanceof ValidationError)
        return showAnswer(req, res, id, qid, values, error.fieldErrors, 422);
      throw error;
    }
    flash(req, "success", "comms.qa.answered");
    res.redirect(303, `/projects/${id}#question-${qid}`);
  });

  const showReport = async (
    req: Request,
    res: Response,
    projectId: number,
    questionId: number,
    values: Record<string, string>,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const { project, question } = await qa.question(actorOf(req), projectId, questionId);
    const target = values.target === "answer" ? "answer" : "question";
    if (target === "answer" && (!question.answerHtml || question.answerHiddenAt)) throw new NotFoundError();
    await renderPage(
      res,
      "comms/report",
      {
        title: req.t("comms.qa.reportTitle"),
        project,
        question,
        target,
        values: { ...values, target },
        errors,
      },
      status,
    );
  };

  /** GET /projects/:id/questions/:qid/report?target=question|answer */
  router.get("/projects/:id/questions/:qid/report", requireUser, (req, res) =>
    showReport(req, res, idParam(req.params.id), idParam(req.params.qid), {
      target: req.query.target === "answer" ? "answer" : "question",
    }),
  );

  /** POST /projects/:id/questions/:qid/report */
  router.post("/projects/:id/questions/:qid/report", requireUser, limits.report, async (req, res) => {
    const [id, qid] = [idParam(req.params.id), idParam(req.params.qid)];
    const values = keptValues(req.body);
    const form = parseForm(reportSchema, req.body);
    if (!form.ok) return showReport(req, res, id, qid, values, form.errors, 422);
    let fresh: boolean;
    try {
      fresh = await qa.report(
        actorOf(req) as Actor,
        id,
        qid,
        form.data.target,
        form.data.reason,
        form.data.note ?? "",
      );
    } catch (error) {
      if (error instanceof ValidationError)
        return showReport(req, res, id, qid, values, error.fieldErrors, 422);
      throw error;
    }
    flash(req, fresh ? "success" : "info", fresh ? "comms.qa.reported" : "comms.qa.alreadyReported");
    res.redirect(303, `/projects/${id}#question-${qid}`);
  });

  // Delivery ---------------------------------------------------------------------------------------

  const showDelivery = async (req: Request, res: Response, errors: FieldErrors = {}, status = 200) => {
    const { project, tiers } = await delivery.forCreator(actorOf(req) as Actor, idParam(req.params.id));
    await renderPage(
      res,
      "comms/delivery",
      {
        title: req.t("comms.delivery.pageTitle", { project: project.title }),
        project,
        tiers,
        funded: tracksDelivery(project),
        overdue: await delivery.overdue(project, tiers),
        overdueDays: config.updateOverdueDays,
        monthLabel: (ym: string) => formatMonth(ym, req.locale),
        errors,
      },
      status,
    );
  };

  /** GET /projects/:id/delivery */
  router.get("/projects/:id/delivery", requireUser, (req, res) => showDelivery(req, res));

  /** POST /projects/:id/delivery/:tierId — status */
  router.post("/projects/:id/delivery/:tierId", requireUser, async (req, res) => {
    const [id, tierId] = [idParam(req.params.id), idParam(req.params.tierId)];
    const form = parseForm(deliverySchema, req.body);
    if (!form.ok) return showDelivery(req, res, { [`status-${tierId}`]: "validation.invalid" }, 422);
    await delivery.setStatus(actorOf(req) as Actor, id, tierId, form.data.status);
    const { tiers } = await delivery.forCreator(actorOf(req) as Actor, id);
    flash(req, "success", "comms.delivery.saved", {
      tier: tiers.find((t) => t.tier.id === tierId)?.tier.title ?? "",
    });
    res.redirect(303, `/projects/${id}/delivery`);
  });

  // Admin ------------------------------------------------------------------------------------------

  /** GET /admin/outbox */
  router.get("/admin/outbox", ...admin, async (req, res) => {
    const status = (outboxStatuses as readonly string[]).includes(String(req.query.status))
      ? (req.query.status as OutboxStatus)
      : undefined;
    const page = pageParam(req.query.page);
    const pageSize = 50;
    const { items, total } = await listOutbox(db, { status, limit: pageSize, offset: (page - 1) * pageSize });
    await renderPage(res, "comms/admin-outbox", {
      title: req.t("comms.admin.outbox.title"),
      section: "outbox",
      items,
      counts: await outboxCounts(db),
      status: status ?? "",
      statuses: outboxStatuses,
      page,
      pages: Math.max(1, Math.ceil(total / pageSize)),
    });
  });

  /** POST /admin/outbox/:id/retry */
  router.post("/admin/outbox/:id/retry", ...admin, async (req, res) => {
    const requeued = await requeueOutbox(db, idParam(req.params.id), clock.now());
    flash(
      req,
      requeued ? "success" : "info",
      requeued ? "comms.admin.outbox.retried" : "comms.admin.outbox.notRetried",
    );
    const status =
      typeof req.body?.status === "string" && (outboxStatuses as readonly string[]).includes(req.body.status);
    res.redirect(303, status ? `/admin/outbox?status=${req.body.status}` : "/admin/outbox");
  });

  const showModeration = async (req: Request, res: Response, extra: object = {}, status = 200) => {
    const queue = await qa.moderationQueue(actorOf(req));
    await renderPage(
      res,
      "comms/admin-qa",
      { title: req.t("comms.admin.qa.title"), section: "qa", ...queue, failed: null, ...extra },
      status,
    );
  };

  /** GET /admin/qa */
  router.get("/admin/qa", ...admin, (req, res) => showModeration(req, res));

  /** POST /admin/qa/:qid/hide — target, reason */
  router.post("/admin/qa/:qid/hide", ...admin, async (req, res) => {
    const qid = idParam(req.params.qid);
    const form = parseForm(hideSchema, req.body);
    const target = req.body?.target === "answer" ? "answer" : "question";
    const failed = (errors: FieldErrors) =>
      showModeration(req, res, { failed: { qid, target }, values: keptValues(req.body), errors }, 422);
    if (!form.ok) return failed(form.errors);
    try {
      await qa.hide(actorOf(req), qid, form.data.target, form.data.reason);
    } catch (error) {
      if (error instanceof ValidationError) return failed(error.fieldErrors);
      throw error;
    }
    flash(req, "success", "comms.admin.qa.hiddenDone");
    res.redirect(303, "/admin/qa");
  });

  /** POST /admin/qa/:qid/dismiss — target */
  router.post("/admin/qa/:qid/dismiss", ...admin, async (req, res) => {
    const form = parseForm(targetSchema, req.body);
    if (!form.ok) throw new RuleError("validation.invalid");
    await qa.dismiss(actorOf(req), idParam(req.params.qid), form.data.target);
    flash(req, "success", "comms.admin.qa.dismissed");
    res.redirect(303, "/admin/qa");
  });

  /** POST /admin/qa/:qid/restore — target */
  router.post("/admin/qa/:qid/restore", ...admin, async (req, res) => {
    const form = parseForm(targetSchema, req.body);
    if (!form.ok) throw new RuleError("validation.invalid");
    await qa.restore(actorOf(req), idParam(req.params.qid), form.data.target);
    flash(req, "success", "comms.admin.qa.restored");
    res.redirect(303, "/admin/qa");
  });

  /** GET /admin/overdue */
  router.get("/admin/overdue", ...admin, async (req, res) => {
    await renderPage(res, "comms/admin-overdue", {
      title: req.t("comms.admin.overdue.title"),
      section: "overdue",
      entries: await delivery.overdueList(actorOf(req)),
      overdueDays: config.updateOverdueDays,
    });
  });

  return router;
}

type Actor = { id: number; role: Express.User["role"] };

function commsServices(deps: AppDeps) {
  const { config, db, clock } = deps;
  const notifier = notifierFrom(deps);
  const uploads = new UploadStore({
    dir: config.uploadDir,
    maxImageBytes: config.uploads.maxImageBytes,
    maxDocumentBytes: config.uploads.maxDocumentBytes,
  });
  return {
    notifier,
    uploads,
    updates: new UpdateService({ db, clock, uploads, notifier }),
    qa: new QaService({ db, clock, notifier }),
    delivery: new DeliveryService({ db, clock, notifier, overdueDays: config.updateOverdueDays }),
  };
}

export type ProjectSections = Awaited<ReturnType<ReturnType<typeof projectSections>>>;

/**
 * The project page's updates, Q&A and delivery sections, for a viewer the page is shown to (the
 * discovery route has checked that). ?updates= and ?questions= page the two lists.
 */
export function projectSections(deps: AppDeps) {
  const { updates, qa, delivery } = commsServices(deps);
  return async (viewer: Actor | undefined, project: Project, query: Request["query"]) => {
    const relation = await updates.relation(viewer, project);
    // Delivery status and the overdue notice exist only after funding: live pages skip those queries.
    const funded = tracksDelivery(project);
    const tiers = funded ? await delivery.tiersWithStatus(project.id) : [];
    return {
      relation,
      updates: await updates.list(viewer, project, pageParam(query.updates), relation),
      questions: await qa.list(project, pageParam(query.questions)),
      canPost: (relation.isCreator || relation.isAdmin) && acceptsUpdates(project.state),
      canAsk: acceptsQuestions(project.state),
      delivery: funded ? tiers : null,
      overdue: funded ? await delivery.overdue(project, tiers) : { overdue: false, dueAt: null },
      query: { updates: pageParam(query.updates), questions: pageParam(query.questions) },
    };
  };
}

function actorOf(req: Request): Actor | undefined {
  return req.user ? { id: req.user.id, role: req.user.role } : undefined;
}

const text = (max: number, tooLong: string) => z.string("validation.required").max(max, tooLong);

const updateSchema = z.object({
  title: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(150, "comms.updates.errors.titleTooLong"),
  body: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(20_000, "comms.updates.errors.bodyTooLong"),
  visibility: z.enum(updateVisibilities, "validation.invalid"),
});

const askSchema = z.object({
  body: text(2_000, "comms.qa.errors.tooLong").trim().min(1, "validation.required"),
});

const answerSchema = z.object({
  answer: text(5_000, "comms.qa.errors.answerTooLong").trim().min(1, "validation.required"),
});

const reportSchema = z.object({
  target: z.enum(qaTargets, "validation.invalid"),
  reason: z.enum(reportReasons, "comms.qa.chooseReason"),
  note: z.string("validation.invalid").max(REPORT_NOTE_MAX, "comms.qa.errors.noteTooLong").optional(),
});

const targetSchema = z.object({ target: z.enum(qaTargets, "validation.invalid") });

const hideSchema = z.object({
  target: z.enum(qaTargets, "validation.invalid"),
  reason: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(500, "comms.qa.errors.reasonTooLong"),
});

const deliverySchema = z.object({ status: z.enum(deliveryStatuses, "validation.invalid") });

/**
 * Runs multer and reports a refused upload as a field message and status, so the form is shown
 * again with what was typed (never an error page).
 */
function receive(
  middleware: RequestHandler,
  req: Request,
  res: Response,
): Promise<{ key: string; status: number } | undefined> {
  return new Promise((resolve) => {
    middleware(req, res, (err?: unknown) => {
      if (!err) return resolve(undefined);
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE") return resolve({ key: "projects.uploads.imageTooLarge", status: 413 });
      if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_UNEXPECTED_FILE")
        return resolve({ key: "projects.uploads.tooManyFiles", status: 400 });
      resolve({ key: "projects.uploads.failed", status: 400 });
    });
  });
}
