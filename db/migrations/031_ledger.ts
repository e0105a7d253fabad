import type { Knex } from "knex";

/**
 * The settlement journal: double-entry postings (see server/domain/settlement/ledger.ts for the chart
 * of accounts). Append-only: a correction is a new entry, never an edit.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("journal_entries", (t) => {
    t.increments("id").primary();
    t.string("key", 120).notNullable().unique(); // the domain's deterministic key, e.g. charge:pledge-12
    t.string("kind", 24).notNullable();
    t.integer("project_id").notNullable().references("projects.id");
    t.string("currency", 3).notNullable();
    t.string("external_ref", 64); // the gateway's charge, refund or transfer id
    t.string("created_at", 30).notNullable();
    t.check(
      "?? in ('charge', 'refund', 'fees', 'payout', 'transfer', 'refund_after_payout')",
      ["kind"],
      "journal_entries_kind_check",
    );
    t.index(["project_id"]);
  });
  await db.schema.createTable("postings", (t) => {
    t.increments("id").primary();
    t.integer("entry_id").notNullable().references("journal_entries.id");
    t.string("account", 80).notNullable();
    t.string("currency", 3).notNullable();
    t.bigInteger("debit_minor").notNullable().defaultTo(0);
    t.bigInteger("credit_minor").notNullable().defaultTo(0);
    t.check("?? >= 0 and ?? >= 0", ["debit_minor", "credit_minor"], "postings_nonnegative");
    t.check(
      "(?? > 0 and ?? = 0) or (?? = 0 and ?? > 0)",
      ["debit_minor", "credit_minor", "debit_minor", "credit_minor"],
      "postings_one_side",
    );
    t.index(["entry_id"]);
  });
  if (db.client.config.client === "better-sqlite3") {
    for (const table of ["journal_entries", "postings"]) {
      await db.raw(
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      );
      await db.raw(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
      );
    }
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("postings");
  await db.schema.dropTable("journal_entries");
}
