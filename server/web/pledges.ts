import crypto from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { parsePage } from "../domain/discovery.ts";
import { parseAmount, toMajorString } from "../domain/money.ts";
import { unitsLeft } from "../domain/pledges.ts";
import { shippingRegions } from "../domain/project-rules.ts";
import { type FieldErrors, NotFoundError, ValidationError } from "../errors.ts";
import { PledgeService } from "../services/pledges.ts";
import { RiskMonitor } from "../services/risk.ts";
import type { Project } from "../store/projects.ts";
import { findProject, tiersOf } from "../store/projects.ts";
import { CARD_SECRET_FIELDS, cardFields, cardFromForm } from "./card-form.ts";
import { keptValues, parseForm } from "./forms.ts";
import { requireUser } from "./guards.ts";
import { notifierFrom } from "./notifications.ts";
import { flash, renderPage } from "./render.ts";

/**
 * Reward pledges.
 *   GET  /projects/:id/pledge          the pledge form (prefilled when changing an active pledge)
 *   POST /projects/:id/pledge/review   validate, save a new card with the gateway, show the total to confirm
 *   POST /projects/:id/pledge/back     back from the review to the form, keeping what was typed
 *   POST /projects/:id/pledge          confirm: place or change the pledge (idempotent per form)
 *   GET  /pledges                      My pledges
 *   GET  /pledges/:id                  one pledge with its history
 *   GET  /pledges/:id/cancel           confirm cancelling
 *   POST /pledges/:id/cancel           cancel
 *   GET  /projects/:id/backers         the creator's list of backers
 *   GET  /projects/:id/backers.csv     the same as CSV
 */
export function pledgeRoutes(deps: AppDeps): Router {
  const pledges = new PledgeService({
    db: deps.db,
    clock: deps.clock,
    gateway: deps.gateway,
    risk: new RiskMonitor(deps.config.risk),
    notifier: notifierFrom(deps),
  });
  const router = Router();
  router.get("/projects/:id/pledge", requireUser, pledgeForm);
  router.post("/projects/:id/pledge/review", requireUser, review);
  router.post("/projects/:id/pledge/back", requireUser, back);
  router.post("/projects/:id/pledge", requireUser, confirm);
  router.get("/pledges", requireUser, myPledges);
  router.get("/pledges/:id", requireUser, showPledge);
  router.get("/pledges/:id/cancel", requireUser, cancelForm);
  router.post("/pledges/:id/cancel", requireUser, cancel);
  router.get("/projects/:id/backers", requireUser, backers);
  router.get("/projects/:id/backers.csv", requireUser, backersCsv);
  return router;

  async function loadProject(req: Request): Promise<Project> {
    const project = await findProject(deps.db, Number(req.params.id));
    if (!project || project.kind !== "reward" || project.state !== "live" || project.suspendedAt)
      throw new NotFoundError("pledges.refused.notLive");
    return project;
  }

  async function showForm(
    req: Request,
    res: Response,
    project: Project,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) {
    const user = req.user as Express.User;
    const [tiers, cards, existing] = await Promise.all([
      tiersOf(deps.db, project.id),
      pledges.cardsOf(user),
      pledges.activePledge(user, project.id),
    ]);
    await renderPage(
      res,
      "pledges/form",
      {
        title: req.t("pledges.form.title", { project: project.title }),
        project,
        tiers: tiers.map((t) => ({ ...t, left: unitsLeft(t) })),
        cards,
        existing,
        regions: shippingRegions,
        values: { idempotencyKey: crypto.randomUUID(), ...values },
        errors,
      },
      status,
    );
  }

  /** GET /projects/:id/pledge */
  async function pledgeForm(req: Request, res: Response) {
    const project = await loadProject(req);
    const user = req.user as Express.User;
    const existing = await pledges.activePledge(user, project.id);
    const tiers = await tiersOf(deps.db, project.id);
    const chosen = tiers.find((t) => String(t.id) === req.query.tier);
    const values: Record<string, string> = existing
      ? {
          tierId: existing.tierId ? String(existing.tierId) : "none",
          amount: toMajorString(existing.amountMinor, project.currency),
          shipName: existing.shipName ?? "",
          shipAddress: existing.shipAddress ?? "",
          shipRegion: existing.shipRegion ?? "",
          paymentMethodId: String(existing.paymentMethodId),
        }
      : {};
    if (chosen) {
      values.tierId = String(chosen.id);
      values.amount = toMajorString(chosen.minimumMinor, project.currency);
    } else if (req.query.tier === "none") values.tierId = "none";
    await showForm(req, res, project, values, {});
  }

  /** POST /projects/:id/pledge/review */
  async function review(req: Request, res: Response) {
    const project = await loadProject(req);
    const user = req.user as Express.User;
    const values = keptValues(req.body, CARD_SECRET_FIELDS);
    const form = parsePledgeForm(req.body, project);
    if (!form.ok) return showForm(req, res, project, values, form.errors, 422);
    let paymentMethodId = form.data.paymentMethodId;
    if (paymentMethodId === "new") {
      const added = await pledges.addCard(user, form.data.card);
      if (!added.ok)
        return showForm(req, res, project, values, { cardNumber: `pledges.cardErrors.${added.error}` }, 422);
      paymentMethodId = added.method.id;
      values.paymentMethodId = String(paymentMethodId);
    }
    const preview = await pledges.previewPledge(user, {
      ...form.data.pledge,
      paymentMethodId,
      projectId: project.id,
    });
    if (!preview.ok) return showForm(req, res, project, values, preview.errors, 422);
    await renderPage(res, "pledges/review", {
      title: req.t("pledges.review.title"),
      project,
      preview: preview.value,
      values: { ...values, paymentMethodId: String(paymentMethodId) },
    });
  }

  /** POST /projects/:id/pledge/back */
  async function back(req: Request, res: Response) {
    const project = await loadProject(req);
    await showForm(req, res, project, keptValues(req.body, CARD_SECRET_FIELDS), {});
  }

  /** POST /projects/:id/pledge */
  async function confirm(req: Request, res: Response) {
    const project = await loadProject(req);
    const user = req.user as Express.User;
    const values = keptValues(req.body, CARD_SECRET_FIELDS);
    const form = parsePledgeForm(req.body, project);
    if (!form.ok || form.data.paymentMethodId === "new") {
      return showForm(
        req,
        res,
        project,
        values,
        form.ok ? { paymentMethodId: "pledges.refused.card" } : form.errors,
        422,
      );
    }
    try {
      const { pledge, change } = await pledges.placePledge(user, {
        ...form.data.pledge,
        projectId: project.id,
        paymentMethodId: form.data.paymentMethodId,
        ip: req.ip ?? null,
      });
      flash(req, "success", change === "changed" ? "pledges.flash.changed" : "pledges.flash.placed");
      res.redirect(303, `/pledges/${pledge.id}`);
    } catch (error) {
      if (error instanceof ValidationError)
        return showForm(req, res, project, values, error.fieldErrors, 422);
      throw error;
    }
  }

  /** GET /pledges?page= — 20 a page, most recently updated first. */
  async function myPledges(req: Request, res: Response) {
    const list = await pledges.pledgesOf(req.user as Express.User, parsePage(req.query.page));
    await renderPage(res, "pledges/index", { title: req.t("pledges.mine.title"), list });
  }

  /** GET /pledges/:id */
  async function showPledge(req: Request, res: Response) {
    const detail = await pledges.ownPledge(req.user as Express.User, Number(req.params.id));
    await renderPage(res, "pledges/show", {
      title: req.t("pledges.show.title", { project: detail.project.title }),
      ...detail,
    });
  }

  /** GET /pledges/:id/cancel */
  async function cancelForm(req: Request, res: Response) {
    const detail = await pledges.ownPledge(req.user as Express.User, Number(req.params.id));
    await renderPage(res, "pledges/cancel", { title: req.t("pledges.cancel.title"), ...detail });
  }

  /** POST /pledges/:id/cancel */
  async function cancel(req: Request, res: Response) {
    const pledge = await pledges.cancelPledge(req.user as Express.User, Number(req.params.id));
    flash(req, "success", "pledges.flash.cancelled");
    res.redirect(303, `/pledges/${pledge.id}`);
  }

  /** GET /projects/:id/backers */
  async function backers(req: Request, res: Response) {
    const { project, backers } = await pledges.backersOf(req.user as Express.User, Number(req.params.id));
    await renderPage(res, "pledges/backers", {
      title: req.t("pledges.backers.title", { project: project.title }),
      project,
      backers,
    });
  }

  /** GET /projects/:id/backers.csv */
  async function backersCsv(req: Request, res: Response) {
    const { project, backers } = await pledges.backersOf(req.user as Express.User, Number(req.params.id));
    const t = req.t;
    const header = [
      "pledgeId",
      "name",
      "email",
      "tier",
      "amount",
      "shipping",
      "total",
      "currency",
      "status",
      "shipName",
      "shipAddress",
      "shipRegion",
      "pledgedAt",
    ];
    const rows = backers.map((b) => [
      b.id,
      b.backerName,
      b.backerEmail,
      b.tierTitle ?? t("pledges.noReward"),
      toMajorString(b.amountMinor, b.currency),
      toMajorString(b.shippingMinor, b.currency),
      toMajorString(b.totalMinor, b.currency),
      b.currency,
      b.status,
      b.shipName ?? "",
      b.shipAddress ?? "",
      b.shipRegion ?? "",
      b.createdAt.toISOString(),
    ]);
    const csv = stringify([
      header.map((h) => t(`pledges.csv.${h}`)),
      ...rows.map((r) => r.map(neutralizeFormula)),
    ]);
    res.type("text/csv; charset=utf-8");
    res.attachment(`project-${project.id}-backers.csv`);
    res.send(`\uFEFF${csv}`); // BOM so spreadsheet programs read UTF-8 (Chinese names) correctly
  }
}

/** Spreadsheet formula injection: a cell starting with = + - @ tab or CR is read as text. */
export function neutralizeFormula(value: unknown): string {
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

/** A positive id, or the given word ("none" reward, "new" card). */
const idOr = <W extends string>(word: W, message: string) =>
  z
    .string(message)
    .refine((v) => v === word || /^[1-9]\d{0,14}$/.test(v), message)
    .transform((v) => (v === word ? word : Number(v)) as W | number);
const pledgeSchema = z.object({
  tierId: idOr("none", "pledges.refused.chooseTier"),
  amount: z.string("validation.required").trim().min(1, "validation.required").max(40, "money.invalid"),
  shipName: z.string().trim().max(200, "validation.tooLong").optional(),
  shipAddress: z.string().trim().max(1000, "validation.tooLong").optional(),
  shipRegion: z.union([z.enum(shippingRegions), z.literal("")], "validation.invalid").optional(),
  paymentMethodId: idOr("new", "pledges.refused.card"),
  ...cardFields,
  idempotencyKey: z.string("validation.invalid").regex(/^[A-Za-z0-9-]{16,64}$/, "validation.invalid"),
});

function parsePledgeForm(body: unknown, project: Project) {
  const form = parseForm(pledgeSchema, body);
  if (!form.ok) return form;
  const d = form.data;
  const errors: FieldErrors = {};
  const amount = parseAmount(d.amount, project.currency);
  if (!amount.ok) errors.amount = `money.${amount.reason}`;
  else if (amount.minor === 0) errors.amount = "pledges.refused.amountPositive";
  const card = cardFromForm(d, d.paymentMethodId === "new", errors);
  if (Object.keys(errors).length) return { ok: false as const, errors };
  return {
    ok: true as const,
    data: {
      paymentMethodId: d.paymentMethodId,
      card,
      pledge: {
        tierId: d.tierId === "none" ? null : d.tierId,
        amountMinor: amount.ok ? amount.minor : 0,
        shipRegion: d.shipRegion || null,
        shipName: d.shipName || null,
        shipAddress: d.shipAddress || null,
        idempotencyKey: d.idempotencyKey,
      },
    },
  };
}
