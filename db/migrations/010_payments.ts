import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  // The platform's side: which gateway customer a user is, and their saved cards (never the number).
  await db.schema.createTable("payment_customers", (t) => {
    t.integer("user_id").primary().references("users.id");
    t.string("gateway", 16).notNullable();
    t.string("customer_id", 64).notNullable();
    t.string("created_at", 30).notNullable();
  });
  await db.schema.createTable("payment_methods", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id");
    t.string("gateway", 16).notNullable();
    t.string("token", 64).notNullable().unique();
    t.string("brand", 16).notNullable();
    t.string("last4", 4).notNullable();
    t.integer("exp_month").notNullable();
    t.integer("exp_year").notNullable();
    t.string("created_at", 30).notNullable();
    t.string("removed_at", 30);
    t.index(["user_id"]);
  });

  // The built-in sandbox processor's own records, as a real processor would keep them on its side.
  await db.schema.createTable("sandbox_customers", (t) => {
    t.string("id", 64).primary();
    t.string("email", 254).notNullable();
    t.string("name", 200).notNullable();
    t.string("created_at", 30).notNullable();
  });
  await db.schema.createTable("sandbox_payment_methods", (t) => {
    t.string("token", 64).primary();
    t.string("customer_id", 64).notNullable().references("sandbox_customers.id");
    t.string("brand", 16).notNullable();
    t.string("last4", 4).notNullable();
    t.integer("exp_month").notNullable();
    t.integer("exp_year").notNullable();
    t.string("behaviour", 32).notNullable(); // what the test card does when charged later
    t.string("created_at", 30).notNullable();
  });
  await db.schema.createTable("sandbox_charges", (t) => {
    t.string("id", 64).primary();
    t.string("idempotency_key", 200).notNullable().unique();
    t.string("customer_id", 64).notNullable();
    t.string("payment_method", 64).notNullable();
    t.bigInteger("amount_minor").notNullable();
    t.string("currency", 3).notNullable();
    t.string("status", 16).notNullable(); // succeeded | failed
    t.string("failure_code", 32);
    t.bigInteger("refunded_minor").notNullable().defaultTo(0);
    t.string("description", 200);
    t.string("created_at", 30).notNullable();
    t.check("?? > 0", ["amount_minor"], "sandbox_charge_positive");
    t.check(
      "?? >= 0 and ?? <= ??",
      ["refunded_minor", "refunded_minor", "amount_minor"],
      "sandbox_refund_bounds",
    );
  });
  await db.schema.createTable("sandbox_refunds", (t) => {
    t.string("id", 64).primary();
    t.string("idempotency_key", 200).notNullable().unique();
    t.string("charge_id", 64).notNullable().references("sandbox_charges.id");
    t.bigInteger("amount_minor").notNullable();
    t.string("created_at", 30).notNullable();
    t.check("?? > 0", ["amount_minor"], "sandbox_refund_positive");
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    "sandbox_refunds",
    "sandbox_charges",
    "sandbox_payment_methods",
    "sandbox_customers",
    "payment_methods",
    "payment_customers",
  ]) {
    await db.schema.dropTable(table);
  }
}
