import type { Knex } from "knex";

// Risk monitoring: where each pledge came from (written in the pledge's transaction), the addresses
// accounts use (to see a creator's address behind another account's pledge), and the flags raised.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("pledge_origins", (t) => {
    t.increments("id").primary();
    t.integer("pledge_id").notNullable().references("pledges.id");
    t.integer("user_id").notNullable().references("users.id");
    t.integer("project_id").notNullable().references("projects.id");
    t.string("ip", 64); // null when unknown
    t.string("change", 8).notNullable(); // created | changed
    t.string("created_at", 30).notNullable();
    t.index(["user_id", "created_at"]);
    t.index(["ip", "created_at"]);
    t.index(["pledge_id"]);
  });

  await db.schema.createTable("account_ips", (t) => {
    t.integer("user_id").notNullable().references("users.id");
    t.string("ip", 64).notNullable();
    t.string("first_seen_at", 30).notNullable();
    t.string("last_seen_at", 30).notNullable();
    t.primary(["user_id", "ip"]);
    t.index(["ip"]);
  });

  await db.schema.createTable("risk_flags", (t) => {
    t.increments("id").primary();
    t.string("kind", 24).notNullable();
    t.integer("pledge_id").references("pledges.id");
    t.integer("project_id").references("projects.id");
    t.integer("user_id").references("users.id"); // the backer
    t.string("ip", 64);
    t.text("details"); // JSON: the figures that raised the flag
    t.string("status", 16).notNullable().defaultTo("open");
    t.string("resolution", 24);
    t.text("resolution_note");
    t.integer("resolved_by").references("users.id");
    t.string("resolved_at", 30);
    t.string("created_at", 30).notNullable();
    t.check(
      "?? in ('large_pledge', 'account_velocity', 'ip_velocity', 'creator_ip', 'creator_card')",
      ["kind"],
      "risk_flags_kind_check",
    );
    t.check("?? in ('open', 'cleared', 'actioned')", ["status"], "risk_flags_status_check");
    t.index(["status", "created_at"]);
    t.index(["user_id", "kind", "status"]);
    t.index(["ip", "kind", "status"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("risk_flags");
  await db.schema.dropTable("account_ips");
  await db.schema.dropTable("pledge_origins");
}
