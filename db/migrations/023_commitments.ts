import type { Knex } from "knex";

/**
 * Equity commitments (issue 5). No money moves at commitment; settlement (issue 6) charges the saved
 * card and adds its own columns with ALTER TABLE ADD COLUMN. `created_at` is the commitment's place
 * in line (first-come allocation). The status CHECK already admits settlement's outcomes
 * (settled, failed: the statuses of server/domain/investing/types.ts) so that issue needs no rebuild.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("commitments", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("investor_id").notNullable().references("users.id");
    t.bigInteger("shares").notNullable();
    t.bigInteger("price_per_share_minor").notNullable();
    t.bigInteger("amount_minor").notNullable(); // shares × price: what settlement will charge
    t.string("currency", 3).notNullable();
    t.string("status", 24).notNullable().defaultTo("active");
    t.integer("payment_method_id").notNullable().references("payment_methods.id");
    t.string("idempotency", 64).notNullable().unique(); // the form's key: a replay finds this row
    t.string("regime", 16).notNullable(); // the offering's regime when committed
    t.string("rule_version", 40); // the domain rule version applied (e.g. us-reg-cf-2022)
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.string("cancelled_at", 30);
    t.string("cancel_reason", 24); // investor | not_reconfirmed | offering_cancelled
    t.string("reconfirm_by", 30); // set while awaiting_reconfirmation
    t.check("?? > 0", ["shares"], "commitments_shares_positive");
    t.check("?? > 0", ["price_per_share_minor"], "commitments_price_positive");
    t.check(
      "?? = ?? * ??",
      ["amount_minor", "shares", "price_per_share_minor"],
      "commitments_amount_is_shares_times_price",
    );
    t.check(
      "?? in ('active', 'awaiting_reconfirmation', 'settled', 'cancelled', 'failed')",
      ["status"],
      "commitments_status_check",
    );
    t.check(
      "?? <> 'awaiting_reconfirmation' or ?? is not null",
      ["status", "reconfirm_by"],
      "commitments_reconfirm_by_set",
    );
    t.check(
      "?? <> 'cancelled' or ?? is not null",
      ["status", "cancelled_at"],
      "commitments_cancelled_at_set",
    );
    t.index(["project_id", "status"]);
    t.index(["investor_id", "status"]);
    t.index(["status", "reconfirm_by"]);
  });
  // One standing commitment per investor per offering: a second tab cannot add a second row.
  await db.raw(
    "CREATE UNIQUE INDEX commitments_one_standing ON commitments (project_id, investor_id) WHERE status IN ('active', 'awaiting_reconfirmation')",
  );

  // Every step of a commitment, for its history.
  await db.schema.createTable("commitment_events", (t) => {
    t.increments("id").primary();
    t.integer("commitment_id").notNullable().references("commitments.id");
    t.string("kind", 32).notNullable(); // created | reconfirmation_required | reconfirmed | cancelled | expired
    t.string("status", 24).notNullable(); // the status after the event
    t.integer("actor_id").references("users.id"); // null: the platform (a job)
    t.integer("document_id").references("project_documents.id"); // the material change, if any
    t.string("reconfirm_by", 30);
    t.string("created_at", 30).notNullable();
    t.index(["commitment_id"]);
  });

  // What the investor acknowledged, and when: each disclosure document by id and SHA-256, and the
  // risk warnings in the language they read them.
  await db.schema.createTable("commitment_acknowledgements", (t) => {
    t.increments("id").primary();
    t.integer("commitment_id").notNullable().references("commitments.id");
    t.integer("event_id").notNullable().references("commitment_events.id");
    t.string("kind", 16).notNullable(); // document | risk_warning
    t.integer("document_id").references("project_documents.id");
    t.string("document_sha256", 64);
    t.string("text_key", 80); // risk_warning: the catalog key of the text shown
    t.string("locale", 8).notNullable();
    t.string("acknowledged_at", 30).notNullable();
    t.check("?? in ('document', 'risk_warning')", ["kind"], "acknowledgements_kind_check");
    t.check(
      "?? <> 'document' or (?? is not null and ?? is not null)",
      ["kind", "document_id", "document_sha256"],
      "acknowledgements_document_identified",
    );
    t.index(["commitment_id"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("commitment_acknowledgements");
  await db.schema.dropTable("commitment_events");
  await db.schema.dropTable("commitments");
}
