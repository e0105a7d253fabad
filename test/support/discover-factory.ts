/** Helpers for the public pages' tests: public projects that are also in the search index. */
import type { Db } from "../../server/store/db.ts";
import type { Project } from "../../server/store/projects.ts";
import { indexProject } from "../../server/store/search.ts";
import { createProject, type ProjectOptions } from "./project-factory.ts";

export const DAY = 24 * 3600 * 1000;

/** A live project (indexed for search, as launching does), with a deadline `daysLeft` days after `now`. */
export async function createLiveProject(
  db: Db,
  o: ProjectOptions & { daysLeft?: number; now: Date },
): Promise<Project> {
  const { daysLeft = 20, ...options } = o;
  const project = await createProject(db, {
    state: "live",
    launchedAt: new Date(o.now.getTime() - 5 * DAY),
    deadlineAt: new Date(o.now.getTime() + daysLeft * DAY),
    ...options,
  });
  await indexProject(db, project);
  return project;
}

/** The HTML of the <section> whose heading has this id (home sections), or "" if absent. */
export function sectionHtml(html: string, headingId: string): string {
  const start = html.indexOf(`id="${headingId}"`);
  if (start < 0) return "";
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}

/** Titles of the project cards in a piece of HTML, in page order. */
export function cardTitles(html: string): string[] {
  return [...html.matchAll(/class="card-title"><a href="\/projects\/\d+">([^<]*)<\/a>/g)].map((m) =>
    (m[1] ?? "").replace(/&#39;/g, "'").replace(/&amp;/g, "&"),
  );
}
