import { stringify } from "csv-stringify/sync";
import { type Request, type RequestHandler, type Response, Router } from "express";
import multer from "multer";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { REPORT_DETAILS_MAX, reportReasons } from "../domain/moderation.ts";
import { MESSAGE_MAX, RATING_COMMENT_MAX, SUBJECT_MAX, ticketCategories } from "../domain/support.ts";
import {
  AppError,
  ConflictError,
  type FieldErrors,
  NotFoundError,
  RuleError,
  ValidationError,
} from "../errors.ts";
import { helpCatalog } from "../i18n/help.ts";
import { AccountIpTracker, ProjectViewCounter } from "../services/activity.ts";
import { ModerationService } from "../services/moderation.ts";
import { Notifier } from "../services/notifications.ts";
import { type About, type IncomingFile, SupportService, type TicketView } from "../services/support.ts";
import { UploadRejected, UploadStore } from "../services/uploads.ts";
import type { Db } from "../store/db.ts";
import { keptValues, parseForm } from "./forms.ts";
import { requireUser } from "./guards.ts";
import { neutralizeFormula } from "./pledges.ts";
import { flash, renderPage } from "./render.ts";
import { limiter } from "./security.ts";

/**
 * Customer service, the public and signed-in side. Mounted before the discovery routes.
 *
 *   GET  /help                              the help centre: topics, the risks page, how to contact us
 *   GET  /help/:topic                       one FAQ topic (backing, pledges, all-or-nothing, creating,
 *                                           review, equity, fees, safety) or the investor education page (risks)
 *   GET  /support/tickets                   my tickets
 *   GET  /support/tickets/new               open a ticket (?category=…&about=pledge:12 preselect)
 *   POST /support/tickets                   multipart: create it (rate limited), with an optional attachment
 *   GET  /support/tickets/:id               one of my tickets: the conversation, reply and rating forms
 *   POST /support/tickets/:id/reply         multipart: write again
 *   POST /support/tickets/:id/rating        rate a resolved ticket (once)
 *   GET  /support/tickets/:id/history.txt   the full history as a plain-text document (evidence)
 *   GET  /support/tickets/:id/history.csv   the same as CSV
 *   GET  /support/attachments/:id           a file of a ticket (its owner, admins), nosniff + CSP sandbox
 *   GET  /projects/:id/report               "Report this project" form
 *   POST /projects/:id/report               file the report (rate limited)
 */
/** The services the support routes and the operations routes (server/web/ops.ts) share. */
export function supportServices(deps: AppDeps) {
  const { config, db, clock } = deps;
  const uploads = uploadStoreOf(deps);
  const notifier = new Notifier({ db, clock, mailer: deps.mailer, baseUrl: config.baseUrl });
  const support = new SupportService({
    db,
    clock,
    uploads,
    notifier,
    firstResponseHours: config.support.firstResponseHours,
  });
  const moderation = new ModerationService({ db, clock, notifier });
  return { uploads, notifier, support, moderation };
}

export function supportRoutes(deps: AppDeps): Router {
  const { config, db, clock } = deps;
  const { uploads, notifier, support, moderation } = supportServices(deps);
  const window = config.rateLimit.windowMs;
  const ticketLimit = limiter({
    windowMs: window,
    limit: config.support.ticketsPerWindow,
    countSuccesses: true,
  });
  const reportLimit = limiter({
    windowMs: window,
    limit: config.support.reportsPerWindow,
    countSuccesses: true,
  });
  const upload = attachmentUpload(uploads);
  const router = Router();

  // Help centre -------------------------------------------------------------------------------

  /** GET /help */
  router.get("/help", async (req, res) => {
    await renderPage(res, "help/index", { title: req.t("help.index.title"), topics: helpTopics });
  });

  /** GET /help/:topic */
  router.get("/help/:topic", async (req, res) => {
    const topic = helpTopics.find((t) => t.slug === req.params.topic);
    if (!topic) throw new NotFoundError();
    await renderPage(res, "help/topic", {
      title: req.t(`help.topics.${topic.key}.title`),
      topic,
      topics: helpTopics,
    });
  });

  // Tickets -----------------------------------------------------------------------------------

  /** GET /support/tickets */
  router.get("/support/tickets", requireUser, async (req, res) => {
    const tickets = await support.mine(userOf(req));
    await renderPage(res, "support/index", { title: req.t("ops.tickets.mine.title"), tickets });
  });

  /** GET /support/tickets/new */
  router.get("/support/tickets/new", requireUser, async (req, res) => {
    const values: Record<string, string> = {};
    const category = String(req.query.category ?? "");
    if ((ticketCategories as readonly string[]).includes(category)) values.category = category;
    if (typeof req.query.about === "string" && /^(pledge|project):\d{1,12}$/.test(req.query.about))
      values.about = req.query.about;
    await showNewTicket(req, res, values, {});
  });

  /** POST /support/tickets */
  router.post("/support/tickets", requireUser, ticketLimit, async (req, res) => {
    const received = await receive(upload, req, res, uploads);
    const values = keptValues(req.body);
    if (received)
      return showNewTicket(req, res, values, { attachment: received.key }, received.status, received.params);
    const form = parseForm(newTicketSchema, req.body);
    if (!form.ok) return showNewTicket(req, res, values, form.errors, 422);
    try {
      const ticket = await support.open(userOf(req), {
        category: form.data.category,
        subject: form.data.subject,
        body: form.data.body,
        about: form.data.about,
        file: fileOf(req),
      });
      flash(req, "success", "ops.tickets.flash.opened", { id: ticket.id });
      res.redirect(303, `/support/tickets/${ticket.id}`);
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal) return showNewTicket(req, res, values, refusal.errors, refusal.status, refusal.params);
      throw error;
    }
  });

  /** GET /support/tickets/:id */
  router.get("/support/tickets/:id", requireUser, async (req, res) => {
    await showTicket(req, res, await support.own(userOf(req), idParam(req.params.id)));
  });

  /** POST /support/tickets/:id/reply */
  router.post("/support/tickets/:id/reply", requireUser, async (req, res) => {
    const id = idParam(req.params.id);
    const view = await support.own(userOf(req), id); // 404 before reading any file
    const received = await receive(upload, req, res, uploads);
    const values = keptValues(req.body);
    if (received)
      return showTicket(
        req,
        res,
        view,
        { values, errors: { attachment: received.key }, params: received.params },
        received.status,
      );
    const form = parseForm(replySchema, req.body);
    if (!form.ok) return showTicket(req, res, view, { values, errors: form.errors }, 422);
    try {
      await support.replyAsUser(userOf(req), id, form.data.body, fileOf(req));
      flash(req, "success", "ops.tickets.flash.replied");
      res.redirect(303, `/support/tickets/${id}#latest`);
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal)
        return showTicket(
          req,
          res,
          view,
          { values, errors: refusal.errors, params: refusal.params },
          refusal.status,
        );
      throw error;
    }
  });

  /** POST /support/tickets/:id/rating */
  router.post("/support/tickets/:id/rating", requireUser, async (req, res) => {
    const id = idParam(req.params.id);
    const view = await support.own(userOf(req), id);
    const values = keptValues(req.body);
    const form = parseForm(ratingSchema, req.body);
    if (!form.ok) return showTicket(req, res, view, { ratingValues: values, ratingErrors: form.errors }, 422);
    try {
      await support.rate(userOf(req), id, form.data.rating, form.data.comment ?? "");
      flash(req, "success", "ops.tickets.flash.rated");
      res.redirect(303, `/support/tickets/${id}`);
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal)
        return showTicket(
          req,
          res,
          view,
          { ratingValues: values, ratingErrors: refusal.errors },
          refusal.status,
        );
      throw error;
    }
  });

  /** GET /support/tickets/:id/history.txt — every message and timestamp, as a document the user can keep. */
  router.get("/support/tickets/:id/history.txt", requireUser, async (req, res) => {
    const view = await support.history(userOf(req), idParam(req.params.id));
    res.set({ "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store" });
    res.type("text/plain; charset=utf-8");
    res.attachment(`ticket-${view.ticket.id}-history.txt`);
    res.send(historyText(req, view, clock.now()));
  });

  /** GET /support/tickets/:id/history.csv */
  router.get("/support/tickets/:id/history.csv", requireUser, async (req, res) => {
    const view = await support.history(userOf(req), idParam(req.params.id));
    const t = req.t;
    const rows = view.messages.map((m) => [
      m.createdAt.toISOString(),
      m.authorRole === "staff" ? t("ops.tickets.history.support", { name: m.authorName }) : m.authorName,
      m.body,
      (view.attachments.get(m.id) ?? []).map((a) => `${a.originalName} (sha256 ${a.sha256})`).join("; "),
    ]);
    const csv = stringify([
      ["time", "author", "message", "attachments"].map((h) => t(`ops.tickets.history.csv.${h}`)),
      ...rows.map((r) => r.map(neutralizeFormula)),
    ]);
    res.set({ "Cache-Control": "private, no-store" });
    res.type("text/csv; charset=utf-8");
    res.attachment(`ticket-${view.ticket.id}-history.csv`);
    res.send(`\uFEFF${csv}`);
  });

  /** GET /support/attachments/:id — inline, sandboxed, never sniffed. */
  router.get("/support/attachments/:id", requireUser, async (req, res) => {
    const user = userOf(req);
    const { attachment, path, contentType } = await support.attachmentFor(user, idParam(req.params.id));
    const ext = attachment.kind === "image" ? "webp" : "pdf";
    res.set({
      "Content-Type": contentType,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Content-Disposition": `inline; filename="attachment-${attachment.id}.${ext}"`,
      "Cache-Control": "private, max-age=3600",
    });
    await sendFile(res, path);
  });

  // Reports -----------------------------------------------------------------------------------

  /** GET /projects/:id/report */
  router.get("/projects/:id/report", requireUser, async (req, res) => {
    await showReportForm(req, res, idParam(req.params.id), {}, {});
  });

  /** POST /projects/:id/report */
  router.post("/projects/:id/report", requireUser, reportLimit, async (req, res) => {
    const id = idParam(req.params.id);
    const values = keptValues(req.body);
    const form = parseForm(reportSchema, req.body);
    if (!form.ok) return showReportForm(req, res, id, values, form.errors, 422);
    try {
      await moderation.report(userOf(req), id, form.data);
      flash(req, "success", "ops.reports.flash.sent");
      res.redirect(303, `/projects/${id}`);
    } catch (error) {
      if (error instanceof ValidationError)
        return showReportForm(req, res, id, values, error.fieldErrors, 422);
      if (error instanceof ConflictError || error instanceof RuleError)
        return showReportForm(req, res, id, values, { _form: error.messageKey }, error.status);
      throw error;
    }
  });

  return router;

  // Pages -------------------------------------------------------------------------------------

  async function showNewTicket(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
    params: Record<string, unknown> = {},
  ) {
    const subjects = await support.subjectsFor(userOf(req));
    await renderPage(
      res,
      "support/new",
      {
        title: req.t("ops.tickets.new.title"),
        values,
        errors,
        params,
        subjects,
        categories: ticketCategories,
        limits: limitsOf(uploads),
      },
      status,
    );
  }

  async function showTicket(
    req: Request,
    res: Response,
    view: TicketView,
    extra: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      params?: Record<string, unknown>;
      ratingValues?: Record<string, string>;
      ratingErrors?: FieldErrors;
    } = {},
    status = 200,
  ) {
    await renderPage(
      res,
      "support/show",
      {
        title: req.t("ops.tickets.show.title", { id: view.ticket.id }),
        ...view,
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        params: extra.params ?? {},
        ratingValues: extra.ratingValues ?? {},
        ratingErrors: extra.ratingErrors ?? {},
        limits: limitsOf(uploads),
      },
      status,
    );
  }

  async function showReportForm(
    req: Request,
    res: Response,
    projectId: number,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) {
    let project: Awaited<ReturnType<ModerationService["reportable"]>>;
    try {
      project = await moderation.reportable(userOf(req), projectId);
    } catch (error) {
      if (error instanceof RuleError) throw new AppError(403, error.messageKey);
      throw error;
    }
    await renderPage(
      res,
      "support/report",
      {
        title: req.t("ops.reports.form.title"),
        project,
        values,
        errors,
        reasons: reportReasons,
        detailsMax: REPORT_DETAILS_MAX,
      },
      status,
    );
  }
}

/**
 * Counts project page views (in memory, see ProjectViewCounter) and remembers the addresses of
 * signed-in accounts (risk monitoring). Mount before the routers: it only observes and calls next().
 */
export function activityTracking(deps: AppDeps): RequestHandler {
  const views = projectViewsFor(deps);
  const addresses = accountIpsFor(deps);
  return (req, res, next) => {
    if (req.user && req.user.role !== "admin") addresses.see(req.user.id, req.ip);
    if (req.method === "GET") {
      const match = /^\/projects\/(\d{1,12})$/.exec(req.path);
      if (match && req.user?.role !== "admin") {
        const id = Number(match[1]);
        res.on("finish", () => {
          if (res.statusCode === 200) views.count(id);
        });
      }
    }
    next();
  };
}

// Shared per app (keyed by its database): the routers and main.ts reach the same instances.
const viewCounters = new WeakMap<Db, ProjectViewCounter>();
const ipTrackers = new WeakMap<Db, AccountIpTracker>();

/** The app's project view counter; server/main.ts starts its timer and flushes it at shutdown. */
export function projectViewsFor(
  deps: Pick<AppDeps, "db" | "clock"> & Partial<Pick<AppDeps, "logger">>,
): ProjectViewCounter {
  let counter = viewCounters.get(deps.db);
  if (!counter) {
    counter = new ProjectViewCounter({ db: deps.db, clock: deps.clock, logger: deps.logger });
    viewCounters.set(deps.db, counter);
  }
  return counter;
}

export function accountIpsFor(
  deps: Pick<AppDeps, "db" | "clock"> & Partial<Pick<AppDeps, "logger">>,
): AccountIpTracker {
  let tracker = ipTrackers.get(deps.db);
  if (!tracker) {
    tracker = new AccountIpTracker({ db: deps.db, clock: deps.clock, logger: deps.logger });
    ipTrackers.set(deps.db, tracker);
  }
  return tracker;
}

// Help topics -------------------------------------------------------------------------------------

export interface HelpTopic {
  slug: string;
  key: keyof typeof helpCatalog.en.topics;
  questions: string[];
}

const slugs: Record<keyof typeof helpCatalog.en.topics, string> = {
  backing: "backing",
  pledges: "pledges",
  allOrNothing: "all-or-nothing",
  creating: "creating",
  review: "review",
  equity: "equity",
  fees: "fees",
  safety: "safety",
  risks: "risks",
};

/** Every help page with its questions, in catalog order (both languages have the same keys). */
export const helpTopics: HelpTopic[] = (Object.keys(slugs) as (keyof typeof slugs)[]).map((key) => ({
  slug: slugs[key],
  key,
  questions: Object.keys(helpCatalog.en.topics[key].faq),
}));

// Forms -------------------------------------------------------------------------------------------

const aboutField = z
  .string()
  .regex(/^((pledge|project):[1-9]\d{0,11})?$/, "ops.tickets.errors.aboutNotYours")
  .optional()
  .transform((v): About => {
    if (!v) return null;
    const [kind, id] = v.split(":");
    return { kind: kind as "pledge" | "project", id: Number(id) };
  });

const newTicketSchema = z.object({
  category: z.enum(ticketCategories, "ops.tickets.errors.category"),
  subject: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(SUBJECT_MAX, "ops.errors.tooLong"),
  body: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(MESSAGE_MAX, "ops.errors.tooLong"),
  about: aboutField,
});

const replySchema = z.object({
  body: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(MESSAGE_MAX, "ops.errors.tooLong"),
});

const ratingSchema = z.object({
  rating: z
    .string("ops.tickets.errors.rating")
    .regex(/^[1-5]$/, "ops.tickets.errors.rating")
    .transform(Number),
  comment: z.string().max(RATING_COMMENT_MAX, "ops.errors.tooLong").optional(),
});

const reportSchema = z.object({
  reason: z.enum(reportReasons, "ops.reports.errors.reason"),
  details: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(REPORT_DETAILS_MAX, "ops.errors.tooLong"),
});

// Helpers -----------------------------------------------------------------------------------------

function userOf(req: Request): Express.User {
  return req.user as Express.User;
}

/** A positive integer id from the URL; anything else is a page that does not exist. */
export function idParam(raw: unknown): number {
  const text = String(raw);
  if (!/^[1-9]\d{0,14}$/.test(text)) throw new NotFoundError();
  const id = Number(text);
  if (!Number.isSafeInteger(id)) throw new NotFoundError();
  return id;
}

export function uploadStoreOf(deps: AppDeps): UploadStore {
  return new UploadStore({
    dir: deps.config.uploadDir,
    maxImageBytes: deps.config.uploads.maxImageBytes,
    maxDocumentBytes: deps.config.uploads.maxDocumentBytes,
  });
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function limitsOf(uploads: UploadStore) {
  return { imageMb: megabytes(uploads.maxImageBytes), documentMb: megabytes(uploads.maxDocumentBytes) };
}

/** One optional file ("attachment") and the text fields of a ticket form, in memory, size-limited. */
export function attachmentUpload(uploads: UploadStore): RequestHandler {
  return multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: Math.max(uploads.maxImageBytes, uploads.maxDocumentBytes),
      files: 1,
      fields: 12,
      parts: 13,
      fieldSize: 64 * 1024,
    },
  }).single("attachment");
}

/** Runs multer; a refused upload becomes a field error (413 too large, 400 otherwise) instead of an error page. */
export function receive(
  middleware: RequestHandler,
  req: Request,
  res: Response,
  uploads: UploadStore,
): Promise<{ key: string; status: number; params?: Record<string, unknown> } | undefined> {
  if (!req.is("multipart/form-data")) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    middleware(req, res, (err?: unknown) => {
      if (!err) return resolve(undefined);
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE")
        return resolve({
          key: "ops.tickets.attachments.tooLarge",
          status: 413,
          params: limitsOf(uploads),
        });
      if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_UNEXPECTED_FILE")
        return resolve({ key: "projects.uploads.tooManyFiles", status: 400 });
      resolve({ key: "projects.uploads.failed", status: 400 });
    });
  });
}

export function fileOf(req: Request): IncomingFile | undefined {
  if (!req.file || req.file.size === 0) return undefined;
  return {
    buffer: req.file.buffer,
    originalName: Buffer.from(req.file.originalname, "latin1").toString("utf8"),
  };
}

/** A refusal the form shows: field errors (422), an upload refused (its status), a rule (422/409). */
export function formRefusal(
  error: unknown,
): { errors: FieldErrors; status: number; params?: Record<string, unknown> } | undefined {
  if (error instanceof ValidationError) return { errors: error.fieldErrors, status: 422 };
  if (error instanceof UploadRejected)
    return { errors: { attachment: error.messageKey }, status: error.status, params: error.params };
  if (error instanceof RuleError || error instanceof ConflictError)
    return { errors: { _form: error.messageKey }, status: error.status, params: error.params };
  return undefined;
}

/** res.sendFile as a promise; a missing file is a 404. */
export function sendFile(res: Response, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(path, { dotfiles: "deny" }, (err?: Error & { code?: string; status?: number }) => {
      if (!err) return resolve();
      if (res.headersSent) return resolve();
      if (err.code === "ENOENT" || err.status === 404) return reject(new NotFoundError());
      reject(err);
    });
  });
}

/** The ticket's history as a plain-text document: header, then every message with its time (UTC). */
function historyText(req: Request, view: TicketView, now: Date): string {
  const t = req.t;
  const { ticket } = view;
  const lines = [
    t("ops.tickets.history.heading", { id: ticket.id }),
    "=".repeat(60),
    `${t("ops.tickets.fields.subject")}: ${ticket.subject}`,
    `${t("ops.tickets.fields.category")}: ${t(`ops.tickets.categories.${ticket.category}`)}`,
    `${t("ops.tickets.fields.state")}: ${t(`ops.tickets.states.${ticket.state}`)}`,
    `${t("ops.tickets.history.account")}: ${ticket.userName} <${ticket.userEmail}>`,
    `${t("ops.tickets.history.opened")}: ${ticket.createdAt.toISOString()}`,
    ...(ticket.resolvedAt
      ? [`${t("ops.tickets.history.resolved")}: ${ticket.resolvedAt.toISOString()}`]
      : []),
    ...(ticket.rating !== null ? [`${t("ops.tickets.history.rating")}: ${ticket.rating}/5`] : []),
    `${t("ops.tickets.history.generated")}: ${now.toISOString()}`,
    t("ops.tickets.history.note"),
    "",
  ];
  for (const m of view.messages) {
    const author =
      m.authorRole === "staff" ? t("ops.tickets.history.support", { name: m.authorName }) : m.authorName;
    lines.push("-".repeat(60), `${m.createdAt.toISOString()} — ${author}`, "", m.body, "");
    for (const a of view.attachments.get(m.id) ?? []) {
      lines.push(
        t("ops.tickets.history.attachment", { name: a.originalName, bytes: a.sizeBytes, sha256: a.sha256 }),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
