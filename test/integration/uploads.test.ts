import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import sharp from "sharp";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { findProject, updateProjectFields } from "../../server/store/projects.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import {
  gifImage,
  jpegImage,
  minimalPdf,
  pngImage,
  startProject,
  TERMS,
  tokenFrom,
  upload,
  webpImage,
} from "../support/creator-factory.ts";
import { browser, escapeHtml, inputValue, submitForm } from "../support/http.ts";
import { addIdentity } from "../support/invest-factory.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));
const publicDir = path.resolve(import.meta.dirname, "../../public");
const MB = 1024 * 1024;

describe("creator: uploads", () => {
  let ctx: TestContext;
  before(async () => {
    // A 1 MB document limit keeps the "too large" document small; images keep the 5 MB default.
    ctx = await createTestContext({ UPLOAD_MAX_DOCUMENT_MB: "1" });
  });
  after(() => ctx.close());

  const imagesDir = () => path.join(ctx.config.uploadDir, "images");
  const documentsDir = () => path.join(ctx.config.uploadDir, "documents");
  const filesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

  async function creator(options: { role?: "admin" } = {}) {
    const user = await createUser(ctx.db, options);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    return { user, agent };
  }

  async function draft() {
    const c = await creator();
    const id = await startProject(c.agent);
    return { ...c, id };
  }

  const uploadCover = (
    agent: ReturnType<typeof browser>,
    id: number,
    content: Buffer,
    filename = "cover.png",
    contentType = "image/png",
  ) =>
    upload(agent, `/projects/${id}/edit`, `/projects/${id}/cover`, {
      field: "cover",
      content,
      filename,
      contentType,
    });

  describe("cover images", () => {
    for (const [kind, make, type] of [
      ["PNG", () => pngImage(1600, 1000), "image/png"],
      ["JPEG", () => jpegImage(1600, 1000), "image/jpeg"],
      ["WebP", () => webpImage(1600, 1000), "image/webp"],
    ] as const) {
      it(`accepts a ${kind}: WebP at 1200 and 600 px under DATA_DIR/uploads, recorded and set as the cover`, async () => {
        const { user, agent, id } = await draft();
        const original = await make();
        const res = await uploadCover(agent, id, original, `photo.${kind.toLowerCase()}`, type);
        expect(res.status).to.equal(303);
        expect(res.headers.location).to.equal(`/projects/${id}/edit`);
        const project = await findProject(ctx.db, id);
        const image = await ctx.db("images").where({ id: project?.coverImageId }).first();
        expect(image).to.include({ owner_id: user.id, width: 1200, height: 750 });
        expect(image.storage_key).to.match(/^[a-f0-9]{32}$/);
        expect(image.sha256).to.equal(crypto.createHash("sha256").update(original).digest("hex"));
        for (const width of [600, 1200]) {
          const file = path.join(imagesDir(), `${image.storage_key}-${width}.webp`);
          expect(path.relative(publicDir, file).startsWith(".."), "outside public/").to.equal(true);
          const meta = await sharp(file).metadata();
          expect(meta.format).to.equal("webp");
          expect(meta.width).to.equal(width);
        }
        const editor = await agent.get(`/projects/${id}/edit`);
        expect(editor.text).to.include(`src="/media/images/${image.storage_key}/600"`);
      });
    }

    it("never upscales a small image", async () => {
      const { agent, id } = await draft();
      expect((await uploadCover(agent, id, await pngImage(64, 48))).status).to.equal(303);
      const image = await ctx
        .db("images")
        .where({ id: (await findProject(ctx.db, id))?.coverImageId })
        .first();
      for (const width of [600, 1200]) {
        const meta = await sharp(path.join(imagesDir(), `${image.storage_key}-${width}.webp`)).metadata();
        expect([meta.width, meta.height]).to.deep.equal([64, 48]);
      }
    });

    it("turns the picture by its EXIF orientation, then strips the metadata", async () => {
      const { agent, id } = await draft();
      const photo = await jpegImage(80, 40, { orientation: 6 }); // stored landscape, shown portrait
      expect((await sharp(photo).metadata()).orientation).to.equal(6);
      expect((await uploadCover(agent, id, photo, "phone.jpg", "image/jpeg")).status).to.equal(303);
      const image = await ctx
        .db("images")
        .where({ id: (await findProject(ctx.db, id))?.coverImageId })
        .first();
      const meta = await sharp(path.join(imagesDir(), `${image.storage_key}-1200.webp`)).metadata();
      expect([meta.width, meta.height]).to.deep.equal([40, 80]);
      expect(meta.orientation).to.equal(undefined);
      expect(meta.exif).to.equal(undefined);
      expect(meta.icc).to.equal(undefined);
    });

    it("serves a stored image with its type, nosniff and a long cache; other widths and keys are 404", async () => {
      const { agent, id } = await draft();
      await uploadCover(agent, id, await pngImage(700, 400));
      const key = (
        await ctx
          .db("images")
          .where({ id: (await findProject(ctx.db, id))?.coverImageId })
          .first()
      ).storage_key as string;
      const anonymous = supertest(ctx.app);
      for (const width of [600, 1200]) {
        const res = await anonymous.get(`/media/images/${key}/${width}`).buffer(true);
        expect(res.status).to.equal(200);
        expect(res.headers["content-type"]).to.equal("image/webp");
        expect(res.headers["x-content-type-options"]).to.equal("nosniff");
        expect(res.headers["cache-control"]).to.match(/max-age=31536000/);
        expect((await sharp(res.body as Buffer).metadata()).format).to.equal("webp");
      }
      for (const bad of [
        `/media/images/${key}/300`,
        `/media/images/${key}/600.webp`,
        `/media/images/${key.toUpperCase()}/600`,
        `/media/images/${key.slice(1)}/600`,
        `/media/images/${"0".repeat(32)}/600`,
        "/media/images/..%2F..%2Fcrowdfund.sqlite/600",
        `/media/images/${key}-600.webp/600`,
      ]) {
        expect((await anonymous.get(bad)).status, bad).to.equal(404);
      }
    });

    const refusals: [string, () => Promise<Buffer>, string, string, number, string][] = [
      [
        "a text file renamed .png",
        async () => Buffer.from("I am not a picture, whatever my name says.\n"),
        "cover.png",
        "image/png",
        415,
        "projects.uploads.notImage",
      ],
      ["a GIF", () => gifImage(), "animation.gif", "image/gif", 415, "projects.uploads.notImage"],
      [
        "a PDF declared as a JPEG",
        async () => minimalPdf(),
        "cover.jpg",
        "image/jpeg",
        415,
        "projects.uploads.notImage",
      ],
      [
        "a 6 MB image",
        async () => Buffer.concat([await pngImage(), Buffer.alloc(6 * MB)]),
        "big.png",
        "image/png",
        413,
        "projects.uploads.imageTooLarge",
      ],
      [
        "a corrupt image",
        async () => {
          const png = await pngImage(400, 300);
          const broken = Buffer.from(png.subarray(0, 60));
          return Buffer.concat([broken, crypto.randomBytes(200)]);
        },
        "broken.png",
        "image/png",
        422,
        "projects.uploads.unreadableImage",
      ],
      ["an empty file", async () => Buffer.alloc(0), "empty.png", "image/png", 422, "projects.uploads.empty"],
    ];
    for (const [name, make, filename, type, status, key] of refusals) {
      it(`refuses ${name} (${status}) with a clear message, keeping the rest of the page and storing nothing`, async () => {
        const { agent, id } = await draft();
        const before = filesIn(imagesDir());
        const res = await uploadCover(agent, id, await make(), filename, type);
        expect(res.status).to.equal(status);
        shows(res.text, en(key));
        expect(res.text).to.match(/id="f-cover-error"/);
        expect(inputValue(res.text, "title")).to.equal(escapeHtml("Oak desk organiser"));
        expect(filesIn(imagesDir())).to.deep.equal(before);
        expect((await findProject(ctx.db, id))?.coverImageId).to.equal(null);
      });
    }

    it("refuses a 50 MB upload with a 413 and the form, not a 500", async () => {
      const { agent, id } = await draft();
      const before = filesIn(imagesDir());
      const huge = Buffer.concat([await pngImage(), Buffer.alloc(50 * MB)]);
      const res = await uploadCover(agent, id, huge, "huge.png");
      expect(res.status).to.equal(413);
      shows(res.text, en("projects.uploads.imageTooLarge"));
      expect(filesIn(imagesDir())).to.deep.equal(before);
    });

    it("says it in Chinese to a Chinese reader", async () => {
      const { agent, id } = await draft();
      await agent.get("/language/zh-CN");
      const res = await uploadCover(agent, id, Buffer.from("plain text"), "x.png");
      expect(res.status).to.equal(415);
      shows(res.text, zh("projects.uploads.notImage"));
    });

    it("asks for a file when none is sent, and refuses two files", async () => {
      const { agent, id } = await draft();
      const token = await tokenFrom(agent, `/projects/${id}/edit`);
      const none = await agent
        .post(`/projects/${id}/cover?_csrf=${encodeURIComponent(token)}`)
        .field("x", "1");
      expect(none.status).to.equal(422);
      shows(none.text, en("projects.uploads.empty"));
      const png = await pngImage();
      const two = await agent
        .post(`/projects/${id}/cover?_csrf=${encodeURIComponent(token)}`)
        .attach("cover", png, { filename: "a.png", contentType: "image/png" })
        .attach("cover", png, { filename: "b.png", contentType: "image/png" });
      expect(two.status).to.equal(400);
      shows(two.text, en("projects.uploads.tooManyFiles"));
      expect((await findProject(ctx.db, id))?.coverImageId).to.equal(null);
    });

    it("refuses a multipart upload without the CSRF token in the URL (403) and stores nothing", async () => {
      const { agent, id } = await draft();
      const token = await tokenFrom(agent, `/projects/${id}/edit`);
      const before = filesIn(imagesDir());
      const png = await pngImage();
      const missing = await agent
        .post(`/projects/${id}/cover`)
        .attach("cover", png, { filename: "a.png", contentType: "image/png" });
      expect(missing.status).to.equal(403);
      const inBody = await agent
        .post(`/projects/${id}/cover`)
        .field("_csrf", token)
        .attach("cover", png, { filename: "a.png", contentType: "image/png" });
      expect(inBody.status).to.equal(403);
      const wrong = await agent
        .post(`/projects/${id}/cover?_csrf=not-the-token`)
        .attach("cover", png, { filename: "a.png", contentType: "image/png" });
      expect(wrong.status).to.equal(403);
      expect(filesIn(imagesDir())).to.deep.equal(before);
      expect(
        await ctx.db("images").where({ owner_id: (await findProject(ctx.db, id))?.creatorId }),
      ).to.have.length(0);
    });

    it("another user, an admin or a visitor cannot set the cover", async () => {
      const { id } = await draft();
      const before = filesIn(imagesDir());
      for (const intruder of [await creator(), await creator({ role: "admin" })]) {
        const res = await uploadCover(intruder.agent, id, await pngImage());
        expect(res.status).to.equal(404);
      }
      const visitor = browser(ctx.app);
      const res = await upload(visitor, "/login", `/projects/${id}/cover`, {
        field: "cover",
        content: await pngImage(),
        filename: "a.png",
      });
      expect(res.status).to.equal(403);
      expect(filesIn(imagesDir())).to.deep.equal(before);
      expect((await findProject(ctx.db, id))?.coverImageId).to.equal(null);
    });

    it("cannot change the cover once the project is submitted", async () => {
      const { agent, id } = await draft();
      const token = await tokenFrom(agent, `/projects/${id}/edit`);
      await updateProjectFields(ctx.db, id, { state: "submitted" }, ctx.clock.now());
      const res = await agent
        .post(`/projects/${id}/cover?_csrf=${encodeURIComponent(token)}`)
        .attach("cover", await pngImage(), { filename: "a.png", contentType: "image/png" });
      expect(res.status).to.equal(422);
      expect((await findProject(ctx.db, id))?.coverImageId).to.equal(null);
    });
  });

  describe("documents", () => {
    async function equityDraft(currency = "USD") {
      const c = await creator();
      const id = await startProject(c.agent, { kind: "equity", currency, goal: "250000" });
      return { ...c, id };
    }
    const uploadDocument = (
      agent: ReturnType<typeof browser>,
      id: number,
      content: Buffer,
      fields: Record<string, string> = { kind: "financials" },
      filename = "accounts-2025.pdf",
      contentType = "application/pdf",
    ) =>
      upload(
        agent,
        `/projects/${id}/equity`,
        `/projects/${id}/documents`,
        { field: "document", content, filename, contentType },
        fields,
      );

    it("stores each upload as a new version with its SHA-256, size and material-change flag", async () => {
      const { user, agent, id } = await equityDraft();
      const v1 = minimalPdf("first");
      const v2 = minimalPdf("second, restated");
      expect((await uploadDocument(agent, id, v1)).status).to.equal(303);
      const second = await uploadDocument(agent, id, v2, { kind: "financials", materialChange: "yes" });
      expect(second.status).to.equal(303);
      const rows = await ctx.db("project_documents").where({ project_id: id }).orderBy("version");
      expect(rows.map((r) => [r.kind, r.version, Boolean(r.material_change), r.uploaded_by])).to.deep.equal([
        ["financials", 1, false, user.id],
        ["financials", 2, true, user.id],
      ]);
      for (const [row, content] of [
        [rows[0], v1],
        [rows[1], v2],
      ] as const) {
        expect(row.sha256).to.equal(crypto.createHash("sha256").update(content).digest("hex"));
        expect(row.size_bytes).to.equal(content.length);
        expect(row.original_name).to.equal("accounts-2025.pdf");
        const file = path.join(documentsDir(), `${row.storage_key}.pdf`);
        expect(fs.readFileSync(file).equals(content)).to.equal(true);
        expect(path.relative(publicDir, file).startsWith("..")).to.equal(true);
      }
      const page = await agent.get(`/projects/${id}/equity`);
      for (const row of rows) {
        expect(page.text).to.include(row.sha256);
        expect(page.text).to.include(`href="/projects/${id}/documents/${row.id}"`);
      }
      const audit = await ctx.db("audit_log").where({ subject_id: id, action: "project.document_upload" });
      expect(audit).to.have.length(2);
    });

    const refusals: [string, () => Buffer, string, string, Record<string, string>, number, string][] = [
      [
        "a text file named .pdf",
        () => Buffer.from("Balance sheet: all good."),
        "accounts.pdf",
        "application/pdf",
        { kind: "financials" },
        415,
        "projects.uploads.notPdf",
      ],
      [
        "a PNG declared as a PDF",
        () => Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"),
        "scan.pdf",
        "application/pdf",
        { kind: "disclosure" },
        415,
        "projects.uploads.notPdf",
      ],
      [
        "a PDF over the size limit",
        () => Buffer.concat([minimalPdf(), Buffer.alloc(1.5 * MB)]),
        "big.pdf",
        "application/pdf",
        { kind: "financials" },
        413,
        "projects.uploads.documentTooLarge",
      ],
      [
        "an unknown document kind",
        () => minimalPdf(),
        "x.pdf",
        "application/pdf",
        { kind: "contract" },
        422,
        "projects.validation.choose",
      ],
    ];
    for (const [name, make, filename, type, fields, status, key] of refusals) {
      it(`refuses ${name} (${status}) and keeps the terms form`, async () => {
        const { agent, id } = await equityDraft();
        await submitForm(agent, `/projects/${id}/equity`, `/projects/${id}/equity`, TERMS);
        const before = filesIn(documentsDir());
        const res = await uploadDocument(agent, id, make(), fields, filename, type);
        expect(res.status).to.equal(status);
        shows(res.text, en(key));
        expect(inputValue(res.text, "companyName")).to.equal(escapeHtml(TERMS.companyName));
        expect(filesIn(documentsDir())).to.deep.equal(before);
        expect(await ctx.db("project_documents").where({ project_id: id })).to.have.length(0);
      });
    }

    it("refuses a document upload without the CSRF token, for a reward project, and for someone else", async () => {
      const { agent, id } = await equityDraft();
      const before = filesIn(documentsDir());
      const noToken = await agent
        .post(`/projects/${id}/documents`)
        .field("kind", "financials")
        .attach("document", minimalPdf(), { filename: "a.pdf", contentType: "application/pdf" });
      expect(noToken.status).to.equal(403);
      const reward = await startProject(agent);
      expect((await uploadDocument(agent, reward, minimalPdf())).status).to.equal(404);
      const other = await creator();
      expect((await uploadDocument(other.agent, id, minimalPdf())).status).to.equal(404);
      expect(filesIn(documentsDir())).to.deep.equal(before);
    });

    it("accepts a new version while live (a material change), not while in review", async () => {
      const { agent, id } = await equityDraft();
      const token = await tokenFrom(agent, `/projects/${id}/equity`);
      await updateProjectFields(ctx.db, id, { state: "submitted" }, ctx.clock.now());
      const inReview = await agent
        .post(`/projects/${id}/documents?_csrf=${encodeURIComponent(token)}`)
        .field("kind", "disclosure")
        .attach("document", minimalPdf(), { filename: "d.pdf", contentType: "application/pdf" });
      expect(inReview.status).to.equal(422);
      await updateProjectFields(ctx.db, id, { state: "live" }, ctx.clock.now());
      const live = await uploadDocument(agent, id, minimalPdf("update"), {
        kind: "disclosure",
        materialChange: "yes",
      });
      expect(live.status).to.equal(303);
      const [row] = await ctx.db("project_documents").where({ project_id: id });
      expect(Boolean(row.material_change)).to.equal(true);
    });

    describe("GET /projects/:projectId/documents/:docId", () => {
      async function withDocument(regime: "us_reg_cf" | "cn_private") {
        const currency = regime === "us_reg_cf" ? "USD" : "CNY";
        const c = await equityDraft(currency);
        await submitForm(c.agent, `/projects/${c.id}/equity`, `/projects/${c.id}/equity`, {
          ...TERMS,
          regime,
        });
        await uploadDocument(c.agent, c.id, minimalPdf(regime), { kind: "disclosure" }, 'plan "final".pdf');
        const doc = await ctx.db("project_documents").where({ project_id: c.id }).first();
        return { ...c, docId: doc.id as number, url: `/projects/${c.id}/documents/${doc.id}` };
      }

      it("serves the PDF to its creator inline, sandboxed, never sniffed, with a safe file name", async () => {
        const { agent, url } = await withDocument("us_reg_cf");
        const res = await agent.get(url).buffer(true);
        expect(res.status).to.equal(200);
        expect(res.headers["content-type"]).to.equal("application/pdf");
        expect(res.headers["x-content-type-options"]).to.equal("nosniff");
        expect(res.headers["content-security-policy"]).to.equal("sandbox");
        expect(res.headers["content-disposition"]).to.equal('inline; filename="disclosure-v1.pdf"');
        expect((res.body as Buffer).equals(minimalPdf("us_reg_cf"))).to.equal(true);
      });

      it("before launch: the creator and admins only", async () => {
        const { url } = await withDocument("us_reg_cf");
        const admin = await creator({ role: "admin" });
        expect((await admin.agent.get(url)).status).to.equal(200);
        expect((await (await creator()).agent.get(url)).status).to.equal(404);
        expect((await supertest(ctx.app).get(url)).status).to.equal(404);
      });

      it("once live: everyone (US regime)", async () => {
        const { id, url } = await withDocument("us_reg_cf");
        await updateProjectFields(ctx.db, id, { state: "live" }, ctx.clock.now());
        expect((await supertest(ctx.app).get(url)).status).to.equal(200);
        expect((await (await creator()).agent.get(url)).status).to.equal(200);
      });

      it("once live under the China regime: verified users only", async () => {
        const { id, url } = await withDocument("cn_private");
        await updateProjectFields(ctx.db, id, { state: "live" }, ctx.clock.now());
        expect((await supertest(ctx.app).get(url)).status).to.equal(404);
        const member = await creator();
        expect((await member.agent.get(url)).status).to.equal(404);
        await addIdentity(ctx.db, member.user.id, { status: "verified" });
        expect((await member.agent.get(url)).status).to.equal(200);
      });

      it("a document id under another project's id, and ids that are not ids, are 404", async () => {
        const a = await withDocument("us_reg_cf");
        const b = await equityDraft();
        expect((await a.agent.get(`/projects/${b.id}/documents/${a.docId}`)).status).to.equal(404);
        for (const bad of ["x", "0", "-1", "99999999999999999999"]) {
          expect((await a.agent.get(`/projects/${a.id}/documents/${bad}`)).status, bad).to.equal(404);
          expect((await a.agent.get(`/projects/${bad}/documents/${a.docId}`)).status, bad).to.equal(404);
        }
      });
    });
  });
});
