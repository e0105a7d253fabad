import { expect } from "chai";
import { createTestContext, type TestContext } from "../support/context.ts";
import { browser, cookieValue, registerUser, signIn, signOut, submitForm } from "../support/http.ts";

describe("request logs", () => {
  let ctx: TestContext;
  const secrets: string[] = [];
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it("record every request with its method, redacted path, status and id, and never a secret", async () => {
    const agent = browser(ctx.app);
    const password = "log-canary-password-one";
    const account = await registerUser(agent, { password });
    secrets.push(password);
    const sid = cookieValue(await agent.get("/account"), "sid");
    if (sid) secrets.push(sid, decodeURIComponent(sid));

    // A failed sign-in with a typed password, and a successful one.
    await signOut(agent);
    const wrong = "log-canary-wrong-password";
    secrets.push(wrong);
    await signIn(agent, account.email, wrong);
    const signedIn = await signIn(agent, account.email, password);
    const newSid = cookieValue(signedIn, "sid");
    if (newSid) secrets.push(newSid, decodeURIComponent(newSid));

    // A password change.
    const changed = "log-canary-password-two";
    secrets.push(changed);
    await submitForm(agent, "/account", "/account/password", {
      currentPassword: password,
      newPassword: changed,
      newPasswordConfirm: changed,
    });

    // A reset, through its link, with a password sent in the query string by a confused client.
    await submitForm(browser(ctx.app), "/password/forgot", "/password/forgot", { email: account.email });
    const token = ctx.mail.at(-1)?.text.match(/\/password\/reset\/([A-Za-z0-9_-]+)/)?.[1] as string;
    expect(token).to.be.a("string");
    secrets.push(token);
    const reset = "log-canary-password-three";
    secrets.push(reset);
    await submitForm(browser(ctx.app), `/password/reset/${token}`, `/password/reset/${token}`, {
      password: reset,
      passwordConfirm: reset,
    });
    await browser(ctx.app).get(`/login?password=${reset}&token=${token}`);

    const logs = ctx.logs();
    const lines = logs
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const requests = lines.filter((l) => l.req);
    expect(requests.length).to.be.greaterThan(10);
    for (const line of requests) {
      expect(line.req.id).to.match(/^[0-9a-f-]{36}$/);
      expect(line.req.method).to.match(/^(GET|POST)$/);
      expect(line.res.statusCode).to.be.a("number");
      expect(line.req).to.have.all.keys("id", "method", "url");
    }
    expect(requests.some((l) => l.req.method === "POST" && l.req.url === "/login")).to.equal(true);
    expect(requests.some((l) => l.req.url === "/password/reset/[redacted]")).to.equal(true);

    for (const secret of secrets) expect(logs, `a secret in the logs: ${secret}`).not.to.include(secret);
    expect(logs).not.to.match(/sid=|cookie|set-cookie|_csrf=/i);
    expect(logs).not.to.include(account.email);
  });
});
