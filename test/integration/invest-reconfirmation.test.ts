import { expect } from "chai";
import { reconfirmationDeadline } from "../../server/domain/investing/commitments.ts";
import { formatMoney } from "../../server/domain/money.ts";
import { translator } from "../../server/i18n/index.ts";
import { reconfirmationJob, registerReconfirmationJob } from "../../server/jobs/reconfirmation.ts";
import { Scheduler } from "../../server/jobs/scheduler.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { findProject, type Project } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import { formatDateTime } from "../../server/web/format.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { minimalPdf, upload } from "../support/creator-factory.ts";
import { type Agent, browser, csrfFrom, escapeHtml, inputValue } from "../support/http.ts";
import { commitFields, createOffering, readyInvestor } from "../support/invest-factory.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * US Rule 304: after a material change every investor must reconfirm within five business days;
 * those who do not are cancelled by the scheduled job, which the ManualClock drives here.
 */
describe("invest: material change and reconfirmation (US)", () => {
  let ctx: TestContext;
  let creator: User;
  let creatorAgent: Agent;
  before(async () => {
    ctx = await createTestContext();
    // Wednesday 14 January 2026, 15:00 in New York: five business days later is the end of Thursday 22
    // (Monday 19 January is Martin Luther King Jr. Day, a federal holiday).
    ctx.clock.set(new Date("2026-01-14T20:00:00Z"));
    creator = await createUser(ctx.db, { name: "Founder Fu" });
    creatorAgent = browser(ctx.app);
    await signIn(creatorAgent, creator.email);
  });
  after(() => ctx.close());

  const now = () => ctx.clock.now();
  const job = () =>
    reconfirmationJob({
      db: ctx.db,
      clock: ctx.clock,
      // As server/main.ts runs it: the mail is queued in the outbox.
      mailer: new OutboxMailer({ db: ctx.db, clock: ctx.clock, onEnqueue: (m) => ctx.mail.push(m) }),
      baseUrl: ctx.config.baseUrl,
    })();

  /** A live US offering with two investors (English and Chinese) who have committed. */
  async function offeringWithInvestors(o: { deadlineInDays?: number; regime?: "us_reg_cf" | "uk" } = {}) {
    const regime = o.regime ?? "us_reg_cf";
    const { project, documents } = await createOffering(ctx.db, {
      regime,
      now: now(),
      creatorId: creator.id,
      title: `Material ${Math.random().toString(36).slice(2, 7)}`,
      deadlineAt: new Date(now().getTime() + (o.deadlineInDays ?? 20) * DAY),
    });
    const investors = [];
    for (const locale of ["en", "zh-CN"] as const) {
      const inv = await readyInvestor(ctx, { regime: "us_reg_cf", locale });
      if (regime === "uk") {
        // (Only used to show the UK is not affected: insert the commitment directly.)
        const [row] = await ctx
          .db("commitments")
          .insert({
            project_id: project.id,
            investor_id: inv.user.id,
            shares: 500,
            price_per_share_minor: 100,
            amount_minor: 500_00,
            currency: "GBP",
            status: "active",
            payment_method_id: inv.cardId,
            idempotency: `uk-${inv.user.id}-${project.id}`,
            regime: "uk",
            created_at: now().toISOString(),
            updated_at: now().toISOString(),
          })
          .returning("id");
        investors.push({ ...inv, id: (row as { id: number }).id });
        continue;
      }
      const page = await inv.agent.get(`/projects/${project.id}/invest`);
      const res = await inv.agent
        .post(`/projects/${project.id}/invest`)
        .type("form")
        .send({
          _csrf: csrfFrom(page.text),
          ...commitFields(documents, { shares: "4000", paymentMethodId: inv.cardId }),
        });
      expect(res.status).to.equal(303);
      investors.push({ ...inv, id: Number(String(res.headers.location).split("/").pop()) });
    }
    return { project, documents, investors };
  }

  /** The creator uploads a new disclosure version through the equity page, as in the browser. */
  async function uploadVersion(projectId: number, materialChange: boolean) {
    const res = await upload(
      creatorAgent,
      `/projects/${projectId}/equity`,
      `/projects/${projectId}/documents`,
      {
        field: "document",
        content: minimalPdf(`v-${Date.now()}-${Math.random()}`),
        filename: "disclosure-v2.pdf",
      },
      materialChange ? { kind: "disclosure", materialChange: "yes" } : { kind: "disclosure" },
    );
    expect(res.status).to.equal(303);
    return (await ctx
      .db("project_documents")
      .where({ project_id: projectId, kind: "disclosure" })
      .orderBy("version", "desc")
      .first()) as {
      id: number;
      sha256: string;
    };
  }

  const status = async (id: number) => (await ctx.db("commitments").where({ id }).first()).status as string;

  it("a new version marked as a material change asks every investor to reconfirm within 5 business days, in their language", async () => {
    const { project, investors } = await offeringWithInvestors();
    const mailsBefore = ctx.mail.length;
    const doc = await uploadVersion(project.id, true);
    const deadline = reconfirmationDeadline(now());
    expect(deadline.toISOString()).to.equal("2026-01-23T04:59:59.999Z"); // end of Thu 22 January, New York
    for (const inv of investors) {
      const row = await ctx.db("commitments").where({ id: inv.id }).first();
      expect(row.status).to.equal("awaiting_reconfirmation");
      expect(row.reconfirm_by).to.equal(deadline.toISOString());
      const events = await ctx.db("commitment_events").where({ commitment_id: inv.id }).orderBy("id");
      expect(events.at(-1)).to.include({ kind: "reconfirmation_required", document_id: doc.id });
    }
    const mails = ctx.mail.slice(mailsBefore);
    expect(mails.map((m) => m.to).sort()).to.deep.equal(investors.map((i) => i.user.email).sort());
    const english = mails.find((m) => m.to === investors[0]?.user.email);
    const chinese = mails.find((m) => m.to === investors[1]?.user.email);
    expect(english?.subject).to.equal(en("invest.mail.reconfirm.subject", { project: project.title }));
    expect(english?.text).to.include(formatDateTime(deadline, "en"));
    expect(english?.text).to.include(`${formatMoney(4_000_00, "USD", "en")} (4,000 shares)`);
    expect(english?.text).to.include(`${ctx.config.baseUrl}/investments/${investors[0]?.id}`);
    expect(chinese?.subject).to.equal(zh("invest.mail.reconfirm.subject", { project: project.title }));
    expect(chinese?.text).to.include(formatDateTime(deadline, "zh-CN"));
    expect(chinese?.text).to.include(`${formatMoney(4_000_00, "USD", "zh-CN")}（4,000 股）`);
    // And in the app, in the same language.
    const [enInv, zhInv] = investors as [(typeof investors)[number], (typeof investors)[number]];
    shows(
      (await enInv.agent.get("/notifications")).text,
      en("comms.kinds.reconfirmation_required.text", {
        project: project.title,
        reconfirmBy: formatDateTime(deadline, "en"),
      }),
    );
    shows(
      (await zhInv.agent.get("/notifications")).text,
      zh("comms.kinds.reconfirmation_required.text", {
        project: project.title,
        reconfirmBy: formatDateTime(deadline, "zh-CN"),
      }),
    );
    // Still counted: the offering's totals do not move until a commitment is cancelled.
    expect((await findProject(ctx.db, project.id))?.backersCount).to.equal(2);
  });

  it("a new version that is not marked as a material change, and a UK offering, ask nothing", async () => {
    const us = await offeringWithInvestors();
    await uploadVersion(us.project.id, false);
    for (const inv of us.investors) expect(await status(inv.id)).to.equal("active");
    const uk = await offeringWithInvestors({ regime: "uk" });
    await uploadVersion(uk.project.id, true);
    for (const inv of uk.investors) expect(await status(inv.id)).to.equal("active");
  });

  it("the investor reconfirms, acknowledging the new version (ticks required; a stale page is shown again)", async () => {
    const { project, investors } = await offeringWithInvestors();
    const doc = await uploadVersion(project.id, true);
    const inv = investors[0] as (typeof investors)[number];
    const page = await inv.agent.get(`/investments/${inv.id}/reconfirm`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`/documents/${doc.id}"`);
    const shown = inputValue(page.text, "shownDocuments") as string;
    expect(shown).to.include(`${doc.id}:${doc.sha256}`);

    const unticked = await inv.agent
      .post(`/investments/${inv.id}/reconfirm`)
      .type("form")
      .send({ _csrf: csrfFrom(page.text), shownDocuments: shown });
    expect(unticked.status).to.equal(422);
    shows(unticked.text, en("invest.commit.errors.acknowledgeDocuments"));

    const stale = await inv.agent
      .post(`/investments/${inv.id}/reconfirm`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        shownDocuments: "1:abc",
        acknowledgedRisks: "1",
        acknowledgedDocuments: "1",
      });
    expect(stale.status).to.equal(409);
    shows(stale.text, en("invest.refused.documentsChanged"));

    const ok = await inv.agent
      .post(`/investments/${inv.id}/reconfirm`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        shownDocuments: shown,
        acknowledgedRisks: "1",
        acknowledgedDocuments: "1",
      });
    expect(ok.status).to.equal(303);
    const row = await ctx.db("commitments").where({ id: inv.id }).first();
    expect(row.status).to.equal("active");
    expect(row.reconfirm_by).to.equal(null);
    const acks = await ctx
      .db("commitment_acknowledgements")
      .where({ commitment_id: inv.id, document_id: doc.id });
    expect(acks).to.have.length(1);
    expect(acks[0].document_sha256).to.equal(doc.sha256);
    const mail = ctx.mail.at(-1);
    expect(mail?.to).to.equal(inv.user.email);
    expect(mail?.subject).to.equal(en("invest.mail.reconfirmed.subject", { project: project.title }));
    expect(mail?.text).to.include(`${formatMoney(4_000_00, "USD", "en")} (4,000 shares)`);
    shows(
      (await inv.agent.get("/notifications")).text,
      en("comms.kinds.commitment_reconfirmed.text", {
        project: project.title,
        amount: formatMoney(4_000_00, "USD", "en"),
      }),
    );
    const again = await inv.agent.get(`/investments/${inv.id}/reconfirm`);
    shows(again.text, en("invest.commitments.refused.nothingToReconfirm"));
  });

  it("while awaiting reconfirmation it still counts toward the limit, and may be cancelled even in the last 48 hours", async () => {
    const { project, investors } = await offeringWithInvestors({ deadlineInDays: 1.5 });
    await uploadVersion(project.id, true);
    const inv = investors[0] as (typeof investors)[number];
    // $4,000 committed and awaiting: of the $10,000 limit, $6,000 remains.
    const other = await createOffering(ctx.db, { regime: "us_reg_cf", now: now() });
    const page = await inv.agent.get(`/projects/${other.project.id}/invest`);
    shows(page.text, en("invest.commit.remaining", { remaining: "$6,000", limit: "$10,000" }));
    const over = await inv.agent
      .post(`/projects/${other.project.id}/invest`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        ...commitFields(other.documents, { shares: "6001", paymentMethodId: inv.cardId }),
      });
    expect(over.status).to.equal(422);

    const form = await inv.agent.get(`/investments/${inv.id}/cancel`);
    shows(form.text, en("invest.commitments.cancel.confirm"));
    const res = await inv.agent
      .post(`/investments/${inv.id}/cancel`)
      .type("form")
      .send({ _csrf: csrfFrom(form.text) });
    expect(res.status).to.equal(303);
    expect(await status(inv.id)).to.equal("cancelled");
  });

  it("the job cancels those not reconfirmed once the deadline passes (not before), gives the totals back and tells them", async () => {
    const { project, investors } = await offeringWithInvestors();
    const doc = await uploadVersion(project.id, true);
    const [stays, lapses] = investors as [(typeof investors)[number], (typeof investors)[number]];
    const page = await stays.agent.get(`/investments/${stays.id}/reconfirm`);
    await stays.agent
      .post(`/investments/${stays.id}/reconfirm`)
      .type("form")
      .send({
        _csrf: csrfFrom(page.text),
        shownDocuments: inputValue(page.text, "shownDocuments"),
        acknowledgedRisks: "1",
        acknowledgedDocuments: "1",
      });
    const deadline = (await ctx.db("commitments").where({ id: lapses.id }).first()).reconfirm_by as string;
    const before = (await findProject(ctx.db, project.id)) as Project;

    ctx.clock.set(new Date(deadline)); // the last millisecond: still in time
    expect(await job()).to.equal(0);
    expect(await status(lapses.id)).to.equal("awaiting_reconfirmation");

    const mailsBefore = ctx.mail.length;
    ctx.clock.advance(1);
    expect(await job()).to.be.at.least(1); // (and those of the earlier tests, with the same deadline)
    expect(await status(lapses.id)).to.equal("cancelled");
    expect((await ctx.db("commitments").where({ id: lapses.id }).first()).cancel_reason).to.equal(
      "not_reconfirmed",
    );
    expect(await status(stays.id)).to.equal("active");
    const events = await ctx.db("commitment_events").where({ commitment_id: lapses.id }).orderBy("id");
    expect(events.map((e) => e.kind)).to.deep.equal(["created", "reconfirmation_required", "expired"]);
    expect(events[1].document_id).to.equal(doc.id);
    const after = (await findProject(ctx.db, project.id)) as Project;
    expect(before.pledgedMinor - after.pledgedMinor).to.equal(4_000_00);
    expect(before.backersCount - after.backersCount).to.equal(1);
    const mails = ctx.mail
      .slice(mailsBefore)
      .filter((m) => [stays.user.email, lapses.user.email].includes(m.to));
    expect(mails).to.have.length(1);
    expect(mails[0]?.to).to.equal(lapses.user.email);
    expect(mails[0]?.subject).to.equal(zh("invest.mail.expired.subject", { project: project.title })); // a Chinese reader
    expect(mails[0]?.text).to.include(`${formatMoney(4_000_00, "USD", "zh-CN")}（4,000 股）`);
    expect(mails[0]?.text).to.include(`${ctx.config.baseUrl}/investments/${lapses.id}`);
    const lapsedList = (await lapses.agent.get("/notifications")).text;
    shows(
      lapsedList,
      zh("comms.kinds.commitment_expired.text", {
        project: project.title,
        amount: formatMoney(4_000_00, "USD", "zh-CN"),
      }),
    );
    expect((await stays.agent.get("/notifications")).text).not.to.include(
      escapeHtml(
        en("comms.kinds.commitment_expired.text", {
          project: project.title,
          amount: formatMoney(4_000_00, "USD", "en"),
        }),
      ),
    );

    expect(await job()).to.equal(0); // nothing left to do
    const detail = await lapses.agent.get(`/investments/${lapses.id}`);
    shows(detail.text, zh("invest.events.expired"));
    const late = await lapses.agent.get(`/investments/${lapses.id}/reconfirm`);
    shows(late.text, zh("invest.commitments.refused.nothingToReconfirm"));
  });

  it("runs from the process scheduler", async () => {
    const { project, investors } = await offeringWithInvestors();
    await uploadVersion(project.id, true);
    ctx.clock.advance(10 * DAY);
    const scheduler = new Scheduler();
    registerReconfirmationJob(scheduler, {
      db: ctx.db,
      clock: ctx.clock,
      mailer: ctx.mailer,
      baseUrl: "",
    });
    await scheduler.runNow("reconfirmation-deadlines");
    await scheduler.stop();
    for (const inv of investors) expect(await status(inv.id)).to.equal("cancelled");
  });
});
