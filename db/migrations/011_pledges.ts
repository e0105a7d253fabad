import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("pledges", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("backer_id").notNullable().references("users.id");
    t.integer("tier_id").references("reward_tiers.id"); // null: no reward, just support
    t.bigInteger("amount_minor").notNullable(); // what the backer chose, shipping excluded
    t.bigInteger("shipping_minor").notNullable().defaultTo(0);
    t.bigInteger("total_minor").notNullable(); // amount + shipping: what will be charged
    t.string("currency", 3).notNullable();
    t.string("status", 16).notNullable().defaultTo("active");
    t.integer("payment_method_id").notNullable().references("payment_methods.id");
    t.string("ship_name", 200);
    t.text("ship_address");
    t.string("ship_region", 24);
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.string("cancelled_at", 30);
    t.check("?? > 0", ["amount_minor"], "pledges_amount_positive");
    t.check("?? >= 0", ["shipping_minor"], "pledges_shipping_nonnegative");
    t.check("?? = ?? + ??", ["total_minor", "amount_minor", "shipping_minor"], "pledges_total_sum");
    t.check("?? in ('active', 'cancelled')", ["status"], "pledges_status_check");
    t.index(["project_id", "status"]);
    t.index(["backer_id"]);
  });
  // One active pledge per backer per project (pledging again changes it).
  await db.raw(
    "CREATE UNIQUE INDEX pledges_one_active ON pledges (project_id, backer_id) WHERE status = 'active'",
  );

  // Every version of a pledge, for its history.
  await db.schema.createTable("pledge_events", (t) => {
    t.increments("id").primary();
    t.integer("pledge_id").notNullable().references("pledges.id");
    t.string("kind", 16).notNullable(); // created | changed | cancelled
    t.integer("tier_id");
    t.bigInteger("amount_minor").notNullable();
    t.bigInteger("shipping_minor").notNullable();
    t.bigInteger("total_minor").notNullable();
    t.integer("payment_method_id").notNullable();
    t.string("ship_region", 24);
    t.string("created_at", 30).notNullable();
    t.index(["pledge_id"]);
  });

  // A form submission's idempotency key -> the pledge it produced; a replay returns the same pledge.
  await db.schema.createTable("pledge_requests", (t) => {
    t.string("idempotency_key", 64).primary();
    t.integer("user_id").notNullable().references("users.id");
    t.integer("pledge_id").notNullable().references("pledges.id");
    t.string("created_at", 30).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("pledge_requests");
  await db.schema.dropTable("pledge_events");
  await db.schema.dropTable("pledges");
}
