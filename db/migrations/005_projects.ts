import type { Knex } from "knex";

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("images", (t) => {
    t.increments("id").primary();
    t.integer("owner_id").notNullable().references("users.id");
    t.string("storage_key", 64).notNullable().unique(); // random; files are <key>-<width>.webp under DATA_DIR/uploads/images
    t.string("sha256", 64).notNullable(); // of the original upload
    t.integer("width").notNullable();
    t.integer("height").notNullable();
    t.string("created_at", 30).notNullable();
  });

  await db.schema.createTable("projects", (t) => {
    t.increments("id").primary();
    t.integer("creator_id").notNullable().references("users.id");
    t.string("kind", 16).notNullable();
    t.string("state", 24).notNullable().defaultTo("draft");
    t.string("title", 120).notNullable();
    t.string("blurb", 200).notNullable().defaultTo("");
    t.text("story_md").notNullable().defaultTo("");
    t.text("story_html").notNullable().defaultTo(""); // sanitized rendering of story_md
    t.string("category", 32).notNullable();
    t.string("location", 100).notNullable().defaultTo("");
    t.integer("cover_image_id").references("images.id");
    t.bigInteger("goal_minor").notNullable(); // for equity: the target (minimum raise)
    t.string("currency", 3).notNullable();
    t.integer("duration_days").notNullable();
    t.text("risks").notNullable().defaultTo("");
    t.text("team").notNullable().defaultTo("");
    t.boolean("rewards_attested").notNullable().defaultTo(false);
    t.bigInteger("pledged_minor").notNullable().defaultTo(0); // active pledges/commitments, kept by the pledge services
    t.integer("backers_count").notNullable().defaultTo(0);
    t.boolean("staff_pick").notNullable().defaultTo(false);
    t.text("review_message"); // the latest reviewer message shown to the creator
    t.string("submitted_at", 30);
    t.string("decided_at", 30);
    t.string("launched_at", 30);
    t.string("deadline_at", 30);
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.check("?? in ('reward', 'equity')", ["kind"], "projects_kind_check");
    t.check(
      "?? in ('draft', 'submitted', 'changes_requested', 'approved', 'live', 'succeeded', 'failed', 'rejected', 'cancelled')",
      ["state"],
      "projects_state_check",
    );
    t.check("?? > 0", ["goal_minor"], "projects_goal_positive");
    t.check("?? in ('CNY', 'USD', 'GBP', 'EUR')", ["currency"], "projects_currency_check");
    t.check("?? between 1 and 60", ["duration_days"], "projects_duration_check");
    t.check("?? >= 0", ["pledged_minor"], "projects_pledged_nonnegative");
    t.check("?? >= 0", ["backers_count"], "projects_backers_nonnegative");
    t.index(["creator_id"]);
    t.index(["state", "deadline_at"]);
    t.index(["state", "launched_at"]);
    t.index(["state", "category"]);
  });

  await db.schema.createTable("reward_tiers", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.integer("position").notNullable().defaultTo(0);
    t.string("title", 120).notNullable();
    t.text("description").notNullable().defaultTo("");
    t.bigInteger("minimum_minor").notNullable();
    t.integer("quantity_limit"); // null: unlimited
    t.integer("quantity_claimed").notNullable().defaultTo(0);
    t.string("estimated_delivery", 7).notNullable(); // YYYY-MM
    t.boolean("ships").notNullable().defaultTo(false);
    t.string("created_at", 30).notNullable();
    t.check("?? > 0", ["minimum_minor"], "tiers_minimum_positive");
    t.check("?? is null or ?? > 0", ["quantity_limit", "quantity_limit"], "tiers_limit_positive");
    t.check("?? >= 0", ["quantity_claimed"], "tiers_claimed_nonnegative");
    t.check(
      "?? is null or ?? <= ??",
      ["quantity_limit", "quantity_claimed", "quantity_limit"],
      "tiers_not_oversold",
    );
    t.index(["project_id"]);
  });

  await db.schema.createTable("tier_shipping", (t) => {
    t.increments("id").primary();
    t.integer("tier_id").notNullable().references("reward_tiers.id").onDelete("CASCADE");
    t.string("region", 24).notNullable();
    t.bigInteger("fee_minor").notNullable();
    t.unique(["tier_id", "region"]);
    t.check("?? >= 0", ["fee_minor"], "shipping_fee_nonnegative");
  });

  await db.schema.createTable("equity_terms", (t) => {
    t.integer("project_id").primary().references("projects.id").onDelete("CASCADE");
    t.string("company_name", 200).notNullable();
    t.string("registration_number", 64).notNullable();
    t.string("security_type", 24).notNullable();
    t.bigInteger("price_per_share_minor").notNullable();
    t.bigInteger("min_investment_minor").notNullable();
    t.bigInteger("max_raise_minor").notNullable();
    t.bigInteger("pre_money_valuation_minor").notNullable();
    t.text("use_of_funds").notNullable();
    t.string("regime", 16).notNullable();
    t.string("allocation_rule", 16).notNullable().defaultTo("first_come");
    t.check("?? > 0", ["price_per_share_minor"], "equity_price_positive");
    t.check("?? > 0", ["min_investment_minor"], "equity_min_positive");
    t.check("?? > 0", ["max_raise_minor"], "equity_max_positive");
    t.check("?? > 0", ["pre_money_valuation_minor"], "equity_valuation_positive");
    t.check("?? in ('us_reg_cf', 'uk', 'cn_private')", ["regime"], "equity_regime_check");
    t.check("?? in ('first_come', 'pro_rata')", ["allocation_rule"], "equity_allocation_check");
    t.check(
      "?? in ('common', 'preferred', 'convertible_note', 'safe')",
      ["security_type"],
      "equity_security_check",
    );
  });

  await db.schema.createTable("project_documents", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id").onDelete("CASCADE");
    t.string("kind", 24).notNullable(); // financials | disclosure
    t.integer("version").notNullable();
    t.string("original_name", 200).notNullable();
    t.string("storage_key", 64).notNullable().unique();
    t.string("sha256", 64).notNullable();
    t.integer("size_bytes").notNullable();
    t.boolean("material_change").notNullable().defaultTo(false);
    t.integer("uploaded_by").notNullable().references("users.id");
    t.string("created_at", 30).notNullable();
    t.unique(["project_id", "kind", "version"]);
    t.check("?? in ('financials', 'disclosure')", ["kind"], "documents_kind_check");
  });

  await db.schema.createTable("creator_profiles", (t) => {
    t.integer("user_id").primary().references("users.id");
    t.string("legal_name", 200).notNullable();
    t.string("country", 2).notNullable();
    t.string("id_type", 24).notNullable();
    t.text("id_number_enc").notNullable(); // AES-256-GCM, see server/crypto/secrets.ts
    t.string("id_number_last4", 4).notNullable();
    t.string("payout_holder", 200).notNullable();
    t.string("payout_bank", 200).notNullable();
    t.text("payout_account_enc").notNullable();
    t.string("payout_account_last4", 4).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    "creator_profiles",
    "project_documents",
    "equity_terms",
    "tier_shipping",
    "reward_tiers",
    "projects",
    "images",
  ]) {
    await db.schema.dropTable(table);
  }
}
