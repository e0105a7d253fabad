import { expect } from "chai";
import supertest from "supertest";
import { masked, SecretBox } from "../../server/crypto/secrets.ts";
import { translator } from "../../server/i18n/index.ts";
import { auditTrail } from "../../server/store/audit.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { PROFILE } from "../support/creator-factory.ts";
import { browser, escapeHtml, inputValue, submitForm } from "../support/http.ts";
import { createUser, signIn } from "../support/project-factory.ts";

const en = translator("en");
const shows = (html: string, text: string) => expect(html).to.include(escapeHtml(text));
const ID = "11010119900307123X";
const IBAN = "GB82WEST12345698765432";

describe("creator: identity and payout account", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function creator() {
    const user = await createUser(ctx.db);
    const agent = browser(ctx.app);
    await signIn(agent, user.email);
    return { user, agent };
  }
  const save = (agent: ReturnType<typeof browser>, fields: Record<string, string>) =>
    submitForm(agent, "/account/creator-profile", "/account/creator-profile", fields);

  it("needs a signed-in user", async () => {
    const res = await supertest(ctx.app).get("/account/creator-profile");
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.match(/^\/login\?returnTo=/);
  });

  it("offers countries by ISO code with names in the reader's language, and the ID types", async () => {
    const { agent } = await creator();
    const page = await agent.get("/account/creator-profile");
    expect(page.status).to.equal(200);
    expect(page.text).to.include('<option value="CN">China</option>');
    expect(page.text).to.include('<option value="GB">United Kingdom</option>');
    for (const type of ["national_id", "passport", "driving_licence", "business_licence"])
      shows(page.text, en(`projects.profile.idTypes.${type}`));
    await agent.get("/language/zh-CN");
    expect((await agent.get("/account/creator-profile")).text).to.include('<option value="CN">中国</option>');
  });

  it("seals the ID and account numbers at rest and shows only their last four characters", async () => {
    const { user, agent } = await creator();
    const res = await save(agent, { ...PROFILE, idNumber: ID, payoutAccount: "GB82 WEST 1234 5698 7654 32" });
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal("/dashboard");
    const row = await ctx.db("creator_profiles").where({ user_id: user.id }).first();
    const everything = JSON.stringify(row);
    expect(everything).not.to.include(ID);
    expect(everything).not.to.include("1010119900307");
    expect(everything).not.to.include(IBAN);
    expect(everything).not.to.include("WEST1234");
    expect(row.id_number_enc).to.match(/^v1\./);
    const box = new SecretBox(ctx.config.encryptionKey);
    expect(box.open(row.id_number_enc)).to.equal(ID);
    expect(box.open(row.payout_account_enc)).to.equal(IBAN);
    expect(row).to.include({ id_number_last4: "123X", payout_account_last4: "5432", country: "CN" });
    const page = await agent.get("/account/creator-profile");
    expect(page.text).not.to.include(ID);
    expect(page.text).not.to.include(IBAN);
    shows(page.text, en("projects.profile.onFile", { masked: masked("123X") }));
    shows(page.text, en("projects.profile.onFile", { masked: masked("5432") }));
    expect(inputValue(page.text, "idNumber")).to.equal("");
    expect(inputValue(page.text, "legalName")).to.equal("Li Wei");
    const dashboard = await agent.get("/dashboard");
    shows(dashboard.text, en("projects.profile.complete", { masked: masked("5432") }));
    const audit = await auditTrail(ctx.db, "user", user.id);
    expect(audit.map((a) => a.action)).to.deep.equal(["creator_profile.create"]);
    expect(JSON.stringify(audit)).not.to.include(ID);
  });

  it("reports missing numbers together with the other problems of the form", async () => {
    const { agent } = await creator();
    const res = await save(agent, { ...PROFILE, legalName: "", idNumber: "", payoutAccount: "" });
    expect(res.status).to.equal(422);
    for (const field of ["legalName", "idNumber", "payoutAccount"])
      expect(res.text).to.include(`id="f-${field}-error"`);
  });

  it("requires both numbers the first time", async () => {
    const { user, agent } = await creator();
    const res = await save(agent, { ...PROFILE, idNumber: "", payoutAccount: "" });
    expect(res.status).to.equal(422);
    expect(res.text).to.match(/id="f-idNumber-error"/);
    expect(res.text).to.match(/id="f-payoutAccount-error"/);
    expect(await ctx.db("creator_profiles").where({ user_id: user.id }).first()).to.equal(undefined);
  });

  it("keeps the stored numbers when left blank; re-entering replaces them", async () => {
    const { user, agent } = await creator();
    await save(agent, PROFILE);
    const before = await ctx.db("creator_profiles").where({ user_id: user.id }).first();
    const kept = await save(agent, {
      ...PROFILE,
      legalName: "Li Wei (李伟)",
      idNumber: "",
      payoutAccount: "",
    });
    expect(kept.status).to.equal(303);
    const after = await ctx.db("creator_profiles").where({ user_id: user.id }).first();
    expect(after.legal_name).to.equal("Li Wei (李伟)");
    expect(after.id_number_enc).to.equal(before.id_number_enc);
    expect(after.payout_account_enc).to.equal(before.payout_account_enc);
    await save(agent, { ...PROFILE, idNumber: "", payoutAccount: "6222 0202 0011 2233 445" });
    const replaced = await ctx.db("creator_profiles").where({ user_id: user.id }).first();
    expect(new SecretBox(ctx.config.encryptionKey).open(replaced.payout_account_enc)).to.equal(
      "6222020200112233445",
    );
    expect(replaced.payout_account_last4).to.equal("3445");
    expect(replaced.id_number_enc).to.equal(before.id_number_enc);
  });

  it("asks for the number again when the ID type changes", async () => {
    const { agent } = await creator();
    await save(agent, PROFILE);
    const res = await save(agent, { ...PROFILE, idType: "passport", idNumber: "", payoutAccount: "" });
    expect(res.status).to.equal(422);
    shows(res.text, en("projects.profile.errors.idTypeChanged"));
  });

  const refusals: [string, Record<string, string>, string][] = [
    [
      "an IBAN with a wrong check digit",
      { payoutAccount: "GB82WEST12345698765433" },
      "projects.profile.errors.iban",
    ],
    [
      "an account number with symbols",
      { payoutAccount: "1234-5678;DROP" },
      "projects.profile.errors.account",
    ],
    ["an ID number that is too short", { idNumber: "12" }, "projects.profile.errors.idNumber"],
    ["a country outside the list", { country: "XX" }, "projects.validation.choose"],
    ["an unknown ID type", { idType: "library_card" }, "projects.validation.choose"],
    ["no legal name", { legalName: "  " }, "validation.required"],
  ];
  for (const [name, change, key] of refusals) {
    it(`refuses ${name}, keeping the other fields but never echoing the numbers`, async () => {
      const { agent } = await creator();
      const res = await save(agent, { ...PROFILE, ...change });
      expect(res.status).to.equal(422);
      shows(res.text, en(key));
      expect(inputValue(res.text, "payoutBank")).to.equal("Bank of Example");
      expect(inputValue(res.text, "idNumber")).to.equal("");
      expect(inputValue(res.text, "payoutAccount")).to.equal("");
    });
  }

  it("goes back to a page on this site after saving, never to another site", async () => {
    const { agent } = await creator();
    const page = await agent.get("/account/creator-profile?returnTo=%2Fprojects%2F1%2Fsubmit");
    expect(page.text).to.include('name="returnTo" value="/projects/1/submit"');
    const back = await save(agent, { ...PROFILE, returnTo: "/projects/1/submit" });
    expect(back.headers.location).to.equal("/projects/1/submit");
    const evil = await save(agent, {
      ...PROFILE,
      idNumber: "",
      payoutAccount: "",
      returnTo: "//evil.example",
    });
    expect(evil.headers.location).to.equal("/dashboard");
  });

  it("refuses a POST without the CSRF token", async () => {
    const { user, agent } = await creator();
    const res = await agent.post("/account/creator-profile").type("form").send(PROFILE);
    expect(res.status).to.equal(403);
    expect(await ctx.db("creator_profiles").where({ user_id: user.id }).first()).to.equal(undefined);
  });
});
