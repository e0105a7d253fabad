import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("password_resets", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id").onDelete("CASCADE");
    t.string("token_hash", 64).notNullable().unique(); // sha256 of the emailed token; the token itself is never stored
    t.string("expires_at", 30).notNullable();
    t.string("used_at", 30);
    t.string("created_at", 30).notNullable();
    t.index(["user_id"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("password_resets");
}
