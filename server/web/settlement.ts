import { stringify } from "csv-stringify/sync";
import { type NextFunction, type Request, type Response, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { toMajorString } from "../domain/money.ts";
import { AppError, type FieldErrors, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { createSettler } from "../jobs/settlement.ts";
import { PayoutService, REFUND_REASON_MAX } from "../services/payouts.ts";
import { PledgeService } from "../services/pledges.ts";
import {
  previewSettlement,
  SettlementReports,
  type StatementList,
  statementLists,
} from "../services/settlement-reports.ts";
import { allItems, findItem, type ItemListRow } from "../store/settlement.ts";
import { keptValues, parseForm } from "./forms.ts";
import { requireAdmin, requireUser } from "./guards.ts";
import { notifierFrom } from "./notifications.ts";
import { neutralizeFormula } from "./pledges.ts";
import { flash, renderPage } from "./render.ts";

/** What the pledge views are rendered with, as far as their payment statuses need. */
interface PledgeViewLocals {
  list?: { items: { id: number }[] };
  pledge?: { id: number };
}

/**
 * Settlement (issue 6): admins' overview, dry run and refunds; the creator's statement and exports;
 * the backer's payment status and the fix-payment page. Mounted before the pledge routes (it adds the
 * payment status to "My pledges").
 *
 *   GET  /pledges, /pledges/:id                      (middleware) the shown pledges' payment status → res.locals.pledgeSettlement
 *   GET  /pledges/:id/payment                        the fix-payment page of a pledge whose charge failed
 *   POST /pledges/:id/payment                        choose a card (or add one) and retry the charge now
 *   GET|POST /commitments/:id/payment                the same for an equity commitment
 *   GET  /projects/:id/settlement?list=&page=        the creator's statement (admins too): figures, fees, payout, lists
 *   GET  /projects/:id/settlement.csv                every pledge/commitment of the statement as CSV
 *   GET  /projects/:id/cap-table.csv                 equity: the cap table of the offering as CSV
 *   GET  /admin/settlement                           campaigns awaiting settlement, charging, in the retry window, paying out, settled
 *   GET  /admin/settlement/:id?list=&page=           one campaign: the dry run before it closes, its state and items after
 *   POST /admin/settlement/:id/run                   settle it now (what the scheduled job would do)
 *   GET  /admin/settlement/:id/items/:itemId/refund  confirm a refund, with a reason
 *   POST /admin/settlement/:id/items/:itemId/refund  refund a collected pledge (audited)
 *   GET  /admin/settlement/:id/cap-table.csv         equity: the cap table, for admins
 */
export function settlementRoutes(deps: AppDeps): Router {
  const { db, clock, config } = deps;
  const settler = createSettler(deps);
  const payouts = new PayoutService({
    db,
    clock,
    gateway: deps.gateway,
    logger: deps.logger,
    encryptionKey: config.encryptionKey,
    settings: config.settlement,
  });
  const reports = new SettlementReports({ db, clock, settings: config.settlement });
  const pledges = new PledgeService({ db, clock, gateway: deps.gateway, notifier: notifierFrom(deps) });
  const router = Router();
  const admin = [requireUser, requireAdmin];

  router.get("/pledges", pledgeStatuses);
  router.get("/pledges/:id", pledgeStatuses);
  router.get("/pledges/:id/payment", requireUser, paymentForm);
  router.post("/pledges/:id/payment", requireUser, retryPayment);
  router.get("/commitments/:id/payment", requireUser, paymentForm);
  router.post("/commitments/:id/payment", requireUser, retryPayment);
  router.get("/projects/:id/settlement", requireUser, statement);
  router.get("/projects/:id/settlement.csv", requireUser, statementCsv);
  router.get("/projects/:id/cap-table.csv", requireUser, capTableCsv);
  router.get("/admin/settlement", ...admin, overview);
  router.get("/admin/settlement/:id", ...admin, campaign);
  router.post("/admin/settlement/:id/run", ...admin, runNow);
  router.get("/admin/settlement/:id/items/:itemId/refund", ...admin, refundForm);
  router.post("/admin/settlement/:id/items/:itemId/refund", ...admin, refund);
  router.get("/admin/settlement/:id/cap-table.csv", ...admin, capTableCsv);
  return router;

  /**
   * GET /pledges, /pledges/:id — the payment status of the pledges the view shows, loaded just before
   * My pledges or a pledge's page renders, for the pledges on it (the page of the list the pledge
   * route loaded, or the one pledge), so the list is read once.
   */
  function pledgeStatuses(req: Request, res: Response, next: NextFunction) {
    const user = req.user;
    if (!user) return next();
    const render = res.render.bind(res) as (view: string, options?: object, callback?: unknown) => void;
    res.render = ((view: string, options?: PledgeViewLocals, callback?: unknown) => {
      const ids =
        view === "pledges/index"
          ? (options?.list?.items ?? []).map((p) => p.id)
          : view === "pledges/show" && options?.pledge
            ? [options.pledge.id]
            : undefined;
      if (!ids) return render(view, options, callback);
      reports
        .pledgeStatuses(user.id, ids)
        .then((statuses) => {
          res.locals.pledgeSettlement = Object.fromEntries(statuses);
          render(view, options, callback);
        })
        .catch((error: unknown) => (typeof callback === "function" ? callback(error) : next(error)));
    }) as typeof res.render;
    next();
  }

  /** GET /pledges/:id/payment */
  async function paymentForm(req: Request, res: Response) {
    await showPaymentForm(req, res, {}, {});
  }

  async function showPaymentForm(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) {
    const user = req.user as Express.User;
    const fix = await reports.paymentFix(user.id, idParam(req.params.id), kindOf(req));
    const cards = await pledges.cardsOf(user);
    await renderPage(
      res,
      "settlement/payment",
      {
        title: req.t("settlement.fixPage.title", { project: fix.project.title }),
        ...fix,
        cards,
        // Another of their cards first: the one on the pledge has just failed.
        values: {
          paymentMethodId: String(cards.find((c) => c.id !== fix.item.paymentMethodId)?.id ?? "new"),
          ...values,
        },
        errors,
      },
      status,
    );
  }

  /** POST /pledges/:id/payment */
  async function retryPayment(req: Request, res: Response) {
    const user = req.user as Express.User;
    const pledgeId = idParam(req.params.id);
    const values = keptValues(req.body, ["cardNumber", "cardCvc"]);
    const form = parseForm(paymentSchema, req.body);
    if (!form.ok) return showPaymentForm(req, res, values, form.errors, 422);
    const d = form.data;
    let methodId: number;
    if (d.paymentMethodId === "new") {
      const errors: FieldErrors = {};
      if (!d.cardNumber?.trim()) errors.cardNumber = "validation.required";
      if (!d.cardExpMonth || !d.cardExpYear) errors.cardExpMonth = "validation.required";
      if (!d.cardCvc?.trim()) errors.cardCvc = "validation.required";
      if (!d.cardName?.trim()) errors.cardName = "validation.required";
      if (Object.keys(errors).length) return showPaymentForm(req, res, values, errors, 422);
      // The pledge must be the backer's and fixable before a card is saved for it.
      const fix = await reports.paymentFix(user.id, pledgeId, kindOf(req));
      if (!fix.status.canFix)
        return showPaymentForm(req, res, values, { _form: "settlement.fix.notFailed" }, 422);
      const added = await pledges.addCard(user, {
        number: d.cardNumber ?? "",
        expMonth: Number(d.cardExpMonth),
        expYear: Number(d.cardExpYear?.length === 2 ? `20${d.cardExpYear}` : d.cardExpYear),
        cvc: (d.cardCvc ?? "").trim(),
        holderName: d.cardName ?? "",
      });
      if (!added.ok) {
        return showPaymentForm(req, res, values, { cardNumber: `pledges.cardErrors.${added.error}` }, 422);
      }
      methodId = added.method.id;
    } else methodId = d.paymentMethodId;
    try {
      const kind = kindOf(req);
      const result = await settler.retryNow(user, pledgeId, methodId, kind);
      if (result.outcome === "charged") {
        flash(req, "success", "settlement.fixPage.charged");
        return res.redirect(303, kind === "pledge" ? `/pledges/${pledgeId}` : "/investments");
      }
      return showPaymentForm(
        req,
        res,
        { paymentMethodId: String(methodId) },
        { _form: "settlement.fixPage.stillFailing" },
        422,
      );
    } catch (error) {
      if (error instanceof ValidationError) return showPaymentForm(req, res, values, error.fieldErrors, 422);
      if (error instanceof RuleError)
        return showPaymentForm(req, res, values, { _form: error.messageKey }, 422);
      throw error;
    }
  }

  /** GET /projects/:id/settlement */
  async function statement(req: Request, res: Response) {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new AppError(400, "errors.badRequest");
    const data = await reports.statement(req.user as Express.User, idParam(req.params.id), {
      list: query.data.list ?? "collected",
      page: query.data.page ?? 1,
    });
    await renderPage(res, "settlement/statement", {
      title: req.t("settlement.statement.title", { project: data.project.title }),
      ...data,
      lists: Object.keys(statementLists),
      now: clock.now(),
    });
  }

  /** GET /projects/:id/settlement.csv */
  async function statementCsv(req: Request, res: Response) {
    const { project } = await reports.exportable(req.user as Express.User, idParam(req.params.id));
    const t = req.t;
    const columns = [
      "item",
      "kind",
      "backing",
      "name",
      "email",
      "status",
      "pledged",
      "charged",
      "platformFee",
      "processingFee",
      "net",
      "currency",
      "chargedAt",
      "refundedAt",
      "droppedAt",
      "attempts",
      "failure",
    ];
    res.type("text/csv; charset=utf-8");
    res.attachment(`project-${project.id}-statement.csv`);
    res.write(`\uFEFF${stringify([columns.map((c) => t(`settlement.csv.${c}`))])}`);
    for await (const page of allItems(db, project.id)) {
      const rows = page.map((i) => {
        const collected = i.status === "charged" || i.status === "refunded";
        const fees = (i.platformFeeMinor ?? 0) + (i.processingFeeMinor ?? 0);
        return [
          i.id,
          i.kind,
          i.backingId,
          i.userName,
          i.userEmail,
          t(`settlement.status.${i.status}`),
          toMajorString(i.pledgedMinor, i.currency),
          collected ? toMajorString(i.amountMinor, i.currency) : "",
          i.platformFeeMinor === null ? "" : toMajorString(i.platformFeeMinor, i.currency),
          i.processingFeeMinor === null ? "" : toMajorString(i.processingFeeMinor, i.currency),
          collected && i.platformFeeMinor !== null ? toMajorString(i.amountMinor - fees, i.currency) : "",
          i.currency,
          i.chargedAt?.toISOString() ?? "",
          i.refundedAt?.toISOString() ?? "",
          i.droppedAt?.toISOString() ?? "",
          i.attempts,
          i.failureCode ?? "",
        ].map(neutralizeFormula);
      });
      res.write(stringify(rows));
    }
    res.end();
  }

  /** GET /projects/:id/cap-table.csv and /admin/settlement/:id/cap-table.csv */
  async function capTableCsv(req: Request, res: Response) {
    const { project, terms } = await reports.capTable(req.user as Express.User, idParam(req.params.id));
    const t = req.t;
    const header = [
      "investor",
      "email",
      "commitment",
      "requestedShares",
      "shares",
      "pricePerShare",
      "amount",
      "currency",
      "status",
      "chargedAt",
    ];
    res.type("text/csv; charset=utf-8");
    res.attachment(`project-${project.id}-cap-table.csv`);
    res.write(`\uFEFF${stringify([header.map((h) => t(`settlement.capTable.${h}`))])}`);
    for await (const page of allItems(db, project.id)) {
      const holders = page.filter((i: ItemListRow) => i.status === "charged" && (i.allocatedShares ?? 0) > 0);
      res.write(
        stringify(
          holders.map((i) =>
            [
              i.userName,
              i.userEmail,
              i.backingId,
              i.requestedShares ?? "",
              i.allocatedShares ?? "",
              terms ? toMajorString(terms.pricePerShareMinor, project.currency) : "",
              toMajorString(i.amountMinor, i.currency),
              i.currency,
              t(`settlement.status.${i.status}`),
              i.chargedAt?.toISOString() ?? "",
            ].map(neutralizeFormula),
          ),
        ),
      );
    }
    res.end();
  }

  /** GET /admin/settlement */
  async function overview(req: Request, res: Response) {
    const data = await reports.overview(req.user as Express.User);
    await renderPage(res, "settlement/admin-index", {
      title: req.t("settlement.admin.title"),
      ...data,
      section: "settlement",
      now: clock.now(),
    });
  }

  /** GET /admin/settlement/:id */
  async function campaign(req: Request, res: Response) {
    const projectId = idParam(req.params.id);
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw new AppError(400, "errors.badRequest");
    const preview = await previewSettlement(db, config.settlement, projectId, clock.now());
    const data = preview.closed
      ? await reports.statement(req.user as Express.User, projectId, {
          list: query.data.list ?? "all",
          page: query.data.page ?? 1,
        })
      : null;
    await renderPage(res, "settlement/admin-campaign", {
      title: req.t("settlement.admin.campaignTitle", { project: preview.title }),
      preview,
      data,
      lists: Object.keys(statementLists),
      section: "settlement",
    });
  }

  /** POST /admin/settlement/:id/run */
  async function runNow(req: Request, res: Response) {
    const projectId = idParam(req.params.id);
    await previewSettlement(db, config.settlement, projectId, clock.now()); // 404 for an unknown project
    const run = await settler.settleCampaign(projectId);
    flash(req, run.result === "error" ? "error" : "success", `settlement.admin.run.${run.result}`, {
      charged: run.charged,
      failed: run.failed,
      dropped: run.dropped,
    });
    res.redirect(303, `/admin/settlement/${projectId}`);
  }

  async function loadRefund(req: Request) {
    const projectId = idParam(req.params.id);
    const item = await findItem(db, idParam(req.params.itemId));
    if (!item || item.projectId !== projectId) throw new NotFoundError();
    const preview = await previewSettlement(db, config.settlement, projectId, clock.now());
    const user = await db("users").where({ id: item.userId }).first("name", "email");
    return { projectId, item, preview, backer: user as { name: string; email: string } };
  }

  async function showRefundForm(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) {
    const data = await loadRefund(req);
    await renderPage(
      res,
      "settlement/refund",
      {
        title: req.t("settlement.refundPage.title"),
        ...data,
        values,
        errors,
        maxReason: REFUND_REASON_MAX,
        section: "settlement",
      },
      status,
    );
  }

  /** GET /admin/settlement/:id/items/:itemId/refund */
  async function refundForm(req: Request, res: Response) {
    await showRefundForm(req, res, {}, {});
  }

  /** POST /admin/settlement/:id/items/:itemId/refund */
  async function refund(req: Request, res: Response) {
    const { projectId, item } = await loadRefund(req);
    const values = keptValues(req.body);
    const form = parseForm(refundSchema, req.body);
    if (!form.ok) return showRefundForm(req, res, values, form.errors, 422);
    try {
      await payouts.refund(req.user as Express.User, projectId, item.id, form.data.reason);
    } catch (error) {
      if (error instanceof ValidationError) return showRefundForm(req, res, values, error.fieldErrors, 422);
      if (error instanceof RuleError)
        return showRefundForm(req, res, values, { _form: error.messageKey }, 422);
      throw error;
    }
    await settler.settleCampaign(projectId); // sends the backer's mail (and anything else due)
    flash(req, "success", "settlement.refundPage.done");
    res.redirect(303, `/admin/settlement/${projectId}?list=refunded`);
  }
}

/** Which kind of backing a /pledges/… or /commitments/… URL is about. */
function kindOf(req: Request): "pledge" | "commitment" {
  return req.path.startsWith("/commitments/") ? "commitment" : "pledge";
}

/** A positive id from the URL, or "not found" (never a 500). */
function idParam(value: unknown): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,14}$/.test(value)) throw new NotFoundError();
  return Number(value);
}

const listQuery = z.object({
  list: z.enum(Object.keys(statementLists) as [StatementList, ...StatementList[]]).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

const paymentSchema = z.object({
  paymentMethodId: z
    .string("settlement.fix.chooseCard")
    .refine((v) => v === "new" || /^[1-9]\d{0,14}$/.test(v), "settlement.fix.chooseCard")
    .transform((v) => (v === "new" ? ("new" as const) : Number(v))),
  cardNumber: z.string().max(40).optional(),
  cardExpMonth: z.string().max(4).optional(),
  cardExpYear: z.string().max(6).optional(),
  cardCvc: z.string().max(8).optional(),
  cardName: z.string().trim().max(200).optional(),
});

const refundSchema = z.object({
  reason: z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .max(REFUND_REASON_MAX, "validation.tooLong"),
});
