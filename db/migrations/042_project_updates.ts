import type { Knex } from "knex";

/** Creator updates: Markdown as written and as sanitized HTML, an optional image, public or backers only. */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable("project_updates", (t) => {
    t.increments("id").primary();
    t.integer("project_id").notNullable().references("projects.id");
    t.integer("author_id").notNullable().references("users.id");
    t.string("title", 150).notNullable();
    t.text("body_md").notNullable();
    t.text("body_html").notNullable(); // sanitized rendering of body_md (server/domain/markdown.ts)
    t.integer("image_id").references("images.id");
    t.string("visibility", 16).notNullable().defaultTo("public");
    t.string("created_at", 30).notNullable();
    t.check("?? in ('public', 'backers')", ["visibility"], "project_updates_visibility_check");
    t.index(["project_id", "created_at"]);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable("project_updates");
}
