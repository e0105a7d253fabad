import type { Knex } from "knex";

// Support tickets: a user's request, the conversation with the support team (internal notes are
// admin-only), attachments (files live under DATA_DIR/uploads, outside public/), and the user's
// rating once resolved. Nothing here is ever deleted: complaints keep their full history as evidence.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("support_tickets", (t) => {
    t.increments("id").primary();
    t.integer("user_id").notNullable().references("users.id");
    t.string("category", 24).notNullable();
    t.string("subject", 150).notNullable();
    t.string("state", 24).notNullable().defaultTo("open");
    t.integer("pledge_id").references("pledges.id");
    t.integer("project_id").references("projects.id");
    t.integer("assigned_to").references("users.id");
    t.string("first_response_at", 30); // the first reply of an admin the user can see
    t.string("resolved_at", 30);
    t.integer("rating");
    t.text("rating_comment");
    t.string("rated_at", 30);
    t.string("last_message_at", 30).notNullable();
    t.string("created_at", 30).notNullable();
    t.string("updated_at", 30).notNullable();
    t.check("?? in ('question', 'complaint', 'dispute', 'payment')", ["category"], "tickets_category_check");
    t.check("?? in ('open', 'waiting_on_user', 'resolved')", ["state"], "tickets_state_check");
    t.check("?? is null or ?? between 1 and 5", ["rating", "rating"], "tickets_rating_range");
    t.index(["user_id", "last_message_at"]);
    t.index(["state", "created_at"]);
    t.index(["created_at"]);
  });

  await db.schema.createTable("ticket_messages", (t) => {
    t.increments("id").primary();
    t.integer("ticket_id").notNullable().references("support_tickets.id");
    t.integer("author_id").notNullable().references("users.id");
    t.string("author_role", 8).notNullable(); // user | staff
    t.boolean("internal").notNullable().defaultTo(false); // an admin's note, never shown to the user
    t.text("body").notNullable();
    t.string("created_at", 30).notNullable();
    t.check("?? in ('user', 'staff')", ["author_role"], "ticket_messages_role_check");
    t.check("not ?? or ?? = 'staff'", ["internal", "author_role"], "ticket_notes_by_staff");
    t.index(["ticket_id", "id"]);
  });

  await db.schema.createTable("ticket_attachments", (t) => {
    t.increments("id").primary();
    t.integer("ticket_id").notNullable().references("support_tickets.id");
    t.integer("message_id").notNullable().references("ticket_messages.id");
    t.string("kind", 8).notNullable(); // image (re-encoded WebP) | pdf (as uploaded)
    t.string("storage_key", 64).notNullable().unique();
    t.string("original_name", 200).notNullable();
    t.string("sha256", 64).notNullable(); // of the file as uploaded
    t.integer("size_bytes").notNullable();
    t.integer("uploaded_by").notNullable().references("users.id");
    t.string("created_at", 30).notNullable();
    t.check("?? in ('image', 'pdf')", ["kind"], "ticket_attachments_kind_check");
    t.index(["ticket_id"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("ticket_attachments");
  await db.schema.dropTable("ticket_messages");
  await db.schema.dropTable("support_tickets");
}
