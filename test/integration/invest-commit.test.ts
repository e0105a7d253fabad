import crypto from "node:crypto";
import { expect } from "chai";
import supertest from "supertest";
import { formatMoney } from "../../server/domain/money.ts";
import { translator } from "../../server/i18n/index.ts";
import { findProject, type Project, type ProjectDocument } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { formatDateTime } from "../../server/web/format.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml, inputValue } from "../support/http.ts";
import {
  addIdentity,
  CN_UNQUALIFIED,
  commitFields,
  createOffering,
  declare,
  readyInvestor,
  UK_FIGURES,
} from "../support/invest-factory.ts";
import { saveCard } from "../support/pledging.ts";
import { addDocument, createProject, createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const newCard = {
  paymentMethodId: "new",
  cardNumber: "4242 4242 4242 4242",
  cardExpMonth: "12",
  cardExpYear: "2099",
  cardCvc: "123",
  cardName: "Ivy Investor",
};

describe("invest: committing to an offering", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const now = () => ctx.clock.now();

  /** The hidden fields of the review page's confirm form. */
  function hiddenFields(html: string): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[m[1] as string] = (m[2] as string).replace(/&#34;/g, '"').replace(/&amp;/g, "&");
    }
    return fields;
  }

  /** Opens the invest page and posts a form to one of its actions, as a browser would. */
  async function post(
    agent: Agent,
    projectId: number,
    action: "review" | "confirm",
    fields: Record<string, string>,
  ) {
    const page = await agent.get(`/projects/${projectId}/invest`);
    const url =
      action === "review" ? `/projects/${projectId}/invest/review` : `/projects/${projectId}/invest`;
    return agent
      .post(url)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), ...fields });
  }

  /** Posts the commit form for `shares` paid with a saved card (or "new"), the current documents acknowledged. */
  function commitShares(
    agent: Agent,
    offering: { project: { id: number }; documents: ProjectDocument[] },
    action: "review" | "confirm",
    shares: string,
    paymentMethodId: number | "new",
  ) {
    return post(
      agent,
      offering.project.id,
      action,
      commitFields(offering.documents, { shares, paymentMethodId }),
    );
  }

  /** A live US Reg CF offering and a verified investor with a saved card, signed in. */
  async function usOfferingAndInvestor() {
    const offering = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
    return { ...offering, ...(await readyInvestor(ctx, { regime: "us_reg_cf" })) };
  }

  describe("who may open the invest page", () => {
    it("sends visitors to sign in; a POST without a session is refused", async () => {
      const { project } = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const res = await supertest(ctx.app).get(`/projects/${project.id}/invest`);
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(
        `/login?returnTo=${encodeURIComponent(`/projects/${project.id}/invest`)}`,
      );
      expect(
        (await supertest(ctx.app).post(`/projects/${project.id}/invest`).type("form").send({})).status,
      ).to.equal(403);
    });

    it("an investor who is not verified is told to verify (403), whatever the state of their profile", async () => {
      const { project, documents } = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      for (const status of ["none", "pending", "rejected"] as const) {
        const user = await createUser(ctx.db);
        if (status !== "none") await addIdentity(ctx.db, user.id, { status });
        await declare(ctx.db, user.id, "us_reg_cf", {
          accredited: true,
          annualIncomeMinor: 0,
          netWorthMinor: 0,
          elsewhere: [],
        });
        const cardId = await saveCard(ctx, user);
        const agent = browser(ctx.app);
        await signIn(agent, user.email);
        const page = await agent.get(`/projects/${project.id}/invest`);
        expect(page.status, status).to.equal(403);
        shows(page.text, en(`invest.commit.verify.${status}`));
        expect(page.text).not.to.include('name="shares"');
        const res = await commitShares(agent, { project, documents }, "confirm", "200", cardId);
        expect(res.status, status).to.equal(403);
        shows(res.text, en("invest.refused.notVerified"));
        expect(await ctx.db("commitments").where({ investor_id: user.id })).to.have.length(0);
      }
    });

    it("a verified investor who has not declared is asked to, with a way back to the offering", async () => {
      const { project, documents } = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const user = await createUser(ctx.db);
      await addIdentity(ctx.db, user.id);
      const cardId = await saveCard(ctx, user);
      const agent = browser(ctx.app);
      await signIn(agent, user.email);
      const page = await agent.get(`/projects/${project.id}/invest`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include(
        `href="/invest/declare/us?returnTo=${encodeURIComponent(`/projects/${project.id}/invest`)}"`,
      );
      const res = await commitShares(agent, { project, documents }, "confirm", "200", cardId);
      expect(res.status).to.equal(403);
      shows(res.text, en("invest.refused.noDeclaration", { regime: en("invest.regimes.us_reg_cf") }));
    });

    it("offerings that are not open: not found (reward, draft, cancelled, bad ids) or refused (ended, settled)", async () => {
      const { agent } = await readyInvestor(ctx, { regime: "us_reg_cf" });
      const creator = await createUser(ctx.db);
      const reward = await createProject(ctx.db, { creatorId: creator.id, state: "live" });
      const draft = await createOffering(ctx.db, { regime: "us_reg_cf", now: now(), state: "draft" });
      const cancelled = await createOffering(ctx.db, { regime: "us_reg_cf", now: now(), state: "cancelled" });
      for (const id of [reward.id, draft.project.id, cancelled.project.id]) {
        expect((await agent.get(`/projects/${id}/invest`)).status, String(id)).to.equal(404);
      }
      for (const bad of ["999999", "x", "0", "-1", "1.5", "99999999999999999999"]) {
        expect((await agent.get(`/projects/${bad}/invest`)).status, bad).to.equal(404);
        const token = csrfFrom((await agent.get("/invest")).text);
        expect(
          (await agent.post(`/projects/${bad}/invest`).type("form").send({ _csrf: token })).status,
          bad,
        ).to.equal(404);
      }
      const ended = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: now(),
        title: "Ended Co",
        deadlineAt: new Date(now().getTime() - HOUR),
      });
      const res = await agent.get(`/projects/${ended.project.id}/invest`);
      expect(res.status).to.equal(409);
      shows(res.text, en("invest.refused.notOpen", { title: "Ended Co" }));
      const settled = await createOffering(ctx.db, { regime: "us_reg_cf", now: now(), state: "succeeded" });
      expect((await agent.get(`/projects/${settled.project.id}/invest`)).status).to.equal(409);
    });
  });

  describe("a US offering", () => {
    it("shows the terms, the remaining limit explained, the risk warnings, the current documents and the cards", async () => {
      const { project, documents } = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: now(),
        pricePerShareMinor: 150,
      });
      const { agent } = await readyInvestor(ctx, { regime: "us_reg_cf" });
      const page = await agent.get(`/projects/${project.id}/invest`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include("$1.50");
      shows(page.text, en("invest.commit.remaining", { remaining: "$10,000", limit: "$10,000" }));
      shows(page.text, en("invest.commit.risk.general"));
      for (const d of documents) {
        expect(page.text).to.include(`href="/projects/${project.id}/documents/${d.id}"`);
        expect(page.text).to.include(d.sha256.slice(0, 16));
      }
      expect(inputValue(page.text, "shownDocuments")?.split(",").sort()).to.deep.equal(
        documents.map((d) => `${d.id}:${d.sha256}`).sort(),
      );
      expect(page.text).to.include("VISA •••• 4242");
      expect(inputValue(page.text, "idempotencyKey")).to.match(/^[0-9a-f-]{36}$/);
    });

    it("reviews with a new card (saved, nothing committed), then confirms: commitment, acknowledgements, totals, mail", async () => {
      const { project, documents } = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: now(),
        title: "Robot Farm",
      });
      const { agent, user } = await readyInvestor(ctx, { regime: "us_reg_cf" });
      const before = (await findProject(ctx.db, project.id)) as Project;
      const reviewed = await post(agent, project.id, "review", {
        ...commitFields(documents, { shares: "2500", paymentMethodId: "new" }),
        ...newCard,
      });
      expect(reviewed.status).to.equal(200);
      expect(reviewed.text).to.include("$2,500");
      const cutoff = new Date((project.deadlineAt as Date).getTime() - 48 * HOUR);
      shows(reviewed.text, en("invest.review.usCancel", { cutoff: formatDateTime(cutoff, "en") }));
      expect(reviewed.text).not.to.include("4242 4242 4242 4242");
      expect(await ctx.db("commitments").where({ investor_id: user.id })).to.have.length(0);
      expect(await ctx.db("payment_methods").where({ user_id: user.id })).to.have.length(2);

      const confirmed = await agent
        .post(`/projects/${project.id}/invest`)
        .type("form")
        .send(hiddenFields(reviewed.text));
      expect(confirmed.status).to.equal(303);
      expect(confirmed.headers.location).to.match(/^\/investments\/\d+$/);
      const id = Number(String(confirmed.headers.location).split("/").pop());
      const row = await ctx.db("commitments").where({ id }).first();
      expect(row).to.include({
        project_id: project.id,
        investor_id: user.id,
        shares: 2500,
        price_per_share_minor: 100,
        amount_minor: 2_500_00,
        currency: "USD",
        status: "active",
        regime: "us_reg_cf",
        rule_version: "us-reg-cf-2022",
        created_at: now().toISOString(),
      });
      const acks = await ctx.db("commitment_acknowledgements").where({ commitment_id: id }).orderBy("id");
      const docAcks = acks
        .filter((a) => a.kind === "document")
        .map((a) => `${a.document_id}:${a.document_sha256}`);
      expect(docAcks.sort()).to.deep.equal(documents.map((d) => `${d.id}:${d.sha256}`).sort());
      expect(acks.some((a) => a.kind === "risk_warning" && a.locale === "en")).to.equal(true);
      const events = await ctx.db("commitment_events").where({ commitment_id: id });
      expect(events.map((e) => e.kind)).to.deep.equal(["created"]);
      const after = (await findProject(ctx.db, project.id)) as Project;
      expect(after.pledgedMinor - before.pledgedMinor).to.equal(2_500_00);
      expect(after.backersCount - before.backersCount).to.equal(1);
      expect(await ctx.db("sandbox_charges").count({ n: "*" }).first()).to.deep.equal({ n: 0 }); // no money moved

      // The investor is told by email (queued in the outbox) and in the app, in their language.
      const mail = ctx.mail.at(-1);
      expect(mail?.to).to.equal(user.email);
      expect(mail?.subject).to.equal(en("invest.mail.committed.subject", { project: "Robot Farm" }));
      const cancelUntil = formatDateTime(cutoff, "en");
      expect(mail?.text).to.equal(
        en("invest.mail.committed.body", {
          name: user.name,
          shares: "2,500",
          project: "Robot Farm",
          amount: formatMoney(2_500_00, "USD", "en"),
          deadline: formatDateTime(project.deadlineAt as Date, "en"),
          cancelNote: en("invest.mail.committed.cancelUntil", { cancelUntil }),
          link: `${ctx.config.baseUrl}/investments/${id}`,
        }),
      );
      shows(
        (await agent.get("/notifications")).text,
        en("comms.kinds.commitment_confirmed.text", {
          amount: formatMoney(2_500_00, "USD", "en"),
          project: "Robot Farm",
        }),
      );

      const detail = await agent.get(`/investments/${id}`);
      expect(detail.status).to.equal(200);
      shows(detail.text, en("invest.status.active"));
      shows(detail.text, en("invest.events.created"));
      expect(detail.text).to.include(documents[0]?.sha256.slice(0, 16));
      const list = await agent.get("/investments");
      expect(list.text).to.include("Robot Farm");

      // The same form again (a replay): the same commitment, nothing new.
      const replay = await agent
        .post(`/projects/${project.id}/invest`)
        .type("form")
        .send(hiddenFields(reviewed.text));
      expect(replay.status).to.equal(303);
      expect(replay.headers.location).to.equal(`/investments/${id}`);
      expect(await ctx.db("commitments").where({ investor_id: user.id })).to.have.length(1);

      // A second commitment to the same offering is refused with a link to the first.
      const again = await commitShares(
        agent,
        { project, documents },
        "confirm",
        "100",
        row.payment_method_id,
      );
      expect(again.status).to.be.oneOf([200, 409]);
      expect(again.text).to.include(`href="/investments/${id}"`);
    });

    const badShares: [string, string][] = [
      ["1.5", "invest.commit.errors.wholeShares"],
      ["-3", "invest.commit.errors.sharesNegative"],
      ["ten", "invest.commit.errors.shares"],
      ["0", "invest.commit.errors.sharesPositive"],
      ["", "invest.commit.errors.shares"],
      ["1e3", "invest.commit.errors.shares"],
      ["99999999999999999999", "invest.commit.errors.tooMany"],
    ];
    for (const [shares, key] of badShares) {
      it(`refuses ${JSON.stringify(shares)} shares with a clear message (422), keeping the input`, async () => {
        const { project, documents, agent, cardId } = await usOfferingAndInvestor();
        const res = await commitShares(agent, { project, documents }, "review", shares, cardId);
        expect(res.status).to.equal(422);
        shows(res.text, en(key));
        expect(inputValue(res.text, "shares")).to.equal(escapeHtml(shares));
      });
    }

    it("full-width digits and thousands separators are whole shares", async () => {
      const { project, documents, agent, cardId } = await usOfferingAndInvestor();
      const res = await commitShares(agent, { project, documents }, "review", "１,０００", cardId);
      expect(res.status).to.equal(200);
      expect(res.text).to.include("$1,000");
    });

    it("below the minimum investment: says the minimum and how many shares reach it", async () => {
      const { project, documents } = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: now(),
        pricePerShareMinor: 150,
        minInvestmentMinor: 100_00,
      });
      const { agent, cardId } = await readyInvestor(ctx, { regime: "us_reg_cf" });
      const res = await commitShares(agent, { project, documents }, "review", "66", cardId);
      expect(res.status).to.equal(422);
      shows(
        res.text,
        en("invest.commit.errors.belowMinimum", { amount: "$99", minimum: "$100", shares: 67 }),
      );
      expect(inputValue(res.text, "shares")).to.equal("66");
    });

    it("over the 12-month limit: explains the remaining amount and the limit, in English and in Chinese", async () => {
      const { project, documents, agent, cardId } = await usOfferingAndInvestor();
      const res = await commitShares(agent, { project, documents }, "confirm", "10001", cardId);
      expect(res.status).to.equal(422);
      shows(res.text, en("invest.common.overLimit", { amount: "$10,001", remaining: "$10,000" }));
      expect(res.text).to.include("Your limit over 12 months is $10,000");
      expect(inputValue(res.text, "shares")).to.equal("10001");

      const chinese = await readyInvestor(ctx, { regime: "us_reg_cf", locale: "zh-CN" });
      const zhRes = await commitShares(
        chinese.agent,
        { project, documents },
        "confirm",
        "10001",
        chinese.cardId,
      );
      expect(zhRes.status).to.equal(422);
      shows(zhRes.text, zh("invest.common.overLimit", { amount: "US$10,001", remaining: "US$10,000" }));
    });

    it("investments declared from other platforms and earlier commitments count against the limit", async () => {
      const a = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const b = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const { agent, cardId } = await readyInvestor(ctx, {
        regime: "us_reg_cf",
        figures: {
          accredited: false,
          annualIncomeMinor: 60_000_00,
          netWorthMinor: 200_000_00,
          elsewhere: [
            { amountMinor: 3_000_00, on: new Date(now().getTime() - 10 * DAY).toISOString().slice(0, 10) },
          ],
        },
      });
      const first = await post(
        agent,
        a.project.id,
        "confirm",
        commitFields(a.documents, { shares: "5000", paymentMethodId: cardId }),
      );
      expect(first.status).to.equal(303);
      const second = await post(
        agent,
        b.project.id,
        "confirm",
        commitFields(b.documents, { shares: "2001", paymentMethodId: cardId }),
      );
      expect(second.status).to.equal(422);
      shows(second.text, en("invest.common.overLimit", { amount: "$2,001", remaining: "$2,000" }));
      const fits = await post(
        agent,
        b.project.id,
        "confirm",
        commitFields(b.documents, { shares: "2000", paymentMethodId: cardId }),
      );
      expect(fits.status).to.equal(303);
    });

    it("the acknowledgements must be ticked; documents replaced meanwhile are shown again (409)", async () => {
      const { project, documents, agent, cardId, user } = await usOfferingAndInvestor();
      const fields = commitFields(documents, { shares: "200", paymentMethodId: cardId });
      const unticked = await post(agent, project.id, "review", {
        ...fields,
        acknowledgedRisks: "",
        acknowledgedDocuments: "",
      });
      expect(unticked.status).to.equal(422);
      shows(unticked.text, en("invest.commit.errors.acknowledgeRisks"));
      shows(unticked.text, en("invest.commit.errors.acknowledgeDocuments"));
      expect(unticked.text).to.include('href="#f-acknowledgedRisks"');

      const v2 = await addDocument(ctx.db, project.id, "disclosure", { now: now() });
      const stale = await post(agent, project.id, "confirm", fields);
      expect(stale.status).to.equal(409);
      shows(stale.text, en("invest.refused.documentsChanged"));
      expect(stale.text).to.include(`/documents/${v2.id}"`);
      expect(inputValue(stale.text, "shownDocuments")).to.include(`${v2.id}:${v2.sha256}`);
      expect(await ctx.db("commitments").where({ investor_id: user.id })).to.have.length(0);
    });

    it("refuses another user's card, and a card number the gateway declines, keeping the input", async () => {
      const { project, documents, agent } = await usOfferingAndInvestor();
      const stranger = await createUser(ctx.db);
      const theirs = await saveCard(ctx, stranger);
      const res = await commitShares(agent, { project, documents }, "review", "200", theirs);
      expect(res.status).to.equal(422);
      shows(res.text, en("invest.commit.errors.card"));
      const declined = await post(agent, project.id, "review", {
        ...commitFields(documents, { shares: "200", paymentMethodId: "new" }),
        ...newCard,
        cardNumber: "4000 0000 0000 0002",
      });
      expect(declined.status).to.equal(422);
      shows(declined.text, en("pledges.cardErrors.card_declined"));
      expect(inputValue(declined.text, "shares")).to.equal("200");
    });

    it("hostile or malformed forms get a 4xx, never a 500", async () => {
      const { project } = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const { agent } = await readyInvestor(ctx, { regime: "us_reg_cf" });
      const page = await agent.get(`/projects/${project.id}/invest`);
      const token = csrfFrom(page.text);
      const bodies = [
        "shares=1&shares=2&paymentMethodId=1",
        "shares[a]=1",
        "paymentMethodId=-1&shares=10&idempotencyKey=short",
        `shares=10&paymentMethodId=99999999999999999&idempotencyKey=${crypto.randomUUID()}&shownDocuments=garbage`,
        `shares=${"9".repeat(39)}&paymentMethodId=new&idempotencyKey=${crypto.randomUUID()}`,
      ];
      for (const body of bodies) {
        for (const url of [`/projects/${project.id}/invest/review`, `/projects/${project.id}/invest`]) {
          const res = await agent
            .post(url)
            .type("form")
            .send(`_csrf=${encodeURIComponent(token)}&${body}`);
          expect(res.status, `${url} ${body}`).to.be.within(400, 499);
        }
      }
    });
  });

  describe("cancelling (US: not in the last 48 hours)", () => {
    async function committed(deadlineInHours: number, regime: "us_reg_cf" | "uk" = "us_reg_cf") {
      const { project, documents } = await createOffering(ctx.db, {
        regime,
        now: now(),
        deadlineAt: new Date(now().getTime() + deadlineInHours * HOUR),
      });
      const inv = await readyInvestor(ctx, { regime });
      if (regime === "uk") {
        await ctx.db("appropriateness_attempts").insert({
          user_id: inv.user.id,
          answers: "{}",
          correct: 6,
          total: 6,
          passed: true,
          locale: "en",
          created_at: now().toISOString(),
        });
        await ctx.db("cooling_off_starts").insert({
          user_id: inv.user.id,
          new_to_platform: true,
          project_id: project.id,
          started_at: new Date(now().getTime() - 2 * DAY).toISOString(),
        });
      }
      const res = await commitShares(inv.agent, { project, documents }, "confirm", "500", inv.cardId);
      expect(res.status).to.equal(303);
      return { ...inv, project, id: Number(String(res.headers.location).split("/").pop()) };
    }

    it("until 48 hours before the deadline: cancelled, totals back, history and mail", async () => {
      const { agent, project, id, user } = await committed(72);
      const before = (await findProject(ctx.db, project.id)) as Project;
      const form = await agent.get(`/investments/${id}/cancel`);
      expect(form.status).to.equal(200);
      shows(form.text, en("invest.commitments.cancel.confirm"));
      const res = await agent
        .post(`/investments/${id}/cancel`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text) });
      expect(res.status).to.equal(303);
      const row = await ctx.db("commitments").where({ id }).first();
      expect(row.status).to.equal("cancelled");
      expect(row.cancel_reason).to.equal("investor");
      const after = (await findProject(ctx.db, project.id)) as Project;
      expect(before.pledgedMinor - after.pledgedMinor).to.equal(500_00);
      expect(before.backersCount - after.backersCount).to.equal(1);
      const mail = ctx.mail.at(-1);
      expect(mail?.to).to.equal(user.email);
      expect(mail?.subject).to.equal(en("invest.mail.cancelled.subject", { project: project.title }));
      expect(mail?.text).to.include(`${formatMoney(500_00, "USD", "en")} (500 shares)`);
      expect(mail?.text).to.include(`${ctx.config.baseUrl}/investments/${id}`);
      shows(
        (await agent.get("/notifications")).text,
        en("comms.kinds.commitment_cancelled.text", {
          amount: formatMoney(500_00, "USD", "en"),
          project: project.title,
        }),
      );
      const detail = await agent.get(`/investments/${id}`);
      shows(detail.text, en("invest.events.cancelled"));
      // Cancelling again: refused, no double refund of the totals.
      const again = await agent
        .post(`/investments/${id}/cancel`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text) });
      expect(again.status).to.equal(409);
      expect((await findProject(ctx.db, project.id))?.pledgedMinor).to.equal(after.pledgedMinor);
    });

    it("within the last 48 hours: refused with the reason and the dates (409); the commitment stands", async () => {
      const { agent, project, id } = await committed(72);
      ctx.clock.advance(25 * HOUR); // 47 hours left
      const deadline = project.deadlineAt as Date;
      const cutoff = new Date(deadline.getTime() - 48 * HOUR);
      const reason = en("invest.commitments.refused.usCutoff", {
        hours: 48,
        cutoff: formatDateTime(cutoff, "en"),
        deadline: formatDateTime(deadline, "en"),
      });
      const detail = await agent.get(`/investments/${id}`);
      shows(detail.text, reason);
      expect(detail.text).not.to.include(`href="/investments/${id}/cancel"`);
      const form = await agent.get(`/investments/${id}/cancel`);
      shows(form.text, reason);
      expect(form.text).not.to.include(`action="/investments/${id}/cancel"`);
      const res = await agent
        .post(`/investments/${id}/cancel`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text) });
      expect(res.status).to.equal(409);
      shows(res.text, reason);
      expect((await ctx.db("commitments").where({ id }).first()).status).to.equal("active");
    });

    it("exactly at the cutoff is too late", async () => {
      const { agent, id } = await committed(50);
      ctx.clock.advance(2 * HOUR);
      const form = await agent.get(`/investments/${id}/cancel`);
      const res = await agent
        .post(`/investments/${id}/cancel`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text) });
      expect(res.status).to.equal(409);
    });

    it("UK commitments can be cancelled until the deadline", async () => {
      const { agent, id } = await committed(30, "uk");
      const form = await agent.get(`/investments/${id}/cancel`);
      const res = await agent
        .post(`/investments/${id}/cancel`)
        .type("form")
        .send({ _csrf: csrfFrom(form.text) });
      expect(res.status).to.equal(303);
    });

    it("someone else's commitment, and ids that are not ids, are not found", async () => {
      const { id } = await committed(100);
      const stranger = await readyInvestor(ctx, { regime: "us_reg_cf" });
      for (const path of [
        `/investments/${id}`,
        `/investments/${id}/cancel`,
        `/investments/${id}/reconfirm`,
      ]) {
        expect((await stranger.agent.get(path)).status, path).to.equal(404);
      }
      const token = csrfFrom((await stranger.agent.get("/investments")).text);
      expect(
        (await stranger.agent.post(`/investments/${id}/cancel`).type("form").send({ _csrf: token })).status,
      ).to.equal(404);
      expect(
        (await stranger.agent.post(`/investments/${id}/reconfirm`).type("form").send({ _csrf: token }))
          .status,
      ).to.equal(404);
      expect((await ctx.db("commitments").where({ id }).first()).status).to.equal("active");
      for (const bad of ["x", "0", "-1", "1e3", "99999999999999999999"]) {
        expect((await stranger.agent.get(`/investments/${bad}`)).status, bad).to.equal(404);
      }
    });
  });

  describe("a UK offering", () => {
    it("shows the prescribed risk warning with its link; an investor new to the platform waits 24 hours from opening it", async () => {
      const { project, documents } = await createOffering(ctx.db, {
        regime: "uk",
        now: now(),
        title: "Kent Cider",
      });
      const { agent, cardId, user } = await readyInvestor(ctx, {
        regime: "uk",
        figures: UK_FIGURES,
        name: "Kit New",
      });
      const right = {
        loseAll: "b",
        illiquid: "c",
        dilution: "a",
        protection: "b",
        diversification: "c",
        dividends: "a",
      };
      const quiz = await agent.get("/invest/quiz");
      await agent
        .post("/invest/quiz")
        .type("form")
        .send({ _csrf: csrfFrom(quiz.text), ...right });

      const publicPage = await supertest(ctx.app).get(`/projects/${project.id}`);
      shows(publicPage.text, en("invest.uk.riskWarning.headline"));
      expect(publicPage.text).to.include('href="/invest/risk-summary"');

      const page = await agent.get(`/projects/${project.id}/invest`);
      expect(page.status).to.equal(200);
      shows(page.text, en("invest.uk.riskWarning.headline"));
      shows(page.text, en("invest.uk.riskWarning.personalised", { name: "Kit New" }));
      const start = await ctx.db("cooling_off_starts").where({ user_id: user.id }).first();
      expect(start.started_at).to.equal(now().toISOString());
      expect(Boolean(start.new_to_platform)).to.equal(true);

      const fields = commitFields(documents, { shares: "1000", paymentMethodId: cardId });
      const early = await post(agent, project.id, "confirm", fields);
      expect(early.status).to.equal(422);
      shows(
        early.text,
        en("invest.uk.refused.coolingOff", {
          hours: 24,
          until: formatDateTime(new Date(now().getTime() + DAY), "en"),
        }),
      );
      ctx.clock.advance(DAY);
      const later = await post(agent, project.id, "confirm", fields);
      expect(later.status).to.equal(303);
      // Opening the page again does not restart anything.
      expect((await ctx.db("cooling_off_starts").where({ user_id: user.id })).length).to.equal(1);
      const acks = await ctx
        .db("commitment_acknowledgements")
        .where({ kind: "risk_warning" })
        .whereIn("commitment_id", ctx.db("commitments").select("id").where({ investor_id: user.id }));
      expect(acks.map((a) => a.text_key)).to.include("invest.uk.riskWarning.headline");
    });

    it("without the appropriateness test passed, the investor is sent to it", async () => {
      const { project, documents } = await createOffering(ctx.db, { regime: "uk", now: now() });
      const { agent, cardId } = await readyInvestor(ctx, { regime: "uk" });
      const page = await agent.get(`/projects/${project.id}/invest`);
      expect(page.text).to.include(
        `href="/invest/quiz?returnTo=${encodeURIComponent(`/projects/${project.id}/invest`)}"`,
      );
      ctx.clock.advance(DAY);
      const res = await commitShares(agent, { project, documents }, "confirm", "1000", cardId);
      expect(res.status).to.equal(422);
      shows(res.text, en("invest.uk.refused.appropriatenessNeeded"));
    });
  });

  describe("a China offering", () => {
    it("an unqualified investor is refused with the reason; a single commitment of ¥1,000,000 qualifies on its own", async () => {
      const { project, documents } = await createOffering(ctx.db, {
        regime: "cn_private",
        now: now(),
        pricePerShareMinor: 100_00,
        minInvestmentMinor: 100_00,
      });
      const { agent, cardId } = await readyInvestor(ctx, {
        regime: "cn_private",
        figures: CN_UNQUALIFIED,
        locale: "zh-CN",
      });
      const page = await agent.get(`/projects/${project.id}/invest`);
      expect(page.status).to.equal(200);
      const res = await commitShares(agent, { project, documents }, "confirm", "100", cardId);
      expect(res.status).to.equal(422);
      shows(
        res.text,
        zh("invest.cn.refused.individual", {
          assets: "¥500,000",
          assetsThreshold: "¥3,000,000",
          income: "¥200,000",
          incomeThreshold: "¥500,000",
          minimum: "¥1,000,000",
        }),
      );
      expect(inputValue(res.text, "shares")).to.equal("100");
      const big = await commitShares(agent, { project, documents }, "confirm", "10000", cardId);
      expect(big.status).to.equal(303);
    });
  });

  describe("the public project page and the creator's investor list", () => {
    it("a live equity offering links to the invest page and states the allocation rule", async () => {
      const { project } = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
      const res = await supertest(ctx.app).get(`/projects/${project.id}`);
      expect(res.text).to.include(`href="/projects/${project.id}/invest"`);
      shows(res.text, en("invest.cta.allocation.first_come"));
      expect(res.text).not.to.include(escapeHtml(en("discover.project.cta.investSoon")));
    });

    it("the creator and admins see the investors and export them as CSV (formulas neutralised); others do not", async () => {
      const creator = await createUser(ctx.db, { name: "Creator Cai" });
      const { project, documents } = await createOffering(ctx.db, {
        regime: "us_reg_cf",
        now: now(),
        creatorId: creator.id,
      });
      const evil = await readyInvestor(ctx, {
        regime: "us_reg_cf",
        name: '=HYPERLINK("http://evil.example")',
      });
      const ok = await commitShares(evil.agent, { project, documents }, "confirm", "300", evil.cardId);
      expect(ok.status).to.equal(303);
      const owner = browser(ctx.app);
      await signIn(owner, creator.email);
      const dashboard = await owner.get("/dashboard");
      expect(dashboard.text).to.include(`href="/projects/${project.id}/investors"`);
      const list = await owner.get(`/projects/${project.id}/investors`);
      expect(list.status).to.equal(200);
      shows(
        list.text,
        en("invest.investors.totals", { count: 1, investors: "1", shares: "300", amount: "$300" }),
      );
      const csv = await owner.get(`/projects/${project.id}/investors.csv`).buffer(true);
      expect(csv.status).to.equal(200);
      expect(csv.headers["content-type"]).to.match(/^text\/csv/);
      expect(csv.headers["content-disposition"]).to.include(`project-${project.id}-investors.csv`);
      const text = String(csv.text ?? csv.body);
      expect(text.charCodeAt(0)).to.equal(0xfeff);
      const [header, first] = text.slice(1).trim().split("\n");
      expect(header).to.include(en("invest.csv.shares"));
      expect(first).to.include(",300,1.00,300.00,USD,");
      // A name starting with "=" is text, not a formula, in a spreadsheet.
      expect(first).to.include(`"'=HYPERLINK(""http://evil.example"")"`);

      const admin = await createUser(ctx.db, { role: "admin" });
      const adminAgent = browser(ctx.app);
      await signIn(adminAgent, admin.email);
      expect((await adminAgent.get(`/projects/${project.id}/investors`)).status).to.equal(200);
      expect((await evil.agent.get(`/projects/${project.id}/investors`)).status).to.equal(404);
      expect((await evil.agent.get(`/projects/${project.id}/investors.csv`)).status).to.equal(404);
      expect((await supertest(ctx.app).get(`/projects/${project.id}/investors`)).status).to.equal(303);
    });
  });

  it("when the creator cancels the offering, every commitment is cancelled with it and its investor told", async () => {
    const creator = await createUser(ctx.db, { name: "Quitting Creator" });
    const { project, documents } = await createOffering(ctx.db, {
      regime: "us_reg_cf",
      now: now(),
      creatorId: creator.id,
    });
    const inv = await readyInvestor(ctx, { regime: "us_reg_cf", locale: "zh-CN" });
    const res = await commitShares(inv.agent, { project, documents }, "confirm", "300", inv.cardId);
    const id = Number(String(res.headers.location).split("/").pop());
    const owner = browser(ctx.app);
    await signIn(owner, creator.email);
    const form = await owner.get(`/projects/${project.id}/cancel`);
    const cancelled = await owner
      .post(`/projects/${project.id}/cancel`)
      .type("form")
      .send({ _csrf: csrfFrom(form.text), reason: "We found other funding." });
    expect(cancelled.status).to.equal(303);
    const row = await ctx.db("commitments").where({ id }).first();
    expect(row.status).to.equal("cancelled");
    expect(row.cancel_reason).to.equal("offering_cancelled");
    const after = (await findProject(ctx.db, project.id)) as Project;
    expect(after.pledgedMinor).to.equal(0);
    expect(after.backersCount).to.equal(0);
    const mail = ctx.mail.filter((m) => m.to === inv.user.email).at(-1);
    expect(mail?.subject).to.equal(zh("invest.mail.offeringCancelled.subject", { project: project.title }));
    expect(mail?.text).to.include(`${formatMoney(300_00, "USD", "zh-CN")}（300 股）`);
    expect(mail?.text).to.include(`${ctx.config.baseUrl}/investments/${id}`);
    shows(
      (await inv.agent.get("/notifications")).text,
      zh("comms.kinds.commitment_released.text", {
        amount: formatMoney(300_00, "USD", "zh-CN"),
        project: project.title,
      }),
    );
    const detail = await inv.agent.get(`/investments/${id}`);
    shows(detail.text, zh("invest.commitments.cancelReasons.offering_cancelled"));
  });

  it("a user reading another user's list sees only their own commitments", async () => {
    const { project, documents } = await createOffering(ctx.db, {
      regime: "us_reg_cf",
      now: now(),
      title: "Mine Only",
    });
    const a = await readyInvestor(ctx, { regime: "us_reg_cf" });
    await commitShares(a.agent, { project, documents }, "confirm", "200", a.cardId);
    const b: { agent: Agent; user: User } = await readyInvestor(ctx, { regime: "us_reg_cf" });
    const list = await b.agent.get("/investments");
    expect(list.text).not.to.include("Mine Only");
    shows(list.text, en("invest.commitments.empty"));
  });
});
