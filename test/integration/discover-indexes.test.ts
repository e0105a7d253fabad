import { expect } from "chai";
import { createTestContext, type TestContext } from "../support/context.ts";

/** The project page's queries must use an index, never walk a whole table (SQLite query plans). */
describe("discover: query plans of the project page", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function plan(sql: string, bindings: unknown[]): Promise<string> {
    const rows = (await ctx.db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never[])) as { detail: string }[];
    return rows.map((r) => r.detail).join("\n");
  }

  it("the shipping of a project's tiers (tiersOf) is found through an index, in id order", async () => {
    const detail = await plan(
      "select * from `tier_shipping` where `tier_id` in (?, ?, ?) order by `id` asc",
      [1, 2, 3],
    );
    expect(detail).to.match(/SEARCH tier_shipping USING (COVERING )?INDEX/);
    expect(detail).not.to.match(/SCAN tier_shipping/);
  });

  it("the tiers with their shipping (tiersForPage) use the project and tier indexes", async () => {
    const detail = await plan(
      "select reward_tiers.*, tier_shipping.region from reward_tiers left join tier_shipping on tier_shipping.tier_id = reward_tiers.id where reward_tiers.project_id = ?",
      [1],
    );
    expect(detail).to.match(/SEARCH reward_tiers USING INDEX/);
    expect(detail).to.match(/SEARCH tier_shipping USING (COVERING )?INDEX/);
  });
});
