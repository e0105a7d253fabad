import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("audit_log", (t) => {
    t.increments("id").primary();
    t.integer("actor_id").references("users.id"); // null for the system (scheduled jobs)
    t.string("action", 64).notNullable(); // e.g. "project.approve"
    t.string("subject_type", 32).notNullable();
    t.integer("subject_id").notNullable();
    t.text("reason");
    t.text("details"); // JSON
    t.string("created_at", 30).notNullable();
    t.index(["subject_type", "subject_id"]);
    t.index(["created_at"]);
  });
  // Append-only: corrections are new entries, never edits.
  if (db.client.config.client === "better-sqlite3") {
    await db.raw(
      "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    );
    await db.raw(
      "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    );
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("audit_log");
}
