import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("users", (t) => {
    t.increments("id").primary();
    t.string("email", 254).notNullable().unique(); // stored lower-cased
    t.string("name", 100).notNullable();
    t.string("password_hash", 255).notNullable();
    t.string("role", 16).notNullable().defaultTo("user");
    t.string("status", 16).notNullable().defaultTo("active");
    t.string("locale", 8).notNullable().defaultTo("en");
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.check("?? in ('user', 'admin')", ["role"], "users_role_check");
    t.check("?? in ('active', 'suspended')", ["status"], "users_status_check");
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("users");
}
