import { expect } from "chai";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { findProject } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { type Agent, browser, csrfFrom, escapeHtml } from "../support/http.ts";
import { createSubmittedProject, createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");

/**
 * Two admins decide on the same project at the same moment: exactly one decision is taken, the
 * other gets the lifecycle's refusal, and the audit log and the creator's mailbox show one decision.
 */
describe("admin review: two reviewers deciding at once", () => {
  let ctx: TestContext;
  let first: Agent;
  let second: Agent;

  before(async () => {
    ctx = await createTestContext();
    const a = await createUser(ctx.db, { role: "admin", name: "First Reviewer" });
    const b = await createUser(ctx.db, { role: "admin", name: "Second Reviewer" });
    first = browser(ctx.app);
    second = browser(ctx.app);
    await signIn(first, a.email);
    await signIn(second, b.email);
  });
  after(() => ctx.close());

  const pairs: [string, Record<string, string>, string, Record<string, string>][] = [
    ["approve", {}, "reject", { rejectReason: "Not for us" }],
    ["reject", { rejectReason: "Not for us" }, "approve", {}],
    ["approve", {}, "approve", {}],
    ["request-changes", { changesMessage: "Add photos" }, "reject", { rejectReason: "No" }],
    ["reject", { rejectReason: "No" }, "request-changes", { changesMessage: "Add photos" }],
  ];

  for (const [actionA, fieldsA, actionB, fieldsB] of pairs) {
    it(`${actionA} and ${actionB} at the same moment: one wins, the other is refused`, async () => {
      const { project, creator } = await createSubmittedProject(ctx.db);
      const path = `/admin/projects/${project.id}`;
      // Both reviewers have the page open, then both press their button. The test holds the
      // database's only connection while the two requests arrive, so both are in flight together.
      const [pageA, pageB] = [await first.get(path), await second.get(path)];
      const hold = await ctx.db.transaction();
      const requests = Promise.all([
        first
          .post(`${path}/${actionA}`)
          .type("form")
          .send({ _csrf: csrfFrom(pageA.text), ...fieldsA })
          .then((r) => r),
        second
          .post(`${path}/${actionB}`)
          .type("form")
          .send({ _csrf: csrfFrom(pageB.text), ...fieldsB })
          .then((r) => r),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await hold.commit();
      const [resA, resB] = await requests;
      expect([resA.status, resB.status].sort()).to.deep.equal([303, 422]);
      const loser = resA.status === 422 ? resA : resB;
      const winner = resA.status === 303 ? actionA : actionB;

      const after = await findProject(ctx.db, project.id);
      const expectedState = {
        approve: "approved",
        reject: "rejected",
        "request-changes": "changes_requested",
      }[winner];
      expect(after?.state).to.equal(expectedState);
      expect(loser.text).to.include(
        escapeHtml(en("projects.lifecycle.notAllowed", { state: en(`projects.states.${expectedState}`) })),
      );

      const trail = await auditTrail(ctx.db, "project", project.id);
      expect(trail).to.have.length(1);
      expect(trail[0]?.details).to.deep.equal({ from: "submitted", to: expectedState });
      expect(ctx.mail.filter((m) => m.to === creator.email)).to.have.length(1);
    });
  }
});
