import type { Db } from "./db.ts";
import { withoutRestricted } from "./discovery.ts";

/**
 * The search index of public projects. The only place that knows the dialect's full-text feature:
 * SQLite uses the FTS5 table project_search (trigram tokenizer) from migration 006.
 */
function isSqlite(db: Db): boolean {
  return db.client.config.client === "better-sqlite3";
}

/** Puts a project's searchable text into the index (call when it goes public). */
export async function indexProject(
  db: Db,
  p: { id: number; title: string; blurb: string; storyMd: string },
): Promise<void> {
  indexGeneration += 1;
  if (!isSqlite(db)) return;
  await db.raw("DELETE FROM project_search WHERE rowid = ?", [p.id]);
  await db.raw("INSERT INTO project_search (rowid, title, blurb, story) VALUES (?, ?, ?, ?)", [
    p.id,
    p.title,
    p.blurb,
    p.storyMd,
  ]);
}

/** Takes a project out of the index (cancelled, suspended). */
export async function unindexProject(db: Db, id: number): Promise<void> {
  indexGeneration += 1;
  if (!isSqlite(db)) return;
  await db.raw("DELETE FROM project_search WHERE rowid = ?", [id]);
}

// Searching -----------------------------------------------------------------------------------

/** States whose projects the public may find (the same as isPublic in domain/project-lifecycle). */
export const searchableStates = ["live", "succeeded", "failed"] as const;

/** The trigram tokenizer cannot match fewer than three characters; shorter terms use LIKE instead. */
export const TRIGRAM_MIN = 3;
const MAX_QUERY_CHARS = 200;
const MAX_TERMS = 8;

export interface SearchTerms {
  /** Terms of three characters or more, for the full-text index. */
  fts: string[];
  /** Shorter terms (two-character Chinese words like 咖啡 are common), for a LIKE scan. */
  like: string[];
}

/**
 * Splits what a visitor typed into terms. Full-width characters typed with an IME are folded
 * (NFKC); whitespace, quotes and common Chinese/English punctuation separate terms; the input is
 * cut to 200 characters and 8 terms, so a 10,000-character query costs no more than a short one.
 */
export function searchTerms(query: string): SearchTerms {
  const text = [...query.normalize("NFKC")].slice(0, MAX_QUERY_CHARS).join("");
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of text.split(/[\s"“”‘’，。、；：！？,;!?()（）[\]{}<>《》「」]+/u)) {
    // Lone control characters and the like carry nothing searchable.
    const term = raw.replace(/\p{C}/gu, "");
    const key = term.toLowerCase();
    if (!term || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  const fts: string[] = [];
  const like: string[] = [];
  for (const term of terms) ([...term].length >= TRIGRAM_MIN ? fts : like).push(term);
  return { fts, like };
}

/**
 * An FTS5 query that matches every term literally: each term is a quoted string (a quote inside is
 * doubled), so operators typed by a visitor (AND, OR, NOT, NEAR, *, ^, column filters) are just text.
 */
export function ftsMatchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(" ");
}

/** A LIKE pattern that finds the term anywhere, with LIKE's own wildcards escaped (ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface SearchPage {
  /** Project ids, best match first. */
  ids: number[];
  total: number;
}

/**
 * Public projects whose title, blurb or story contain every term. SQLite: terms of three characters
 * or more through the FTS5 trigram index ranked by bm25 (title weighs most); shorter terms filter
 * with an escaped LIKE. Other dialects: LIKE for every term (PostgreSQL would use pg_trgm here).
 */
export async function searchProjects(
  db: Db,
  query: string,
  page: { limit: number; offset: number; hideRestricted: boolean },
): Promise<SearchPage> {
  const terms = searchTerms(query);
  // Which projects match changes only when the index does; a cached page is keyed by the index
  // generation read BEFORE the query runs, so a result is never kept past a change it could miss.
  const key = JSON.stringify([terms.fts, terms.like, page.limit, page.offset, page.hideRestricted]);
  const generation = indexGeneration;
  let resultCache = resultCaches.get(db.client);
  if (!resultCache) {
    resultCache = new Map();
    resultCaches.set(db.client, resultCache);
  }
  const hit = resultCache.get(key);
  if (hit && hit.generation === generation && performance.now() - hit.at < RESULT_TTL_MS) return hit.page;
  const found = await runSearch(db, terms, page);
  resultCache.delete(key);
  resultCache.set(key, { generation, at: performance.now(), page: found });
  if (resultCache.size > RESULT_CACHE_SIZE) resultCache.delete(resultCache.keys().next().value as string);
  return found;
}

/**
 * Recent result pages (ids and total, never the figures on the cards, which are read fresh).
 * Invalidated by any indexProject/unindexProject in this process (the app is one process on one
 * SQLite file); the TTL bounds how stale the backer-count tie-break can be.
 */
let indexGeneration = 0;
const RESULT_TTL_MS = 60_000;
const RESULT_CACHE_SIZE = 500;
/** One cache per database (tests open many). */
const resultCaches = new WeakMap<object, Map<string, { generation: number; at: number; page: SearchPage }>>();

async function runSearch(
  db: Db,
  terms: SearchTerms,
  page: { limit: number; offset: number; hideRestricted: boolean },
): Promise<SearchPage> {
  if (!isSqlite(db)) {
    terms.like.push(...terms.fts);
    terms.fts = [];
  }
  if (terms.fts.length === 0 && terms.like.length === 0) return { ids: [], total: 0 };

  const base = () => {
    const q = db("projects").whereIn("projects.state", searchableStates).whereNull("projects.suspended_at");
    if (page.hideRestricted) withoutRestricted(q);
    if (terms.fts.length) {
      q.join("project_search", "project_search.rowid", "projects.id").whereRaw("project_search MATCH ?", [
        ftsMatchExpression(terms.fts),
      ]);
    }
    for (const term of terms.like) {
      const pattern = likePattern(term);
      q.where((w) =>
        w
          .whereRaw("projects.title LIKE ? ESCAPE '\\'", [pattern])
          .orWhereRaw("projects.blurb LIKE ? ESCAPE '\\'", [pattern])
          .orWhereRaw("projects.story_md LIKE ? ESCAPE '\\'", [pattern]),
      );
    }
    return q;
  };

  const rows = base().select("projects.id");
  if (terms.fts.length) {
    // bm25() cannot share a query with a window function; counting FTS matches is cheap anyway.
    rows.orderByRaw("bm25(project_search, 10.0, 4.0, 1.0)");
  } else {
    // A LIKE scan reads every story: the total comes with the page (a window count), so it runs once.
    rows.select(db.raw("count(*) over () as total"));
    rows.orderByRaw("projects.title LIKE ? ESCAPE '\\' DESC", [likePattern(terms.like[0] ?? "")]);
  }
  rows.orderBy("projects.backers_count", "desc").orderBy("projects.id", "desc");
  rows.limit(page.limit).offset(page.offset);
  const found = (await rows) as { id: number; total?: number }[];
  const total =
    found[0]?.total !== undefined
      ? Number(found[0].total)
      : Number((await base().count({ n: "*" }).first())?.n ?? 0);
  return { ids: found.map((r) => r.id), total };
}
