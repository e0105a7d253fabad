import type { Db } from "./db.ts";

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
  if (!isSqlite(db)) return;
  await db.raw("DELETE FROM project_search WHERE rowid = ?", [id]);
}
