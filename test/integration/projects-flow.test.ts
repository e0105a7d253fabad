import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { findProject, updateProjectFields } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  minimalPdf,
  PROFILE,
  pngImage,
  startProject,
  TERMS,
  TIER,
  tokenFrom,
  upload,
} from "../support/creator-factory.ts";
import { browser, escapeHtml, submitForm } from "../support/http.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");

/** The whole creator journey over HTTP, as a browser would make it. */
describe("creator: full flow", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("reward: draft → tiers → attest → profile → cover → story → submit → (approved) → launch", async () => {
    ctx.clock.set(new Date("2026-03-10T12:00:00.000Z"));
    const user = await createUser(ctx.db);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);

    const id = await startProject(agent, { title: "Lantern 灯笼 kit", durationDays: "21" });
    const checklist = async () => (await agent.get(`/projects/${id}/submit`)).text;
    expect(await checklist()).to.include(escapeHtml(en("projects.checklist.tiers")));

    for (const title of ["Early bird", "Supporter"]) {
      const res = await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/tiers`, {
        ...TIER,
        title,
      });
      expect(res.status).to.equal(303);
    }
    expect(
      (await submitForm(agent, `/projects/${id}/tiers`, `/projects/${id}/attest`, { attest: "yes" })).status,
    ).to.equal(303);
    expect(
      (await submitForm(agent, "/account/creator-profile", "/account/creator-profile", PROFILE)).status,
    ).to.equal(303);
    const cover = await upload(agent, `/projects/${id}/edit`, `/projects/${id}/cover`, {
      field: "cover",
      content: await pngImage(1500, 1000),
      filename: "lantern.png",
      contentType: "image/png",
    });
    expect(cover.status).to.equal(303);

    // Not yet: story and risks are missing.
    const early = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
    expect(early.status).to.equal(422);
    expect((await findProject(ctx.db, id))?.state).to.equal("draft");

    const edited = await submitForm(agent, `/projects/${id}/edit`, `/projects/${id}/edit`, {
      title: "Lantern 灯笼 kit",
      blurb: "Make a paper lantern with your children.",
      category: "design",
      location: "Suzhou",
      goal: "5000",
      currency: "CNY",
      durationDays: "21",
      storyMd: "## 苏州灯笼\n\nA folding lantern kit made in Suzhou.",
      risks: "Paper supply could be late.",
      team: "Two makers.",
    });
    expect(edited.status).to.equal(303);

    const page = await checklist();
    expect(page).not.to.include("pj-missing");
    const submitted = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
    expect(submitted.status).to.equal(303);
    expect((await findProject(ctx.db, id))?.state).to.equal("submitted");

    // The admin review area approves; here the store stands in for it.
    await updateProjectFields(ctx.db, id, { state: "approved", decidedAt: ctx.clock.now() }, ctx.clock.now());
    ctx.clock.set(new Date("2026-03-12T09:15:00.000Z"));
    const token = await tokenFrom(agent, "/dashboard");
    const launched = await agent.post(`/projects/${id}/launch`).type("form").send({ _csrf: token });
    expect(launched.status).to.equal(303);
    const dashboard = await agent.get("/dashboard");
    expect(dashboard.text).to.include(escapeHtml(en("projects.states.live")));

    const project = await findProject(ctx.db, id);
    expect(project?.state).to.equal("live");
    expect(project?.launchedAt?.toISOString()).to.equal("2026-03-12T09:15:00.000Z");
    expect(project?.deadlineAt?.toISOString()).to.equal("2026-04-02T09:15:00.000Z");
    const found = await ctx.db.raw("SELECT rowid FROM project_search WHERE project_search MATCH ?", [
      '"苏州灯笼"',
    ]);
    expect(found).to.deep.equal([{ rowid: id }]);
    const english = await ctx.db.raw("SELECT rowid FROM project_search WHERE project_search MATCH ?", [
      '"folding"',
    ]);
    expect(english).to.deep.equal([{ rowid: id }]);
    expect((await auditTrail(ctx.db, "project", id)).map((a) => a.action)).to.deep.equal([
      "project.create",
      "project.rewards_attest",
      "project.submit",
      "project.launch",
    ]);
  });

  it("equity: draft → terms → documents → profile → cover → submit", async () => {
    const user = await createUser(ctx.db);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    const id = await startProject(agent, { kind: "equity", currency: "USD", goal: "250000" });
    expect(
      (await submitForm(agent, `/projects/${id}/equity`, `/projects/${id}/equity`, TERMS)).status,
    ).to.equal(303);
    for (const kind of ["financials", "disclosure"]) {
      const res = await upload(
        agent,
        `/projects/${id}/equity`,
        `/projects/${id}/documents`,
        {
          field: "document",
          content: minimalPdf(kind),
          filename: `${kind}.pdf`,
          contentType: "application/pdf",
        },
        { kind },
      );
      expect(res.status).to.equal(303);
    }
    await submitForm(agent, "/account/creator-profile", "/account/creator-profile", PROFILE);
    await upload(agent, `/projects/${id}/edit`, `/projects/${id}/cover`, {
      field: "cover",
      content: await pngImage(),
      filename: "c.png",
      contentType: "image/png",
    });
    await submitForm(agent, `/projects/${id}/edit`, `/projects/${id}/edit`, {
      title: "Acme Robotics",
      blurb: "Robots for small warehouses.",
      category: "technology",
      location: "Austin",
      goal: "250000",
      currency: "USD",
      durationDays: "45",
      storyMd: "We build robots.",
      risks: "Hardware is hard.",
      team: "",
    });
    // Changing the goal above the maximum raise makes the saved terms no longer fit: not submittable.
    await submitForm(agent, `/projects/${id}/edit`, `/projects/${id}/edit`, {
      title: "Acme Robotics",
      blurb: "Robots for small warehouses.",
      category: "technology",
      goal: "2000000",
      currency: "USD",
      durationDays: "45",
      storyMd: "We build robots.",
      risks: "Hardware is hard.",
    });
    const refused = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include(escapeHtml(en("projects.checklist.equityTerms")));
    await submitForm(agent, `/projects/${id}/equity`, `/projects/${id}/equity`, {
      ...TERMS,
      maxRaise: "2500000",
    });
    const ok = await submitForm(agent, `/projects/${id}/submit`, `/projects/${id}/submit`, {});
    expect(ok.status).to.equal(303);
    expect((await findProject(ctx.db, id))?.state).to.equal("submitted");
  });
});
