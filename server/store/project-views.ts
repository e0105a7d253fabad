import type { Db } from "./db.ts";

/** Adds counted views to the daily counters in one statement (an upsert: existing days grow). */
export async function addProjectViews(
  db: Db,
  counts: readonly { projectId: number; day: string; views: number }[],
): Promise<void> {
  if (counts.length === 0) return;
  // Rows for projects that no longer exist would break the foreign key: keep only known ids.
  const ids = [...new Set(counts.map((c) => c.projectId))];
  const known = new Set<number>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db("projects")
      .whereIn("id", ids.slice(i, i + 500))
      .select("id");
    for (const r of rows) known.add(r.id as number);
  }
  const rows = counts
    .filter((c) => known.has(c.projectId) && c.views > 0)
    .map((c) => ({ project_id: c.projectId, day: c.day, views: c.views }));
  for (let i = 0; i < rows.length; i += 200) {
    await db("project_views")
      .insert(rows.slice(i, i + 200))
      .onConflict(["project_id", "day"])
      .merge({ views: db.raw("project_views.views + excluded.views") });
  }
}
