import type { Knex } from "knex";

/**
 * Settlement (issue 6): what happened to each campaign at its deadline, to each pledge or commitment
 * in it, and every charge attempt; plus the lease that keeps two settlers off the same campaign and
 * the outbox of settlement mail.
 */
export async function up(db: Knex): Promise<void> {
  // The settlement status of a pledge, next to it (pledges.status keeps its own CHECK: active | cancelled).
  await db.raw(
    "ALTER TABLE pledges ADD COLUMN payment_status varchar(16) NOT NULL DEFAULT 'pending' " +
      "CHECK (payment_status in ('pending', 'charged', 'payment_failed', 'dropped', 'refunded', 'released'))",
  );

  // One lease per campaign: a settler works on a campaign only while it holds the claim.
  await db.schema.createTable("settlement_claims", (t) => {
    t.integer("project_id").primary().references("projects.id");
    t.string("claimed_by", 120);
    t.string("claimed_until", 30);
    t.string("updated_at", 30).notNullable();
  });

  // One row per closed campaign.
  await db.schema.createTable("settlements", (t) => {
    t.integer("project_id").primary().references("projects.id");
    t.integer("creator_id").notNullable().references("users.id");
    t.string("kind", 16).notNullable();
    t.string("outcome", 16).notNullable();
    // charging: first pass in progress; collecting: retry window; paying_out: fees posted, transfer
    // pending; done: paid out (or the campaign failed and everyone was released).
    t.string("phase", 16).notNullable();
    t.string("currency", 3).notNullable();
    t.bigInteger("goal_minor").notNullable();
    t.bigInteger("pledged_minor").notNullable();
    t.bigInteger("counted_minor").notNullable();
    t.integer("retry_window_days").notNullable();
    t.string("closed_at", 30).notNullable();
    t.string("first_pass_at", 30);
    t.string("payout_due_at", 30).notNullable();
    t.string("fee_schedule_version", 32);
    t.bigInteger("collected_minor");
    t.bigInteger("platform_fee_minor");
    t.bigInteger("platform_fee_waived_minor");
    t.bigInteger("processing_fee_minor");
    t.bigInteger("payout_minor");
    t.string("fees_at", 30);
    t.string("transfer_key", 64);
    t.string("transfer_id", 64);
    t.string("paid_out_at", 30);
    t.string("payout_problem", 64); // e.g. no_payout_account
    t.string("updated_at", 30).notNullable();
    t.check("?? in ('reward', 'equity')", ["kind"], "settlements_kind_check");
    t.check("?? in ('succeeded', 'failed')", ["outcome"], "settlements_outcome_check");
    t.check("?? in ('charging', 'collecting', 'paying_out', 'done')", ["phase"], "settlements_phase_check");
    t.check("?? >= 0", ["pledged_minor"], "settlements_pledged_nonnegative");
    t.check("?? is null or ?? >= 0", ["payout_minor", "payout_minor"], "settlements_payout_nonnegative");
    t.index(["phase"]);
  });

  // Each pledge (or equity commitment) of a closed campaign: what is charged and where it stands.
  await db.schema.createTable("settlement_items", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.string("kind", 16).notNullable(); // pledge | commitment
    t.integer("backing_id").notNullable(); // pledges.id or commitments.id
    t.integer("user_id").notNullable().references("users.id");
    t.integer("payment_method_id").references("payment_methods.id");
    t.string("currency", 3).notNullable();
    t.bigInteger("pledged_minor").notNullable();
    t.bigInteger("amount_minor").notNullable(); // what is charged (0: nothing, e.g. no shares allocated)
    t.integer("requested_shares");
    t.integer("allocated_shares");
    t.string("status", 16).notNullable();
    t.integer("attempts").notNullable().defaultTo(0); // every attempt, for the next attempt number
    t.integer("scheduled_attempts").notNullable().defaultTo(0); // the deadline's and the automatic retries
    t.string("first_failed_at", 30);
    t.string("next_retry_at", 30);
    t.string("failure_code", 32);
    t.string("charged_at", 30);
    t.string("charge_id", 64);
    t.bigInteger("platform_fee_minor"); // this charge's share, set at payout
    t.bigInteger("processing_fee_minor");
    t.text("refund_reason");
    t.integer("refund_requested_by").references("users.id");
    t.string("refund_requested_at", 30);
    t.string("refunded_at", 30);
    t.string("refund_id", 64);
    t.string("dropped_at", 30);
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.unique(["kind", "backing_id"]);
    // Few indexes on purpose: every status change of 100,000 items updates each of them.
    t.check("?? in ('pledge', 'commitment')", ["kind"], "settlement_items_kind_check");
    t.check(
      "?? in ('pending', 'charged', 'payment_failed', 'dropped', 'released', 'refunded')",
      ["status"],
      "settlement_items_status_check",
    );
    t.check(
      "?? >= 0 and ?? <= ??",
      ["amount_minor", "amount_minor", "pledged_minor"],
      "settlement_items_amount",
    );
    t.index(["project_id", "status"]);
  });
  // Retries due: only failed items are in this index.
  await db.raw(
    "CREATE INDEX settlement_items_retries ON settlement_items (project_id, next_retry_at) WHERE status = 'payment_failed'",
  );

  // Every charge attempt, written BEFORE the gateway is called and completed after it answers.
  await db.schema.createTable("charge_attempts", (t) => {
    t.increments("id").primary();
    t.integer("item_id").notNullable().references("settlement_items.id");
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("attempt").notNullable();
    t.string("idempotency_key", 80).notNullable().unique();
    t.bigInteger("amount_minor").notNullable();
    t.string("currency", 3).notNullable();
    t.string("trigger", 16).notNullable(); // deadline | retry | backer
    t.string("status", 16).notNullable(); // started | succeeded | failed
    t.string("gateway_charge_id", 64);
    t.string("failure_code", 32);
    t.string("started_at", 30).notNullable();
    t.string("completed_at", 30);
    // (item_id, attempt) is unique through the key, which encodes both.
    t.check("?? > 0", ["amount_minor"], "charge_attempts_amount_positive");
    t.check("?? in ('deadline', 'retry', 'backer')", ["trigger"], "charge_attempts_trigger_check");
    t.check("?? in ('started', 'succeeded', 'failed')", ["status"], "charge_attempts_status_check");
  });
  // Attempts in flight, by campaign: only started attempts are in this index.
  await db.raw(
    "CREATE INDEX charge_attempts_in_flight ON charge_attempts (project_id) WHERE status = 'started'",
  );
  // At most one attempt in flight per pledge: the deadline job, a retry and the backer's "retry now"
  // cannot charge the same pledge at the same time.
  await db.raw(
    "CREATE UNIQUE INDEX charge_attempts_one_open ON charge_attempts (item_id) WHERE status = 'started'",
  );

  // Settlement mail, written in the transaction of the state change it announces and sent after it.
  await db.schema.createTable("settlement_mail", (t) => {
    t.increments("id").primary();
    t.string("key", 120).notNullable().unique();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("user_id").notNullable().references("users.id");
    t.string("kind", 32).notNullable();
    t.integer("item_id").references("settlement_items.id");
    t.string("created_at", 30).notNullable();
    t.string("sent_at", 30);
    t.index(["sent_at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("settlement_mail");
  await db.schema.dropTable("charge_attempts");
  await db.schema.dropTable("settlement_items");
  await db.schema.dropTable("settlements");
  await db.schema.dropTable("settlement_claims");
  await db.raw("ALTER TABLE pledges DROP COLUMN payment_status");
}
