import type { Knex } from "knex";

/**
 * In-app notifications (one row per event per user; the header shows the unread count, read with
 * the (user_id, read_at) index) and the emails each user chose not to get (optional kinds only).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("notifications", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id");
    t.string("kind", 48).notNullable();
    t.text("params").notNullable().defaultTo("{}"); // JSON; dates and amounts typed, formatted per reader
    t.string("link", 500); // a path on this site
    t.string("read_at", 30);
    t.string("created_at", 30).notNullable();
    t.index(["user_id", "read_at"]);
    t.index(["user_id", "id"]);
  });

  await db.schema.createTable("notification_opt_outs", (t) => {
    t.integer("user_id").notNullable().references("users.id");
    t.string("kind", 48).notNullable();
    t.string("created_at", 30).notNullable();
    t.primary(["user_id", "kind"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("notification_opt_outs");
  await db.schema.dropTable("notifications");
}
