import { expect } from "chai";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PasswordProblem,
  passwordProblems,
} from "../../server/domain/password-policy.ts";

/** `count` characters cycled from `alphabet`, counted as characters (code points), not UTF-16 units. */
function chars(alphabet: string, count: number): string {
  const units = [...alphabet];
  return Array.from({ length: count }, (_, i) => units[i % units.length]).join("");
}

describe("password policy", () => {
  it("uses the NIST lengths: at least 10 and at most 128 characters", () => {
    expect(PASSWORD_MIN_LENGTH).to.equal(10);
    expect(PASSWORD_MAX_LENGTH).to.equal(128);
  });

  describe("length, counted in characters", () => {
    const latin = "kxqzvbtrmw";
    const chinese = "山水风月花雨雪云天海"; // one UTF-16 unit each
    const emoji = "🌱🚀🎸🐙🍉🦊🌈🎲🧩🛶"; // two UTF-16 units each
    const table: [string, string, number, PasswordProblem[]][] = [];
    for (const [label, alphabet] of [
      ["latin", latin],
      ["Chinese", chinese],
      ["emoji", emoji],
    ] as const) {
      table.push(
        [label, alphabet, 9, ["tooShort"]],
        [label, alphabet, 10, []],
        [label, alphabet, 128, []],
        [label, alphabet, 129, ["tooLong"]],
      );
    }
    for (const [label, alphabet, length, expected] of table) {
      it(`${length} ${label} characters -> ${expected.join(", ") || "accepted"}`, () => {
        const password = chars(alphabet, length);
        expect([...password]).to.have.length(length);
        expect(passwordProblems(password)).to.deep.equal(expected);
      });
    }

    it("does not count 5 emoji (10 UTF-16 units) as 10 characters", () => {
      const password = chars(emoji, 5);
      expect(password.length).to.equal(10);
      expect(passwordProblems(password)).to.deep.equal(["tooShort"]);
    });

    it("accepts a long passphrase with spaces", () => {
      expect(passwordProblems("correct horse battery staple")).to.deep.equal([]);
    });
  });

  describe("common passwords", () => {
    const common = [
      "password123",
      "Password123",
      "PASSWORD1234",
      "1234567890",
      "qwertyuiop",
      "1q2w3e4r5t",
      "woaini1314",
      "aaaaaaaaaa",
      "ababababab",
      "1212121212121212",
      "😀😀😀😀😀😀😀😀😀😀",
    ];
    for (const password of common) {
      it(`refuses ${JSON.stringify(password)}`, () => {
        expect(passwordProblems(password)).to.include("common");
      });
    }

    it("accepts a password of three repeated characters that is not on the list", () => {
      expect(passwordProblems("abcabcabcabc")).to.deep.equal([]);
    });
  });

  describe("containing the account's identity", () => {
    const table: [string, { email?: string; name?: string }, boolean][] = [
      ["my alice.smith secret", { email: "alice.smith@example.com" }, true],
      ["MY-ALICE.SMITH-SECRET", { email: "Alice.Smith@Example.com" }, true],
      ["xxAliceSmith99!", { name: "Alice Smith" }, true],
      ["alice smith forever", { name: "Alice Smith" }, true],
      ["我是王小明的新密码啊", { name: "王小明的" }, true],
      ["example.com is great", { email: "alice.smith@example.com" }, false],
      // Short names and local parts are too common to refuse on.
      ["bobbobsecret", { email: "bob@example.com", name: "Bob" }, false],
      ["river stone lamp", { email: "alice.smith@example.com", name: "Alice Smith" }, false],
    ];
    for (const [password, identity, refused] of table) {
      it(`${JSON.stringify(password)} with ${JSON.stringify(identity)} -> ${refused ? "refused" : "accepted"}`, () => {
        const problems = passwordProblems(password, identity);
        if (refused) expect(problems).to.include("containsIdentity");
        else expect(problems).not.to.include("containsIdentity");
      });
    }
  });

  it("reports only the length problem when the password is too short to judge", () => {
    expect(passwordProblems("alice", { name: "alice" })).to.deep.equal(["tooShort"]);
  });

  it("reports both common and identity problems together", () => {
    expect(passwordProblems("password123", { name: "password" })).to.deep.equal([
      "common",
      "containsIdentity",
    ]);
  });
});
