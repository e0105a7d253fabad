import type { Knex } from "knex";

/**
 * Real-name verification of investors (issue 5). One row per user once they submit their profile;
 * no row = status "none". The ID number is sealed (AES-256-GCM, server/crypto/secrets.ts); the ID
 * document is a file under DATA_DIR/identity (outside public/), named by a random key.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("investor_identities", (t) => {
    t.integer("user_id").primary().references("users.id");
    t.string("status", 16).notNullable(); // pending | verified | rejected
    t.string("legal_name", 200).notNullable();
    t.string("date_of_birth", 10).notNullable(); // YYYY-MM-DD
    t.string("country", 2).notNullable(); // of residence, ISO 3166-1 alpha-2
    t.string("nationality", 2).notNullable();
    t.string("id_type", 24).notNullable();
    t.text("id_number_enc").notNullable();
    t.string("id_number_last4", 4).notNullable();
    t.text("address").notNullable();
    t.string("document_key", 64).notNullable(); // random; see IdentityService for the file layout
    t.string("document_type", 8).notNullable(); // image | pdf
    t.string("document_sha256", 64).notNullable();
    t.string("document_name", 200).notNullable();
    t.string("submitted_at", 30).notNullable(); // the latest submission: the queue's order
    t.string("reviewed_at", 30);
    t.integer("reviewed_by").references("users.id");
    t.text("rejection_reason");
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.check("?? in ('pending', 'verified', 'rejected')", ["status"], "identities_status_check");
    t.check("?? in ('image', 'pdf')", ["document_type"], "identities_document_type_check");
    t.check(
      "?? <> 'rejected' or ?? is not null",
      ["status", "rejection_reason"],
      "identities_rejection_has_reason",
    );
    t.index(["status", "submitted_at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("investor_identities");
}
