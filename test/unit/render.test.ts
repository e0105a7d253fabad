import { expect } from "chai";
import { safeReturnPath } from "../../server/web/render.ts";

describe("safeReturnPath", () => {
  const followed = [
    "/",
    "/account",
    "/account?tab=password",
    "/projects/42#rewards",
    "/language/zh-CN?returnTo=%2F",
  ];
  for (const path of followed) {
    it(`follows ${JSON.stringify(path)}`, () => {
      expect(safeReturnPath(path)).to.equal(path);
    });
  }

  const refused: unknown[] = [
    "//evil.example",
    "//evil.example/account",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\nSet-Cookie: x=1",
    "/account\u0000",
    "evil.example",
    "account",
    "",
    undefined,
    null,
    42,
    ["/account"],
    { path: "/account" },
  ];
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value)} and returns the fallback`, () => {
      expect(safeReturnPath(value)).to.equal("/");
      expect(safeReturnPath(value, "/account")).to.equal("/account");
    });
  }
});
