import { expect } from "chai";
import supertest from "supertest";
import { translator } from "../../server/i18n/index.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, escapeHtml, registerUser, setCookieLine } from "../support/http.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("platform", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  describe("GET /healthz", () => {
    it("answers JSON with the database status and sets no cookie", async () => {
      const res = await supertest(ctx.app).get("/healthz");
      expect(res.status).to.equal(200);
      expect(res.type).to.equal("application/json");
      expect(res.body).to.deep.equal({ status: "ok", database: "ok" });
      expect(res.headers["set-cookie"]).to.equal(undefined);
    });
  });

  describe("security headers", () => {
    for (const path of ["/", "/login", "/register", "/does-not-exist", "/healthz"]) {
      it(`${path} has a strict CSP, nosniff and no framing`, async () => {
        const res = await supertest(ctx.app).get(path);
        const csp = String(res.headers["content-security-policy"]);
        const directives = new Map(
          csp.split(";").map((d) => {
            const [name = "", ...values] = d.trim().split(/\s+/);
            return [name, values.join(" ")];
          }),
        );
        expect(directives.get("default-src")).to.equal("'self'");
        expect(directives.get("script-src")).to.equal("'self'");
        expect(directives.get("style-src")).to.equal("'self'");
        expect(directives.get("object-src")).to.equal("'none'");
        expect(directives.get("frame-ancestors")).to.equal("'none'");
        expect(directives.get("form-action")).to.equal("'self'");
        expect(directives.get("base-uri")).to.equal("'self'");
        expect(csp).not.to.include("unsafe-inline");
        expect(csp).not.to.include("unsafe-eval");
        expect(res.headers["x-content-type-options"]).to.equal("nosniff");
        expect(res.headers["referrer-policy"]).to.equal("same-origin");
        expect(res.headers["x-powered-by"]).to.equal(undefined);
        expect(res.headers["x-request-id"]).to.match(/^[0-9a-f-]{36}$/);
      });
    }

    it("sends no HSTS over plain HTTP (it would lock a local instance out)", async () => {
      const res = await supertest(ctx.app).get("/");
      expect(res.headers["strict-transport-security"]).to.equal(undefined);
    });

    it("pages carry no inline script or style that the CSP would block", async () => {
      const agent = browser(ctx.app);
      const pages = ["/", "/login", "/register", "/password/forgot", "/nope"];
      await registerUser(agent);
      pages.push("/account");
      for (const path of pages) {
        const html = (await agent.get(path)).text;
        expect(html, path).to.include('<script src="/static/js/app.js" defer></script>');
        const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)];
        expect(inlineScripts, `${path} inline <script>`).to.have.length(0);
        expect(html, `${path} <style>`).not.to.match(/<style[\s>]/);
        expect(html, `${path} style=`).not.to.match(/\sstyle=/);
        expect(html, `${path} on…= handler`).not.to.match(/\son[a-z]+=/);
      }
    });

    it("serves the stylesheet and script from /static with the right types", async () => {
      const css = await supertest(ctx.app).get("/static/css/app.css");
      expect(css.status).to.equal(200);
      expect(css.type).to.equal("text/css");
      const js = await supertest(ctx.app).get("/static/js/app.js");
      expect(js.status).to.equal(200);
      expect(js.type).to.match(/^(text|application)\/javascript$/);
    });
  });

  describe("session cookie", () => {
    it("is HttpOnly, SameSite=Lax, site-wide, and set once a form needs a CSRF token", async () => {
      const res = await supertest(ctx.app).get("/register");
      const line = setCookieLine(res, "sid");
      expect(line, "Set-Cookie sid").to.be.a("string");
      const attributes = (line as string).split(";").map((a) => a.trim().toLowerCase());
      expect(attributes).to.include("httponly");
      expect(attributes).to.include("samesite=lax");
      expect(attributes).to.include("path=/");
    });

    it("is not set for an anonymous visit to the home page", async () => {
      const res = await supertest(ctx.app).get("/");
      expect(res.status).to.equal(200);
      expect(res.headers["set-cookie"]).to.equal(undefined);
    });

    it("is not set for a 404 or a static file", async () => {
      for (const path of ["/nope", "/static/css/app.css"]) {
        const res = await supertest(ctx.app).get(path);
        expect(setCookieLine(res, "sid"), path).to.equal(undefined);
      }
    });
  });

  describe("hostile URLs get a 4xx or a same-site redirect, never a 500", () => {
    const table: [string, number, string?][] = [
      ["/password/reset/%", 400],
      ["/password/reset/%E0%A4%A", 400],
      ["/language/%E0", 400],
      ["/%", 404],
      ["/login?returnTo=a&returnTo=b", 200],
      ["/login?returnTo[x]=1", 200],
      ["/static/%2e%2e/server/config.ts", 404],
      ["/static/../package.json", 404],
      [`/password/reset/${"a".repeat(5000)}`, 410],
      ["/language/zh-CN?returnTo=%0d%0aSet-Cookie:x=1", 303, "/"],
      ["/language/zh-CN?returnTo=/%0d%0aX-Injected:1", 303, "/"],
      ["/language/zh-CN?returnTo=/%09/evil.example", 303, "/"],
    ];
    for (const [url, status, location] of table) {
      it(`${url.slice(0, 60)} -> ${status}${location ? ` ${location}` : ""}`, async () => {
        const res = await supertest(ctx.app).get(url);
        expect(res.status).to.equal(status);
        if (location) expect(res.headers.location).to.equal(location);
        expect(res.headers["x-injected"]).to.equal(undefined);
        expect(res.text ?? "").not.to.match(/at \S+ \(|node_modules/);
      });
    }
  });

  describe("not found", () => {
    it("is a translated page with a 404 status and no stack trace", async () => {
      const res = await supertest(ctx.app).get("/no/such/page");
      expect(res.status).to.equal(404);
      expect(res.type).to.equal("text/html");
      expect(res.text).to.include(escapeHtml(en("errors.titles.404")));
      expect(res.text).to.include(escapeHtml(en("errors.notFound")));
      expect(res.text).to.include('<a class="button" href="/">');
      expect(res.text).not.to.match(/NotFoundError|at \S+ \(|node_modules|\.ts:\d+/);
    });

    it("is in Chinese for a Chinese reader", async () => {
      const res = await supertest(ctx.app).get("/no/such/page").set("Accept-Language", "zh-CN");
      expect(res.status).to.equal(404);
      expect(res.text).to.include('<html lang="zh-CN">');
      expect(res.text).to.include(zh("errors.titles.404"));
      expect(res.text).to.include(zh("errors.notFound"));
    });
  });
});

describe("platform when the database fails", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("a page shows the translated 500 page with a reference and no stack trace, and logs the error", async () => {
    const agent = browser(ctx.app);
    await registerUser(agent);
    await ctx.db.schema.renameTable("sessions", "sessions_gone"); // every session read now fails
    try {
      const res = await agent.get("/account");
      expect(res.status).to.equal(500);
      expect(res.type).to.equal("text/html");
      expect(res.text).to.include(escapeHtml(en("errors.server.title")));
      const requestId = String(res.headers["x-request-id"]);
      expect(res.text).to.include(requestId);
      expect(res.text).not.to.match(/at \S+ \(|node_modules|\.ts:\d+|Error:|sessions_gone|SQLITE/);
      expect(ctx.logs()).to.include("unhandled error");
      expect(ctx.logs()).to.include(requestId);

      const chinese = await agent.get("/account").set("Accept-Language", "zh-CN");
      expect(chinese.status).to.equal(500);
      expect(chinese.text).to.include('<html lang="zh-CN">');
      expect(chinese.text).to.include(zh("errors.server.title"));

      // A session that cannot be saved after the page went out is logged, not lost on stderr.
      const anonymous = await supertest(ctx.app).get("/register");
      expect(anonymous.status).to.equal(200);
      expect(ctx.logs()).to.include("error after the response was sent");
    } finally {
      await ctx.db.schema.renameTable("sessions_gone", "sessions");
    }
  });

  it("/healthz answers 503 with the database unavailable", async () => {
    await ctx.db.destroy();
    const res = await supertest(ctx.app).get("/healthz");
    expect(res.status).to.equal(503);
    expect(res.body).to.deep.equal({ status: "degraded", database: "unavailable" });
  });
});
