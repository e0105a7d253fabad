import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { masked } from "../crypto/secrets.ts";
import { projectStates } from "../domain/project-lifecycle.ts";
import type { ReviewAction } from "../domain/review-checklist.ts";
import { AppError, type FieldErrors, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { MESSAGE_MAX_LENGTH, ReviewService } from "../services/review.ts";
import { formatMonth } from "./format.ts";
import { keptValues, parseForm } from "./forms.ts";
import { notifierFrom } from "./notifications.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";

/**
 * Admin review, mounted at /admin behind requireUser + requireAdmin (server/app.ts); the service
 * checks the role again.
 *
 *   GET  /admin                              overview: counts and links
 *   GET  /admin/review                       the review queue, oldest submission first
 *   GET  /admin/projects?state=&picks=&page= every project, filtered by state (and picks=1: staff picks), paginated
 *   GET  /admin/projects/:id                 full preview of a project in any state, with the decision forms
 *   POST /admin/projects/:id/approve         approve (checklist complete), optional note
 *   POST /admin/projects/:id/request-changes send back to the creator with a message
 *   POST /admin/projects/:id/reject          reject with a reason
 *   POST /admin/projects/:id/staff-pick      mark (pick=1, live only) or unmark (pick=0) a staff pick
 */
export function reviewRoutes(deps: AppDeps): Router {
  const review = new ReviewService({
    db: deps.db,
    clock: deps.clock,
    notifier: notifierFrom(deps),
  });
  const router = Router();

  /** GET /admin/review — the review queue. */
  router.get("/review", async (req, res) => {
    const entries = await review.queue(req.user);
    await renderPage(res, "admin/review", {
      title: req.t("review.queue.title"),
      entries,
      now: deps.clock.now(),
      section: "queue",
    });
  });

  /** GET /admin/projects — every project, filtered by state and paginated. */
  router.get("/projects", async (req, res) => {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new AppError(400, "review.errors.badFilter");
    const state = query.data.state || undefined;
    const staffPicks = query.data.picks === "1";
    const page = await review.projects(req.user, { state, staffPicks, page: query.data.page ?? 1 });
    await renderPage(res, "admin/projects", {
      title: state
        ? req.t("review.list.titleState", { state: req.t(`projects.states.${state}`) })
        : req.t("review.list.title"),
      state: state ?? "",
      staffPicks,
      states: projectStates,
      ...page,
      section: "projects",
    });
  });

  /** GET /admin/projects/:id — the reviewer's preview. */
  router.get("/projects/:id", (req, res) => showPreview(req, res, projectId(req)));

  /** POST /admin/projects/:id/approve */
  router.post("/projects/:id/approve", (req, res) => decideRoute(req, res, "approve"));
  /** POST /admin/projects/:id/request-changes */
  router.post("/projects/:id/request-changes", (req, res) => decideRoute(req, res, "requestChanges"));
  /** POST /admin/projects/:id/reject */
  router.post("/projects/:id/reject", (req, res) => decideRoute(req, res, "reject"));

  /** POST /admin/projects/:id/staff-pick — pick=1 marks, pick=0 unmarks; back to returnTo. */
  router.post("/projects/:id/staff-pick", async (req, res) => {
    const id = projectId(req);
    const form = parseForm(staffPickSchema, req.body);
    if (!form.ok) throw new AppError(400, "errors.badRequest");
    const project = await review.setStaffPick(req.user, id, form.data.pick === "1");
    flash(req, "success", project.staffPick ? "review.staffPick.added" : "review.staffPick.removed", {
      title: project.title,
    });
    res.redirect(303, safeReturnPath(form.data.returnTo, `/admin/projects/${id}`));
  });

  async function showPreview(req: Request, res: Response, id: number, extra: object = {}, status = 200) {
    const preview = await review.preview(req.user, id);
    await renderPage(
      res,
      "admin/project",
      {
        title: preview.project.title,
        ...preview,
        masked,
        monthLabel: (ym: string) => formatMonth(ym, req.locale),
        listOf: (items: string[]) => listOf(items, req.locale),
        messageMax: MESSAGE_MAX_LENGTH,
        section: "queue",
        ...extra,
      },
      status,
    );
  }

  async function decideRoute(req: Request, res: Response, action: ReviewAction) {
    const id = projectId(req);
    const field = messageField[action];
    const values = keptValues(req.body);
    const form = parseForm(decisionSchema(field), req.body);
    if (!form.ok)
      return showPreview(req, res, id, { values, errors: form.errors, failedAction: action }, 422);
    try {
      const project = await review.decide(req.user, id, action, form.data[field] ?? "");
      flash(req, "success", `review.decision.${action}.done`, { title: project.title });
      res.redirect(303, "/admin/review");
    } catch (error) {
      if (error instanceof ValidationError) {
        const errors: FieldErrors = {};
        for (const [key, message] of Object.entries(error.fieldErrors))
          errors[key === "message" ? field : key] = message;
        return showPreview(req, res, id, { values, errors, failedAction: action }, 422);
      }
      if (error instanceof RuleError) {
        const refusal = describeRefusal(req, error);
        return showPreview(req, res, id, { values, refusal, failedAction: action }, 422);
      }
      throw error;
    }
  }

  return router;
}

/** The form field that carries each decision's text. */
const messageField = {
  approve: "approveNote",
  requestChanges: "changesMessage",
  reject: "rejectReason",
} as const satisfies Record<ReviewAction, string>;

function decisionSchema<F extends string>(field: F) {
  return z.object({
    [field]: z
      .string("validation.invalid")
      .max(MESSAGE_MAX_LENGTH, "review.decision.messageTooLong")
      .optional(),
  } as Record<F, z.ZodOptional<z.ZodString>>);
}

const staffPickSchema = z.object({
  pick: z.enum(["0", "1"]),
  returnTo: z.string().optional(),
});

const listQuery = z.object({
  state: z.union([z.enum(projectStates), z.literal("")]).optional(),
  picks: z.enum(["1", ""]).optional(),
  page: z
    .string()
    .regex(/^[1-9]\d{0,5}$/)
    .transform(Number)
    .optional(),
});

/** The :id of the URL; anything but a plain positive integer is a page that does not exist. */
function projectId(req: Request): number {
  const raw = String(req.params.id);
  const id = /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new NotFoundError();
  return id;
}

/** The domain's refusal in the reader's language, with states and checklist items named. */
function describeRefusal(req: Request, error: RuleError): string {
  const params: Record<string, unknown> = { ...error.params };
  if (typeof params.state === "string") params.state = req.t(`projects.states.${params.state}`);
  if (Array.isArray(params.missing))
    params.missing = listOf(
      params.missing.map((m) => req.t(`projects.checklist.${m}`)),
      req.locale,
    );
  return req.t(error.messageKey, params);
}

function listOf(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: "long", type: "conjunction" }).format(items);
}
