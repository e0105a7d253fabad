import { expect } from "chai";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { Notifier } from "../../server/services/notifications.ts";
import { findProject, tiersOf } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, inputValue } from "../support/http.ts";
import { pledgeService, saveCard } from "../support/pledging.ts";
import { addTier, createProject, createUser, signIn } from "../support/project-factory.ts";

const DAY = 24 * 3600 * 1000;
const newCard = {
  paymentMethodId: "new",
  cardNumber: "4242 4242 4242 4242",
  cardExpMonth: "12",
  cardExpYear: "2099",
  cardCvc: "123",
  cardName: "Bea Backer",
};

describe("reward pledges", () => {
  let ctx: TestContext;
  let creator: User;
  let projectId: number;
  let tierId: number;
  let limitedTierId: number;
  let digitalTierId: number;

  before(async () => {
    ctx = await createTestContext();
    creator = await createUser(ctx.db, { name: "Creator Chen" });
    const project = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      title: "Hand-thrown tea set",
      goalMinor: 1_000_000,
      currency: "CNY",
      now: ctx.clock.now(),
      launchedAt: ctx.clock.now(),
      deadlineAt: new Date(ctx.clock.now().getTime() + 30 * DAY),
    });
    projectId = project.id;
    tierId = await addTier(ctx.db, projectId, { title: "Tea set", minimumMinor: 5_000 });
    limitedTierId = await addTier(ctx.db, projectId, {
      title: "Early bird",
      minimumMinor: 3_000,
      quantityLimit: 1,
    });
    digitalTierId = await addTier(ctx.db, projectId, {
      title: "Digital thanks",
      minimumMinor: 1_000,
      ships: false,
    });
  });
  after(() => ctx.close());

  async function backer(locale: "en" | "zh-CN" = "en"): Promise<{ agent: Agent; user: User }> {
    const user = await createUser(ctx.db, { name: "Bea Backer", locale });
    const agent = browser(ctx.app);
    if (locale === "zh-CN") agent.set("Accept-Language", "zh-CN"); // signing in saves the reader's language
    await signIn(agent, user.email);
    return { agent, user };
  }

  /** Fills the pledge form and posts it to the review step, as a browser would. */
  async function review(agent: Agent, fields: Record<string, string>, id = projectId) {
    const form = await agent.get(`/projects/${id}/pledge`);
    expect(form.status).to.equal(200);
    return agent
      .post(`/projects/${id}/pledge/review`)
      .type("form")
      .send({
        _csrf: csrfFrom(form.text),
        idempotencyKey: inputValue(form.text, "idempotencyKey"),
        ...fields,
      });
  }

  /** Posts the review page's confirm form. */
  async function confirm(agent: Agent, reviewPage: string, id = projectId) {
    const hidden: Record<string, string> = {};
    for (const m of reviewPage.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      hidden[m[1] as string] = (m[2] as string).replace(/&#34;/g, '"').replace(/&amp;/g, "&");
    }
    return agent.post(`/projects/${id}/pledge`).type("form").send(hidden);
  }

  const shipped = {
    tierId: "",
    amount: "50",
    shipName: "Bea Backer",
    shipAddress: "1 Tea Street, Hangzhou",
    shipRegion: "cn",
  };

  it("sends a visitor to sign in first", async () => {
    const res = await browser(ctx.app).get(`/projects/${projectId}/pledge`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/login\?returnTo=/);
  });

  it("pledges with a test card: review shows the total and when it is charged, confirm places it and mails a receipt", async () => {
    const { agent, user } = await backer();
    const before = (await findProject(ctx.db, projectId))!;
    const reviewed = await review(agent, { ...shipped, tierId: String(tierId), ...newCard });
    expect(reviewed.status).to.equal(200);
    expect(reviewed.text).to.include("¥60"); // 50 + 10 shipping to mainland China
    expect(reviewed.text).to.include(escapeHtml("only if the project reaches its goal"));
    expect(await ctx.db("pledges").where({ backer_id: user.id }).count({ n: "*" }).first()).to.deep.equal({
      n: 0,
    });

    const placed = await confirm(agent, reviewed.text);
    expect(placed.status).to.equal(303);
    expect(placed.headers.location).to.match(/^\/pledges\/\d+$/);
    const page = await agent.get(placed.headers.location as string);
    expect(page.text).to.include("Hand-thrown tea set").and.include("VISA •••• 4242");

    const after = (await findProject(ctx.db, projectId))!;
    expect(after.pledgedMinor - before.pledgedMinor).to.equal(6_000);
    expect(after.backersCount - before.backersCount).to.equal(1);
    expect(await ctx.db("sandbox_charges").count({ n: "*" }).first()).to.deep.equal({ n: 0 }); // no money moved
    const receipt = ctx.mail.at(-1)!;
    expect(receipt.to).to.equal(user.email);
    expect(receipt.text).to.include("¥60").and.include("only if the project reaches its goal");
    const row = await ctx.db("payment_methods").where({ user_id: user.id }).first();
    expect(JSON.stringify(row)).not.to.include("4242424242424242");
  });

  it("takes a repeated or double-clicked confirmation as the same pledge", async () => {
    const { agent, user } = await backer();
    const reviewed = await review(agent, { tierId: String(digitalTierId), amount: "10", ...newCard });
    const first = await confirm(agent, reviewed.text);
    const second = await confirm(agent, reviewed.text);
    expect(second.status).to.equal(303);
    expect(second.headers.location).to.equal(first.headers.location);
    expect(await ctx.db("pledges").where({ backer_id: user.id }).count({ n: "*" }).first()).to.deep.equal({
      n: 1,
    });
  });

  it("changes the existing pledge instead of adding a second, and keeps its history", async () => {
    const { agent, user } = await backer();
    await confirm(
      agent,
      (await review(agent, { tierId: String(digitalTierId), amount: "10", ...newCard })).text,
    );
    const cardId = String((await ctx.db("payment_methods").where({ user_id: user.id }).first()).id);
    const form = await agent.get(`/projects/${projectId}/pledge`);
    expect(form.text).to.include(escapeHtml("You already back this project"));
    const changed = await confirm(
      agent,
      (await review(agent, { ...shipped, tierId: String(tierId), amount: "80", paymentMethodId: cardId }))
        .text,
    );
    const pledges = await ctx.db("pledges").where({ backer_id: user.id });
    expect(pledges).to.have.length(1);
    expect(Number(pledges[0].total_minor)).to.equal(9_000);
    const detail = await agent.get(changed.headers.location as string);
    expect(detail.text).to.include("Pledged").and.include("Changed");
    expect(
      await ctx.db("pledge_events").where({ pledge_id: pledges[0].id }).count({ n: "*" }).first(),
    ).to.deep.equal({ n: 2 });
  });

  it("cancels: the totals go back and a limited reward's unit is free again", async () => {
    const { agent } = await backer();
    const before = (await findProject(ctx.db, projectId))!;
    const placed = await confirm(
      agent,
      (await review(agent, { ...shipped, tierId: String(limitedTierId), amount: "30", ...newCard })).text,
    );
    const soldOut = (await tiersOf(ctx.db, projectId)).find((t) => t.id === limitedTierId)!;
    expect(soldOut.quantityClaimed).to.equal(1);

    const other = await backer();
    const refused = await review(other.agent, {
      ...shipped,
      tierId: String(limitedTierId),
      amount: "30",
      ...newCard,
    });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include(escapeHtml("This reward has sold out"));

    const cancelPage = await agent.get(`${placed.headers.location}/cancel`);
    const cancelled = await agent
      .post(`${placed.headers.location}/cancel`)
      .type("form")
      .send({ _csrf: csrfFrom(cancelPage.text) });
    expect(cancelled.status).to.equal(303);
    const after = (await findProject(ctx.db, projectId))!;
    expect(after.pledgedMinor).to.equal(before.pledgedMinor);
    expect(after.backersCount).to.equal(before.backersCount);
    expect((await tiersOf(ctx.db, projectId)).find((t) => t.id === limitedTierId)!.quantityClaimed).to.equal(
      0,
    );
    expect(ctx.mail.at(-1)!.subject).to.include("cancelled");
  });

  describe("refuses bad input with a message, a 4xx and the form kept (never the card number or CVC)", () => {
    const bad: [string, Record<string, string>, string][] = [
      [
        "a declined card",
        { tierId: "none", amount: "20", ...newCard, cardNumber: "4000 0000 0000 0002" },
        "The card was declined",
      ],
      [
        "insufficient funds",
        { tierId: "none", amount: "20", ...newCard, cardNumber: "4000000000009995" },
        "insufficient funds",
      ],
      [
        "an expired card",
        { tierId: "none", amount: "20", ...newCard, cardExpYear: "2020" },
        "This card has expired",
      ],
      [
        "a card number failing the Luhn check",
        { tierId: "none", amount: "20", ...newCard, cardNumber: "4242424242424241" },
        "This card number is not valid",
      ],
      [
        "a non-numeric amount",
        { tierId: "none", amount: "twenty", ...newCard },
        "Enter an amount in numbers",
      ],
      ["a negative amount", { tierId: "none", amount: "-5", ...newCard }, "cannot be negative"],
      ["too many decimals", { tierId: "none", amount: "20.555", ...newCard }, "at most two decimal places"],
      ["a huge amount", { tierId: "none", amount: "99999999999999999", ...newCard }, "too large"],
      ["zero", { tierId: "none", amount: "0", ...newCard }, "greater than zero"],
      [
        "less than the reward's minimum",
        { ...shipped, tierId: "TIER", amount: "49.99", ...newCard },
        "at least its minimum",
      ],
      [
        "a missing address for a reward that ships",
        { tierId: "TIER", amount: "50", shipRegion: "cn", ...newCard },
        "This field is required",
      ],
      [
        "a region the reward does not ship to",
        { ...shipped, tierId: "TIER", shipRegion: "asia", ...newCard },
        "does not ship to that region",
      ],
      ["no reward chosen", { amount: "50", ...newCard }, "Choose a reward"],
      ["a tampered tier id", { tierId: "99999", amount: "50", ...newCard }, "not part of this project"],
      ["a tier id that is not a number", { tierId: "1 OR 1=1", amount: "50", ...newCard }, "Choose a reward"],
    ];
    for (const [name, fields, message] of bad) {
      it(name, async () => {
        const { agent } = await backer();
        const sent: Record<string, string> = {
          ...fields,
          ...(fields.tierId === "TIER" ? { tierId: String(tierId) } : {}),
        };
        const res = await review(agent, sent);
        expect(res.status).to.equal(422);
        expect(res.text).to.include(escapeHtml(message));
        if (sent.amount) expect(inputValue(res.text, "amount")).to.equal(escapeHtml(sent.amount));
        expect(inputValue(res.text, "cardNumber")).to.equal("");
        expect(res.text).not.to.include('value="123"');
      });
    }

    it("says so in Chinese for a Chinese reader", async () => {
      const { agent } = await backer("zh-CN");
      const res = await review(agent.set("Accept-Language", "zh-CN"), {
        tierId: "none",
        amount: "abc",
        ...newCard,
      });
      expect(res.status).to.equal(422);
      expect(res.text).to.include("请输入数字金额");
    });
  });

  it("does not let a creator back their own project", async () => {
    const agent = browser(ctx.app);
    await signIn(agent, creator.email);
    const res = await review(agent, { tierId: "none", amount: "20", ...newCard });
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml("You cannot back your own project"));
  });

  it("does not take pledges for a project that is not live, or past its deadline", async () => {
    const draft = await createProject(ctx.db, { creatorId: creator.id, state: "approved" });
    const { agent } = await backer();
    expect((await agent.get(`/projects/${draft.id}/pledge`)).status).to.equal(404);
    const ended = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      launchedAt: new Date(ctx.clock.now().getTime() - 40 * DAY),
      deadlineAt: new Date(ctx.clock.now().getTime() - DAY),
    });
    const res = await review(agent, { tierId: "none", amount: "20", ...newCard }, ended.id);
    expect(res.status).to.equal(422);
    expect(res.text).to.include(escapeHtml("not taking pledges"));
  });

  it("keeps pledges private: another backer's pledge is not found, backer lists only for the creator", async () => {
    const a = await backer();
    const placed = await confirm(
      a.agent,
      (await review(a.agent, { tierId: "none", amount: "15", ...newCard })).text,
    );
    const b = await backer();
    expect((await b.agent.get(placed.headers.location as string)).status).to.equal(404);
    expect((await b.agent.get(`/projects/${projectId}/backers`)).status).to.equal(404);
    expect((await b.agent.get(`/projects/${projectId}/backers.csv`)).status).to.equal(404);
    expect((await b.agent.get("/pledges/not-a-number")).status).to.equal(404);
    const owner = browser(ctx.app);
    await signIn(owner, creator.email);
    const list = await owner.get(`/projects/${projectId}/backers`);
    expect(list.status).to.equal(200);
    expect(list.text).to.include(a.user.email);
  });

  it("exports backers as CSV with spreadsheet formulas defused", async () => {
    const user = await createUser(ctx.db, { name: '=HYPERLINK("http://evil.example","x")' });
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    await confirm(agent, (await review(agent, { tierId: "none", amount: "12.5", ...newCard })).text);
    const owner = browser(ctx.app);
    await signIn(owner, creator.email);
    const csv = await owner.get(`/projects/${projectId}/backers.csv`);
    expect(csv.status).to.equal(200);
    expect(csv.headers["content-type"]).to.include("text/csv");
    expect(csv.text).to.include(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv.text).to.include("12.50");
  });

  it("lists a backer's pledges on My pledges", async () => {
    const { agent } = await backer();
    await confirm(agent, (await review(agent, { tierId: "none", amount: "25", ...newCard })).text);
    const page = await agent.get("/pledges");
    expect(page.status).to.equal(200);
    expect(page.text).to.include("Hand-thrown tea set").and.include("¥25");
  });

  it("releases every pledge when the creator cancels a live campaign, and tells the backers", async () => {
    const project = await createProject(ctx.db, {
      creatorId: creator.id,
      state: "live",
      title: "Soon cancelled",
      launchedAt: ctx.clock.now(),
      deadlineAt: new Date(ctx.clock.now().getTime() + 10 * DAY),
    });
    const limited = await addTier(ctx.db, project.id, {
      minimumMinor: 1_000,
      quantityLimit: 3,
      ships: false,
    });
    const a = await backer("zh-CN");
    const b = await backer();
    await confirm(
      a.agent,
      (await review(a.agent, { tierId: String(limited), amount: "10", ...newCard }, project.id)).text,
      project.id,
    );
    await confirm(
      b.agent,
      (await review(b.agent, { tierId: "none", amount: "7", ...newCard }, project.id)).text,
      project.id,
    );
    expect((await findProject(ctx.db, project.id))!.backersCount).to.equal(2);

    const owner = browser(ctx.app);
    await signIn(owner, creator.email);
    const page = await owner.get(`/projects/${project.id}/cancel`);
    const res = await owner
      .post(`/projects/${project.id}/cancel`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), reason: "Supplier fell through" });
    expect(res.status).to.equal(303);

    const after = (await findProject(ctx.db, project.id))!;
    expect(after.state).to.equal("cancelled");
    expect(after.pledgedMinor).to.equal(0);
    expect(after.backersCount).to.equal(0);
    expect((await tiersOf(ctx.db, project.id))[0]!.quantityClaimed).to.equal(0);
    expect(
      await ctx.db("pledges").where({ project_id: project.id, status: "active" }).count({ n: "*" }).first(),
    ).to.deep.equal({ n: 0 });
    const told = ctx.mail.filter((m) => /cancelled by its creator|已被发起人取消/.test(m.subject));
    expect(told.map((m) => m.to)).to.include.members([a.user.email, b.user.email]);
    expect(told.find((m) => m.to === a.user.email)!.text).to.include("已解除");
  });

  it("never oversells: 50 backers race for a tier with 5 left; exactly 5 get it and the counts add up", async () => {
    const tier = await addTier(ctx.db, projectId, {
      title: "Race",
      minimumMinor: 2_000,
      quantityLimit: 5,
      ships: false,
    });
    const service = pledgeService(ctx);
    const backers = await Promise.all(Array.from({ length: 50 }, () => createUser(ctx.db)));
    const cards = await Promise.all(backers.map((u) => saveCard(ctx, u)));
    const before = (await findProject(ctx.db, projectId))!;
    const results = await Promise.allSettled(
      backers.map((u, i) => {
        return service.placePledge(u, {
          projectId,
          tierId: tier,
          amountMinor: 2_000,
          shipRegion: null,
          shipName: null,
          shipAddress: null,
          paymentMethodId: cards[i] as number,
          idempotencyKey: `race-${i}-0000000000000000`,
        });
      }),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).to.have.length(5);
    expect(lost).to.have.length(45);
    for (const r of lost) expect(r.reason.fieldErrors).to.deep.equal({ tierId: "pledges.refused.soldOut" });
    expect((await tiersOf(ctx.db, projectId)).find((t) => t.id === tier)!.quantityClaimed).to.equal(5);
    expect(
      await ctx.db("pledges").where({ tier_id: tier, status: "active" }).count({ n: "*" }).first(),
    ).to.deep.equal({ n: 5 });
    const after = (await findProject(ctx.db, projectId))!;
    expect(after.backersCount - before.backersCount).to.equal(5);
    expect(after.pledgedMinor - before.pledgedMinor).to.equal(10_000);
    const sum = await ctx
      .db("pledges")
      .where({ project_id: projectId, status: "active" })
      .sum({ s: "total_minor" })
      .first();
    expect(Number(sum?.s)).to.equal(after.pledgedMinor);
  });

  it("queues the receipt with the pledge: if the receipt cannot be queued, no pledge is placed and no unit is taken", async () => {
    const tier = await addTier(ctx.db, projectId, {
      title: "Atomic",
      minimumMinor: 1_000,
      quantityLimit: 1,
      ships: false,
    });
    const mailer = new OutboxMailer({ db: ctx.db, clock: ctx.clock });
    mailer.enqueue = async () => {
      throw new Error("outbox unavailable");
    };
    const notifier = new Notifier({ db: ctx.db, clock: ctx.clock, mailer, baseUrl: "http://localhost" });
    const service = pledgeService(ctx, { notifier });
    const user = await createUser(ctx.db);
    const paymentMethodId = await saveCard(ctx, user);
    const before = (await findProject(ctx.db, projectId))!;
    const input = {
      projectId,
      tierId: tier,
      amountMinor: 1_000,
      shipRegion: null,
      shipName: null,
      shipAddress: null,
      paymentMethodId,
      idempotencyKey: "atomic-receipt-000000000000",
    };
    let failure: unknown;
    await service.placePledge(user, input).catch((e: unknown) => {
      failure = e;
    });
    expect((failure as Error).message).to.equal("outbox unavailable");
    expect(await ctx.db("pledges").where({ backer_id: user.id }).count({ n: "*" }).first()).to.deep.equal({
      n: 0,
    });
    expect(await ctx.db("notifications").where({ user_id: user.id }).count({ n: "*" }).first()).to.deep.equal(
      {
        n: 0,
      },
    );
    expect((await tiersOf(ctx.db, projectId)).find((t) => t.id === tier)!.quantityClaimed).to.equal(0);
    const after = (await findProject(ctx.db, projectId))!;
    expect([after.pledgedMinor, after.backersCount]).to.deep.equal([
      before.pledgedMinor,
      before.backersCount,
    ]);

    // With the outbox back, the same request places the pledge once, with its receipt.
    const working = pledgeService(ctx);
    const placed = await working.placePledge(user, input);
    expect(placed.change).to.equal("created");
    expect(ctx.mail.at(-1)!.to).to.equal(user.email);
  });
});
