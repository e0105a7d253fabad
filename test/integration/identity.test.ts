import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import supertest from "supertest";
import { SecretBox } from "../../server/crypto/secrets.ts";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { findIdentity } from "../../server/store/identity.ts";
import type { User } from "../../server/store/users.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { gifImage, jpegImage, minimalPdf, pngImage, tokenFrom, upload } from "../support/creator-factory.ts";
import { type Agent, browser, csrfFrom, escapeHtml } from "../support/http.ts";
import { addIdentity } from "../support/invest-factory.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));
const MB = 1024 * 1024;

const PROFILE = {
  legalName: "Ada Lovelace",
  dateOfBirth: "1990-03-07",
  country: "GB",
  nationality: "GB",
  idType: "passport",
  idNumber: "533 401 372",
  address: "12 St James's Square, London",
};

describe("identity verification", () => {
  let ctx: TestContext;
  let admin: User;
  let adminAgent: Agent;

  before(async () => {
    // A 1 MB document limit keeps the "too large" file small.
    ctx = await createTestContext({ UPLOAD_MAX_DOCUMENT_MB: "1" });
    admin = await createUser(ctx.db, { role: "admin", name: "Admin Ann" });
    adminAgent = browser(ctx.app);
    await signIn(adminAgent, admin.email);
  });
  after(() => ctx.close());

  const identityDir = () => ctx.config.identityDir;
  const filesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0);

  async function member(locale: "en" | "zh-CN" = "en") {
    const user = await createUser(ctx.db, { locale, name: "Ada Member" });
    const agent = browser(ctx.app);
    if (locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
    await signIn(agent, user.email);
    return { user, agent };
  }

  function submit(
    agent: Agent,
    fields: Record<string, string>,
    file?: { content: Buffer; filename: string; contentType?: string },
  ) {
    if (file)
      return upload(agent, "/invest/profile", "/invest/profile", { field: "document", ...file }, fields);
    return tokenFrom(agent, "/invest/profile").then((token) => {
      let req = agent.post(`/invest/profile?_csrf=${encodeURIComponent(token)}`);
      for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
      return req;
    });
  }

  describe("the investor's profile", () => {
    it("sends visitors to sign in", async () => {
      const res = await supertest(ctx.app).get("/invest/profile");
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.match(/^\/login\?returnTo=/);
      const post = await supertest(ctx.app).post("/invest/profile").type("form").send({});
      expect(post.status).to.equal(403);
    });

    it("shows a new investor the empty form with labels, status 'not verified'", async () => {
      const { agent } = await member();
      const res = await agent.get("/invest/profile");
      expect(res.status).to.equal(200);
      shows(res.text, en("invest.identity.status.none"));
      for (const field of [
        "legalName",
        "dateOfBirth",
        "country",
        "nationality",
        "idType",
        "idNumber",
        "address",
        "document",
      ]) {
        expect(res.text, field).to.match(new RegExp(`<label for="f-${field}"`));
      }
      expect(res.text).to.include('enctype="multipart/form-data"');
      expect(res.text).to.match(/action="\/invest\/profile\?_csrf=[^"]+"/);
    });

    it("submits a profile with a PDF: pending, the ID number sealed and shown masked, the file outside public/", async () => {
      const { user, agent } = await member();
      const res = await submit(agent, PROFILE, { content: minimalPdf("passport"), filename: "passport.pdf" });
      expect(res.status).to.equal(303);
      expect(res.headers.location).to.equal("/invest");
      const row = await ctx.db("investor_identities").where({ user_id: user.id }).first();
      expect(row.status).to.equal("pending");
      expect(row.id_number_enc).not.to.include("533");
      expect(new SecretBox(ctx.config.encryptionKey).open(row.id_number_enc)).to.equal("533401372");
      expect(row.id_number_last4).to.equal("1372");
      expect(row.document_type).to.equal("pdf");
      const file = path.join(identityDir(), "documents", `${row.document_key}.pdf`);
      expect(fs.existsSync(file)).to.equal(true);
      expect(file.startsWith(path.resolve("public"))).to.equal(false);

      const page = await agent.get("/invest/profile");
      shows(page.text, en("invest.identity.status.pending"));
      expect(page.text).to.include("•••• 1372");
      expect(page.text).not.to.include("533401372");
      expect(page.text).not.to.include("533 401 372");
      const trail = await auditTrail(ctx.db, "investor_identity", user.id);
      expect(trail.map((e) => e.action)).to.deep.equal(["identity.submit"]);
    });

    it("accepts JPEG and PNG pictures (re-encoded), recognised by content whatever the name", async () => {
      for (const [content, filename] of [
        [await jpegImage(800, 500), "id.jpg"],
        [await pngImage(800, 500), "scan.pdf"],
      ] as const) {
        const { user, agent } = await member();
        const res = await submit(agent, PROFILE, { content, filename });
        expect(res.status, filename).to.equal(303);
        const row = await findIdentity(ctx.db, user.id);
        expect(row?.documentType).to.equal("image");
        const own = await agent.get("/invest/profile/document").buffer(true);
        expect(own.status).to.equal(200);
        expect(own.headers["content-type"]).to.equal("image/webp");
      }
    });

    const refusals: [string, () => Promise<{ content: Buffer; filename: string }>, number, string][] = [
      [
        "a GIF",
        async () => ({ content: await gifImage(), filename: "id.gif" }),
        415,
        "invest.identity.errors.documentType",
      ],
      [
        "a text file named .pdf",
        async () => ({ content: Buffer.from("hello, not a pdf"), filename: "id.pdf" }),
        415,
        "invest.identity.errors.documentType",
      ],
      [
        "an empty file",
        async () => ({ content: Buffer.alloc(0), filename: "id.pdf" }),
        422,
        "projects.uploads.empty",
      ],
      [
        "a PDF over the limit",
        async () => ({ content: Buffer.concat([minimalPdf(), Buffer.alloc(1.5 * MB)]), filename: "big.pdf" }),
        413,
        "invest.identity.errors.documentTooLarge",
      ],
      [
        "a file over every limit",
        async () => ({ content: Buffer.alloc(6 * MB, 1), filename: "huge.jpg" }),
        413,
        "invest.identity.errors.documentTooLarge",
      ],
    ];
    for (const [label, file, status, key] of refusals) {
      it(`refuses ${label} (${status}) with the reason, keeping what was typed (not the ID number), storing nothing`, async () => {
        const { user, agent } = await member();
        const before = filesIn(identityDir());
        const res = await submit(agent, PROFILE, await file());
        expect(res.status).to.equal(status);
        shows(res.text, en(key));
        expect(res.text).to.include('value="Ada Lovelace"');
        shows(res.text, PROFILE.address);
        expect(res.text).not.to.include("533 401 372");
        expect(await findIdentity(ctx.db, user.id)).to.equal(undefined);
        expect(filesIn(identityDir())).to.equal(before);
      });
    }

    it("checks every field: required, a real date of birth, 18 or older, known countries and ID types", async () => {
      const { agent } = await member();
      const cases: [Record<string, string>, string, string][] = [
        [{ legalName: "" }, "legalName", "validation.required"],
        [{ dateOfBirth: "1990-02-30" }, "dateOfBirth", "invest.identity.errors.dateOfBirth"],
        [{ dateOfBirth: "yesterday" }, "dateOfBirth", "invest.identity.errors.dateOfBirth"],
        [{ dateOfBirth: "2099-01-01" }, "dateOfBirth", "invest.identity.errors.dateOfBirthFuture"],
        [
          { dateOfBirth: `${new Date().getUTCFullYear() - 10}-01-01` },
          "dateOfBirth",
          "invest.identity.errors.underage",
        ],
        [{ country: "XX" }, "country", "validation.required"],
        [{ nationality: "" }, "nationality", "validation.required"],
        [{ idType: "library_card" }, "idType", "validation.required"],
        [{ idNumber: "12" }, "idNumber", "invest.identity.errors.idNumber"],
        [{ idNumber: "" }, "idNumber", "validation.required"],
        [{ address: "  " }, "address", "validation.required"],
      ];
      for (const [change, field, key] of cases) {
        const res = await submit(
          agent,
          { ...PROFILE, ...change },
          { content: minimalPdf(), filename: "id.pdf" },
        );
        expect(res.status, JSON.stringify(change)).to.equal(422);
        expect(res.text, field).to.include(`id="f-${field}-error"`);
        shows(res.text, en(key));
      }
      const noFile = await submit(agent, PROFILE);
      expect(noFile.status).to.equal(422);
      shows(noFile.text, en("invest.identity.errors.documentRequired"));
    });

    it("says it in Chinese to a Chinese reader", async () => {
      const { agent } = await member("zh-CN");
      const res = await submit(
        agent,
        { ...PROFILE, dateOfBirth: "2099-01-01" },
        { content: await gifImage(), filename: "a.gif" },
      );
      expect(res.status).to.equal(422);
      shows(res.text, zh("invest.identity.errors.documentType"));
      shows(res.text, zh("invest.identity.errors.dateOfBirthFuture"));
      const page = await agent.get("/invest/profile");
      shows(page.text, zh("invest.identity.title"));
    });

    it("refuses a multipart submission without the CSRF token in the URL (403)", async () => {
      const { user, agent } = await member();
      const res = await agent.post("/invest/profile").attach("document", minimalPdf(), "id.pdf");
      expect(res.status).to.equal(403);
      expect(await findIdentity(ctx.db, user.id)).to.equal(undefined);
    });
  });

  describe("admin review", () => {
    async function pendingMember(locale: "en" | "zh-CN" = "en", name = "Bo Pending") {
      const user = await createUser(ctx.db, { locale, name });
      const agent = browser(ctx.app);
      if (locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
      await signIn(agent, user.email);
      const res = await submit(
        agent,
        { ...PROFILE, legalName: name },
        { content: minimalPdf(name), filename: "id.pdf" },
      );
      expect(res.status).to.equal(303);
      return { user, agent };
    }

    it("lists pending identities oldest first; only admins may see the queue", async () => {
      const first = await pendingMember("en", "Queue First");
      ctx.clock.advance(60_000);
      const second = await pendingMember("en", "Queue Second");
      const res = await adminAgent.get("/admin/identities");
      expect(res.status).to.equal(200);
      const a = res.text.indexOf("Queue First");
      const b = res.text.indexOf("Queue Second");
      expect(a).to.be.greaterThan(-1);
      expect(b).to.be.greaterThan(a);
      expect((await first.agent.get("/admin/identities")).status).to.equal(403);
      expect((await second.agent.get(`/admin/identities/${first.user.id}`)).status).to.equal(403);
      expect((await supertest(ctx.app).get("/admin/identities")).status).to.equal(303);
    });

    it("shows the reviewer every field, the ID number in full, and the document link", async () => {
      const { user } = await pendingMember();
      const res = await adminAgent.get(`/admin/identities/${user.id}`);
      expect(res.status).to.equal(200);
      expect(res.text).to.include("533401372");
      expect(res.text).to.include(`/admin/identities/${user.id}/document`);
      expect(res.text).to.include(`action="/admin/identities/${user.id}/approve"`);
    });

    it("serves the document to admins and its owner only: nosniff, sandboxed, not cached", async () => {
      const { user, agent } = await pendingMember();
      const other = await member();
      const url = `/admin/identities/${user.id}/document`;
      const res = await adminAgent.get(url).buffer(true);
      expect(res.status).to.equal(200);
      expect(res.headers["content-type"]).to.equal("application/pdf");
      expect(res.headers["x-content-type-options"]).to.equal("nosniff");
      expect(res.headers["content-security-policy"]).to.equal("sandbox");
      expect(res.headers["cache-control"]).to.equal("private, no-store");
      expect((res.body as Buffer).equals(minimalPdf("Bo Pending"))).to.equal(true);
      expect((await agent.get("/invest/profile/document")).status).to.equal(200);
      expect((await agent.get(url)).status).to.equal(403);
      expect((await other.agent.get(url)).status).to.equal(403);
      expect((await other.agent.get("/invest/profile/document")).status).to.equal(404);
      expect((await supertest(ctx.app).get(url)).status).to.equal(303);
      // Not under the public media route either.
      const key = (await findIdentity(ctx.db, user.id))?.documentKey;
      expect((await supertest(ctx.app).get(`/media/images/${key}/1200`)).status).to.equal(404);
    });

    it("approves: verified, audited, the investor is emailed in their language", async () => {
      const { user, agent } = await pendingMember("zh-CN");
      const page = await adminAgent.get(`/admin/identities/${user.id}`);
      const submittedAt = page.text.match(/name="submittedAt" value="([^"]+)"/)?.[1] as string;
      const res = await adminAgent
        .post(`/admin/identities/${user.id}/approve`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), submittedAt });
      expect(res.status).to.equal(303);
      expect((await findIdentity(ctx.db, user.id))?.status).to.equal("verified");
      const trail = await auditTrail(ctx.db, "investor_identity", user.id);
      expect(trail.map((e) => e.action)).to.deep.equal(["identity.submit", "identity.approve"]);
      expect(trail[1]?.actorId).to.equal(admin.id);
      const mail = ctx.mail.at(-1);
      expect(mail?.to).to.equal(user.email);
      expect(mail?.subject).to.equal(zh("invest.mail.identityVerified.subject"));
      shows((await agent.get("/invest")).text, zh("invest.identity.status.verified"));
    });

    it("rejects with a reason (required): audited, emailed with the reason; the investor corrects and resubmits", async () => {
      const { user, agent } = await pendingMember();
      const page = await adminAgent.get(`/admin/identities/${user.id}`);
      const submittedAt = page.text.match(/name="submittedAt" value="([^"]+)"/)?.[1] as string;
      const empty = await adminAgent
        .post(`/admin/identities/${user.id}/reject`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), submittedAt, reason: "  " });
      expect(empty.status).to.equal(422);
      shows(empty.text, en("invest.admin.errors.reasonRequired"));
      const res = await adminAgent
        .post(`/admin/identities/${user.id}/reject`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), submittedAt, reason: "The photo is too blurred to read." });
      expect(res.status).to.equal(303);
      const row = await findIdentity(ctx.db, user.id);
      expect(row?.status).to.equal("rejected");
      expect(row?.rejectionReason).to.equal("The photo is too blurred to read.");
      const trail = await auditTrail(ctx.db, "investor_identity", user.id);
      expect(trail.at(-1)?.action).to.equal("identity.reject");
      expect(trail.at(-1)?.reason).to.equal("The photo is too blurred to read.");
      const mail = ctx.mail.at(-1);
      expect(mail?.subject).to.equal(en("invest.mail.identityRejected.subject"));
      expect(mail?.text).to.include("The photo is too blurred to read.");

      const profile = await agent.get("/invest/profile");
      shows(profile.text, en("invest.identity.status.rejected"));
      shows(profile.text, "The photo is too blurred to read.");
      // Corrects the name only: the ID number and the document on file are kept.
      const again = await submit(agent, { ...PROFILE, idNumber: "", legalName: "Bo Corrected" });
      expect(again.status).to.equal(303);
      const resubmitted = await findIdentity(ctx.db, user.id);
      expect(resubmitted?.status).to.equal("pending");
      expect(resubmitted?.legalName).to.equal("Bo Corrected");
      expect(resubmitted?.idNumberLast4).to.equal("1372");
      expect(resubmitted?.rejectionReason).to.equal(null);
    });

    it("a decision on a submission that changed meanwhile, or that is not pending, is refused (409)", async () => {
      const { user, agent } = await pendingMember();
      const page = await adminAgent.get(`/admin/identities/${user.id}`);
      const submittedAt = page.text.match(/name="submittedAt" value="([^"]+)"/)?.[1] as string;
      ctx.clock.advance(1000);
      await submit(agent, { ...PROFILE, legalName: "Changed Name" });
      const res = await adminAgent
        .post(`/admin/identities/${user.id}/approve`)
        .type("form")
        .send({ _csrf: csrfFrom(page.text), submittedAt });
      expect(res.status).to.equal(409);
      shows(res.text, en("invest.admin.errors.changed"));
      expect((await findIdentity(ctx.db, user.id))?.status).to.equal("pending");

      const verified = await createUser(ctx.db);
      await addIdentity(ctx.db, verified.id, { status: "verified" });
      const page2 = await adminAgent.get(`/admin/identities/${verified.id}`);
      const again = await adminAgent
        .post(`/admin/identities/${verified.id}/reject`)
        .type("form")
        .send({ _csrf: csrfFrom(page2.text), submittedAt: new Date().toISOString(), reason: "x" });
      expect(again.status).to.equal(409);
      shows(again.text, en("invest.admin.errors.notPending"));
    });

    it("unknown, malformed or huge user ids are 404, never 500", async () => {
      for (const bad of ["999999", "x", "0", "-1", "99999999999999999999"]) {
        expect((await adminAgent.get(`/admin/identities/${bad}`)).status, bad).to.equal(404);
        expect((await adminAgent.get(`/admin/identities/${bad}/document`)).status, bad).to.equal(404);
      }
    });

    it("changing a verified profile sends it back for review", async () => {
      const { user, agent } = await member();
      await addIdentity(ctx.db, user.id, { status: "verified" });
      const res = await submit(agent, { ...PROFILE, idNumber: "" });
      expect(res.status).to.equal(303);
      expect((await findIdentity(ctx.db, user.id))?.status).to.equal("pending");
    });
  });
});
