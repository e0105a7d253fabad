import { stringify } from "csv-stringify/sync";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { reportStatuses } from "../domain/moderation.ts";
import { toMajorString } from "../domain/money.ts";
import {
  barChart,
  type DayRange,
  defaultRange,
  MAX_RANGE_DAYS,
  monthRange,
  parseDay,
  parseRange,
  previousMonth,
} from "../domain/ops.ts";
import { riskActions, riskFlagKinds, riskFlagStatuses } from "../domain/risk.ts";
import { MESSAGE_MAX, ticketStates } from "../domain/support.ts";
import { AppError, type FieldErrors, ValidationError } from "../errors.ts";
import { type DashboardFigures, OpsService } from "../services/ops.ts";
import { ReviewService } from "../services/review.ts";
import { RiskService } from "../services/risk.ts";
import type { AuditFilter } from "../store/ops.ts";
import { formatMonth } from "./format.ts";
import { keptValues, parseForm } from "./forms.ts";
import { neutralizeFormula } from "./pledges.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";
import {
  attachmentUpload,
  fileOf,
  formRefusal,
  idParam,
  limitsOf,
  projectViewsFor,
  receive,
  supportServices,
} from "./support.ts";

/**
 * Operations, mounted at /admin behind requireUser + requireAdmin (server/app.ts), before the review
 * routes; every service checks the role again.
 *
 *   GET  /admin                                  dashboard: review counts, figures over ?from=&to= (default: last 30 days), charts
 *   GET  /admin/dashboard.csv                    the dashboard's figures as CSV (?from=&to=)
 *   GET  /admin/report                           monthly operations report, printable (?month=YYYY-MM, default: last month)
 *   GET  /admin/tickets                          support queue (?state=active|open|waiting_on_user|resolved|all &assignee=me|none &overdue=1 &page)
 *   GET  /admin/tickets/:id                      one ticket: conversation, internal notes, reply/note, assignment, state
 *   POST /admin/tickets/:id/reply                multipart: reply (mode=reply|resolve) or internal note (mode=note)
 *   POST /admin/tickets/:id/assign               assign to an admin (assignee=<id>) or nobody (assignee=)
 *   POST /admin/tickets/:id/state                set the state
 *   GET  /admin/reports                          moderation queue (?status=open|dismissed|actioned &page) and suspended projects
 *   GET  /admin/reports/projects/:id             one project's reports, with dismiss / suspend / restore
 *   POST /admin/reports/:id/dismiss              dismiss a report (note)
 *   POST /admin/reports/projects/:id/suspend     suspend the project (reason)
 *   POST /admin/reports/projects/:id/restore     restore it (reason)
 *   GET  /admin/users                            search users (?q=&role=&status=&page)
 *   GET  /admin/users/:id                        a user's activity, with suspend / restore / admin role
 *   POST /admin/users/:id/suspend                suspend (reason)
 *   POST /admin/users/:id/restore                restore (reason)
 *   POST /admin/users/:id/role                   grant (role=admin) or remove (role=user) the admin role
 *   GET  /admin/audit                            the audit log, read-only (?actor=&action=&subject=&subjectId=&from=&to=&page)
 *   GET  /admin/risk                             risk flags (?status=open|cleared|actioned &kind &page)
 *   POST /admin/risk/:id/resolve                 clear a flag or act on it (action, note)
 */
export function opsRoutes(deps: AppDeps): Router {
  const { config, db, clock } = deps;
  const { uploads, notifier, support, moderation } = supportServices(deps);
  const ops = new OpsService({
    db,
    clock,
    firstResponseHours: config.support.firstResponseHours,
    views: projectViewsFor(deps),
  });
  const risk = new RiskService({ db, clock, notifier });
  const review = new ReviewService({ db, clock, notifier });
  const upload = attachmentUpload(uploads);
  const router = Router();

  // Dashboard ---------------------------------------------------------------------------------

  /** GET /admin — the operations dashboard (the review counts stay at the top). */
  router.get("/", async (req, res) => {
    const today = clock.now();
    const query = { from: first(req.query.from), to: first(req.query.to) };
    const parsed = parseRange(query, today);
    const range = parsed.ok ? parsed.range : defaultRange(today);
    const [counts, figures] = [await review.overview(req.user), await ops.figures(req.user, range)];
    await renderPage(
      res,
      "admin/ops-dashboard",
      {
        title: req.t("ops.dashboard.title"),
        section: "home",
        counts,
        figures,
        charts: chartsOf(figures),
        values: parsed.ok ? { from: range.from, to: range.to } : query,
        errors: parsed.ok ? {} : parsed.errors,
        csvLink: `/admin/dashboard.csv?${new URLSearchParams({ from: range.from, to: range.to })}`,
        maxDays: MAX_RANGE_DAYS,
        reportMonth: previousMonth(today),
      },
      parsed.ok ? 200 : 422,
    );
  });

  /** GET /admin/dashboard.csv */
  router.get("/dashboard.csv", async (req, res) => {
    const parsed = parseRange({ from: first(req.query.from), to: first(req.query.to) }, clock.now());
    if (!parsed.ok) throw new AppError(400, "ops.range.invalid");
    const figures = await ops.figures(req.user, parsed.range);
    res.type("text/csv; charset=utf-8");
    res.attachment(`seedfund-figures-${parsed.range.from}-${parsed.range.to}.csv`);
    res.send(`\uFEFF${figuresCsv(req, figures)}`);
  });

  /** GET /admin/report — the monthly operations report, laid out for printing. */
  router.get("/report", async (req, res) => {
    const today = clock.now();
    const asked = first(req.query.month);
    const month = asked || previousMonth(today);
    const range = monthRange(month);
    const shown = range ?? (monthRange(previousMonth(today)) as DayRange);
    const figures = await ops.figures(req.user, shown);
    await renderPage(
      res,
      "admin/ops-report",
      {
        title: req.t("ops.report.title", { month: formatMonth(shown.from.slice(0, 7), req.locale) }),
        section: "home",
        figures,
        charts: chartsOf(figures),
        month: shown.from.slice(0, 7),
        monthName: formatMonth(shown.from.slice(0, 7), req.locale),
        values: { month: range ? month : asked },
        errors: range ? {} : { month: "ops.report.invalidMonth" },
        generatedAt: today,
      },
      range ? 200 : 422,
    );
  });

  // Tickets -----------------------------------------------------------------------------------

  /** GET /admin/tickets */
  router.get("/tickets", async (req, res) => {
    const q = ticketQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, "ops.errors.badFilter");
    const filters = {
      state: q.data.state ?? "active",
      assignee: q.data.assignee || undefined,
      overdue: q.data.overdue === "1",
    };
    const page = await support.queue(req.user, { ...filters, page: q.data.page ?? 1 });
    await renderPage(res, "admin/ops-tickets", {
      title: req.t("ops.tickets.queue.title"),
      section: "tickets",
      filters,
      ...page,
      states: ticketStates,
      targetHours: config.support.firstResponseHours,
      pageLink: (n: number) =>
        `/admin/tickets?${new URLSearchParams({
          state: filters.state,
          ...(filters.assignee ? { assignee: filters.assignee } : {}),
          ...(filters.overdue ? { overdue: "1" } : {}),
          page: String(n),
        })}`,
    });
  });

  /** GET /admin/tickets/:id */
  router.get("/tickets/:id", (req, res) => showAdminTicket(req, res, idParam(req.params.id)));

  /** POST /admin/tickets/:id/reply */
  router.post("/tickets/:id/reply", async (req, res) => {
    const id = idParam(req.params.id);
    await support.adminView(req.user, id); // 404 before reading any file
    const received = await receive(upload, req, res, uploads);
    const values = keptValues(req.body);
    if (received)
      return showAdminTicket(
        req,
        res,
        id,
        { values, errors: { attachment: received.key }, params: received.params },
        received.status,
      );
    const form = parseForm(staffReplySchema, req.body);
    if (!form.ok) return showAdminTicket(req, res, id, { values, errors: form.errors }, 422);
    try {
      await support.replyAsStaff(
        req.user,
        id,
        { body: form.data.body, internal: form.data.mode === "note", resolve: form.data.mode === "resolve" },
        fileOf(req),
      );
      flash(req, "success", `ops.tickets.flash.${form.data.mode}`);
      res.redirect(303, `/admin/tickets/${id}`);
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal)
        return showAdminTicket(
          req,
          res,
          id,
          { values, errors: refusal.errors, params: refusal.params },
          refusal.status,
        );
      throw error;
    }
  });

  /** POST /admin/tickets/:id/assign */
  router.post("/tickets/:id/assign", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(assignSchema, req.body);
    if (!form.ok)
      return showAdminTicket(
        req,
        res,
        id,
        { assignErrors: { assignee: "ops.tickets.errors.assignee" } },
        422,
      );
    try {
      await support.assign(req.user, id, form.data.assignee);
      flash(req, "success", "ops.tickets.flash.assigned");
      res.redirect(303, `/admin/tickets/${id}`);
    } catch (error) {
      if (error instanceof ValidationError)
        return showAdminTicket(req, res, id, { assignErrors: error.fieldErrors }, 422);
      throw error;
    }
  });

  /** POST /admin/tickets/:id/state */
  router.post("/tickets/:id/state", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(stateSchema, req.body);
    if (!form.ok)
      return showAdminTicket(req, res, id, { stateErrors: { state: "ops.tickets.errors.state" } }, 422);
    await support.setState(req.user, id, form.data.state);
    flash(req, "success", "ops.tickets.flash.state", {
      state: req.t(`ops.tickets.states.${form.data.state}`),
    });
    res.redirect(303, `/admin/tickets/${id}`);
  });

  // Moderation --------------------------------------------------------------------------------

  /** GET /admin/reports */
  router.get("/reports", async (req, res) => {
    const q = reportQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, "ops.errors.badFilter");
    const status = q.data.status ?? "open";
    const page = await moderation.queue(req.user, { status, page: q.data.page ?? 1 });
    await renderPage(res, "admin/ops-reports", {
      title: req.t("ops.reports.queue.title"),
      section: "reports",
      status,
      statuses: reportStatuses,
      ...page,
      suspended: await moderation.suspended(req.user),
      pageLink: (n: number) => `/admin/reports?${new URLSearchParams({ status, page: String(n) })}`,
    });
  });

  /** GET /admin/reports/projects/:id */
  router.get("/reports/projects/:id", (req, res) => showCase(req, res, idParam(req.params.id)));

  /** POST /admin/reports/:id/dismiss */
  router.post("/reports/:id/dismiss", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(noteSchema, req.body);
    const projectId = Number(req.body?.projectId);
    const back =
      Number.isSafeInteger(projectId) && projectId > 0
        ? `/admin/reports/projects/${projectId}`
        : "/admin/reports";
    const values = keptValues(req.body);
    const again = (errors: FieldErrors, status: number) =>
      Number.isSafeInteger(projectId) && projectId > 0
        ? showCase(req, res, projectId, { failed: `dismiss-${id}`, values, errors }, status)
        : Promise.reject(new AppError(status, Object.values(errors)[0] ?? "errors.badRequest"));
    if (!form.ok) return again(form.errors, 422);
    try {
      await moderation.dismiss(req.user, id, form.data.note);
      flash(req, "success", "ops.reports.flash.dismissed");
      res.redirect(303, back);
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal) return again(refusal.errors, refusal.status);
      throw error;
    }
  });

  /** POST /admin/reports/projects/:id/suspend and /restore */
  for (const action of ["suspend", "restore"] as const) {
    router.post(`/reports/projects/:id/${action}`, async (req, res) => {
      const id = idParam(req.params.id);
      const values = keptValues(req.body);
      const form = parseForm(reasonSchema, req.body);
      if (!form.ok) return showCase(req, res, id, { failed: action, values, errors: form.errors }, 422);
      try {
        const project =
          action === "suspend"
            ? await moderation.suspend(req.user, id, form.data.reason)
            : await moderation.restore(req.user, id, form.data.reason);
        flash(req, "success", `ops.reports.flash.${action}`, { title: project.title });
        res.redirect(303, `/admin/reports/projects/${id}`);
      } catch (error) {
        const refusal = formRefusal(error);
        if (refusal)
          return showCase(req, res, id, { failed: action, values, errors: refusal.errors }, refusal.status);
        throw error;
      }
    });
  }

  // Users -------------------------------------------------------------------------------------

  /** GET /admin/users */
  router.get("/users", async (req, res) => {
    const q = userQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, "ops.errors.badFilter");
    const filters = {
      q: (q.data.q ?? "").trim(),
      role: q.data.role || undefined,
      status: q.data.status || undefined,
    };
    const page = await ops.users(req.user, {
      text: filters.q,
      role: filters.role,
      status: filters.status,
      page: q.data.page ?? 1,
    });
    await renderPage(res, "admin/ops-users", {
      title: req.t("ops.users.title"),
      section: "users",
      filters,
      ...page,
      pageLink: (n: number) =>
        `/admin/users?${new URLSearchParams({
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.role ? { role: filters.role } : {}),
          ...(filters.status ? { status: filters.status } : {}),
          page: String(n),
        })}`,
    });
  });

  /** GET /admin/users/:id */
  router.get("/users/:id", (req, res) => showUser(req, res, idParam(req.params.id)));

  /** POST /admin/users/:id/suspend, /restore, /role */
  for (const action of ["suspend", "restore", "role"] as const) {
    router.post(`/users/:id/${action}`, async (req, res) => {
      const id = idParam(req.params.id);
      const values = keptValues(req.body);
      const form = parseForm(action === "role" ? roleSchema : reasonSchema, req.body);
      if (!form.ok) return showUser(req, res, id, { failed: action, values, errors: form.errors }, 422);
      try {
        if (action === "suspend") await ops.suspendUser(req.user, id, form.data.reason ?? "");
        else if (action === "restore") await ops.restoreUser(req.user, id, form.data.reason ?? "");
        else
          await ops.setRole(
            req.user,
            id,
            (form.data as z.output<typeof roleSchema>).role,
            form.data.reason ?? "",
          );
        const done = action === "role" ? `role.${(form.data as z.output<typeof roleSchema>).role}` : action;
        flash(req, "success", `ops.users.flash.${done}`);
        res.redirect(303, `/admin/users/${id}`);
      } catch (error) {
        const refusal = formRefusal(error);
        if (refusal)
          return showUser(req, res, id, { failed: action, values, errors: refusal.errors }, refusal.status);
        throw error;
      }
    });
  }

  // Audit log ---------------------------------------------------------------------------------

  /** GET /admin/audit — read-only: there is no route that changes an entry, and the table refuses it. */
  router.get("/audit", async (req, res) => {
    const q = auditQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, "ops.errors.badFilter");
    const values = {
      actor: q.data.actor ?? "",
      action: q.data.action ?? "",
      subject: q.data.subject ?? "",
      subjectId: q.data.subjectId ?? "",
      from: q.data.from ?? "",
      to: q.data.to ?? "",
    };
    const errors: FieldErrors = {};
    const filter: AuditFilter = {};
    if (values.actor) {
      if (/^#?[1-9]\d{0,11}$/.test(values.actor)) filter.actorId = Number(values.actor.replace("#", ""));
      else filter.actorText = values.actor;
    }
    if (values.action) filter.action = values.action;
    if (values.subject) filter.subjectType = values.subject;
    if (values.subjectId) {
      if (/^[1-9]\d{0,11}$/.test(values.subjectId)) filter.subjectId = Number(values.subjectId);
      else errors.subjectId = "ops.audit.errors.subjectId";
    }
    const from = values.from ? parseDay(values.from) : undefined;
    const to = values.to ? parseDay(values.to) : undefined;
    if (values.from && !from) errors.from = "ops.range.invalidDate";
    if (values.to && !to) errors.to = "ops.range.invalidDate";
    if (from && to && from > to) errors.to = "ops.range.endBeforeStart";
    if (from) filter.start = from;
    if (to) filter.end = new Date(to.getTime() + 86_400_000);
    const ok = Object.keys(errors).length === 0;
    const page = await ops.audit(req.user, ok ? filter : {}, ok ? (q.data.page ?? 1) : 1);
    const params = Object.fromEntries(Object.entries(values).filter(([, v]) => v));
    await renderPage(
      res,
      "admin/ops-audit",
      {
        title: req.t("ops.audit.title"),
        section: "audit",
        values,
        errors,
        ...page,
        pageLink: (n: number) => `/admin/audit?${new URLSearchParams({ ...params, page: String(n) })}`,
      },
      ok ? 200 : 422,
    );
  });

  // Risk --------------------------------------------------------------------------------------

  /** GET /admin/risk */
  router.get("/risk", (req, res) => showRisk(req, res));

  /** POST /admin/risk/:id/resolve */
  router.post("/risk/:id/resolve", async (req, res) => {
    const id = idParam(req.params.id);
    const values = keptValues(req.body);
    const form = parseForm(riskSchema, req.body);
    if (!form.ok) return showRisk(req, res, { failed: id, values, errors: form.errors }, 422);
    try {
      await risk.resolve(req.user, id, form.data.action, form.data.note);
      flash(req, "success", `ops.risk.flash.${form.data.action}`);
      res.redirect(303, safeReturnPath(form.data.returnTo, "/admin/risk"));
    } catch (error) {
      const refusal = formRefusal(error);
      if (refusal) return showRisk(req, res, { failed: id, values, errors: refusal.errors }, refusal.status);
      throw error;
    }
  });

  return router;

  // Pages -------------------------------------------------------------------------------------

  async function showAdminTicket(
    req: Request,
    res: Response,
    id: number,
    extra: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      params?: Record<string, unknown>;
      assignErrors?: FieldErrors;
      stateErrors?: FieldErrors;
    } = {},
    status = 200,
  ) {
    const view = await support.adminView(req.user, id);
    await renderPage(
      res,
      "admin/ops-ticket",
      {
        title: req.t("ops.tickets.show.title", { id }),
        section: "tickets",
        ...view,
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        params: extra.params ?? {},
        assignErrors: extra.assignErrors ?? {},
        stateErrors: extra.stateErrors ?? {},
        states: ticketStates,
        limits: limitsOf(uploads),
        messageMax: MESSAGE_MAX,
        targetHours: config.support.firstResponseHours,
      },
      status,
    );
  }

  async function showCase(
    req: Request,
    res: Response,
    projectId: number,
    extra: { failed?: string; values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const view = await moderation.projectCase(req.user, projectId);
    await renderPage(
      res,
      "admin/ops-report-case",
      {
        title: req.t("ops.reports.case.title", { title: view.project.title }),
        section: "reports",
        ...view,
        failed: extra.failed ?? "",
        values: extra.values ?? {},
        errors: extra.errors ?? {},
      },
      status,
    );
  }

  async function showUser(
    req: Request,
    res: Response,
    id: number,
    extra: { failed?: string; values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const detail = await ops.user(req.user, id);
    await renderPage(
      res,
      "admin/ops-user",
      {
        title: detail.user.name,
        section: "users",
        ...detail,
        failed: extra.failed ?? "",
        values: extra.values ?? {},
        errors: extra.errors ?? {},
      },
      status,
    );
  }

  async function showRisk(
    req: Request,
    res: Response,
    extra: { failed?: number; values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const q = riskQuery.safeParse(req.method === "GET" ? req.query : {});
    if (!q.success) throw new AppError(400, "ops.errors.badFilter");
    const filters = { status: q.data.status ?? "open", kind: q.data.kind || undefined };
    const page = await risk.queue(req.user, { ...filters, page: q.data.page ?? 1 });
    await renderPage(
      res,
      "admin/ops-risk",
      {
        title: req.t("ops.risk.title"),
        section: "risk",
        filters,
        ...page,
        statuses: riskFlagStatuses,
        kinds: riskFlagKinds,
        actions: riskActions,
        failed: extra.failed ?? 0,
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        pageLink: (n: number) =>
          `/admin/risk?${new URLSearchParams({ status: filters.status, ...(filters.kind ? { kind: filters.kind } : {}), page: String(n) })}`,
      },
      status,
    );
  }
}

// Queries and forms ---------------------------------------------------------------------------

const pageParam = z
  .string()
  .regex(/^[1-9]\d{0,5}$/)
  .transform(Number)
  .optional();

const ticketQuery = z.object({
  state: z.enum([...ticketStates, "active", "all"]).optional(),
  assignee: z.enum(["me", "none", ""]).optional(),
  overdue: z.enum(["1", ""]).optional(),
  page: pageParam,
});

const reportQuery = z.object({ status: z.enum(reportStatuses).optional(), page: pageParam });

const userQuery = z.object({
  q: z.string().max(100).optional(),
  role: z.enum(["admin", "user", ""]).optional(),
  status: z.enum(["active", "suspended", ""]).optional(),
  page: pageParam,
});

const auditQuery = z.object({
  actor: z.string().trim().max(100).optional(),
  action: z.string().trim().max(64).optional(),
  subject: z.string().trim().max(32).optional(),
  subjectId: z.string().trim().max(20).optional(),
  from: z.string().trim().max(20).optional(),
  to: z.string().trim().max(20).optional(),
  page: pageParam,
});

const riskQuery = z.object({
  status: z.enum(riskFlagStatuses).optional(),
  kind: z.union([z.enum(riskFlagKinds), z.literal("")]).optional(),
  page: pageParam,
});

const text = (max: number) =>
  z.string("validation.required").trim().min(1, "validation.required").max(max, "ops.errors.tooLong");

const staffReplySchema = z.object({
  body: text(MESSAGE_MAX),
  mode: z.enum(["reply", "resolve", "note"], "validation.invalid"),
});

const assignSchema = z.object({
  assignee: z
    .string()
    .regex(/^([1-9]\d{0,11})?$/)
    .transform((v) => (v ? Number(v) : null)),
});

const stateSchema = z.object({ state: z.enum(ticketStates) });

const noteSchema = z.object({
  note: z
    .string("ops.errors.reasonRequired")
    .trim()
    .min(1, "ops.errors.reasonRequired")
    .max(2000, "ops.errors.tooLong"),
});

const reasonSchema = z.object({
  reason: z
    .string("ops.errors.reasonRequired")
    .trim()
    .min(1, "ops.errors.reasonRequired")
    .max(2000, "ops.errors.tooLong"),
});

const roleSchema = z.object({
  role: z.enum(["admin", "user"], "validation.invalid"),
  reason: z.string().trim().max(2000, "ops.errors.tooLong").optional(),
});

const riskSchema = z.object({
  action: z.enum(riskActions, "ops.risk.errors.action"),
  note: z
    .string("ops.errors.reasonRequired")
    .trim()
    .min(1, "ops.errors.reasonRequired")
    .max(2000, "ops.errors.tooLong"),
  returnTo: z.string().optional(),
});

// Helpers -------------------------------------------------------------------------------------

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" ? v.slice(0, 40) : "";
}

/** The dashboard's bar charts, laid out by the domain (server-rendered SVG, no script). */
function chartsOf(f: DashboardFigures) {
  return {
    pledges: barChart(f.series.pledges),
    newUsers: barChart(f.series.newUsers),
    views: barChart(f.series.views),
    categories: barChart(
      f.categoryMix.map((c) => ({ label: c.category, value: c.count })),
      { width: 640, height: 240 },
    ),
  };
}

/** The figures as CSV rows: section, item, currency, value (amounts in major units, exact). */
function figuresCsv(req: Request, f: DashboardFigures): string {
  const t = req.t;
  const rows: (string | number)[][] = [
    ["section", "item", "currency", "value"].map((h) => t(`ops.csv.${h}`)),
    [t("ops.csv.range"), t("ops.csv.from"), "", f.range.from],
    [t("ops.csv.range"), t("ops.csv.to"), "", f.range.to],
  ];
  for (const p of f.pledged) {
    rows.push([
      t("ops.dashboard.pledged"),
      t("ops.csv.amount"),
      p.currency,
      toMajorString(p.totalMinor, p.currency),
    ]);
    rows.push([t("ops.dashboard.pledged"), t("ops.csv.count"), p.currency, p.count]);
  }
  for (const p of f.committed ?? []) {
    rows.push([
      t("ops.dashboard.committed"),
      t("ops.csv.amount"),
      p.currency,
      toMajorString(p.totalMinor, p.currency),
    ]);
    rows.push([t("ops.dashboard.committed"), t("ops.csv.count"), p.currency, p.count]);
  }
  for (const p of f.collected ?? []) {
    rows.push([
      t("ops.dashboard.collected"),
      t("ops.csv.amount"),
      p.currency,
      toMajorString(p.totalMinor, p.currency),
    ]);
    rows.push([t("ops.dashboard.collected"), t("ops.csv.count"), p.currency, p.count]);
  }
  const pct = (v: number | null) => (v === null ? "" : v);
  const campaigns = t("ops.dashboard.campaigns");
  rows.push(
    [campaigns, t("ops.dashboard.launched"), "", f.launched],
    [campaigns, t("ops.dashboard.succeeded"), "", f.succeeded],
    [campaigns, t("ops.dashboard.failed"), "", f.failed],
    [campaigns, t("ops.dashboard.successRate"), "", pct(f.successRate)],
  );
  const people = t("ops.dashboard.people");
  rows.push(
    [people, t("ops.dashboard.newUsers"), "", f.newUsers],
    [people, t("ops.dashboard.backers"), "", f.backers],
    [people, t("ops.dashboard.repeatBackers"), "", f.repeatBackers],
    [people, t("ops.dashboard.views"), "", f.views],
    [people, t("ops.dashboard.conversion"), "", pct(f.conversion)],
  );
  for (const c of f.categoryMix)
    rows.push([t("ops.dashboard.categoryMix"), t(`projects.categories.${c.category}`), "", c.count]);
  const tk = t("ops.dashboard.support");
  rows.push(
    [tk, t("ops.tickets.states.open"), "", f.tickets.open],
    [tk, t("ops.tickets.states.waiting_on_user"), "", f.tickets.waitingOnUser],
    [tk, t("ops.dashboard.ticketsOpened"), "", f.tickets.openedInRange],
    [tk, t("ops.dashboard.medianMinutes"), "", f.tickets.medianMinutes ?? ""],
    [tk, t("ops.dashboard.averageMinutes"), "", f.tickets.averageMinutes ?? ""],
    [tk, t("ops.dashboard.onTimeShare"), "", pct(f.tickets.onTimeShare)],
    [tk, t("ops.dashboard.overdueNow"), "", f.tickets.overdueNow],
  );
  for (const day of f.series.pledges)
    rows.push([t("ops.dashboard.charts.pledges.title"), day.label, "", day.value]);
  for (const day of f.series.newUsers)
    rows.push([t("ops.dashboard.charts.newUsers.title"), day.label, "", day.value]);
  for (const day of f.series.views)
    rows.push([t("ops.dashboard.charts.views.title"), day.label, "", day.value]);
  return stringify(rows.map((r) => r.map(neutralizeFormula)));
}
