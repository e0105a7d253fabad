import type { Knex } from "knex";

/**
 * Questions and answers on a project page: a signed-in user asks, the creator answers (one answer
 * per question, which the creator may rewrite), admins hide a question or an answer that breaks the
 * rules. Anyone signed in can report either; a report is resolved when an admin hides or dismisses.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("project_questions", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("asker_id").notNullable().references("users.id");
    t.text("body").notNullable(); // plain text, escaped when shown
    t.string("created_at", 30).notNullable();
    t.text("answer_md");
    t.text("answer_html"); // sanitized rendering of answer_md
    t.integer("answered_by").references("users.id");
    t.string("answered_at", 30);
    t.string("hidden_at", 30);
    t.integer("hidden_by").references("users.id");
    t.text("hidden_reason");
    t.string("answer_hidden_at", 30);
    t.integer("answer_hidden_by").references("users.id");
    t.text("answer_hidden_reason");
    t.index(["project_id", "created_at"]);
  });

  await db.schema.createTable("qa_reports", (t) => {
    t.increments("id").primary();
    t.integer("question_id").notNullable().references("project_questions.id");
    t.string("target", 16).notNullable(); // question | answer
    t.integer("reporter_id").notNullable().references("users.id");
    t.string("reason", 24).notNullable();
    t.text("note").notNullable().defaultTo("");
    t.string("created_at", 30).notNullable();
    t.string("resolved_at", 30);
    t.integer("resolved_by").references("users.id");
    t.string("resolution", 16); // hidden | dismissed
    t.check("?? in ('question', 'answer')", ["target"], "qa_reports_target_check");
    t.check(
      "?? in ('spam', 'abuse', 'off_topic', 'misleading', 'other')",
      ["reason"],
      "qa_reports_reason_check",
    );
    t.check(
      "?? is null or ?? in ('hidden', 'dismissed')",
      ["resolution", "resolution"],
      "qa_reports_resolution_check",
    );
    t.unique(["question_id", "target", "reporter_id"]);
    t.index(["resolved_at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("qa_reports");
  await db.schema.dropTable("project_questions");
}
