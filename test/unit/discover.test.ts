import { expect } from "chai";
import {
  isRestrictedRegime,
  pageCount,
  parsePage,
  percentFunded,
  progressValue,
  remaining,
  timeLeft,
} from "../../server/domain/discovery.ts";
import { isPublic, projectStates } from "../../server/domain/project-lifecycle.ts";
import { canSeeRestrictedOffering } from "../../server/services/discovery.ts";
import { ftsMatchExpression, likePattern, searchableStates, searchTerms } from "../../server/store/search.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("discover: pure helpers", () => {
  describe("percentFunded", () => {
    const cases: [number, number, number][] = [
      [0, 1_000_000, 0],
      [1, 1_000_000, 0],
      [749_999, 1_000_000, 74], // 74.9999 % floors, never rounds up to 75
      [750_000, 1_000_000, 75],
      [999_999, 1_000_000, 99], // not yet funded
      [1_000_000, 1_000_000, 100],
      [2_450_000, 1_000_000, 245], // over-funded
      [1, 3, 33],
      [2, 3, 66],
      [999_999_999_999, 1_000_000_000_000, 99], // large amounts stay exact
      [500, 0, 0], // no goal: no percentage, not Infinity
      [-5, 100, 0],
    ];
    for (const [pledged, goal, expected] of cases) {
      it(`${pledged} of ${goal} -> ${expected}%`, () => {
        expect(percentFunded(pledged, goal)).to.equal(expected);
      });
    }
  });

  it("progressValue caps an over-funded bar at 100 and a negative one at 0", () => {
    expect(progressValue(245)).to.equal(100);
    expect(progressValue(37)).to.equal(37);
    expect(progressValue(-3)).to.equal(0);
  });

  describe("timeLeft", () => {
    const now = new Date("2026-03-01T12:00:00.000Z");
    const at = (ms: number) => new Date(now.getTime() + ms);
    const cases: [string, Date | null, ReturnType<typeof timeLeft>][] = [
      ["no deadline", null, { unit: "none", count: 0 }],
      ["12 days and a bit", at(12 * DAY + 5 * HOUR), { unit: "days", count: 12 }],
      ["exactly 2 days", at(2 * DAY), { unit: "days", count: 2 }],
      ["just under 2 days", at(2 * DAY - 1), { unit: "hours", count: 47 }],
      ["exactly 1 hour", at(HOUR), { unit: "hours", count: 1 }],
      ["59 minutes", at(HOUR - 1), { unit: "minutes", count: 59 }],
      ["30 seconds", at(30_000), { unit: "minutes", count: 1 }],
      ["the deadline itself", at(0), { unit: "ended", count: 0 }],
      ["after the deadline", at(-DAY), { unit: "ended", count: 0 }],
    ];
    for (const [name, deadline, expected] of cases) {
      it(`${name} -> ${expected.unit} ${expected.count}`, () => {
        expect(timeLeft(now, deadline)).to.deep.equal(expected);
      });
    }
  });

  it("remaining: unlimited is null, never negative", () => {
    expect(remaining(null, 5)).to.equal(null);
    expect(remaining(10, 3)).to.equal(7);
    expect(remaining(10, 10)).to.equal(0);
    expect(remaining(10, 12)).to.equal(0);
  });

  describe("parsePage", () => {
    const cases: [unknown, number][] = [
      [undefined, 1],
      ["", 1],
      ["1", 1],
      ["2", 2],
      ["0", 1],
      ["-1", 1],
      ["abc", 1],
      ["2.5", 1],
      ["1e3", 1],
      [" 3", 1],
      ["9999999", 9_999_999],
      ["99999999999999999999", 1], // absurdly large: page 1, never a float or an overflow
      [["3", "4"], 3], // repeated parameter: the first
      [{ a: 1 }, 1],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} -> ${expected}`, () => expect(parsePage(input)).to.equal(expected));
    }
  });

  it("pageCount: at least one page", () => {
    expect(pageCount(0)).to.equal(1);
    expect(pageCount(12)).to.equal(1);
    expect(pageCount(13)).to.equal(2);
    expect(pageCount(25, 12)).to.equal(3);
  });

  it("the China regime is restricted; US and UK are not; only verified users (and admins) may see restricted offerings", () => {
    expect(isRestrictedRegime("cn_private")).to.equal(true);
    expect(isRestrictedRegime("us_reg_cf")).to.equal(false);
    expect(isRestrictedRegime("uk")).to.equal(false);
    expect(isRestrictedRegime(undefined)).to.equal(false);
    expect(canSeeRestrictedOffering(undefined)).to.equal(false);
    expect(canSeeRestrictedOffering({ id: 1, role: "user" })).to.equal(false);
    expect(canSeeRestrictedOffering({ id: 1, role: "user", identityVerified: false })).to.equal(false);
    expect(canSeeRestrictedOffering({ id: 1, role: "user", identityVerified: true })).to.equal(true);
    expect(canSeeRestrictedOffering({ id: 2, role: "admin" })).to.equal(true);
  });

  it("searchable states are exactly the public ones", () => {
    expect([...searchableStates].sort()).to.deep.equal(projectStates.filter(isPublic).sort());
  });

  describe("searchTerms", () => {
    it("splits on spaces and punctuation, keeps 3+ characters for FTS and shorter ones for LIKE", () => {
      expect(searchTerms("ceramic tea 咖啡")).to.deep.equal({ fts: ["ceramic", "tea"], like: ["咖啡"] });
      expect(searchTerms("手工茶具，咖啡。go")).to.deep.equal({ fts: ["手工茶具"], like: ["咖啡", "go"] });
    });
    it("folds full-width characters typed with an IME", () => {
      expect(searchTerms("ＣＯＦＦＥＥ")).to.deep.equal({ fts: ["COFFEE"], like: [] });
    });
    it("drops quotes and duplicates (case-insensitively)", () => {
      expect(searchTerms('"board game" Board')).to.deep.equal({ fts: ["board", "game"], like: [] });
    });
    it("counts characters, not UTF-16 units: one emoji is a short term", () => {
      expect(searchTerms("🎲")).to.deep.equal({ fts: [], like: ["🎲"] });
      expect(searchTerms("🎲🎲🎲")).to.deep.equal({ fts: ["🎲🎲🎲"], like: [] });
    });
    it("an empty or blank query has no terms", () => {
      expect(searchTerms("")).to.deep.equal({ fts: [], like: [] });
      expect(searchTerms(" \t\n ")).to.deep.equal({ fts: [], like: [] });
      expect(searchTerms("\u0000\u0001")).to.deep.equal({ fts: [], like: [] });
    });
    it("caps a huge query at 8 terms and 200 characters", () => {
      const words = Array.from({ length: 50 }, (_, i) => `word${i}`).join(" ");
      const t = searchTerms(words);
      expect(t.fts).to.have.length(8);
      const long = searchTerms("x".repeat(10_000));
      expect(long.fts).to.deep.equal(["x".repeat(200)]);
    });
  });

  describe("ftsMatchExpression", () => {
    it("quotes each term so FTS operators are plain text", () => {
      expect(ftsMatchExpression(["coffee", "NEAR", "AND"])).to.equal('"coffee" "NEAR" "AND"');
      expect(ftsMatchExpression(["a*b", "title:x", "^abc"])).to.equal('"a*b" "title:x" "^abc"');
    });
    it("doubles a quote inside a term", () => {
      expect(ftsMatchExpression(['say"hi'])).to.equal('"say""hi"');
    });
  });

  it("likePattern escapes LIKE's wildcards and the escape character", () => {
    expect(likePattern("咖啡")).to.equal("%咖啡%");
    expect(likePattern("%")).to.equal("%\\%%");
    expect(likePattern("a_b")).to.equal("%a\\_b%");
    expect(likePattern("c:\\")).to.equal("%c:\\\\%");
  });
});
