import { type Request, Router } from "express";
import type { AppDeps } from "../app.ts";
import type { TimeLeft } from "../domain/discovery.ts";
import { parsePage } from "../domain/discovery.ts";
import { type Category, categories, type ProjectKind, projectKinds } from "../domain/project-rules.ts";
import { NotFoundError } from "../errors.ts";
import type { Locale } from "../i18n/index.ts";
import { DiscoveryService, type Viewer } from "../services/discovery.ts";
import type { Db } from "../store/db.ts";
import { type DiscoverSort, discoverSorts } from "../store/discovery.ts";
import { isIdentityVerified } from "../store/identity.ts";
import { projectSections } from "./comms.ts";
import { fastTranslator } from "./discover-view.ts";
import { formatMonth } from "./format.ts";
import { renderPage } from "./render.ts";

/**
 * The public side of campaigns. Mounted last, after the creator routes (which own /projects/new,
 * /projects/:id/documents/:docId and /media/images/…) and /admin.
 *
 *   GET /                  — home: hero, sections of live projects, how it works
 *   GET /discover          — live projects; ?kind=reward|equity &category=<slug> &sort=<order> &page=<n>
 *   GET /categories/:slug  — live projects of one category (unknown slug → 404); ?kind &sort &page
 *   GET /search            — ?q=<words> over title, blurb and story of public projects; ?page
 *   GET /projects/:id      — the project page (before launch: its creator and admins only, with a banner)
 */
export function discoverRoutes(deps: AppDeps): Router {
  const discovery = new DiscoveryService({ db: deps.db, clock: deps.clock });
  const sectionsOf = projectSections(deps);
  const router = Router();

  /** GET / — the home page. */
  router.get("/", async (req, res) => {
    const sections = await discovery.home(await viewerOf(req, deps.db));
    await renderPage(res, "home/index", { title: req.t("home.title"), sections, ...helpers(req) });
  });

  /** GET /discover — every live project, filtered and sorted, 12 a page. */
  router.get("/discover", async (req, res) => {
    const filters = listFilters(req);
    const list = await discovery.browse(await viewerOf(req, deps.db), filters);
    await renderPage(res, "discover/browse", {
      title: req.t("discover.browse.title"),
      filters,
      list,
      action: "/discover",
      category: undefined,
      ...helpers(req),
    });
  });

  /** GET /categories/:slug — live projects of one category. */
  router.get("/categories/:slug", async (req, res) => {
    const category = oneOf(categories, req.params.slug);
    if (!category) throw new NotFoundError();
    const filters = { ...listFilters(req), category };
    const list = await discovery.browse(await viewerOf(req, deps.db), filters);
    await renderPage(res, "discover/browse", {
      title: req.t(`projects.categories.${category}`),
      filters,
      list,
      action: `/categories/${category}`,
      category,
      ...helpers(req),
    });
  });

  /** GET /search — full-text search of public projects (English and Chinese). */
  router.get("/search", async (req, res) => {
    // Only the first 200 characters count (searchTerms cuts there too), so a huge query stays cheap.
    const q = [...first(req.query.q)].slice(0, 200).join("").trim();
    const list = await discovery.search(await viewerOf(req, deps.db), q, parsePage(req.query.page));
    await renderPage(res, "discover/search", {
      title: q ? req.t("discover.search.titleFor", { q: q.slice(0, 80) }) : req.t("discover.search.title"),
      q,
      list,
      ...helpers(req),
    });
  });

  /** GET /projects/:id — the project page. */
  router.get("/projects/:id", async (req, res, next) => {
    // Not a project id ("new", …): another route's, or nobody's (404).
    if (!/^\d{1,12}$/.test(req.params.id)) return next();
    const id = Number(req.params.id);
    const viewer = await viewerOf(req, deps.db);
    const page = await discovery.projectPage(viewer, id);
    const comms = page.restricted ? undefined : await sectionsOf(viewer, page.project, req.query);
    await renderPage(res, "projects/show", { title: page.project.title, page, comms, ...helpers(req) });
  });

  return router;
}

/** The viewer, with whether their identity is verified (restricted offerings, issue 5). */
async function viewerOf(req: Request, db: Db): Promise<Viewer> {
  if (!req.user) return undefined;
  return {
    id: req.user.id,
    role: req.user.role,
    identityVerified: await isIdentityVerified(db, req.user.id),
  };
}

/** The first value of a query parameter (a repeated one arrives as an array), or "". */
function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" ? v : "";
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  const v = first(value);
  return (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** Filters of a list page; anything unknown is ignored (the default applies), never an error. */
function listFilters(req: Request): {
  sort: DiscoverSort;
  kind?: ProjectKind;
  category?: Category;
  page: number;
} {
  return {
    sort: oneOf(discoverSorts, req.query.sort) ?? "popular",
    kind: oneOf(projectKinds, req.query.kind),
    category: oneOf(categories, req.query.category),
    page: parsePage(req.query.page),
  };
}

/** Helpers the public views share (the translator replaces the slower default of viewLocals). */
function helpers(req: Request) {
  const locale: Locale = req.locale;
  const t = fastTranslator(locale, req.t);
  return {
    t,
    monthLabel: (ym: string) => formatMonth(ym, locale),
    categoryList: categories,
    sortList: discoverSorts,
    timeLeftText: (tl: TimeLeft): string =>
      tl.unit === "ended" || tl.unit === "none"
        ? t(`discover.timeLeft.${tl.unit}`)
        : t(`discover.timeLeft.${tl.unit}`, { count: tl.count }),
    /** The query string of a list page with one parameter changed (for pagination links). */
    withQuery: (
      base: Record<string, string | number | undefined>,
      change: Record<string, string | number>,
    ) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...base, ...change })) {
        if (v !== undefined && v !== "" && !(k === "page" && v === 1)) params.set(k, String(v));
      }
      const text = params.toString();
      return text ? `?${text}` : "";
    },
  };
}
