import { expect } from "chai";
import { helpCatalog } from "../../server/i18n/help.ts";
import { translator } from "../../server/i18n/index.ts";
import { helpTopics } from "../../server/web/support.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, escapeHtml } from "../support/http.ts";
import { NO_LIMITS, signedIn } from "../support/ops-factory.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("help centre", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext(NO_LIMITS);
  });
  after(() => ctx.close());

  it("GET /help lists every FAQ topic and the risks page, for visitors, with a way to contact support", async () => {
    const res = await browser(ctx.app).get("/help");
    expect(res.status).to.equal(200);
    for (const topic of helpTopics) {
      expect(res.text, topic.slug).to.include(`href="/help/${topic.slug}"`);
    }
    expect(res.text).to.include(escapeHtml(en("help.index.title")));
    expect(res.text).to.include(`/login?returnTo=${encodeURIComponent("/support/tickets/new")}`);
  });

  it("covers backing, pledges and charges, all-or-nothing, creating, review, equity, fees and safety", () => {
    expect(helpTopics.map((t) => t.slug)).to.include.members([
      "backing",
      "pledges",
      "all-or-nothing",
      "creating",
      "review",
      "equity",
      "fees",
      "safety",
      "risks",
    ]);
    for (const topic of helpTopics) expect(topic.questions.length, topic.slug).to.be.at.least(4);
  });

  it("shows every question and answer of every topic, in English and in Chinese", async () => {
    for (const [locale, t] of [
      ["en", en],
      ["zh-CN", zh],
    ] as const) {
      const agent = browser(ctx.app).set("Accept-Language", locale);
      for (const topic of helpTopics) {
        const res = await agent.get(`/help/${topic.slug}`);
        expect(res.status, topic.slug).to.equal(200);
        expect(res.text).to.include(`<html lang="${locale}">`);
        for (const q of topic.questions) {
          const base = `help.topics.${topic.key}.faq.${q}`;
          expect(res.text, `${locale} ${base}`).to.include(escapeHtml(t(`${base}.q`)));
          for (const paragraph of t(`${base}.a`).split("\n\n"))
            expect(res.text, `${locale} ${base}`).to.include(`<p>${escapeHtml(paragraph)}</p>`);
        }
      }
    }
  });

  it("the investor education page names the risks: losing everything, illiquidity, dilution, delays, no guaranteed returns, fraud", async () => {
    const res = await browser(ctx.app).get("/help/risks");
    const text = res.text.toLowerCase();
    for (const words of ["lose all", "cannot sell", "dilution", "late", "no guaranteed returns", "fraud"]) {
      expect(text, words).to.include(words);
    }
    expect(res.text).to.include(escapeHtml(en("help.topics.risks.warning")));
    const chinese = await browser(ctx.app).get("/help/risks").set("Accept-Language", "zh-CN");
    for (const words of ["损失全部", "无法转让", "稀释", "延期", "没有保证的回报", "欺诈"]) {
      expect(chinese.text, words).to.include(words);
    }
  });

  it("has the same questions in both languages (typed catalogs) and non-trivial answers", () => {
    for (const key of Object.keys(helpCatalog.en.topics) as (keyof typeof helpCatalog.en.topics)[]) {
      const english = helpCatalog.en.topics[key].faq as Record<string, { a: string }>;
      const chinese = helpCatalog.zhCN.topics[key].faq as Record<string, { a: string }>;
      expect(Object.keys(chinese), key).to.deep.equal(Object.keys(english));
      for (const [q, entry] of Object.entries(english))
        expect(entry.a.length, `${key}.${q}`).to.be.greaterThan(80);
    }
  });

  it("answers 404 for an unknown topic, and links the help centre from every page's footer", async () => {
    for (const path of ["/help/nothing", "/help/..%2Fadmin", "/help/RISKS"]) {
      expect((await browser(ctx.app).get(path)).status, path).to.equal(404);
    }
    const home = await browser(ctx.app).get("/");
    expect(home.text).to.match(/<footer[\s\S]*href="\/help"[\s\S]*href="\/help\/risks"[\s\S]*<\/footer>/);
  });

  it("offers a signed-in user to open a ticket or see their tickets", async () => {
    const { agent } = await signedIn(ctx);
    const res = await agent.get("/help/fees");
    expect(res.text).to.include('href="/support/tickets/new"');
    expect(res.text).to.include('href="/support/tickets"');
  });
});
