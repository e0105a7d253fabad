import { expect } from "chai";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, registerUser } from "../support/http.ts";

describe("smoke", () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("registers and shows the account page", async () => {
    const agent = browser(ctx.app);
    const account = await registerUser(agent);
    const page = await agent.get("/account");
    expect(page.status).to.equal(200);
    expect(page.text).to.include(account.email);
  });
});
