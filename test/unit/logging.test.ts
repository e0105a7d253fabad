import { expect } from "chai";
import { redactUrl } from "../../server/web/logging.ts";

const TOKEN = "Zx9_secretResetToken-abc123";

describe("redactUrl", () => {
  const table: [string, string][] = [
    ["/", "/"],
    ["/account", "/account"],
    ["/login?returnTo=%2Faccount", "/login?returnTo=%2Faccount"],
    [`/password/reset/${TOKEN}`, "/password/reset/[redacted]"],
    [`/password/reset/${TOKEN}/`, "/password/reset/[redacted]/"],
    [`/password/reset/${TOKEN}?lang=en`, "/password/reset/[redacted]?lang=en"],
    // Express routes ignore case, so the redaction must too.
    [`/Password/Reset/${TOKEN}`, "/Password/Reset/[redacted]"],
    [`/x?token=${TOKEN}&a=1`, "/x?token=%5Bredacted%5D&a=1"],
    [`/x?reset_token=${TOKEN}`, "/x?reset_token=%5Bredacted%5D"],
    ["/x?password=hunter2hunter2", "/x?password=%5Bredacted%5D"],
    ["/x?newPassword=hunter2hunter2", "/x?newPassword=%5Bredacted%5D"],
    [
      "/x?api_key=k1&code=c2&client_secret=s3",
      "/x?api_key=%5Bredacted%5D&code=%5Bredacted%5D&client_secret=%5Bredacted%5D",
    ],
    ["/x?TOKEN=abc", "/x?TOKEN=%5Bredacted%5D"],
  ];
  for (const [url, expected] of table) {
    it(`${url} -> ${expected}`, () => {
      expect(redactUrl(url)).to.equal(expected);
    });
  }

  it("redacts a reset link carried in another parameter (the language switcher's returnTo)", () => {
    const url = `/language/zh-CN?returnTo=${encodeURIComponent(`/password/reset/${TOKEN}`)}`;
    const logged = redactUrl(url);
    expect(logged).not.to.include(TOKEN);
    expect(logged).to.match(/^\/language\/zh-CN\?returnTo=/);
  });

  it("never lets a token through, wherever it sits in the URL", () => {
    for (const url of [
      `/password/reset/${TOKEN}`,
      `/password/reset/${TOKEN}?token=${TOKEN}`,
      `/x?token=${TOKEN}?token=${TOKEN}`,
      `/login?returnTo=${encodeURIComponent(`/password/reset/${TOKEN}?x=1`)}`,
      `/login?returnTo=/password/reset/${TOKEN}`,
    ]) {
      expect(redactUrl(url), url).not.to.include(TOKEN);
    }
  });
});
