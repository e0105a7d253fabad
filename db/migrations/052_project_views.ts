import type { Knex } from "knex";

// Project page views per project per UTC day, for the dashboard's visitor-to-backer conversion.
// The app counts in memory and adds its counts here in one batched upsert every few seconds.
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("project_views", (t) => {
    t.integer("project_id").notNullable().references("projects.id");
    t.string("day", 10).notNullable(); // YYYY-MM-DD (UTC)
    t.integer("views").notNullable().defaultTo(0);
    t.primary(["project_id", "day"]);
    t.index(["day"]);
    t.check("?? >= 0", ["views"], "project_views_nonnegative");
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("project_views");
}
