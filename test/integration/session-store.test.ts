import { expect } from "chai";
import type { SessionData } from "express-session";
import { deleteExpiredSessions, SessionStore } from "../../server/web/session-store.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, registerUser } from "../support/http.ts";

const MINUTE = 60_000;

describe("sessions: the sliding expiry is written lazily", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const sessionExpiring = (at: number) =>
    ({ cookie: { originalMaxAge: 14 * 24 * 60 * MINUTE, expires: new Date(at) } }) as unknown as SessionData;
  const storedExpiry = async (sid: string) =>
    (await ctx.db("sessions").where({ sid }).first())?.expired as string | undefined;

  it("writes a touched session's new expiry only once it moved touchAfter past the last one written", async () => {
    const store = new SessionStore(ctx.db, 5 * MINUTE);
    const start = Date.now() + 14 * 24 * 60 * MINUTE;
    await store.set("lazy-1", sessionExpiring(start));
    const saved = await storedExpiry("lazy-1");
    expect(saved).to.be.a("string");

    await store.touch("lazy-1", sessionExpiring(start + 4 * MINUTE));
    expect(await storedExpiry("lazy-1")).to.equal(saved); // moved less than 5 minutes: not written

    await store.touch("lazy-1", sessionExpiring(start + 6 * MINUTE));
    const touched = await storedExpiry("lazy-1");
    expect(new Date(touched as string).getTime()).to.equal(start + 6 * MINUTE);

    await store.touch("lazy-1", sessionExpiring(start + 10 * MINUTE));
    expect(await storedExpiry("lazy-1")).to.equal(touched); // 4 minutes past the last write
    expect(await store.get("lazy-1", () => {})).to.not.equal(null); // and the session still reads
  });

  it("writes every touch of a session it has not written (another process's, or after a restart)", async () => {
    const writer = new SessionStore(ctx.db, 5 * MINUTE);
    const start = Date.now() + 14 * 24 * 60 * MINUTE;
    await writer.set("lazy-2", sessionExpiring(start));
    const other = new SessionStore(ctx.db, 5 * MINUTE);
    await other.touch("lazy-2", sessionExpiring(start + MINUTE));
    expect(new Date((await storedExpiry("lazy-2")) as string).getTime()).to.equal(start + MINUTE);
  });

  it("a destroyed session is gone, and a later touch does not bring it back", async () => {
    const store = new SessionStore(ctx.db, 5 * MINUTE);
    const start = Date.now() + 14 * 24 * 60 * MINUTE;
    await store.set("lazy-3", sessionExpiring(start));
    await store.destroy("lazy-3");
    await store.touch("lazy-3", sessionExpiring(start + 10 * MINUTE));
    expect(await storedExpiry("lazy-3")).to.equal(undefined);
    expect(await store.get("lazy-3", () => {})).to.equal(null);
  });

  it("the hourly job deletes the sessions that expired, and only those", async () => {
    const now = Date.now();
    await ctx.db("sessions").insert([
      { sid: "old-1", sess: "{}", expired: new Date(now - MINUTE).toISOString() },
      { sid: "live-1", sess: "{}", expired: new Date(now + MINUTE).toISOString() },
    ]);
    expect(await deleteExpiredSessions(ctx.db, new Date(now))).to.equal(1);
    expect(await storedExpiry("old-1")).to.equal(undefined);
    expect(await storedExpiry("live-1")).to.be.a("string");
  });

  it("a signed-in user's pages do not each rewrite the session, and the user stays signed in", async () => {
    const agent = browser(ctx.app);
    const user = await registerUser(agent);
    await agent.get("/account"); // shows the welcome message and keeps a CSRF token: the session changes, and is saved
    const [row] = await ctx
      .db("sessions")
      .whereNot("sid", "like", "lazy-%")
      .orderBy("expired", "desc")
      .limit(1);
    const before = { expired: row.expired, sess: row.sess };
    for (let i = 0; i < 3; i++) {
      const page = await agent.get("/account");
      expect(page.status).to.equal(200);
      expect(page.text).to.include(user.email);
    }
    const after = await ctx.db("sessions").where({ sid: row.sid }).first();
    expect({ expired: after.expired, sess: after.sess }).to.deep.equal(before);
  });
});
