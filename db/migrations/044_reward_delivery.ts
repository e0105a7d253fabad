import type { Knex } from "knex";

/**
 * After funding: the creator's delivery status per reward tier (a tier without a row has not
 * started), and the reminders sent to creators who are overdue with an update, one per overdue
 * period (a period is identified by the instant it began, so a reminder is never sent twice).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("tier_delivery", (t) => {
    t.integer("tier_id").primary().references("reward_tiers.id").onDelete("CASCADE");
    t.string("status", 24).notNullable();
    t.integer("updated_by").notNullable().references("users.id");
    t.string("updated_at", 30).notNullable();
    t.check(
      "?? in ('not_started', 'in_production', 'shipping', 'delivered')",
      ["status"],
      "tier_delivery_status_check",
    );
  });

  await db.schema.createTable("update_reminders", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.string("overdue_since", 30).notNullable();
    t.string("sent_at", 30).notNullable();
    t.unique(["project_id", "overdue_since"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("update_reminders");
  await db.schema.dropTable("tier_delivery");
}
