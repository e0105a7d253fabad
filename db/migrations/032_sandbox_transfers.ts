import type { Knex } from "knex";

/** The sandbox processor's record of payouts to creators' bank accounts (its side, like its charges). */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("sandbox_transfers", (t) => {
    t.string("id", 64).primary();
    t.string("idempotency_key", 200).notNullable().unique();
    t.string("holder", 200).notNullable();
    t.string("bank", 200).notNullable();
    t.string("account_last4", 4).notNullable();
    t.bigInteger("amount_minor").notNullable();
    t.string("currency", 3).notNullable();
    t.string("description", 200);
    t.string("created_at", 30).notNullable();
    t.check("?? > 0", ["amount_minor"], "sandbox_transfer_positive");
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("sandbox_transfers");
}
