import crypto from "node:crypto";
import { stringify } from "csv-stringify/sync";
import { type Request, type RequestHandler, type Response, Router } from "express";
import multer from "multer";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import { usCancelCutoff } from "../domain/investing/commitments.ts";
import {
  explainReason,
  type Reason,
  ukAppropriatenessQuiz,
  ukRiskWarning,
} from "../domain/investing/index.ts";
import { type Currency, parseAmount, toMajorString } from "../domain/money.ts";
import { type Regime, regimeCurrency, regimeSlug } from "../domain/project-rules.ts";
import { AppError, type FieldErrors, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import {
  IdentityService,
  identityCountries,
  identityIdTypes,
  REJECTION_REASON_MAX,
} from "../services/identity.ts";
import {
  type CommitInput,
  InvestingService,
  InvestRefused,
  type ShownDocument,
} from "../services/investing.ts";
import { PledgeService } from "../services/pledges.ts";
import { UploadRejected, UploadStore } from "../services/uploads.ts";
import type { CnFigures, DeclaredElsewhere, UkFigures, UsFigures } from "../store/investing.ts";
import { CARD_SECRET_FIELDS, cardFields, cardFromForm } from "./card-form.ts";
import { keptValues, parseForm } from "./forms.ts";
import { requireAdmin, requireUser } from "./guards.ts";
import { notifierFrom } from "./notifications.ts";
import { neutralizeFormula } from "./pledges.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";

/**
 * Equity investing (issue 5). Everything needs a signed-in user; /admin/identities needs an admin.
 *
 *   GET  /invest                                investor account: verification, per regime the status and
 *                                               remaining 12-month limit with the rules' explanation
 *   GET  /invest/profile                        identity form (real-name verification; ID number masked)
 *   POST /invest/profile                        multipart (CSRF in the query): submit or resubmit for review
 *   GET  /invest/profile/document               the investor's own ID document (nosniff, CSP sandbox)
 *   GET  /invest/declare/:regime                declaration form, regime = us | uk | cn
 *   POST /invest/declare/:regime                record it with the attestation shown, its language and time
 *   GET  /invest/quiz                           UK appropriateness questions
 *   POST /invest/quiz                           score and record an attempt (retake after the wait)
 *   GET  /invest/risk-summary                   UK risk summary ("Take 2 mins to learn more")
 *   GET  /projects/:id/invest                   the invest page of a live offering (UK: starts the cooling-off)
 *   POST /projects/:id/invest/review            validate, save a new card, show what will be committed
 *   POST /projects/:id/invest/back              from the review back to the form, input kept
 *   POST /projects/:id/invest                   confirm: commit (idempotent per form)
 *   GET  /investments                           my commitments
 *   GET  /investments/:id                       one commitment: history, acknowledged documents, actions
 *   GET  /investments/:id/cancel                confirm cancelling (or why it can no longer be cancelled)
 *   POST /investments/:id/cancel                cancel
 *   GET  /investments/:id/reconfirm             after a material change: the new documents to acknowledge
 *   POST /investments/:id/reconfirm             reconfirm
 *   GET  /projects/:id/investors                the creator's (and admins') list of investors
 *   GET  /projects/:id/investors.csv            the same as CSV
 *   GET  /admin/identities                      identity review queue, oldest submission first
 *   GET  /admin/identities/:userId              one identity with its document and decision forms
 *   GET  /admin/identities/:userId/document     the ID document (admins; nosniff, CSP sandbox)
 *   POST /admin/identities/:userId/approve      verify
 *   POST /admin/identities/:userId/reject       reject with a reason the investor reads
 */
export function investRoutes(deps: AppDeps): Router {
  const { config, db, clock, mailer } = deps;
  const documents = new UploadStore({
    dir: config.identityDir,
    maxImageBytes: config.uploads.maxImageBytes,
    maxDocumentBytes: config.uploads.maxDocumentBytes,
  });
  const identities = new IdentityService({
    db,
    clock,
    mailer,
    baseUrl: config.baseUrl,
    encryptionKey: config.encryptionKey,
    documents,
  });
  const notifier = notifierFrom(deps);
  const investing = new InvestingService({ db, clock, notifier });
  const cards = new PledgeService({ db, clock, gateway: deps.gateway, notifier });
  const documentUpload = multer({
    storage: multer.memoryStorage(),
    limits: {
      fileSize: Math.max(documents.maxImageBytes, documents.maxDocumentBytes),
      files: 1,
      fields: 12,
      parts: 13,
      fieldSize: 4096,
    },
  }).single("document");
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const router = Router();

  router.get("/invest", requireUser, account);
  router.get("/invest/profile", requireUser, profileForm);
  router.post("/invest/profile", requireUser, submitProfile);
  router.get("/invest/profile/document", requireUser, ownDocument);
  router.get("/invest/declare/:regime", requireUser, declareForm);
  router.post("/invest/declare/:regime", requireUser, declare);
  router.get("/invest/quiz", requireUser, quizForm);
  router.post("/invest/quiz", requireUser, quiz);
  router.get("/invest/risk-summary", riskSummary);
  router.get("/projects/:id/invest", requireUser, investForm);
  router.post("/projects/:id/invest/review", requireUser, review);
  router.post("/projects/:id/invest/back", requireUser, back);
  router.post("/projects/:id/invest", requireUser, confirm);
  router.get("/investments", requireUser, myInvestments);
  router.get("/investments/:id", requireUser, showInvestment);
  router.get("/investments/:id/cancel", requireUser, cancelForm);
  router.post("/investments/:id/cancel", requireUser, cancel);
  router.get("/investments/:id/reconfirm", requireUser, reconfirmForm);
  router.post("/investments/:id/reconfirm", requireUser, reconfirm);
  router.get("/projects/:id/investors", requireUser, investors);
  router.get("/projects/:id/investors.csv", requireUser, investorsCsv);
  router.get("/admin/identities", requireUser, requireAdmin, adminQueue);
  router.get("/admin/identities/:userId", requireUser, requireAdmin, adminShow);
  router.get("/admin/identities/:userId/document", requireUser, requireAdmin, adminDocument);
  router.post("/admin/identities/:userId/approve", requireUser, requireAdmin, adminApprove);
  router.post("/admin/identities/:userId/reject", requireUser, requireAdmin, adminReject);
  return router;

  // Helpers ------------------------------------------------------------------------------------

  function me(req: Request): Express.User {
    return req.user as Express.User;
  }

  /** Renders the rules' reasons in the reader's language (the view locals' formatters). */
  function explainer(req: Request, res: Response) {
    return (r: Reason) =>
      explainReason(r, {
        t: (key, params) => req.t(key, params),
        money: res.locals.money,
        date: res.locals.date,
        dateTime: res.locals.dateTime,
      });
  }

  function page(req: Request, res: Response, view: string, locals: Record<string, unknown>, status = 200) {
    return renderPage(
      res,
      view,
      { title: "", explain: explainer(req, res), ukRiskWarning, ...locals } as Parameters<
        typeof renderPage
      >[2],
      status,
    );
  }

  // Investor account --------------------------------------------------------------------------

  /** GET /invest — verification and, per regime, status and remaining limit with the explanation. */
  async function account(req: Request, res: Response) {
    const user = me(req);
    const [overview, identity, quizAttempt] = await Promise.all([
      investing.overview(user),
      identities.profileOf(user),
      investing.latestQuizAttempt(user),
    ]);
    await page(req, res, "invest/account", {
      title: req.t("invest.account.title"),
      identity,
      overview,
      quizAttempt,
    });
  }

  // Identity -----------------------------------------------------------------------------------

  async function showProfile(
    req: Request,
    res: Response,
    extra: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const identity = await identities.profileOf(me(req));
    const values: Record<string, string> = extra.values ?? {
      legalName: identity?.legalName ?? me(req).name,
      dateOfBirth: identity?.dateOfBirth ?? "",
      country: identity?.country ?? "",
      nationality: identity?.nationality ?? "",
      idType: identity?.idType ?? "",
      address: identity?.address ?? "",
    };
    await page(
      req,
      res,
      "invest/profile",
      {
        title: req.t("invest.identity.title"),
        identity,
        values,
        errors: extra.errors ?? {},
        countries: countryOptions(req.locale),
        idTypes: identityIdTypes,
        maxImageMb: mb(documents.maxImageBytes),
        maxDocumentMb: mb(documents.maxDocumentBytes),
        returnTo: safeReturnPath(values.returnTo ?? req.query.returnTo, ""),
      },
      status,
    );
  }

  /** GET /invest/profile */
  async function profileForm(req: Request, res: Response) {
    await showProfile(req, res);
  }

  /** POST /invest/profile — multipart; the CSRF token is in the query (checked before multer runs). */
  async function submitProfile(req: Request, res: Response) {
    const received = await receive(documentUpload, req, res);
    const values = keptValues(req.body, ["idNumber"]);
    const refuse = (errors: FieldErrors, status: number) => showProfile(req, res, { values, errors }, status);
    if (received) return refuse({ document: received.key }, received.status);
    const form = parseForm(identitySchema, req.body);
    if (!form.ok) return refuse(form.errors, 422);
    try {
      await identities.submit(
        me(req),
        form.data,
        req.file
          ? {
              buffer: req.file.buffer,
              originalName: Buffer.from(req.file.originalname, "latin1").toString("utf8"),
            }
          : undefined,
      );
    } catch (error) {
      if (error instanceof ValidationError) return refuse(error.fieldErrors, 422);
      if (error instanceof UploadRejected) return refuse({ document: error.messageKey }, error.status);
      throw error;
    }
    flash(req, "success", "invest.identity.submitted");
    res.redirect(303, safeReturnPath(form.data.returnTo, "/invest"));
  }

  /** GET /invest/profile/document */
  async function ownDocument(req: Request, res: Response) {
    const user = me(req);
    await sendDocument(res, await identities.documentFor(user, user.id));
  }

  // Declarations -------------------------------------------------------------------------------

  function regimeOf(req: Request): Regime {
    const regime = regimeSlugs[String(req.params.regime) as keyof typeof regimeSlugs];
    if (!regime) throw new NotFoundError();
    return regime;
  }

  async function showDeclare(
    req: Request,
    res: Response,
    regime: Regime,
    extra: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) {
    const declaration = await investing.declarationOf(me(req), regime);
    await page(
      req,
      res,
      `invest/declare-${regimeSlug(regime)}`,
      {
        title: req.t(`invest.declare.${regimeSlug(regime)}.title`),
        regime,
        now: clock.now(),
        currency: regimeCurrency[regime],
        declaration,
        values: extra.values ?? (declaration ? declarationValues(declaration.figures, regime) : {}),
        errors: extra.errors ?? {},
        returnTo: safeReturnPath(extra.values?.returnTo ?? req.query.returnTo, ""),
      },
      status,
    );
  }

  /** GET /invest/declare/:regime */
  async function declareForm(req: Request, res: Response) {
    await showDeclare(req, res, regimeOf(req));
  }

  /** POST /invest/declare/:regime */
  async function declare(req: Request, res: Response) {
    const regime = regimeOf(req);
    const values = keptValues(req.body);
    const parsed = parseDeclaration(regime, req.body, clock.now());
    if (!parsed.ok) return showDeclare(req, res, regime, { values, errors: parsed.errors }, 422);
    let attestation = req.t(`invest.declare.${regimeSlug(regime)}.attestation`);
    if (regime === "uk") {
      // The statement of the chosen category is part of what the investor agreed to.
      const category = (parsed.figures as UkFigures).category;
      attestation = `${req.t(`invest.declare.uk.categoryTitles.${category}`)}: ${req.t(`invest.declare.uk.statements.${category}`)}\n\n${attestation}`;
    }
    await investing.declare(me(req), regime, parsed.figures, { text: attestation, locale: req.locale });
    flash(req, "success", "invest.declare.saved");
    res.redirect(303, safeReturnPath(values.returnTo, "/invest"));
  }

  // UK appropriateness test -------------------------------------------------------------------

  async function showQuiz(
    req: Request,
    res: Response,
    extra: { values?: Record<string, string>; refusal?: Reason[]; result?: unknown } = {},
    status = 200,
  ) {
    const last = await investing.latestQuizAttempt(me(req));
    const next = last && !last.passed ? new Date(last.at.getTime() + 24 * 3_600_000) : null;
    await page(
      req,
      res,
      "invest/quiz",
      {
        title: req.t("invest.uk.quiz.title"),
        quiz: ukAppropriatenessQuiz,
        last,
        waitUntil: next && next.getTime() > clock.now().getTime() ? next : null,
        values: extra.values ?? {},
        refusal: extra.refusal ?? [],
        returnTo: safeReturnPath(extra.values?.returnTo ?? req.query.returnTo, ""),
      },
      status,
    );
  }

  /** GET /invest/quiz */
  async function quizForm(req: Request, res: Response) {
    await showQuiz(req, res);
  }

  /** POST /invest/quiz */
  async function quiz(req: Request, res: Response) {
    const values = keptValues(req.body);
    const answers: Record<string, string> = {};
    for (const q of ukAppropriatenessQuiz.questions) {
      const v = values[q.id];
      if (typeof v === "string" && v.length <= 4) answers[q.id] = v;
    }
    try {
      const score = await investing.attemptQuiz(me(req), answers, req.locale);
      if (score.passed) flash(req, "success", "invest.uk.quiz.passed");
      else {
        flash(req, "error", "invest.uk.quiz.failed", {
          correct: score.correct,
          total: score.total,
          retakeAt: res.locals.dateTime(new Date(score.at.getTime() + 24 * 3_600_000)),
        });
      }
      res.redirect(303, score.passed ? safeReturnPath(values.returnTo, "/invest") : "/invest/quiz");
    } catch (error) {
      if (error instanceof InvestRefused)
        return showQuiz(req, res, { values, refusal: error.reasons }, error.status);
      throw error;
    }
  }

  /** GET /invest/risk-summary — public: linked from every UK offering. */
  async function riskSummary(req: Request, res: Response) {
    await page(req, res, "invest/risk-summary", { title: req.t(ukRiskWarning.summary.title) });
  }

  // Committing ---------------------------------------------------------------------------------

  async function showInvest(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    refusal: Reason[] = [],
    status = 200,
  ) {
    const user = me(req);
    const data = await investing.investPage(user, projectIdOf(req));
    const { offering } = data;
    if (!data.verified && status === 200) status = 403;
    await page(
      req,
      res,
      "invest/form",
      {
        title: req.t("invest.commit.title", { project: offering.project.title }),
        ...data,
        cards: data.verified ? await cards.cardsOf(user) : [],
        shownDocuments: offering.documents.map((d) => `${d.id}:${d.sha256}`).join(","),
        values: { idempotencyKey: crypto.randomUUID(), ...values },
        errors,
        refusal,
        regimeSlug: regimeSlug(offering.terms.regime),
        returnTo: `/projects/${offering.project.id}/invest`,
      },
      status,
    );
  }

  /** GET /projects/:id/invest */
  async function investForm(req: Request, res: Response) {
    await showInvest(req, res, {}, {});
  }

  /** Re-shows the form for a refusal, keeping what was typed. */
  async function refuseCommit(req: Request, res: Response, values: Record<string, string>, error: unknown) {
    if (error instanceof ValidationError) return showInvest(req, res, values, error.fieldErrors, [], 422);
    if (error instanceof InvestRefused) {
      // The refusal box explains and links to the field; no second summary of the same thing.
      return showInvest(
        req,
        res,
        { ...values, refusalField: error.field ?? "" },
        {},
        error.reasons,
        error.status,
      );
    }
    throw error;
  }

  /** POST /projects/:id/invest/review */
  async function review(req: Request, res: Response) {
    const user = me(req);
    const projectId = projectIdOf(req);
    const values = keptValues(req.body, CARD_SECRET_FIELDS);
    const form = parseCommitForm(req.body);
    if (!form.ok) return showInvest(req, res, values, form.errors, [], 422);
    let paymentMethodId = form.data.paymentMethodId;
    if (paymentMethodId === "new") {
      const added = await cards.addCard(user, form.data.card);
      if (!added.ok)
        return showInvest(req, res, values, { cardNumber: `pledges.cardErrors.${added.error}` }, [], 422);
      paymentMethodId = added.method.id;
      values.paymentMethodId = String(paymentMethodId);
    }
    try {
      const preview = await investing.preview(user, {
        ...form.data.commit,
        projectId,
        paymentMethodId,
        locale: req.locale,
      });
      await page(req, res, "invest/review", {
        title: req.t("invest.review.title"),
        preview,
        usCutoff:
          preview.offering.terms.regime === "us_reg_cf" && preview.offering.project.deadlineAt
            ? usCancelCutoff(preview.offering.project.deadlineAt)
            : null,
        now: clock.now(),
        values: { ...values, paymentMethodId: String(paymentMethodId) },
      });
    } catch (error) {
      await refuseCommit(req, res, values, error);
    }
  }

  /** POST /projects/:id/invest/back */
  async function back(req: Request, res: Response) {
    await showInvest(req, res, keptValues(req.body, CARD_SECRET_FIELDS), {});
  }

  /** POST /projects/:id/invest */
  async function confirm(req: Request, res: Response) {
    const projectId = projectIdOf(req);
    const values = keptValues(req.body, CARD_SECRET_FIELDS);
    const form = parseCommitForm(req.body);
    if (!form.ok) return showInvest(req, res, values, form.errors, [], 422);
    if (form.data.paymentMethodId === "new")
      return showInvest(req, res, values, { paymentMethodId: "invest.commit.errors.card" }, [], 422);
    try {
      const { commitment, replayed } = await investing.commit(me(req), {
        ...form.data.commit,
        projectId,
        paymentMethodId: form.data.paymentMethodId,
        locale: req.locale,
      });
      if (!replayed) flash(req, "success", "invest.commit.done");
      res.redirect(303, `/investments/${commitment.id}`);
    } catch (error) {
      await refuseCommit(req, res, values, error);
    }
  }

  // Commitments --------------------------------------------------------------------------------

  /** GET /investments */
  async function myInvestments(req: Request, res: Response) {
    await page(req, res, "invest/index", {
      title: req.t("invest.commitments.title"),
      commitments: await investing.commitmentsOf(me(req)),
    });
  }

  async function showCommitment(
    req: Request,
    res: Response,
    view: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const detail = await investing.ownCommitment(me(req), idOf(req.params.id));
    await page(
      req,
      res,
      view,
      {
        title: req.t(
          `invest.commitments.${view === "invest/show" ? "show" : view === "invest/cancel" ? "cancel" : "reconfirm"}.title`,
          {
            project: detail.project.title,
          },
        ),
        ...detail,
        values: {},
        errors: {},
        refusal: [],
        ...extra,
      },
      status,
    );
  }

  /** GET /investments/:id */
  async function showInvestment(req: Request, res: Response) {
    await showCommitment(req, res, "invest/show");
  }

  /** GET /investments/:id/cancel */
  async function cancelForm(req: Request, res: Response) {
    await showCommitment(req, res, "invest/cancel");
  }

  /** POST /investments/:id/cancel */
  async function cancel(req: Request, res: Response) {
    try {
      const commitment = await investing.cancel(me(req), idOf(req.params.id));
      flash(req, "success", "invest.commitments.cancel.done");
      res.redirect(303, `/investments/${commitment.id}`);
    } catch (error) {
      if (error instanceof InvestRefused)
        return showCommitment(req, res, "invest/cancel", { refusal: error.reasons }, error.status);
      throw error;
    }
  }

  /** GET /investments/:id/reconfirm */
  async function reconfirmForm(req: Request, res: Response) {
    await showCommitment(req, res, "invest/reconfirm");
  }

  /** POST /investments/:id/reconfirm */
  async function reconfirm(req: Request, res: Response) {
    const id = idOf(req.params.id);
    const values = keptValues(req.body);
    const form = parseForm(acknowledgementSchema, req.body);
    if (!form.ok) return showCommitment(req, res, "invest/reconfirm", { values, errors: form.errors }, 422);
    try {
      await investing.reconfirm(me(req), id, { ...acknowledgements(form.data), locale: req.locale });
      flash(req, "success", "invest.commitments.reconfirm.done");
      res.redirect(303, `/investments/${id}`);
    } catch (error) {
      if (error instanceof ValidationError)
        return showCommitment(req, res, "invest/reconfirm", { values, errors: error.fieldErrors }, 422);
      if (error instanceof InvestRefused)
        return showCommitment(req, res, "invest/reconfirm", { values, refusal: error.reasons }, error.status);
      throw error;
    }
  }

  // Creators -----------------------------------------------------------------------------------

  /** GET /projects/:id/investors */
  async function investors(req: Request, res: Response) {
    const list = await investing.investorsOf(me(req), idOf(req.params.id));
    await page(req, res, "invest/investors", {
      title: req.t("invest.investors.title", { project: list.project.title }),
      ...list,
    });
  }

  /** GET /projects/:id/investors.csv */
  async function investorsCsv(req: Request, res: Response) {
    const { project, investors: rows } = await investing.investorsOf(me(req), idOf(req.params.id));
    const t = req.t;
    const header = [
      "commitmentId",
      "name",
      "legalName",
      "email",
      "country",
      "shares",
      "pricePerShare",
      "amount",
      "currency",
      "status",
      "committedAt",
      "cancelledAt",
    ];
    const body = rows.map((r) => [
      r.id,
      r.investorName,
      r.legalName ?? "",
      r.investorEmail,
      r.country ?? "",
      r.shares,
      toMajorString(r.pricePerShareMinor, r.currency),
      toMajorString(r.amountMinor, r.currency),
      r.currency,
      t(`invest.status.${r.status}`),
      r.createdAt.toISOString(),
      r.cancelledAt ? r.cancelledAt.toISOString() : "",
    ]);
    const csv = stringify([
      header.map((h) => t(`invest.csv.${h}`)),
      ...body.map((r) => r.map(neutralizeFormula)),
    ]);
    res.type("text/csv; charset=utf-8");
    res.attachment(`project-${project.id}-investors.csv`);
    res.send(`\uFEFF${csv}`);
  }

  // Admin: identity review ---------------------------------------------------------------------

  /** GET /admin/identities */
  async function adminQueue(req: Request, res: Response) {
    const queue = await identities.queue(me(req));
    await page(req, res, "admin/identities", {
      title: req.t("invest.admin.queue.title"),
      ...queue,
      now: clock.now(),
      section: "identities",
    });
  }

  async function showAdmin(req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const detail = await identities.review(me(req), idOf(req.params.userId));
    await page(
      req,
      res,
      "admin/identities-show",
      {
        title: req.t("invest.admin.show.title", { name: detail.identity.legalName }),
        ...detail,
        countryName: (code: string) => countryName(code, req.locale),
        reasonMax: REJECTION_REASON_MAX,
        section: "identities",
        values: {},
        errors: {},
        refusal: null,
        ...extra,
      },
      status,
    );
  }

  /** GET /admin/identities/:userId */
  async function adminShow(req: Request, res: Response) {
    await showAdmin(req, res);
  }

  /** GET /admin/identities/:userId/document */
  async function adminDocument(req: Request, res: Response) {
    await sendDocument(res, await identities.documentFor(me(req), idOf(req.params.userId)));
  }

  async function decideAdmin(req: Request, res: Response, action: "approve" | "reject") {
    const userId = idOf(req.params.userId);
    const values = keptValues(req.body);
    const form = parseForm(decisionSchema, req.body);
    if (!form.ok) return showAdmin(req, res, { values, errors: form.errors }, 422);
    const submittedAt = new Date(form.data.submittedAt);
    if (Number.isNaN(submittedAt.getTime())) throw new AppError(400, "errors.badRequest");
    try {
      if (action === "approve") await identities.approve(me(req), userId, submittedAt);
      else await identities.reject(me(req), userId, submittedAt, form.data.reason ?? "");
    } catch (error) {
      if (error instanceof ValidationError)
        return showAdmin(req, res, { values, errors: error.fieldErrors }, 422);
      if (error instanceof RuleError) return showAdmin(req, res, { values, refusal: error.messageKey }, 409);
      throw error;
    }
    flash(req, "success", `invest.admin.decision.${action}Done`);
    res.redirect(303, "/admin/identities");
  }

  /** POST /admin/identities/:userId/approve */
  async function adminApprove(req: Request, res: Response) {
    await decideAdmin(req, res, "approve");
  }

  /** POST /admin/identities/:userId/reject */
  async function adminReject(req: Request, res: Response) {
    await decideAdmin(req, res, "reject");
  }
}

// Parsing ------------------------------------------------------------------------------------------

const regimeSlugs = { us: "us_reg_cf", uk: "uk", cn: "cn_private" } as const satisfies Record<string, Regime>;

/** A positive id from the URL; anything else is a page that does not exist. */
function idOf(raw: unknown): number {
  const text = String(raw);
  const id = /^[1-9]\d{0,14}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new NotFoundError();
  return id;
}

function projectIdOf(req: Request): number {
  return idOf(req.params.id);
}

const text = (max: number) => z.string("validation.required").trim().max(max, "validation.tooLong");

const identitySchema = z.object({
  legalName: text(200).min(1, "validation.required"),
  dateOfBirth: text(10),
  country: z.string("validation.required").max(2, "validation.invalid"),
  nationality: z.string("validation.required").max(2, "validation.invalid"),
  idType: z.string("validation.required").max(24, "validation.invalid"),
  idNumber: z.string().max(60, "validation.tooLong").optional().default(""),
  address: text(1000).min(1, "validation.required"),
  returnTo: z.string().max(300).optional(),
});

const decisionSchema = z.object({
  submittedAt: z.string("errors.badRequest").max(40, "errors.badRequest"),
  reason: z.string().max(REJECTION_REASON_MAX, "validation.tooLong").optional(),
});

const checkbox = z.string().max(8).optional();

const acknowledgementSchema = z.object({
  acknowledgedRisks: checkbox,
  acknowledgedDocuments: checkbox,
  shownDocuments: z.string().max(5000).optional().default(""),
});

function acknowledgements(d: z.output<typeof acknowledgementSchema>) {
  return {
    acknowledgedRisks: d.acknowledgedRisks === "1",
    acknowledgedDocuments: d.acknowledgedDocuments === "1",
    shownDocuments: parseShown(d.shownDocuments),
  };
}

/** "12:ab…,13:cd…" → [{id, sha256}]; anything malformed is dropped (and then does not match). */
function parseShown(value: string): ShownDocument[] {
  return value
    .split(",")
    .map((pair) => /^([1-9]\d{0,14}):([a-f0-9]{64})$/.exec(pair.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: Number(m[1]), sha256: m[2] as string }));
}

const commitSchema = acknowledgementSchema.extend({
  shares: z
    .string("invest.commit.errors.shares")
    .trim()
    .min(1, "invest.commit.errors.shares")
    .max(40, "invest.commit.errors.shares"),
  paymentMethodId: z
    .string("invest.commit.errors.card")
    .refine((v) => v === "new" || /^[1-9]\d{0,14}$/.test(v), "invest.commit.errors.card"),
  ...cardFields,
  idempotencyKey: z.string("validation.invalid").regex(/^[A-Za-z0-9-]{16,64}$/, "validation.invalid"),
});

/** A whole number of shares: "10", "1,000", "１０"; "1.5", "-3", "ten" are refused with the reason. */
export function parseShares(input: string): { ok: true; shares: number } | { ok: false; error: string } {
  const v = input.normalize("NFKC").trim().replace(/[,\s]/g, "");
  if (/^-/.test(v)) return { ok: false, error: "invest.commit.errors.sharesNegative" };
  if (/^\d+\.\d*[1-9]\d*$/.test(v)) return { ok: false, error: "invest.commit.errors.wholeShares" };
  const whole = /^(\d+)(\.0*)?$/.exec(v);
  if (!whole) return { ok: false, error: "invest.commit.errors.shares" };
  const shares = Number(whole[1]);
  if (shares === 0) return { ok: false, error: "invest.commit.errors.sharesPositive" };
  if (!Number.isSafeInteger(shares) || shares > 1_000_000_000_000)
    return { ok: false, error: "invest.commit.errors.tooMany" };
  return { ok: true, shares };
}

function parseCommitForm(body: unknown) {
  const form = parseForm(commitSchema, body);
  if (!form.ok) return form;
  const d = form.data;
  const errors: FieldErrors = {};
  const shares = parseShares(d.shares);
  if (!shares.ok) errors.shares = shares.error;
  const card = cardFromForm(d, d.paymentMethodId === "new", errors);
  if (Object.keys(errors).length) return { ok: false as const, errors };
  const commit: Omit<CommitInput, "projectId" | "paymentMethodId" | "locale"> = {
    shares: shares.ok ? shares.shares : 0,
    idempotencyKey: d.idempotencyKey,
    ...acknowledgements(d),
  };
  return {
    ok: true as const,
    data: {
      paymentMethodId: d.paymentMethodId === "new" ? ("new" as const) : Number(d.paymentMethodId),
      card,
      commit,
    },
  };
}

/** An amount field in the regime's currency: required unless `optional`. */
function amountField(
  body: Record<string, unknown>,
  name: string,
  currency: Currency,
  errors: FieldErrors,
  optional = false,
): number {
  const raw = typeof body[name] === "string" ? (body[name] as string) : "";
  if (!raw.trim()) {
    if (!optional) errors[name] = "validation.required";
    return 0;
  }
  if (raw.length > 40) {
    errors[name] = "money.tooLarge";
    return 0;
  }
  const parsed = parseAmount(raw, currency);
  if (!parsed.ok) {
    errors[name] = `money.${parsed.reason}`;
    return 0;
  }
  return parsed.minor;
}

function countField(body: Record<string, unknown>, name: string, errors: FieldErrors, max: number): number {
  const raw = typeof body[name] === "string" ? (body[name] as string).normalize("NFKC").trim() : "";
  if (!raw) return 0;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) > max) {
    errors[name] = "invest.declare.errors.count";
    return 0;
  }
  return Number(raw);
}

const ukCategoryList = ["restricted", "certified_hnw", "self_certified_sophisticated"] as const;

/** Parses a declaration form. Amounts in the regime's currency via parseAmount; dates checked. */
export function parseDeclaration(
  regime: Regime,
  rawBody: unknown,
  now: Date,
): { ok: true; figures: UsFigures | UkFigures | CnFigures } | { ok: false; errors: FieldErrors } {
  const body = (rawBody && typeof rawBody === "object" ? rawBody : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const currency = regimeCurrency[regime];
  if (body.attest !== "1") errors.attest = "invest.declare.errors.attest";
  if (regime === "us_reg_cf") {
    const accredited = body.accredited;
    if (accredited !== "yes" && accredited !== "no") errors.accredited = "invest.declare.errors.accredited";
    const annualIncomeMinor = amountField(body, "annualIncome", currency, errors);
    const netWorthMinor = amountField(body, "netWorth", currency, errors);
    const elsewhere: DeclaredElsewhere[] = [];
    const today = now.toISOString().slice(0, 10);
    const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    for (const n of [1, 2, 3]) {
      const amountName = `elsewhere${n}Amount`;
      const dateName = `elsewhere${n}Date`;
      const hasAmount = typeof body[amountName] === "string" && (body[amountName] as string).trim() !== "";
      const date = typeof body[dateName] === "string" ? (body[dateName] as string).trim() : "";
      if (!hasAmount && !date) continue;
      const amountMinor = amountField(body, amountName, currency, errors);
      if (!date) errors[dateName] = "validation.required";
      else if (!isDay(date)) errors[dateName] = "invest.declare.errors.date";
      else if (date > today) errors[dateName] = "invest.declare.errors.dateFuture";
      else if (date <= yearAgo) errors[dateName] = "invest.declare.errors.dateOld";
      if (amountMinor > 0 && !errors[dateName]) elsewhere.push({ amountMinor, on: date });
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    return {
      ok: true,
      figures: { accredited: accredited === "yes", annualIncomeMinor, netWorthMinor, elsewhere },
    };
  }
  if (regime === "uk") {
    const category = ukCategoryList.find((c) => c === body.category);
    if (!category) errors.category = "invest.declare.errors.category";
    const elsewhereMinor = amountField(body, "elsewhere", currency, errors, true);
    let figures: UkFigures | undefined;
    if (category === "restricted") {
      figures = {
        category,
        elsewhereMinor,
        netAssetsMinor: amountField(body, "netAssets", currency, errors),
      };
    } else if (category === "certified_hnw") {
      figures = {
        category,
        elsewhereMinor,
        annualIncomeMinor: amountField(body, "hnwIncome", currency, errors),
        netAssetsMinor: amountField(body, "hnwNetAssets", currency, errors),
      };
    } else if (category === "self_certified_sophisticated") {
      const director = amountField(body, "directorTurnover", currency, errors, true);
      figures = {
        category,
        elsewhereMinor,
        angelNetworkMonths: countField(body, "angelNetworkMonths", errors, 1200),
        unlistedInvestmentsLastTwoYears: countField(body, "unlistedInvestments", errors, 10_000),
        privateEquityOrSmeFinance: body.privateEquity === "1",
        directorTurnoverMinor: director > 0 ? director : null,
      };
    }
    if (Object.keys(errors).length || !figures) return { ok: false, errors };
    return { ok: true, figures };
  }
  const investorType = body.investorType;
  let figures: CnFigures | undefined;
  if (investorType === "individual") {
    figures = {
      investorType,
      financialAssetsMinor: amountField(body, "financialAssets", currency, errors),
      incomesMinor: [
        amountField(body, "income1", currency, errors),
        amountField(body, "income2", currency, errors),
        amountField(body, "income3", currency, errors),
      ],
    };
  } else if (investorType === "entity") {
    figures = { investorType, netAssetsMinor: amountField(body, "netAssets", currency, errors) };
  } else errors.investorType = "invest.declare.errors.investorType";
  if (Object.keys(errors).length || !figures) return { ok: false, errors };
  return { ok: true, figures };
}

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A stored declaration as form values (to prefill a new one). */
function declarationValues(
  figures: UsFigures | UkFigures | CnFigures,
  regime: Regime,
): Record<string, string> {
  const currency = regimeCurrency[regime];
  const major = (minor: number) => toMajorString(minor, currency);
  if (regime === "us_reg_cf") {
    const f = figures as UsFigures;
    const values: Record<string, string> = {
      accredited: f.accredited ? "yes" : "no",
      annualIncome: major(f.annualIncomeMinor),
      netWorth: major(f.netWorthMinor),
    };
    f.elsewhere.slice(0, 3).forEach((e, i) => {
      values[`elsewhere${i + 1}Amount`] = major(e.amountMinor);
      values[`elsewhere${i + 1}Date`] = e.on ?? "";
    });
    return values;
  }
  if (regime === "uk") {
    const f = figures as UkFigures;
    const values: Record<string, string> = {
      category: f.category,
      elsewhere: f.elsewhereMinor ? major(f.elsewhereMinor) : "",
    };
    if (f.category === "restricted") values.netAssets = major(f.netAssetsMinor);
    if (f.category === "certified_hnw") {
      values.hnwIncome = major(f.annualIncomeMinor);
      values.hnwNetAssets = major(f.netAssetsMinor);
    }
    if (f.category === "self_certified_sophisticated") {
      values.angelNetworkMonths = String(f.angelNetworkMonths || "");
      values.unlistedInvestments = String(f.unlistedInvestmentsLastTwoYears || "");
      values.privateEquity = f.privateEquityOrSmeFinance ? "1" : "";
      values.directorTurnover = f.directorTurnoverMinor ? major(f.directorTurnoverMinor) : "";
    }
    return values;
  }
  const f = figures as CnFigures;
  if (f.investorType === "entity") return { investorType: "entity", netAssets: major(f.netAssetsMinor) };
  return {
    investorType: "individual",
    financialAssets: major(f.financialAssetsMinor),
    income1: major(f.incomesMinor[0]),
    income2: major(f.incomesMinor[1]),
    income3: major(f.incomesMinor[2]),
  };
}

// Files --------------------------------------------------------------------------------------------

/** Runs multer; a refused upload becomes a field message and a status instead of an error page. */
function receive(
  middleware: RequestHandler,
  req: Request,
  res: Response,
): Promise<{ key: string; status: number } | undefined> {
  return new Promise((resolve) => {
    middleware(req, res, (err?: unknown) => {
      if (!err) return resolve(undefined);
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE")
        return resolve({ key: "invest.identity.errors.documentTooLarge", status: 413 });
      if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_UNEXPECTED_FILE")
        return resolve({ key: "projects.uploads.tooManyFiles", status: 400 });
      resolve({ key: "projects.uploads.failed", status: 400 });
    });
  });
}

/** Sends an ID document: never sniffed, sandboxed, not cached by shared caches. */
function sendDocument(
  res: Response,
  doc: { path: string; contentType: string; fileName: string },
): Promise<void> {
  res.set({
    "Content-Type": doc.contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
    "Content-Disposition": `inline; filename="${doc.fileName}"`,
    "Cache-Control": "private, no-store",
  });
  return new Promise((resolve, reject) => {
    res.sendFile(doc.path, { dotfiles: "deny" }, (err?: Error & { code?: string; status?: number }) => {
      if (!err) return resolve();
      if (res.headersSent) return resolve();
      if (err.code === "ENOENT" || err.status === 404) return reject(new NotFoundError());
      reject(err);
    });
  });
}

function countryName(code: string, locale: string): string {
  return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
}

/** Country choices with names in the reader's language, sorted by that name. */
function countryOptions(locale: string): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale);
  return identityCountries
    .map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
