import type { Knex } from "knex";

// "Report this project" and suspension. The two project columns are added in place (ALTER TABLE ADD
// COLUMN): no table rebuild, the existing rows simply read NULL (not suspended).
export async function up(db: Knex): Promise<void> {
  await db.raw("ALTER TABLE projects ADD COLUMN suspended_at varchar(30)");
  await db.raw("ALTER TABLE projects ADD COLUMN suspension_reason text");

  await db.schema.createTable("project_reports", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("reporter_id").notNullable().references("users.id");
    t.string("reason", 24).notNullable();
    t.text("details").notNullable();
    t.string("status", 16).notNullable().defaultTo("open");
    t.integer("resolved_by").references("users.id");
    t.string("resolved_at", 30);
    t.text("resolution_note");
    t.string("created_at", 30).notNullable();
    t.check(
      "?? in ('fraud', 'prohibited', 'intellectual_property', 'other')",
      ["reason"],
      "reports_reason_check",
    );
    t.check("?? in ('open', 'dismissed', 'actioned')", ["status"], "reports_status_check");
    t.index(["status", "created_at"]);
    t.index(["project_id"]);
  });
  // One open report per person per project: a second one adds nothing to the queue.
  await db.raw(
    "CREATE UNIQUE INDEX project_reports_one_open ON project_reports (project_id, reporter_id) WHERE status = 'open'",
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("project_reports");
  await db.raw("ALTER TABLE projects DROP COLUMN suspension_reason");
  await db.raw("ALTER TABLE projects DROP COLUMN suspended_at");
}
