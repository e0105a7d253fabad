import type { Knex } from "knex";

/**
 * UK (COBS 4.12A): appropriateness test attempts, and the start of the 24-hour cooling-off for an
 * investor new to the platform (recorded once, when they first open an offering's invest page).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("appropriateness_attempts", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id");
    t.text("answers").notNullable(); // JSON {questionId: optionId}
    t.integer("correct").notNullable();
    t.integer("total").notNullable();
    t.boolean("passed").notNullable();
    t.string("locale", 8).notNullable();
    t.string("created_at", 30).notNullable();
    t.index(["user_id", "id"]);
  });
  await db.schema.createTable("cooling_off_starts", (t) => {
    t.integer("user_id").primary().references("users.id");
    t.boolean("new_to_platform").notNullable();
    t.integer("project_id").notNullable().references("projects.id"); // the offering first opened
    t.string("started_at", 30).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("cooling_off_starts");
  await db.schema.dropTable("appropriateness_attempts");
}
