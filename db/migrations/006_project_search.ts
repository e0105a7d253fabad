import type { Knex } from "knex";

// Full-text search over live projects. SQLite: FTS5 with the trigram tokenizer, which matches
// substrings and so works for Chinese as well as English. On PostgreSQL the same store function
// would use pg_trgm; see server/store/search.ts.
export async function up(db: Knex): Promise<void> {
  if (db.client.config.client !== "better-sqlite3") return;
  await db.raw("CREATE VIRTUAL TABLE project_search USING fts5(title, blurb, story, tokenize = 'trigram')");
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists("project_search");
}
