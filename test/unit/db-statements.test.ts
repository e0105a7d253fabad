import { expect } from "chai";
import { bulk } from "../../server/store/bulk.ts";
import { type Db, openDatabase } from "../../server/store/db.ts";

describe("store: statements with a LIMIT give the same rows once their limit is written into the SQL", () => {
  let db: Db;
  before(async () => {
    db = openDatabase(":memory:");
    await db.schema.createTable("items", (t) => {
      t.increments("id");
      t.string("name").notNullable();
    });
    await db("items").insert(Array.from({ length: 30 }, (_, i) => ({ name: `item ${i + 1}` })));
  });
  after(() => db.destroy());

  it("pages through knex's .limit() and .offset(), and .first()", async () => {
    const ids = async (limit: number, offset: number) =>
      (await db("items").orderBy("id").limit(limit).offset(offset)).map((r) => r.id);
    expect(await ids(5, 0)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(await ids(5, 10)).to.deep.equal([11, 12, 13, 14, 15]);
    expect(await ids(3, 28)).to.deep.equal([29, 30]);
    expect((await db("items").where("id", ">", 7).orderBy("id").first())?.name).to.equal("item 8");
    // an offset alone: knex writes "limit -1 offset ?" on SQLite
    expect((await db("items").orderBy("id").offset(27)).map((r) => r.id)).to.deep.equal([28, 29, 30]);
  });

  it("keeps the other parameters in their places, in hand-written upper-case SQL too", async () => {
    const rows = await db.raw(
      "SELECT id FROM items WHERE id > ? AND name LIKE ? ORDER BY id LIMIT ? OFFSET ?",
      [10, "item 2%", 2, 1],
    );
    expect(rows.map((r: { id: number }) => r.id)).to.deep.equal([21, 22]);
  });

  it("answers get() and all() of the bulk runner, given their values one by one", async () => {
    await db.transaction(async (trx) => {
      const b = await bulk(trx);
      expect(
        b.get<{ id: number }>("SELECT id FROM items WHERE id > ? ORDER BY id LIMIT ?", [25, 1]),
      ).to.deep.equal({
        id: 26,
      });
      expect(b.all("SELECT id FROM items ORDER BY id DESC LIMIT ?", [2])).to.deep.equal([
        { id: 30 },
        { id: 29 },
      ]);
    });
  });
});
