import { type Request, type RequestHandler, type Response, Router } from "express";
import multer from "multer";
import { z } from "zod";
import type { AppDeps } from "../app.ts";
import {
  type EquityTermsInput,
  equityTermsProblems,
  monthOf,
  profileCountries,
  profileNumberProblems,
  tierProblems,
} from "../domain/creator-rules.ts";
import { type Currency, currencies, isCurrency, parseAmount, toMajorString } from "../domain/money.ts";
import { isEditable } from "../domain/project-lifecycle.ts";
import {
  allocationRules,
  CAMPAIGN_DAYS,
  categories,
  documentKinds,
  idTypes,
  projectKinds,
  regimes,
  securityTypes,
  shippingRegions,
} from "../domain/project-rules.ts";
import { type FieldErrors, NotFoundError, ValidationError } from "../errors.ts";
import { CreatorProfileService } from "../services/creator-profiles.ts";
import {
  type Actor,
  LifecycleRefused,
  ProjectService,
  showsReviewMessage,
  type TierInput,
} from "../services/projects.ts";
import { IMAGE_KEY, UploadRejected, UploadStore } from "../services/uploads.ts";
import { findImageByKey } from "../store/images.ts";
import type { Project, RewardTier } from "../store/projects.ts";
import { type FormResult, keptValues, parseForm } from "./forms.ts";
import { requireUser } from "./guards.ts";
import { notifierFrom } from "./notifications.ts";
import { flash, renderPage, safeReturnPath } from "./render.ts";

/**
 * The creator side of campaigns. Route table (all but the media route need a signed-in user):
 *
 *   GET  /dashboard                                   my projects, their figures and next steps
 *   GET  /account/creator-profile                     identity and payout account form
 *   POST /account/creator-profile                     save them (numbers sealed; blank keeps)
 *   GET  /projects/new                                start a project: kind and basics
 *   POST /projects/new                                create the draft, go to its editor
 *   GET  /projects/:id/edit                           editor: basics, story, risks, team, cover
 *   POST /projects/:id/edit                           save the basics and story
 *   POST /projects/:id/cover                          multipart: upload the cover image
 *   GET  /projects/:id/tiers                          reward tiers, add form, attestation
 *   POST /projects/:id/tiers                          add a tier
 *   GET  /projects/:id/tiers/:tierId/edit             edit one tier
 *   POST /projects/:id/tiers/:tierId                  save one tier
 *   POST /projects/:id/tiers/:tierId/delete           delete one tier
 *   POST /projects/:id/attest                         rewards are goods, services or media
 *   GET  /projects/:id/equity                         equity terms and documents
 *   POST /projects/:id/equity                         save the terms
 *   POST /projects/:id/documents                      multipart: a new version of a PDF document
 *   GET  /projects/:projectId/documents/:docId        a document (creator, admins; public once live)
 *   GET  /projects/:id/submit                         the submission checklist
 *   POST /projects/:id/submit                         submit for review
 *   POST /projects/:id/launch                         launch an approved project
 *   GET  /projects/:id/cancel                         confirm cancelling
 *   POST /projects/:id/cancel                         cancel
 *   GET  /media/images/:key/:width                    a stored cover image (600 or 1200 px wide)
 *
 * GET /projects/:id (the public page) belongs to the discovery routes, mounted after these.
 */
export function projectRoutes(deps: AppDeps): Router {
  const { config, db, clock } = deps;
  const uploads = new UploadStore({
    dir: config.uploadDir,
    maxImageBytes: config.uploads.maxImageBytes,
    maxDocumentBytes: config.uploads.maxDocumentBytes,
  });
  const profiles = new CreatorProfileService({ db, clock, encryptionKey: config.encryptionKey });
  const projects = new ProjectService({
    db,
    clock,
    uploads,
    profiles,
    notifier: notifierFrom(deps),
  });
  const imageUpload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: uploads.maxImageBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  }).single("cover");
  const documentUpload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: uploads.maxDocumentBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  }).single("document");
  const maxMb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const router = Router();

  // Shared view data ------------------------------------------------------------------------

  const vocab = {
    projectKinds,
    categories,
    currencies,
    shippingRegions,
    regimes,
    securityTypes,
    allocationRules,
    documentKinds,
    idTypes,
    CAMPAIGN_DAYS,
  };

  /** The project's basics as form values. */
  const basicsValues = (p: Project): Record<string, string> => ({
    title: p.title,
    blurb: p.blurb,
    category: p.category,
    location: p.location,
    goal: toMajorString(p.goalMinor, p.currency),
    currency: p.currency,
    durationDays: String(p.durationDays),
    storyMd: p.storyMd,
    risks: p.risks,
    team: p.team,
  });

  const showEditor = async (
    req: Request,
    res: Response,
    project: Project,
    extra: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) =>
    renderPage(
      res,
      "projects/edit",
      {
        title: req.t("projects.edit.title", { title: project.title }),
        project,
        step: "basics",
        editable: isEditable(project.state),
        showReviewMessage: showsReviewMessage(project.state),
        coverKey: await projects.coverKey(project),
        maxImageMb: maxMb(uploads.maxImageBytes),
        values: extra.values ?? basicsValues(project),
        errors: extra.errors ?? {},
        ...vocab,
      },
      status,
    );

  const showTiers = async (
    req: Request,
    res: Response,
    actor: Actor,
    projectId: number,
    extra: { values?: Record<string, string>; errors?: FieldErrors; attestError?: string } = {},
    status = 200,
  ) => {
    const { project, tiers } = await projects.tiers(actor, projectId);
    await renderPage(
      res,
      "projects/tiers",
      {
        title: req.t("projects.tiers.title"),
        project,
        tiers,
        step: "tiers",
        editable: isEditable(project.state),
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        attestError: extra.attestError,
        monthExample: exampleMonth(clock.now()),
        currentMonth: monthOf(clock.now()),
        ...vocab,
      },
      status,
    );
  };

  const showTierEdit = async (
    req: Request,
    res: Response,
    actor: Actor,
    projectId: number,
    tierId: number,
    extra: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) => {
    const { project, tier } = await projects.tier(actor, projectId, tierId);
    await renderPage(
      res,
      "projects/tier-edit",
      {
        title: req.t("projects.tiers.editTitle", { title: tier.title }),
        project,
        tier,
        step: "tiers",
        editable: isEditable(project.state),
        values: extra.values ?? tierValues(tier, project.currency),
        errors: extra.errors ?? {},
        monthExample: exampleMonth(clock.now()),
        currentMonth: monthOf(clock.now()),
        ...vocab,
      },
      status,
    );
  };

  const showEquity = async (
    req: Request,
    res: Response,
    actor: Actor,
    projectId: number,
    extra: {
      values?: Record<string, string>;
      errors?: FieldErrors;
      documentValues?: Record<string, string>;
      documentErrors?: FieldErrors;
    } = {},
    status = 200,
  ) => {
    const { project, terms, documents } = await projects.equity(actor, projectId);
    const c = project.currency;
    const termValues: Record<string, string> = terms
      ? {
          companyName: terms.companyName,
          registrationNumber: terms.registrationNumber,
          securityType: terms.securityType,
          pricePerShare: toMajorString(terms.pricePerShareMinor, c),
          minInvestment: toMajorString(terms.minInvestmentMinor, c),
          maxRaise: toMajorString(terms.maxRaiseMinor, c),
          preMoneyValuation: toMajorString(terms.preMoneyValuationMinor, c),
          useOfFunds: terms.useOfFunds,
          regime: terms.regime,
          allocationRule: terms.allocationRule,
        }
      : {};
    await renderPage(
      res,
      "projects/equity",
      {
        title: req.t("projects.equity.title"),
        project,
        terms,
        documents,
        step: "equity",
        editable: isEditable(project.state),
        canUpload: isEditable(project.state) || project.state === "live",
        values: extra.values ?? termValues,
        errors: extra.errors ?? {},
        documentValues: extra.documentValues ?? {},
        documentErrors: extra.documentErrors ?? {},
        maxDocumentMb: maxMb(uploads.maxDocumentBytes),
        ...vocab,
      },
      status,
    );
  };

  const showSubmit = async (
    req: Request,
    res: Response,
    actor: Actor,
    projectId: number,
    refusal?: string,
    status = 200,
  ) => {
    const { project, items } = await projects.checklist(actor, projectId);
    await renderPage(
      res,
      "projects/submit",
      {
        title: req.t("projects.submit.title"),
        project,
        items,
        step: "submit",
        editable: isEditable(project.state),
        canSubmit: project.state === "draft" || project.state === "changes_requested",
        refusal,
      },
      status,
    );
  };

  const showDashboard = async (req: Request, res: Response, refusal?: string, status = 200) => {
    const actor = actorOf(req);
    await renderPage(
      res,
      "dashboard/index",
      {
        title: req.t("projects.dashboard.title"),
        entries: await projects.dashboard(actor),
        profile: await profiles.get(actor.id),
        showsReviewMessage,
        refusal,
      },
      status,
    );
  };

  const showProfile = async (
    req: Request,
    res: Response,
    extra: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
  ) => {
    const actor = actorOf(req);
    const profile = await profiles.get(actor.id);
    const values = extra.values ?? {
      legalName: profile?.legalName ?? "",
      country: profile?.country ?? "",
      idType: profile?.idType ?? "",
      payoutHolder: profile?.payoutHolder ?? "",
      payoutBank: profile?.payoutBank ?? "",
    };
    await renderPage(
      res,
      "projects/creator-profile",
      {
        title: req.t("projects.profile.title"),
        profile,
        countries: countryOptions(req.locale),
        idTypes,
        returnTo: safeReturnPath(req.query.returnTo ?? req.body?.returnTo, ""),
        values,
        errors: extra.errors ?? {},
      },
      status,
    );
  };

  /** Runs a lifecycle step; a refusal re-renders the page with the domain's reason and a 422. */
  const lifecycleMessage = (req: Request, error: LifecycleRefused): string => {
    const params = { ...error.params };
    if (Array.isArray(params.missing)) {
      const items = (params.missing as string[]).map((k) => req.t(`projects.checklist.${k}`));
      params.missing = new Intl.ListFormat(req.locale, { type: "conjunction" }).format(items);
    }
    return req.t(error.messageKey, params);
  };

  // Dashboard and profile ---------------------------------------------------------------------

  /** GET /dashboard — the creator's projects with state, figures, reviewer messages and actions. */
  router.get("/dashboard", requireUser, (req, res) => showDashboard(req, res));

  /** GET /account/creator-profile — identity and payout account; numbers shown only masked. */
  router.get("/account/creator-profile", requireUser, (req, res) => showProfile(req, res));

  /** POST /account/creator-profile — saves them; a blank number keeps the stored one. */
  router.post("/account/creator-profile", requireUser, async (req, res) => {
    const values = keptValues(req.body, ["idNumber", "payoutAccount"]);
    const form = parseForm(profileSchema, req.body);
    if (!form.ok) {
      // Report the numbers' problems too, so everything is fixed in one go (the service checks them again).
      const existing = await profiles.get(actorOf(req).id);
      const numbers = profileNumberProblems(
        {
          idType: text(req.body, "idType"),
          idNumber: text(req.body, "idNumber"),
          payoutAccount: text(req.body, "payoutAccount"),
        },
        existing,
      );
      const errors = inFieldOrder({ ...numbers, ...form.errors }, PROFILE_FIELDS);
      return showProfile(req, res, { values, errors }, 422);
    }
    try {
      await profiles.save(actorOf(req).id, form.data);
    } catch (error) {
      if (error instanceof ValidationError)
        return showProfile(req, res, { values, errors: error.fieldErrors }, 422);
      throw error;
    }
    flash(req, "success", "projects.profile.saved");
    res.redirect(303, safeReturnPath(req.body.returnTo, "/dashboard"));
  });

  // Starting and editing ------------------------------------------------------------------------

  const showNew = (req: Request, res: Response, extra: object = {}, status = 200) =>
    renderPage(res, "projects/new", { title: req.t("projects.new.title"), ...vocab, ...extra }, status);

  /** GET /projects/new — choose the kind and give the basics. */
  router.get("/projects/new", requireUser, (req, res) => showNew(req, res));

  /** POST /projects/new — creates a draft and opens its editor. */
  router.post("/projects/new", requireUser, async (req, res) => {
    const values = keptValues(req.body);
    const form = parseWithGoal(newProjectSchema, req.body);
    if (!form.ok) return showNew(req, res, { values, errors: form.errors }, 422);
    const id = await projects.create(actorOf(req), form.data);
    flash(req, "success", "projects.new.created");
    res.redirect(303, `/projects/${id}/edit`);
  });

  /** GET /projects/:id/edit — the editor (read-only with a notice once the project is locked). */
  router.get("/projects/:id/edit", requireUser, async (req, res) => {
    const project = await projects.own(actorOf(req), parseId(req.params.id));
    await showEditor(req, res, project);
  });

  /** POST /projects/:id/edit — saves basics, story (Markdown → sanitized HTML), risks and team. */
  router.post("/projects/:id/edit", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const project = await projects.editable(actor, id);
    const values = keptValues(req.body);
    const form = parseWithGoal(editSchema, req.body);
    if (!form.ok) return showEditor(req, res, project, { values, errors: form.errors }, 422);
    await projects.updateBasics(actor, id, form.data);
    flash(req, "success", "projects.edit.saved");
    res.redirect(303, `/projects/${id}/edit`);
  });

  /** POST /projects/:id/cover — multipart (CSRF token in the query): a new cover image. */
  router.post("/projects/:id/cover", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const project = await projects.editable(actor, id);
    const refuse = (key: string, status: number) =>
      showEditor(req, res, project, { errors: { cover: key } }, status);
    const received = await receive(imageUpload, req, res, "projects.uploads.imageTooLarge");
    if (received) return refuse(received.key, received.status);
    if (!req.file) return refuse("projects.uploads.empty", 422);
    try {
      await projects.setCover(actor, id, req.file.buffer);
    } catch (error) {
      if (error instanceof UploadRejected) return refuse(error.messageKey, error.status);
      throw error;
    }
    flash(req, "success", "projects.cover.saved");
    res.redirect(303, `/projects/${id}/edit`);
  });

  // Reward tiers ------------------------------------------------------------------------------

  /** GET /projects/:id/tiers — the tiers, a form to add one, and the rewards attestation. */
  router.get("/projects/:id/tiers", requireUser, (req, res) =>
    showTiers(req, res, actorOf(req), parseId(req.params.id)),
  );

  /** POST /projects/:id/tiers — adds a tier. */
  router.post("/projects/:id/tiers", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const { project } = await projects.tiers(actor, id);
    const values = keptValues(req.body);
    const parsed = parseTier(req.body, project.currency, monthOf(clock.now()));
    if (!parsed.ok) return showTiers(req, res, actor, id, { values, errors: parsed.errors }, 422);
    try {
      await projects.addTier(actor, id, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError)
        return showTiers(req, res, actor, id, { values, errors: error.fieldErrors }, 422);
      throw error;
    }
    flash(req, "success", "projects.tiers.added");
    res.redirect(303, `/projects/${id}/tiers`);
  });

  /** GET /projects/:id/tiers/:tierId/edit — one tier's form. */
  router.get("/projects/:id/tiers/:tierId/edit", requireUser, (req, res) =>
    showTierEdit(req, res, actorOf(req), parseId(req.params.id), parseId(req.params.tierId)),
  );

  /** POST /projects/:id/tiers/:tierId — saves one tier. */
  router.post("/projects/:id/tiers/:tierId", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const tierId = parseId(req.params.tierId);
    const { project } = await projects.tier(actor, id, tierId);
    const values = keptValues(req.body);
    const parsed = parseTier(req.body, project.currency, monthOf(clock.now()));
    if (!parsed.ok) return showTierEdit(req, res, actor, id, tierId, { values, errors: parsed.errors }, 422);
    try {
      await projects.updateTier(actor, id, tierId, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError)
        return showTierEdit(req, res, actor, id, tierId, { values, errors: error.fieldErrors }, 422);
      throw error;
    }
    flash(req, "success", "projects.tiers.updated");
    res.redirect(303, `/projects/${id}/tiers`);
  });

  /** POST /projects/:id/tiers/:tierId/delete — deletes one tier. */
  router.post("/projects/:id/tiers/:tierId/delete", requireUser, async (req, res) => {
    const id = parseId(req.params.id);
    await projects.removeTier(actorOf(req), id, parseId(req.params.tierId));
    flash(req, "success", "projects.tiers.deleted");
    res.redirect(303, `/projects/${id}/tiers`);
  });

  /** POST /projects/:id/attest — the creator attests rewards are goods, services or media (or withdraws it). */
  router.post("/projects/:id/attest", requireUser, async (req, res) => {
    const id = parseId(req.params.id);
    const attested = checkbox(req.body?.attest);
    await projects.attestRewards(actorOf(req), id, attested);
    flash(
      req,
      attested ? "success" : "info",
      attested ? "projects.attest.saved" : "projects.attest.withdrawn",
    );
    res.redirect(303, `/projects/${id}/tiers`);
  });

  // Equity ------------------------------------------------------------------------------------

  /** GET /projects/:id/equity — equity terms and the document versions. */
  router.get("/projects/:id/equity", requireUser, (req, res) =>
    showEquity(req, res, actorOf(req), parseId(req.params.id)),
  );

  /** POST /projects/:id/equity — saves the terms (checked against the regime and the goal). */
  router.post("/projects/:id/equity", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const { project } = await projects.equity(actor, id);
    const values = keptValues(req.body);
    const parsed = parseEquity(req.body, project);
    if (!parsed.ok) return showEquity(req, res, actor, id, { values, errors: parsed.errors }, 422);
    try {
      await projects.saveEquityTerms(actor, id, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError)
        return showEquity(req, res, actor, id, { values, errors: error.fieldErrors }, 422);
      throw error;
    }
    flash(req, "success", "projects.equity.saved");
    res.redirect(303, `/projects/${id}/equity`);
  });

  /** POST /projects/:id/documents — multipart (CSRF token in the query): a new version of a PDF. */
  router.post("/projects/:id/documents", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    await projects.equity(actor, id); // not yours or not equity: 404 before reading the upload
    const refuse = (errors: FieldErrors, status: number) =>
      showEquity(
        req,
        res,
        actor,
        id,
        { documentValues: keptValues(req.body, ["materialChange"]), documentErrors: errors },
        status,
      );
    const received = await receive(documentUpload, req, res, "projects.uploads.documentTooLarge");
    if (received) return refuse({ document: received.key }, received.status);
    const form = parseForm(documentSchema, req.body);
    if (!form.ok) return refuse(form.errors, 422);
    if (!req.file) return refuse({ document: "projects.uploads.empty" }, 422);
    try {
      const doc = await projects.addDocument(actor, id, {
        kind: form.data.kind,
        materialChange: form.data.materialChange,
        originalName: Buffer.from(req.file.originalname, "latin1").toString("utf8"),
        file: req.file.buffer,
      });
      flash(req, "success", "projects.documents.uploaded", {
        version: doc.version,
        kind: req.t(`projects.documentKinds.${doc.kind}`),
      });
    } catch (error) {
      if (error instanceof UploadRejected) return refuse({ document: error.messageKey }, error.status);
      throw error;
    }
    res.redirect(303, `/projects/${id}/equity`);
  });

  /** GET /projects/:projectId/documents/:docId — the PDF, inline, sandboxed. */
  router.get("/projects/:projectId/documents/:docId", async (req, res) => {
    const viewer = req.user ? actorOf(req) : undefined;
    const { document, path } = await projects.documentFor(
      viewer,
      parseId(req.params.projectId),
      parseId(req.params.docId),
    );
    res.set({
      "Content-Type": "application/pdf",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox",
      "Content-Disposition": `inline; filename="${document.kind}-v${document.version}.pdf"`,
      "Cache-Control": "private, max-age=3600",
    });
    await sendFile(res, path);
  });

  // Lifecycle ---------------------------------------------------------------------------------

  /** GET /projects/:id/submit — the checklist with a link to fix each missing item. */
  router.get("/projects/:id/submit", requireUser, (req, res) =>
    showSubmit(req, res, actorOf(req), parseId(req.params.id)),
  );

  /** POST /projects/:id/submit — submits for review (decide("submit")); a refusal says why, 422. */
  router.post("/projects/:id/submit", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    try {
      await projects.submit(actor, id);
    } catch (error) {
      if (error instanceof LifecycleRefused)
        return showSubmit(req, res, actor, id, lifecycleMessage(req, error), 422);
      throw error;
    }
    flash(req, "success", "projects.submit.submitted");
    res.redirect(303, "/dashboard");
  });

  /** POST /projects/:id/launch — launches an approved project; the deadline is set now. */
  router.post("/projects/:id/launch", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    try {
      const deadline = await projects.launch(actor, id);
      flash(req, "success", "projects.launch.launched", { deadline: formatDeadline(deadline, req.locale) });
    } catch (error) {
      if (error instanceof LifecycleRefused)
        return showDashboard(req, res, lifecycleMessage(req, error), 422);
      throw error;
    }
    res.redirect(303, "/dashboard");
  });

  const showCancel = (req: Request, res: Response, project: Project, refusal?: string, status = 200) =>
    renderPage(
      res,
      "projects/cancel",
      { title: req.t("projects.cancel.title", { title: project.title }), project, refusal },
      status,
    );

  /** GET /projects/:id/cancel — asks for confirmation (or says why it cannot be cancelled). */
  router.get("/projects/:id/cancel", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    try {
      await showCancel(req, res, await projects.canTake(actor, id, "cancel"));
    } catch (error) {
      if (error instanceof LifecycleRefused)
        return showCancel(req, res, await projects.own(actor, id), lifecycleMessage(req, error), 422);
      throw error;
    }
  });

  /** POST /projects/:id/cancel — cancels; takes the project out of search; releases pledges (hook). */
  router.post("/projects/:id/cancel", requireUser, async (req, res) => {
    const actor = actorOf(req);
    const id = parseId(req.params.id);
    const form = parseForm(cancelSchema, req.body);
    try {
      await projects.cancel(actor, id, form.ok ? form.data.reason : "");
    } catch (error) {
      if (error instanceof LifecycleRefused)
        return showCancel(req, res, await projects.own(actor, id), lifecycleMessage(req, error), 422);
      throw error;
    }
    flash(req, "success", "projects.cancel.cancelled");
    res.redirect(303, "/dashboard");
  });

  // Media -------------------------------------------------------------------------------------

  /** GET /media/images/:key/:width — a stored image version, never sniffed, cached for a year. */
  router.get("/media/images/:key/:width", async (req, res) => {
    const { key, width } = req.params;
    if (!IMAGE_KEY.test(key) || (width !== "600" && width !== "1200")) throw new NotFoundError();
    if (!(await findImageByKey(db, key))) throw new NotFoundError();
    res.set({
      "Content-Type": "image/webp",
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "public, max-age=31536000, immutable",
    });
    await sendFile(res, uploads.imagePath(key, width === "600" ? 600 : 1200));
  });

  return router;
}

// Helpers -----------------------------------------------------------------------------------------

function actorOf(req: Request): Actor {
  const user = req.user as Express.User;
  return { id: user.id, role: user.role };
}

/** A route id: a positive integer of sensible size, or the page does not exist. */
export function parseId(value: unknown): number {
  if (typeof value !== "string" || !/^[1-9]\d{0,14}$/.test(value)) throw new NotFoundError();
  return Number(value);
}

type Parsed<T> = FormResult<T>;

/**
 * Control characters that have no place in typed text: C0/C1 controls (tabs and, where allowed, line
 * breaks excepted) and the bidirectional overrides used to disguise text. Joiners stay (emoji use them).
 */
function hasForbiddenControls(value: string, allowNewlines: boolean): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    if (c === 9 || (allowNewlines && c === 10)) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

/** One line of text: trimmed, required unless optional, at most `max` characters, no control characters. */
function line(max: 100 | 120 | 200, required = true) {
  const base = z.string("validation.required").trim();
  return (required ? base.min(1, "validation.required") : base)
    .max(max, `projects.validation.maxLength.c${max}`)
    .refine((v) => !hasForbiddenControls(v, false), "projects.validation.plainText");
}

/** Text with paragraphs: line endings normalised, at most `max` characters. */
function paragraphs(max: 2000 | 5000 | 20000, required = false) {
  const base = z
    .string("validation.required")
    .transform((v) => v.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(max, `projects.validation.maxLength.c${max}`));
  return (required ? base.refine((v) => v.length > 0, "validation.required") : base).refine(
    (v) => !hasForbiddenControls(v, true),
    "projects.validation.plainText",
  );
}

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, "projects.validation.choose");
const durationDays = z
  .string("validation.required")
  .trim()
  .min(1, "validation.required")
  .regex(/^\d{1,3}$/, "projects.validation.durationDays")
  .transform(Number)
  .refine((n) => n >= CAMPAIGN_DAYS.min && n <= CAMPAIGN_DAYS.max, "projects.validation.durationDays");
const amountText = z
  .string("validation.required")
  .trim()
  .min(1, "validation.required")
  .max(40, "projects.validation.amount.invalid");

const basicsShape = {
  title: line(120),
  blurb: line(200),
  category: choice(categories),
  location: line(100, false).default(""),
  goal: amountText,
  currency: choice(currencies),
  durationDays,
};
const newProjectSchema = z.object({ kind: choice(projectKinds), ...basicsShape });
const editSchema = z.object({
  ...basicsShape,
  storyMd: paragraphs(20000).default(""),
  risks: paragraphs(5000).default(""),
  team: paragraphs(5000).default(""),
});

const profileSchema = z.object({
  legalName: line(200),
  country: choice(profileCountries),
  idType: choice(idTypes),
  idNumber: z.string().max(60, "projects.profile.errors.idNumber").default(""),
  payoutHolder: line(200),
  payoutBank: line(200),
  payoutAccount: z.string().max(60, "projects.profile.errors.account").default(""),
});

const PROFILE_FIELDS = [
  "legalName",
  "country",
  "idType",
  "idNumber",
  "payoutHolder",
  "payoutBank",
  "payoutAccount",
];

const documentSchema = z.object({
  kind: choice(documentKinds),
  materialChange: z.string().optional().transform(checkbox),
});

const cancelSchema = z.object({ reason: paragraphs(2000).default("") });

function checkbox(value: unknown): boolean {
  return value === "yes" || value === "on" || value === "true";
}

type AmountResult = { ok: true; minor: number } | { ok: false; error: string };

/** parseAmount with this area's messages; zero is refused unless allowed (free shipping). */
function amountOrError(text: string, currency: Currency, allowZero = false): AmountResult {
  const parsed = parseAmount(text, currency);
  if (!parsed.ok) return { ok: false, error: `projects.validation.amount.${parsed.reason}` };
  if (parsed.minor === 0 && !allowZero) return { ok: false, error: "projects.validation.amount.zero" };
  return { ok: true, minor: parsed.minor };
}

/**
 * Parses a form with a goal amount in the chosen currency. The goal gets its own precise message
 * (zero, negative, too many decimals, too large) even when other fields have errors.
 */
function parseWithGoal<S extends z.ZodType<{ goal: string; currency: Currency }>>(
  schema: S,
  body: Record<string, unknown> | undefined,
): Parsed<Omit<z.output<S>, "goal"> & { goalMinor: number }> {
  const form = parseForm(schema, body);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const currency = form.ok ? form.data.currency : isCurrency(body?.currency) ? body.currency : "USD";
  const text = body?.goal;
  let goalMinor = 0;
  if (typeof text === "string" && text.trim() && !(errors.goal && errors.goal !== "validation.invalid")) {
    const goal = amountOrError(text, currency);
    if (goal.ok) goalMinor = goal.minor;
    else errors.goal = goal.error;
  }
  const order = ["kind", "title", "blurb", "category", "location", "goal", "currency", "durationDays"];
  if (!form.ok || Object.keys(errors).length) return { ok: false, errors: inFieldOrder(errors, order) };
  const { goal: _goal, ...rest } = form.data;
  return { ok: true, data: { ...(rest as Omit<z.output<S>, "goal">), goalMinor } };
}

/** The field's text, or "" when it is missing or not a single string. */
function text(body: Record<string, unknown> | undefined, field: string): string {
  const value = body?.[field];
  return typeof value === "string" ? value.trim() : "";
}

/** The errors in the order the fields appear on the page (so the summary reads top to bottom). */
function inFieldOrder(errors: FieldErrors, order: readonly string[]): FieldErrors {
  const rank = (k: string) => (order.indexOf(k) === -1 ? order.length : order.indexOf(k));
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

const TIER_FIELDS = [
  "title",
  "description",
  "minimum",
  "quantityLimit",
  "estimatedDelivery",
  "shipping",
  ...shippingRegions.map((r) => `fee_${r}`),
];

/**
 * Reads a tier form: amounts in the project's currency, a fee for each region that was filled in.
 * The domain's tier rules run here too on whatever could be read, so every problem is reported at
 * once; the service checks them again before saving.
 */
function parseTier(
  body: Record<string, unknown> | undefined,
  currency: Currency,
  currentMonth: string,
): Parsed<TierInput> {
  const schema = z.object({
    title: line(120),
    description: paragraphs(2000, true),
    minimum: amountText,
    quantityLimit: z.string().trim().max(12, "projects.tiers.errors.quantity").default(""),
    estimatedDelivery: z
      .string("validation.required")
      .trim()
      .min(1, "validation.required")
      .max(7, "projects.tiers.errors.month"),
  });
  const form = parseForm(schema, body);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const ships = checkbox(body?.ships);
  const shipping: TierInput["shipping"] = [];
  for (const region of shippingRegions) {
    const raw = body?.[`fee_${region}`];
    if (raw === undefined || raw === "") continue;
    if (typeof raw !== "string") {
      errors[`fee_${region}`] = "validation.invalid";
      continue;
    }
    if (!raw.trim() || !ships) continue;
    const fee = amountOrError(raw, currency, true);
    if (fee.ok) shipping.push({ region, feeMinor: fee.minor });
    else errors[`fee_${region}`] = fee.error;
  }
  let minimumMinor = 1;
  if (!errors.minimum) {
    const minimum = amountOrError(text(body, "minimum"), currency);
    if (minimum.ok) minimumMinor = minimum.minor;
    else errors.minimum = minimum.error;
  }
  let quantityLimit: number | null = null;
  const quantity = text(body, "quantityLimit");
  if (!errors.quantityLimit && quantity !== "") {
    if (/^\d{1,9}$/.test(quantity) && Number(quantity) > 0) quantityLimit = Number(quantity);
    else errors.quantityLimit = "projects.tiers.errors.quantity";
  }
  const estimatedDelivery = errors.estimatedDelivery ? currentMonth : text(body, "estimatedDelivery");
  const candidate = { minimumMinor, quantityLimit, estimatedDelivery, ships, shipping };
  for (const [field, key] of Object.entries(tierProblems(candidate, { currentMonth }))) errors[field] ??= key;
  if (!form.ok || Object.keys(errors).length) return { ok: false, errors: inFieldOrder(errors, TIER_FIELDS) };
  return { ok: true, data: { title: form.data.title, description: form.data.description, ...candidate } };
}

const EQUITY_FIELDS = [
  "companyName",
  "registrationNumber",
  "regime",
  "securityType",
  "pricePerShare",
  "minInvestment",
  "maxRaise",
  "preMoneyValuation",
  "useOfFunds",
  "allocationRule",
];

/**
 * Reads the equity terms form: amounts in the project's currency, all more than zero. When the
 * amounts and the regime could be read, the domain's rules (regime currency, caps) are reported
 * together with any other problem; the service checks them again before saving.
 */
function parseEquity(body: Record<string, unknown> | undefined, project: Project): Parsed<EquityTermsInput> {
  const schema = z.object({
    companyName: line(200),
    registrationNumber: line(100),
    securityType: choice(securityTypes),
    pricePerShare: amountText,
    minInvestment: amountText,
    maxRaise: amountText,
    preMoneyValuation: amountText,
    useOfFunds: paragraphs(5000, true),
    regime: choice(regimes),
    allocationRule: choice(allocationRules),
  });
  const form = parseForm(schema, body);
  const errors: FieldErrors = form.ok ? {} : { ...form.errors };
  const amounts: Record<string, number> = {};
  for (const field of ["pricePerShare", "minInvestment", "maxRaise", "preMoneyValuation"] as const) {
    if (errors[field]) continue;
    const result = amountOrError(text(body, field), project.currency);
    if (result.ok) amounts[field] = result.minor;
    else errors[field] = result.error;
  }
  const regime = text(body, "regime");
  if (Object.keys(amounts).length === 4 && (regimes as readonly string[]).includes(regime)) {
    const problems = equityTermsProblems(
      {
        pricePerShareMinor: amounts.pricePerShare as number,
        minInvestmentMinor: amounts.minInvestment as number,
        maxRaiseMinor: amounts.maxRaise as number,
        preMoneyValuationMinor: amounts.preMoneyValuation as number,
        regime: regime as EquityTermsInput["regime"],
      } as EquityTermsInput,
      project,
    );
    for (const [field, key] of Object.entries(problems)) errors[field] ??= key;
  }
  if (!form.ok || Object.keys(errors).length)
    return { ok: false, errors: inFieldOrder(errors, EQUITY_FIELDS) };
  return {
    ok: true,
    data: {
      companyName: form.data.companyName,
      registrationNumber: form.data.registrationNumber,
      securityType: form.data.securityType,
      pricePerShareMinor: amounts.pricePerShare as number,
      minInvestmentMinor: amounts.minInvestment as number,
      maxRaiseMinor: amounts.maxRaise as number,
      preMoneyValuationMinor: amounts.preMoneyValuation as number,
      useOfFunds: form.data.useOfFunds,
      regime: form.data.regime,
      allocationRule: form.data.allocationRule,
    },
  };
}

function tierValues(tier: RewardTier, currency: Currency): Record<string, string> {
  const values: Record<string, string> = {
    title: tier.title,
    description: tier.description,
    minimum: toMajorString(tier.minimumMinor, currency),
    quantityLimit: tier.quantityLimit === null ? "" : String(tier.quantityLimit),
    estimatedDelivery: tier.estimatedDelivery,
    ships: tier.ships ? "yes" : "",
  };
  for (const s of tier.shipping) values[`fee_${s.region}`] = toMajorString(s.feeMinor, currency);
  return values;
}

/** An example month for hints: three months from now. */
function exampleMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1));
  return d.toISOString().slice(0, 7);
}

function formatDeadline(deadline: Date, locale: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(deadline)} UTC`;
}

/** The profile's country choices with names in the reader's language, sorted by that name. */
function countryOptions(locale: string): { code: string; name: string }[] {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  const collator = new Intl.Collator(locale);
  return profileCountries
    .map((code) => ({ code, name: names.of(code) ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Runs a multer middleware and reports a refused upload as a message key and status, so the form can
 * be shown again instead of an error page. A file over the limit is cut off as soon as it passes it.
 */
function receive(
  middleware: RequestHandler,
  req: Request,
  res: Response,
  tooLargeKey: string,
): Promise<{ key: string; status: number } | undefined> {
  return new Promise((resolve) => {
    middleware(req, res, (err?: unknown) => {
      if (!err) return resolve(undefined);
      const code = (err as { code?: string }).code;
      if (code === "LIMIT_FILE_SIZE") return resolve({ key: tooLargeKey, status: 413 });
      if (code === "LIMIT_FILE_COUNT" || code === "LIMIT_UNEXPECTED_FILE")
        return resolve({ key: "projects.uploads.tooManyFiles", status: 400 });
      resolve({ key: "projects.uploads.failed", status: 400 });
    });
  });
}

/** res.sendFile as a promise; a missing file is a 404. */
function sendFile(res: Response, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    res.sendFile(path, { dotfiles: "deny" }, (err?: Error & { code?: string; status?: number }) => {
      if (!err) return resolve();
      if (res.headersSent) return resolve(); // the client went away mid-file
      if (err.code === "ENOENT" || err.status === 404) return reject(new NotFoundError());
      reject(err);
    });
  });
}
