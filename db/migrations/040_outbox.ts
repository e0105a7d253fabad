import type { Knex } from "knex";

/**
 * Outgoing mail. Every message is stored here first (in the transaction of what caused it, when
 * there is one) and delivered by the outbox job, so a mail server that is down delays mail but
 * loses none. status: queued (waiting for its next attempt), sent, failed (given up: a permanent
 * refusal or too many attempts; an admin can queue it again).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("outbox", (t) => {
    t.increments("id").primary();
    t.string("recipient", 320).notNullable();
    t.text("subject").notNullable();
    t.text("text").notNullable();
    t.integer("user_id").references("users.id");
    t.string("kind", 48);
    t.string("status", 16).notNullable().defaultTo("queued");
    t.integer("attempts").notNullable().defaultTo(0);
    t.string("next_attempt_at", 30).notNullable();
    t.text("last_error");
    t.string("created_at", 30).notNullable();
    t.string("sent_at", 30);
    t.check("?? in ('queued', 'sent', 'failed')", ["status"], "outbox_status_check");
    t.check("?? >= 0", ["attempts"], "outbox_attempts_nonnegative");
    t.index(["status", "next_attempt_at"]);
    t.index(["user_id"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("outbox");
}
