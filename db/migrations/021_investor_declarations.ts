import type { Knex } from "knex";

/**
 * What an investor declared for a regime (issue 5), append-only: the newest row per (user, regime) is
 * the one in force, earlier ones stay as evidence. `figures` is JSON in the regime's currency (minor
 * units); `attestation` is the exact text the investor was shown and agreed to, in `locale`, at
 * `attested_at` (electronic evidence, RULES.md).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("investor_declarations", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id");
    t.string("regime", 16).notNullable();
    t.string("currency", 3).notNullable();
    t.text("figures").notNullable(); // JSON, see server/store/investing.ts
    t.text("attestation").notNullable();
    t.string("locale", 8).notNullable();
    t.string("attested_at", 30).notNullable();
    t.check("?? in ('us_reg_cf', 'uk', 'cn_private')", ["regime"], "declarations_regime_check");
    t.index(["user_id", "regime", "id"]);
  });
  if (db.client.config.client === "better-sqlite3") {
    await db.raw(
      "CREATE TRIGGER investor_declarations_no_update BEFORE UPDATE ON investor_declarations BEGIN SELECT RAISE(ABORT, 'investor_declarations is append-only'); END",
    );
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("investor_declarations");
}
