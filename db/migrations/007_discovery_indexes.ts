import type { Knex } from "knex";

// Indexes for the public pages. tier_shipping is read as "the shipping of these tiers, in id order"
// (tiersOf); with only the (tier_id, region) unique index SQLite walked the whole table in id order
// instead (6 ms a project page at 10,000 projects). (tier_id, id) serves both the filter and the order.
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable("tier_shipping", (t) => {
    t.index(["tier_id", "id"], "tier_shipping_tier_id_id_index");
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable("tier_shipping", (t) => {
    t.dropIndex(["tier_id", "id"], "tier_shipping_tier_id_id_index");
  });
}
