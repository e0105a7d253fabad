import { expect } from "chai";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { findProject, tiersOf, updateProjectFields } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { BASICS, startProject, TERMS, TIER, tokenFrom } from "../support/creator-factory.ts";
import { browser, csrfFrom, escapeHtml, inputValue, submitForm } from "../support/http.ts";
import {
  addEquityTerms,
  addImage,
  addTier,
  createProject,
  createUser,
  signIn,
} from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));

describe("creator: projects", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  /** A new user, signed in. */
  async function creator(options: { role?: "admin" } = {}) {
    const user = await createUser(ctx.db, options);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    return { user, agent };
  }

  describe("GET/POST /projects/new", () => {
    it("sends a visitor to sign in first, and refuses an anonymous POST", async () => {
      const res = await supertest(ctx.app).get("/projects/new");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/login?returnTo=${encodeURIComponent("/projects/new")}`);
      const agent = browser(ctx.app);
      const token = await tokenFrom(agent, "/login");
      const post = await agent
        .post("/projects/new")
        .type("form")
        .send({ _csrf: token, kind: "reward", ...BASICS });
      expect(post.status).to.equal(403);
      expect(await ctx.db("projects").where({ title: BASICS.title }).count({ n: "*" })).to.deep.equal([
        { n: 0 },
      ]);
    });

    it("explains both kinds: rewards are never money or equity", async () => {
      const { agent } = await creator();
      const page = await agent.get("/projects/new");
      expect(page.status).to.equal(200);
      shows(page.text, en("projects.new.kindHelp.reward"));
      shows(page.text, en("projects.new.kindHelp.equity"));
      expect(en("projects.new.kindHelp.reward")).to.match(/never money, interest, profit or shares/);
      for (const c of ["CNY", "USD", "GBP", "EUR"]) expect(page.text).to.include(`value="${c}"`);
    });

    it("creates a draft owned by the user and opens its editor", async () => {
      const { user, agent } = await creator();
      const res = await submitForm(agent, "/projects/new", "/projects/new", {
        kind: "reward",
        ...BASICS,
        goal: "5,000.50",
      });
      expect(res.status).to.equal(303);
      const id = Number(String(res.headers.location).match(/^\/projects\/(\d+)\/edit$/)?.[1]);
      const project = await findProject(ctx.db, id);
      expect(project).to.deep.include({
        creatorId: user.id,
        kind: "reward",
        state: "draft",
        title: BASICS.title,
        goalMinor: 500_050,
        currency: "CNY",
        durationDays: 30,
        launchedAt: null,
        deadlineAt: null,
      });
      const audit = await auditTrail(ctx.db, "project", id);
      expect(audit.map((a) => [a.action, a.actorId])).to.deep.equal([["project.create", user.id]]);
      const editor = await agent.get(`/projects/${id}/edit`);
      shows(editor.text, en("projects.new.created"));
    });

    const badGoals: [string, string][] = [
      ["0", "projects.validation.amount.zero"],
      ["0.00", "projects.validation.amount.zero"],
      ["-5", "projects.validation.amount.negative"],
      ["10.001", "projects.validation.amount.tooManyDecimals"],
      ["99999999999999", "projects.validation.amount.tooLarge"],
      ["1e5", "projects.validation.amount.invalid"],
      ["five thousand", "projects.validation.amount.invalid"],
      ["", "validation.required"],
    ];
    for (const [goal, key] of badGoals) {
      it(`refuses the goal ${JSON.stringify(goal)} with "${en(key)}" and keeps what was typed`, async () => {
        const { agent } = await creator();
        const res = await submitForm(agent, "/projects/new", "/projects/new", {
          kind: "reward",
          ...BASICS,
          goal,
        });
        expect(res.status).to.equal(422);
        shows(res.text, en(key));
        expect(inputValue(res.text, "title")).to.equal(escapeHtml(BASICS.title));
        expect(inputValue(res.text, "goal")).to.equal(goal);
        expect(res.text).to.match(/<input[^>]*id="f-goal"[^>]*aria-invalid="true"/);
      });
    }

    for (const days of ["0", "61", "1.5", "-3", "thirty", "", "9999999999"]) {
      it(`refuses a campaign of ${JSON.stringify(days)} days`, async () => {
        const { agent } = await creator();
        const res = await submitForm(agent, "/projects/new", "/projects/new", {
          kind: "reward",
          ...BASICS,
          durationDays: days,
        });
        expect(res.status).to.equal(422);
        shows(res.text, en(days === "" ? "validation.required" : "projects.validation.durationDays"));
      });
    }

    it("accepts 1 and 60 days, the bounds", async () => {
      const { agent } = await creator();
      for (const days of ["1", "60"]) {
        const id = await startProject(agent, { durationDays: days });
        expect((await findProject(ctx.db, id))?.durationDays).to.equal(Number(days));
      }
    });

    it("refuses unknown kinds, currencies and categories, and a title that is too long", async () => {
      const { agent } = await creator();
      const res = await submitForm(agent, "/projects/new", "/projects/new", {
        ...BASICS,
        kind: "donation",
        currency: "JPY",
        category: "weapons",
        title: "x".repeat(121),
      });
      expect(res.status).to.equal(422);
      shows(res.text, en("projects.validation.choose"));
      shows(res.text, en("projects.validation.maxLength.c120"));
      const summary = res.text.slice(res.text.indexOf("error-summary"));
      for (const field of ["kind", "title", "category", "currency"])
        expect(summary).to.include(`href="#f-${field}"`);
    });

    it("answers a field sent twice with a 422, not a 500", async () => {
      const { agent } = await creator();
      const page = await agent.get("/projects/new");
      const res = await agent
        .post("/projects/new")
        .type("form")
        .send(
          `_csrf=${encodeURIComponent(csrfFrom(page.text))}&kind=reward&kind=equity&title=a&title=b&goal=1&goal=2`,
        );
      expect(res.status).to.equal(422);
    });

    it("speaks Chinese to a Chinese reader", async () => {
      const { agent } = await creator();
      await agent.get("/language/zh-CN");
      const res = await submitForm(agent, "/projects/new", "/projects/new", {
        kind: "reward",
        ...BASICS,
        goal: "0",
      });
      expect(res.status).to.equal(422);
      shows(res.text, zh("projects.validation.amount.zero"));
      shows(res.text, zh("projects.new.title"));
    });
  });

  describe("GET/POST /projects/:id/edit", () => {
    it("shows the creator's draft with its values", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const page = await agent.get(`/projects/${id}/edit`);
      expect(page.status).to.equal(200);
      expect(inputValue(page.text, "title")).to.equal(BASICS.title);
      expect(inputValue(page.text, "goal")).to.equal("5000.00");
      expect(page.text).to.match(/<option value="CNY" selected>/);
    });

    it("is not found for another user, for an admin, and for ids that are not ids", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const other = await creator();
      const admin = await creator({ role: "admin" });
      for (const a of [other.agent, admin.agent]) {
        expect((await a.get(`/projects/${id}/edit`)).status).to.equal(404);
        expect((await a.get(`/projects/${id}/tiers`)).status).to.equal(404);
        expect((await a.get(`/projects/${id}/submit`)).status).to.equal(404);
        expect((await a.get(`/projects/${id}/cancel`)).status).to.equal(404);
      }
      for (const bad of ["abc", "0", "-1", "1.5", "99999999999999999999", "1e3", "%00"]) {
        expect((await agent.get(`/projects/${bad}/edit`)).status, bad).to.equal(404);
      }
      expect((await agent.get("/projects/987654/edit")).status).to.equal(404);
    });

    it("saves the basics, the story as Markdown and sanitized HTML, the risks and the team", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const storyMd =
        "## Why oak\r\n\r\nBecause it lasts. <script>alert(1)</script> [site](javascript:alert(1))";
      const res = await submitForm(agent, `/projects/${id}/edit`, `/projects/${id}/edit`, {
        ...BASICS,
        title: "Oak organiser, second edition",
        goal: "7500",
        currency: "EUR",
        storyMd,
        risks: "Oak supply may be late.",
        team: "Two woodworkers.",
      });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal(`/projects/${id}/edit`);
      const project = await findProject(ctx.db, id);
      expect(project).to.deep.include({
        title: "Oak organiser, second edition",
        goalMinor: 750_000,
        currency: "EUR",
        storyMd: storyMd.replace(/\r\n/g, "\n"),
        risks: "Oak supply may be late.",
        team: "Two woodworkers.",
      });
      expect(project?.storyHtml).to.include("<h3>Why oak</h3>");
      expect(project?.storyHtml).not.to.include("<script");
      expect(project?.storyHtml).not.to.include("javascript:");
      const page = await agent.get(`/projects/${id}/edit`);
      expect(page.text).to.include("<h3>Why oak</h3>");
      expect(page.text).not.to.include("<script>alert(1)</script>");
    });

    it("keeps what was typed when the goal is wrong", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const res = await submitForm(agent, `/projects/${id}/edit`, `/projects/${id}/edit`, {
        ...BASICS,
        goal: "-1",
        storyMd: "A story I do not want to lose",
      });
      expect(res.status).to.equal(422);
      shows(res.text, en("projects.validation.amount.negative"));
      expect(res.text).to.include("A story I do not want to lose</textarea>");
      expect((await findProject(ctx.db, id))?.goalMinor).to.equal(500_000);
    });

    it("does not let another user (or an admin) change a project by its id", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      for (const intruder of [await creator(), await creator({ role: "admin" })]) {
        const token = await tokenFrom(intruder.agent, "/projects/new");
        const res = await intruder.agent
          .post(`/projects/${id}/edit`)
          .type("form")
          .send({ _csrf: token, ...BASICS, title: "Hijacked" });
        expect(res.status).to.equal(404);
      }
      expect((await findProject(ctx.db, id))?.title).to.equal(BASICS.title);
    });

    it("is read-only once submitted, and a POST says why with a 422", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const token = await tokenFrom(agent, `/projects/${id}/edit`);
      await updateProjectFields(ctx.db, id, { state: "submitted" }, ctx.clock.now());
      const page = await agent.get(`/projects/${id}/edit`);
      expect(page.status).to.equal(200);
      expect(page.text).not.to.include(`action="/projects/${id}/edit"`);
      shows(page.text, en("projects.notice.locked", { state: en("projects.states.submitted") }));
      const res = await agent
        .post(`/projects/${id}/edit`)
        .type("form")
        .send({ _csrf: token, ...BASICS, title: "Changed in review" });
      expect(res.status).to.equal(422);
      shows(res.text, en("projects.edit.locked", { state: "submitted" }));
      expect(en("projects.edit.locked", { state: "submitted" })).to.include("In review");
      expect((await findProject(ctx.db, id))?.title).to.equal(BASICS.title);
    });
  });

  describe("reward tiers", () => {
    it("adds a tier with a limited quantity and shipping fees per region (free shipping is 0)", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const res = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, TIER);
      expect(res.status).to.equal(303);
      const [tier] = await tiersOf(ctx.db, id);
      expect(tier).to.deep.include({
        title: "Early bird",
        minimumMinor: 19_900,
        quantityLimit: 100,
        estimatedDelivery: "2099-06",
        ships: true,
      });
      expect(tier?.shipping).to.deep.equal([
        { region: "cn", feeMinor: 0 },
        { region: "europe", feeMinor: 4_550 },
      ]);
      const page = await agent.get(`/projects/${id}/tiers`);
      shows(page.text, "Early bird");
      shows(page.text, en("projects.tiers.limited", { count: 100 }));
    });

    it("a tier that is not shipped keeps no fees; a blank quantity is unlimited", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const { ships: _, ...notShipped } = TIER;
      await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        ...notShipped,
        quantityLimit: "",
      });
      const [tier] = await tiersOf(ctx.db, id);
      expect(tier).to.deep.include({ ships: false, quantityLimit: null, shipping: [] });
    });

    it("reports every problem of a tier at once, in the user's words, and keeps the input", async () => {
      ctx.clock.set(new Date("2026-05-15T12:00:00.000Z"));
      const { agent } = await creator();
      const id = await startProject(agent);
      const res = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        title: "Bad tier",
        description: "",
        minimum: "-1",
        quantityLimit: "0",
        estimatedDelivery: "2026-04",
        ships: "yes",
        fee_asia: "-2",
      });
      expect(res.status).to.equal(422);
      for (const key of [
        "validation.required",
        "projects.validation.amount.negative",
        "projects.tiers.errors.quantity",
        "projects.tiers.errors.deliveryPast",
        "projects.tiers.errors.noRegion",
      ])
        shows(res.text, en(key));
      expect(inputValue(res.text, "title")).to.equal("Bad tier");
      expect(inputValue(res.text, "fee_asia")).to.equal("-2");
      expect(await tiersOf(ctx.db, id)).to.have.length(0);
    });

    it("takes the current month from the clock: this month is fine, the previous one is not", async () => {
      ctx.clock.set(new Date("2026-05-01T00:00:00.000Z"));
      const { agent } = await creator();
      const id = await startProject(agent);
      const past = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        ...TIER,
        estimatedDelivery: "2026-04",
      });
      expect(past.status).to.equal(422);
      const now = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        ...TIER,
        estimatedDelivery: "2026-05",
      });
      expect(now.status).to.equal(303);
      const bad = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        ...TIER,
        estimatedDelivery: "2026-13",
      });
      expect(bad.status).to.equal(422);
      shows(bad.text, en("projects.tiers.errors.month"));
    });

    for (const minimum of ["0", "-1", "abc", "1.001"]) {
      it(`refuses a minimum pledge of ${JSON.stringify(minimum)}`, async () => {
        const { agent } = await creator();
        const id = await startProject(agent);
        const res = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
          ...TIER,
          minimum,
        });
        expect(res.status).to.equal(422);
        expect(res.text).to.match(/id="f-minimum-error"/);
      });
    }

    it("edits and deletes a tier; a tier id of another project is not found", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const otherId = await startProject(agent);
      const tierId = await addTier(ctx.db, id, { title: "Supporter", estimatedDelivery: "2099-01" });
      const edit = await agent.get(`/projects/${id}/tiers/${tierId}/edit`);
      expect(edit.status).to.equal(200);
      expect(inputValue(edit.text, "title")).to.equal("Supporter");
      expect((await agent.get(`/projects/${otherId}/tiers/${tierId}/edit`)).status).to.equal(404);
      const wrong = await submitForm(
        agent,
        `/projects/${id}/tiers`,
        `/projects/${otherId}/tiers/${tierId}`,
        TIER,
      );
      expect(wrong.status).to.equal(404);
      const saved = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers/${tierId}`, {
        ...TIER,
        title: "Supporter plus",
      });
      expect(saved.status).to.equal(303);
      expect((await tiersOf(ctx.db, id))[0]?.title).to.equal("Supporter plus");
      const deleted = await submitForm(
        agent,
        `/projects/${id}/tiers`,
        `/projects/${id}/tiers/${tierId}/delete`,
        {},
      );
      expect(deleted.status).to.equal(303);
      expect(await tiersOf(ctx.db, id)).to.have.length(0);
    });

    it("another user can neither add, edit nor delete tiers", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const tierId = await addTier(ctx.db, id);
      const other = await creator();
      const token = await tokenFrom(other.agent, "/projects/new");
      for (const path of [
        `/projects/${id}/tiers`,
        `/projects/${id}/tiers/${tierId}`,
        `/projects/${id}/tiers/${tierId}/delete`,
        `/projects/${id}/attest`,
      ]) {
        const res = await other.agent
          .post(path)
          .type("form")
          .send({ _csrf: token, ...TIER, attest: "yes" });
        expect(res.status, path).to.equal(404);
      }
      expect(await tiersOf(ctx.db, id)).to.have.length(1);
      expect((await findProject(ctx.db, id))?.rewardsAttested).to.equal(false);
    });

    it("tiers cannot change once the project is submitted", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const token = await tokenFrom(agent, `/projects/${id}/tiers`);
      await updateProjectFields(ctx.db, id, { state: "submitted" }, ctx.clock.now());
      const page = await agent.get(`/projects/${id}/tiers`);
      expect(page.status).to.equal(200);
      expect(page.text).not.to.include(`action="/projects/${id}/tiers"`);
      const res = await agent
        .post(`/projects/${id}/tiers`)
        .type("form")
        .send({ _csrf: token, ...TIER });
      expect(res.status).to.equal(422);
      expect(await tiersOf(ctx.db, id)).to.have.length(0);
    });

    it("records the rewards attestation, and its withdrawal, in the audit log", async () => {
      const { user, agent } = await creator();
      const id = await startProject(agent);
      const yes = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/attest`, {
        attest: "yes",
      });
      expect(yes.status).to.equal(303);
      expect((await findProject(ctx.db, id))?.rewardsAttested).to.equal(true);
      const page = await agent.get(`/projects/${id}/tiers`);
      expect(page.text).to.match(/id="f-attest" name="attest" value="yes" checked/);
      await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/attest`, {});
      expect((await findProject(ctx.db, id))?.rewardsAttested).to.equal(false);
      const actions = (await auditTrail(ctx.db, "project", id)).map((a) => [a.action, a.actorId]);
      expect(actions).to.deep.equal([
        ["project.create", user.id],
        ["project.rewards_attest", user.id],
        ["project.rewards_attest_withdraw", user.id],
      ]);
    });

    it("an equity project has no tiers page", async () => {
      const { agent } = await creator();
      const id = await startProject(agent, { kind: "equity", currency: "USD" });
      expect((await agent.get(`/projects/${id}/tiers`)).status).to.equal(404);
    });
  });

  describe("equity terms", () => {
    async function equityProject(currency = "USD", goal = "250000") {
      const c = await creator();
      const id = await startProject(c.agent, { kind: "equity", currency, goal });
      return { ...c, id };
    }

    it("saves terms that fit the regime and explains the regimes and allocation rules", async () => {
      const { agent, id } = await equityProject();
      const page = await agent.get(`/projects/${id}/equity`);
      for (const r of ["us_reg_cf", "uk", "cn_private"])
        shows(page.text, en(`projects.equity.regimeHelp.${r}`));
      shows(page.text, en("projects.equity.allocationHelp.pro_rata"));
      shows(page.text, en("projects.equity.allocationShown"));
      const res = await submitForm(agent, `/projects/${id}/equity`, `/projects/${id}/equity`, TERMS);
      expect(res.status).to.equal(303);
      const row = await ctx.db("equity_terms").where({ project_id: id }).first();
      expect(row).to.include({
        company_name: "Acme Robotics Inc.",
        regime: "us_reg_cf",
        allocation_rule: "pro_rata",
        security_type: "common",
      });
      expect(Number(row.price_per_share_minor)).to.equal(150);
      expect(Number(row.max_raise_minor)).to.equal(100_000_000);
    });

    const refusals: [string, Record<string, string>, string, string?][] = [
      ["a regime in another currency", { regime: "uk" }, "projects.equity.errors.currency.uk"],
      ["China regime in USD", { regime: "cn_private" }, "projects.equity.errors.currency.cn_private"],
      ["Reg CF above US$5,000,000", { maxRaise: "5000000.01" }, "projects.equity.errors.regCfCap"],
      ["a maximum below the goal", { maxRaise: "249999.99" }, "projects.equity.errors.maxBelowGoal"],
      ["a minimum below one share", { minInvestment: "1.49" }, "projects.equity.errors.minBelowPrice"],
      ["a price of zero", { pricePerShare: "0" }, "projects.validation.amount.zero"],
      [
        "a valuation with three decimals",
        { preMoneyValuation: "1.001" },
        "projects.validation.amount.tooManyDecimals",
      ],
      ["no use of funds", { useOfFunds: "" }, "validation.required"],
      ["an unknown security", { securityType: "tokens" }, "projects.validation.choose"],
      ["an unknown allocation rule", { allocationRule: "lottery" }, "projects.validation.choose"],
    ];
    for (const [name, change, key] of refusals) {
      it(`refuses ${name}`, async () => {
        const { agent, id } = await equityProject();
        const res = await submitForm(agent, `/projects/${id}/equity`, `/projects/${id}/equity`, {
          ...TERMS,
          ...change,
        });
        expect(res.status).to.equal(422);
        shows(res.text, en(key));
        expect(inputValue(res.text, "companyName")).to.equal(escapeHtml(TERMS.companyName));
        expect(await ctx.db("equity_terms").where({ project_id: id }).first()).to.equal(undefined);
      });
    }

    it("accepts exactly US$5,000,000 under Reg CF, and a UK offering in GBP", async () => {
      const a = await equityProject();
      const ok = await submitForm(a.agent, `/projects/${a.id}/equity`, `/projects/${a.id}/equity`, {
        ...TERMS,
        maxRaise: "5000000",
      });
      expect(ok.status).to.equal(303);
      const b = await equityProject("GBP");
      const uk = await submitForm(b.agent, `/projects/${b.id}/equity`, `/projects/${b.id}/equity`, {
        ...TERMS,
        regime: "uk",
        maxRaise: "9000000",
      });
      expect(uk.status).to.equal(303);
    });

    it("a reward project has no equity page; another user's is not found", async () => {
      const { agent } = await creator();
      const reward = await startProject(agent);
      expect((await agent.get(`/projects/${reward}/equity`)).status).to.equal(404);
      const { id } = await equityProject();
      expect((await agent.get(`/projects/${id}/equity`)).status).to.equal(404);
      const token = await tokenFrom(agent, "/projects/new");
      const res = await agent
        .post(`/projects/${id}/equity`)
        .type("form")
        .send({ _csrf: token, ...TERMS });
      expect(res.status).to.equal(404);
    });
  });

  describe("submit, launch, cancel", () => {
    /** A reward draft whose checklist is complete except what `skip` leaves out. */
    async function readyProject(skip: string[] = []) {
      const c = await creator();
      const project = await createProject(ctx.db, {
        creatorId: c.user.id,
        risks: skip.includes("risks") ? "" : "Delays.",
        rewardsAttested: !skip.includes("rewardsAttested"),
        coverImageId: skip.includes("cover") ? null : await addImage(ctx.db, c.user.id),
      });
      if (!skip.includes("tiers")) await addTier(ctx.db, project.id);
      if (!skip.includes("identity")) {
        const r = await submitForm(c.agent, "/account/creator-profile", "/account/creator-profile", {
          legalName: "Li Wei",
          country: "CN",
          idType: "passport",
          idNumber: "E12345678",
          payoutHolder: "Li Wei",
          payoutBank: "Bank",
          payoutAccount: "6222020200112233445",
        });
        expect(r.status).to.equal(303);
      }
      return { ...c, id: project.id };
    }

    it("shows the checklist with a link to fix each missing item", async () => {
      const { agent, id } = await readyProject(["identity", "risks", "cover", "tiers", "rewardsAttested"]);
      const page = await agent.get(`/projects/${id}/submit`);
      expect(page.status).to.equal(200);
      for (const item of ["identity", "payout", "risks", "cover", "tiers", "rewardsAttested"])
        shows(page.text, en(`projects.checklist.${item}`));
      expect(page.text).to.include(
        `href="/account/creator-profile?returnTo=${encodeURIComponent(`/projects/${id}/submit`)}"`,
      );
      expect(page.text).to.include(`href="/projects/${id}/edit#f-risks"`);
      expect(page.text).to.include(`href="/projects/${id}/edit#cover"`);
      expect(page.text).to.include(`href="/projects/${id}/tiers#attest-title"`);
    });

    it("refuses an incomplete project with the domain's reason (422) and leaves it a draft", async () => {
      const { agent, id } = await readyProject(["risks", "tiers"]);
      const res = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
      expect(res.status).to.equal(422);
      const missing = new Intl.ListFormat("en", { type: "conjunction" }).format([
        en("projects.checklist.risks"),
        en("projects.checklist.tiers"),
      ]);
      shows(res.text, en("projects.lifecycle.incomplete", { missing }));
      expect((await findProject(ctx.db, id))?.state).to.equal("draft");
    });

    it("submits a complete project: state, time from the clock, audit", async () => {
      ctx.clock.set(new Date("2026-06-01T09:30:00.000Z"));
      const { user, agent, id } = await readyProject();
      const res = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/dashboard");
      const project = await findProject(ctx.db, id);
      expect(project?.state).to.equal("submitted");
      expect(project?.submittedAt?.toISOString()).to.equal("2026-06-01T09:30:00.000Z");
      const last = (await auditTrail(ctx.db, "project", id)).at(-1);
      expect(last).to.deep.include({ action: "project.submit", actorId: user.id });
      expect(last?.details).to.deep.equal({ from: "draft", to: "submitted" });
      const again = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
      expect(again.status).to.equal(422);
      shows(again.text, en("projects.lifecycle.notAllowed", { state: "submitted" }));
      expect(en("projects.lifecycle.notAllowed", { state: "submitted" })).to.include("In review");
    });

    it("resubmits after changes were requested, showing the reviewer's message meanwhile", async () => {
      const { agent, id } = await readyProject();
      await updateProjectFields(
        ctx.db,
        id,
        { state: "changes_requested", reviewMessage: "Please show the prototype." },
        ctx.clock.now(),
      );
      const dashboard = await agent.get("/dashboard");
      shows(dashboard.text, "Please show the prototype.");
      shows(dashboard.text, en("projects.notice.changesRequested"));
      const editor = await agent.get(`/projects/${id}/edit`);
      shows(editor.text, "Please show the prototype.");
      expect(editor.text).to.include(`action="/projects/${id}/edit"`);
      const res = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
      expect(res.status).to.equal(303);
      expect((await findProject(ctx.db, id))?.state).to.equal("submitted");
    });

    it("another user cannot submit, launch or cancel a project", async () => {
      const { id } = await readyProject();
      await updateProjectFields(ctx.db, id, { state: "approved" }, ctx.clock.now());
      const other = await creator();
      const admin = await creator({ role: "admin" });
      for (const intruder of [other, admin]) {
        const token = await tokenFrom(intruder.agent, "/dashboard");
        for (const step of ["submit", "launch", "cancel"]) {
          const res = await intruder.agent
            .post(`/projects/${id}/${step}`)
            .type("form")
            .send({ _csrf: token });
          expect(res.status, step).to.equal(404);
        }
      }
      expect((await findProject(ctx.db, id))?.state).to.equal("approved");
    });

    it("launches an approved project: deadline from the clock, indexed for search, audited", async () => {
      const { user, agent, id } = await readyProject();
      await updateProjectFields(ctx.db, id, { state: "approved" }, ctx.clock.now());
      ctx.clock.set(new Date("2026-07-01T08:00:00.000Z"));
      const dashboard = await agent.get("/dashboard");
      expect(dashboard.text).to.include(`action="/projects/${id}/launch"`);
      const res = await agent
        .post(`/projects/${id}/launch`)
        .type("form")
        .send({ _csrf: csrfFrom(dashboard.text) });
      expect(res.status).to.equal(303);
      const project = await findProject(ctx.db, id);
      expect(project?.state).to.equal("live");
      expect(project?.launchedAt?.toISOString()).to.equal("2026-07-01T08:00:00.000Z");
      expect(project?.deadlineAt?.toISOString()).to.equal("2026-07-31T08:00:00.000Z");
      const indexed = await ctx.db.raw("SELECT rowid, title FROM project_search WHERE rowid = ?", [id]);
      expect(indexed).to.deep.equal([{ rowid: id, title: project?.title }]);
      expect((await auditTrail(ctx.db, "project", id)).at(-1)).to.deep.include({
        action: "project.launch",
        actorId: user.id,
      });
    });

    it("refuses to launch a project that is not approved (422 with the reason on the dashboard)", async () => {
      const { agent, id } = await readyProject();
      const token = await tokenFrom(agent, "/dashboard");
      const res = await agent.post(`/projects/${id}/launch`).type("form").send({ _csrf: token });
      expect(res.status).to.equal(422);
      shows(res.text, en("projects.lifecycle.notAllowed", { state: "draft" }));
      shows(res.text, en("projects.dashboard.title"));
      expect((await findProject(ctx.db, id))?.state).to.equal("draft");
    });

    for (const state of ["draft", "submitted", "changes_requested", "approved", "live"] as const) {
      it(`cancels from ${state} after a confirmation page`, async () => {
        const { user, agent, id } = await readyProject();
        await updateProjectFields(ctx.db, id, { state }, ctx.clock.now());
        if (state === "live") {
          await ctx.db.raw(
            "INSERT INTO project_search (rowid, title, blurb, story) VALUES (?, 'x', '', '')",
            [id],
          );
        }
        const confirm = await agent.get(`/projects/${id}/cancel`);
        expect(confirm.status).to.equal(200);
        shows(confirm.text, en("projects.cancel.warning"));
        if (state === "live") shows(confirm.text, en("projects.cancel.liveWarning"));
        const res = await agent
          .post(`/projects/${id}/cancel`)
          .type("form")
          .send({ _csrf: csrfFrom(confirm.text), reason: "Supplier went bust." });
        expect(res.status).to.equal(303);
        expect((await findProject(ctx.db, id))?.state).to.equal("cancelled");
        const indexed = await ctx.db.raw("SELECT rowid FROM project_search WHERE rowid = ?", [id]);
        expect(indexed).to.deep.equal([]);
        expect((await auditTrail(ctx.db, "project", id)).at(-1)).to.deep.include({
          action: "project.cancel",
          actorId: user.id,
          reason: "Supplier went bust.",
          details: { from: state, to: "cancelled" },
        });
      });
    }

    for (const state of ["rejected", "cancelled", "succeeded", "failed"] as const) {
      it(`cannot cancel a ${state} project: the page and the POST say why (422)`, async () => {
        const { agent, id } = await readyProject();
        await updateProjectFields(ctx.db, id, { state }, ctx.clock.now());
        const page = await agent.get(`/projects/${id}/cancel`);
        expect(page.status).to.equal(422);
        shows(page.text, en("projects.lifecycle.notAllowed", { state }));
        const res = await agent
          .post(`/projects/${id}/cancel`)
          .type("form")
          .send({ _csrf: csrfFrom(page.text) });
        expect(res.status).to.equal(422);
        expect((await findProject(ctx.db, id))?.state).to.equal(state);
      });
    }
  });

  describe("visitors", () => {
    it("are sent to sign in from every creator page, and every creator POST is refused (403)", async () => {
      const { agent } = await creator();
      const id = await startProject(agent);
      const tierId = await addTier(ctx.db, id);
      const visitor = browser(ctx.app);
      for (const path of [
        "/dashboard",
        "/account/creator-profile",
        `/projects/${id}/edit`,
        `/projects/${id}/tiers`,
        `/projects/${id}/tiers/${tierId}/edit`,
        `/projects/${id}/equity`,
        `/projects/${id}/submit`,
        `/projects/${id}/cancel`,
      ]) {
        const res = await visitor.get(path);
        expect(res.status, path).to.equal(303);
        expect(res.headers.location, path).to.equal(`/login?returnTo=${encodeURIComponent(path)}`);
      }
      const token = await tokenFrom(visitor, "/login");
      for (const path of [
        "/account/creator-profile",
        `/projects/${id}/edit`,
        `/projects/${id}/tiers`,
        `/projects/${id}/tiers/${tierId}`,
        `/projects/${id}/tiers/${tierId}/delete`,
        `/projects/${id}/attest`,
        `/projects/${id}/equity`,
        `/projects/${id}/submit`,
        `/projects/${id}/launch`,
        `/projects/${id}/cancel`,
      ]) {
        const res = await visitor
          .post(path)
          .type("form")
          .send({ _csrf: token, ...BASICS, ...TIER });
        expect(res.status, path).to.equal(403);
      }
      expect(await findProject(ctx.db, id)).to.deep.include({ state: "draft", title: BASICS.title });
      expect(await tiersOf(ctx.db, id)).to.have.length(1);
    });
  });

  describe("GET /dashboard", () => {
    it("sends a visitor to sign in", async () => {
      const res = await supertest(ctx.app).get("/dashboard");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.match(/^\/login\?returnTo=/);
    });

    it("lists only the user's projects, with figures, state and the actions available now", async () => {
      const { user, agent } = await creator();
      const other = await createUser(ctx.db);
      const draft = await createProject(ctx.db, {
        creatorId: user.id,
        title: "My draft",
        goalMinor: 1_234_500,
      });
      const approved = await createProject(ctx.db, {
        creatorId: user.id,
        title: "My approved",
        state: "approved",
      });
      const live = await createProject(ctx.db, {
        creatorId: user.id,
        title: "My live one",
        state: "live",
        kind: "equity",
        currency: "USD",
        pledgedMinor: 75_000,
        backersCount: 3,
      });
      await addEquityTerms(ctx.db, live.id);
      const rejected = await createProject(ctx.db, {
        creatorId: user.id,
        title: "My rejected",
        state: "rejected",
        reviewMessage: "Rewards included cash.",
      });
      await createProject(ctx.db, { creatorId: other.id, title: "Someone else's" });
      const page = await agent.get("/dashboard");
      expect(page.status).to.equal(200);
      expect(page.text).not.to.include("Someone else&#39;s");
      for (const title of ["My draft", "My approved", "My live one", "My rejected"]) shows(page.text, title);
      shows(page.text, "CN¥12,345");
      shows(page.text, "$750");
      shows(page.text, "Rewards included cash.");
      shows(page.text, en("projects.states.rejected"));
      // Actions per state
      expect(page.text).to.include(`href="/projects/${draft.id}/edit"`);
      expect(page.text).to.include(`href="/projects/${draft.id}/submit"`);
      expect(page.text).not.to.include(`href="/projects/${approved.id}/edit"`);
      expect(page.text).to.include(`action="/projects/${approved.id}/launch"`);
      expect(page.text).not.to.include(`action="/projects/${draft.id}/launch"`);
      expect(page.text).to.include(`href="/projects/${live.id}/cancel"`);
      expect(page.text).to.include(`href="/projects/${live.id}/equity"`);
      expect(page.text).not.to.include(`href="/projects/${rejected.id}/cancel"`);
      expect(page.text).to.include(`href="/projects/${rejected.id}"`);
      expect(page.text).to.include(`href="/account/creator-profile"`);
    });

    it("has a My projects link in the header for signed-in users only", async () => {
      const { agent } = await creator();
      const signedIn = await agent.get("/account");
      expect(signedIn.text).to.include('href="/dashboard"');
      shows(signedIn.text, en("projects.nav.myProjects"));
      const anonymous = await supertest(ctx.app).get("/login");
      expect(anonymous.text).not.to.include('href="/dashboard"');
    });
  });
});
