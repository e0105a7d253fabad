import { expect } from "chai";
import fc from "fast-check";
import type { Currency } from "../../server/domain/money.ts";
import { type CurrencyFees, computeFees } from "../../server/domain/settlement/fees.ts";
import {
  accounts,
  accountType,
  balanceOf,
  balances,
  chargeEntry,
  checkEntry,
  checkInvariants,
  feesEntry,
  type JournalEntry,
  payoutEntries,
  payoutEntry,
  refundAfterPayoutEntry,
  refundEntry,
  transferEntry,
} from "../../server/domain/settlement/ledger.ts";

/** The type of the values an arbitrary generates. */
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

const usd: CurrencyFees = { platformPercent: "5", processingPercent: "2.9", processingFixedMinor: 30 };
const pledge = (id: number) => ({ kind: "pledge" as const, id });

/** Σ debits − Σ credits per currency over a whole journal. */
function imbalance(entries: readonly JournalEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    for (const p of e.postings) out[p.currency] = (out[p.currency] ?? 0) + p.debitMinor - p.creditMinor;
  }
  return out;
}

describe("settlement: ledger", () => {
  describe("accounts", () => {
    it("names accounts by type and owner", () => {
      expect(accounts.escrow(7)).to.equal("escrow:campaign:7");
      expect(accounts.creatorPayable(3)).to.equal("creator_payable:3");
      expect(accounts.paidOut(3)).to.equal("paid_out:3");
      expect(accounts.creatorReceivable(3)).to.equal("creator_receivable:3");
      expect(accounts.backerFunds()).to.equal("backer_funds");
      expect(() => accounts.escrow(0)).to.throw(RangeError);
      expect(() => accounts.paidOut(-2)).to.throw(RangeError);
    });

    it("recognises only well-formed names", () => {
      expect(accountType("escrow:campaign:7")).to.equal("escrow");
      expect(accountType("platform_fees")).to.equal("platform_fees");
      expect(accountType("creator_payable:12")).to.equal("creator_payable");
      for (const bad of [
        "escrow:7",
        "escrow",
        "escrow:campaign:0",
        "platform_fees:3",
        "creator_payable",
        "creator_payable:campaign:3",
        "toString",
        "constructor",
        "cash",
        "refunds:01",
        "",
      ]) {
        expect(accountType(bad), bad).to.equal(null);
      }
    });
  });

  describe("entries", () => {
    it("a successful charge moves money from backer funds to the campaign's escrow", () => {
      const e = chargeEntry({ campaignId: 7, currency: "USD", backing: pledge(12), amountMinor: 2500 });
      expect(e).to.deep.equal({
        key: "charge:pledge-12",
        kind: "charge",
        campaignId: 7,
        currency: "USD",
        postings: [
          { account: "backer_funds", currency: "USD", debitMinor: 0, creditMinor: 2500 },
          { account: "escrow:campaign:7", currency: "USD", debitMinor: 2500, creditMinor: 0 },
        ],
      });
      expect(checkEntry(e)).to.deep.equal([]);
      expect(
        chargeEntry({
          campaignId: 7,
          currency: "USD",
          backing: { kind: "commitment", id: 12 },
          amountMinor: 1,
        }).key,
      ).to.equal("charge:commitment-12");
    });

    it("every builder produces a balanced entry, and refuses zero, negative or fractional amounts", () => {
      const entries = [
        chargeEntry({ campaignId: 7, currency: "USD", backing: pledge(1), amountMinor: 100 }),
        refundEntry({ campaignId: 7, currency: "USD", backing: pledge(1), amountMinor: 100 }),
        feesEntry({ campaignId: 7, currency: "USD", platformFeeMinor: 5, processingFeeMinor: 33 }),
        payoutEntry({ campaignId: 7, creatorId: 3, currency: "USD", payoutMinor: 62 }),
        transferEntry({ campaignId: 7, creatorId: 3, currency: "USD", amountMinor: 62 }),
        refundAfterPayoutEntry({
          campaignId: 7,
          creatorId: 3,
          currency: "USD",
          backing: pledge(2),
          amountMinor: 100,
          platformFeeShareMinor: 5,
        }),
      ];
      for (const e of entries) {
        expect(e).to.not.equal(null);
        expect(checkEntry(e as JournalEntry), e?.key).to.deep.equal([]);
      }
      for (const amountMinor of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
        expect(() =>
          chargeEntry({ campaignId: 7, currency: "USD", backing: pledge(1), amountMinor }),
        ).to.throw(RangeError);
      }
      expect(() =>
        feesEntry({ campaignId: 7, currency: "USD", platformFeeMinor: -1, processingFeeMinor: 0 }),
      ).to.throw(RangeError);
    });

    it("omits zero postings and returns null when nothing moves", () => {
      expect(
        feesEntry({ campaignId: 7, currency: "USD", platformFeeMinor: 0, processingFeeMinor: 0 }),
      ).to.equal(null);
      expect(payoutEntry({ campaignId: 7, creatorId: 3, currency: "USD", payoutMinor: 0 })).to.equal(null);
      expect(transferEntry({ campaignId: 7, creatorId: 3, currency: "USD", amountMinor: 0 })).to.equal(null);
      const onlyProcessing = feesEntry({
        campaignId: 7,
        currency: "USD",
        platformFeeMinor: 0,
        processingFeeMinor: 9,
      });
      expect(onlyProcessing?.postings.map((p) => p.account)).to.deep.equal([
        "escrow:campaign:7",
        "processor_fees",
      ]);
      const noShare = refundAfterPayoutEntry({
        campaignId: 7,
        creatorId: 3,
        currency: "USD",
        backing: pledge(2),
        amountMinor: 100,
        platformFeeShareMinor: 0,
      });
      expect(noShare.postings).to.have.length(2);
      expect(() =>
        refundAfterPayoutEntry({
          campaignId: 7,
          creatorId: 3,
          currency: "USD",
          backing: pledge(2),
          amountMinor: 100,
          platformFeeShareMinor: 101,
        }),
      ).to.throw(RangeError);
    });

    it("a refund after payout returns the platform's fee share and books the rest as owed by the creator", () => {
      const e = refundAfterPayoutEntry({
        campaignId: 7,
        creatorId: 3,
        currency: "USD",
        backing: pledge(2),
        amountMinor: 2500,
        platformFeeShareMinor: 125,
      });
      expect(e.key).to.equal("refund:pledge-2");
      expect(e.postings).to.deep.equal([
        { account: "platform_fees", currency: "USD", debitMinor: 0, creditMinor: 125 },
        { account: "refunds", currency: "USD", debitMinor: 125, creditMinor: 0 },
        { account: "creator_receivable:3", currency: "USD", debitMinor: 0, creditMinor: 2375 },
        { account: "refunds", currency: "USD", debitMinor: 2375, creditMinor: 0 },
      ]);
    });
  });

  describe("checkEntry", () => {
    const ok = chargeEntry({ campaignId: 7, currency: "USD", backing: pledge(1), amountMinor: 100 });
    const withPostings = (postings: JournalEntry["postings"]): JournalEntry => ({ ...ok, postings });
    const dr = (account: string, amount: number, currency: Currency = "USD") => ({
      account,
      currency,
      debitMinor: amount,
      creditMinor: 0,
    });
    const cr = (account: string, amount: number, currency: Currency = "USD") => ({
      account,
      currency,
      debitMinor: 0,
      creditMinor: amount,
    });

    it("finds unbalanced, zero, negative, two-sided, fractional and unknown postings", () => {
      const cases: [string, JournalEntry, RegExp][] = [
        [
          "unbalanced",
          withPostings([cr("backer_funds", 100), dr("escrow:campaign:7", 99)]),
          /differ by -1 in USD/,
        ],
        [
          "zero",
          withPostings([cr("backer_funds", 0), dr("escrow:campaign:7", 0)]),
          /exactly one of debit and credit/,
        ],
        [
          "negative",
          withPostings([cr("backer_funds", -5), dr("escrow:campaign:7", -5)]),
          /non-negative safe integers/,
        ],
        [
          "two-sided",
          withPostings([
            { account: "backer_funds", currency: "USD", debitMinor: 5, creditMinor: 5 },
            dr("refunds", 0),
          ]),
          /exactly one of debit and credit/,
        ],
        ["fraction", withPostings([cr("backer_funds", 1.5), dr("escrow:campaign:7", 1.5)]), /safe integers/],
        ["unknown account", withPostings([cr("cash", 5), dr("escrow:campaign:7", 5)]), /unknown account/],
        ["one posting", withPostings([dr("escrow:campaign:7", 5)]), /fewer than two postings/],
        [
          "currencies",
          withPostings([cr("backer_funds", 5, "USD"), dr("escrow:campaign:7", 5, "EUR")]),
          /differ by -5 in USD/,
        ],
        ["no key", { ...ok, key: "" }, /no key/],
      ];
      for (const [name, entry, pattern] of cases) {
        const problems = checkEntry(entry);
        expect(problems.join("\n"), name).to.match(pattern);
      }
    });
  });

  describe("a campaign from charge to payout", () => {
    // Pledges 1–4 collected; 4 is refunded before payout; fees on 1–3; payout and transfer; then 2 is
    // refunded after payout.
    const C = 7;
    const creatorId = 3;
    const amounts = new Map([
      [1, 10_000],
      [2, 2_500],
      [3, 1_999],
      [4, 5_000],
    ]);
    const journal: JournalEntry[] = [];
    for (const [id, amountMinor] of amounts) {
      journal.push(chargeEntry({ campaignId: C, currency: "USD", backing: pledge(id), amountMinor }));
    }
    journal.push(refundEntry({ campaignId: C, currency: "USD", backing: pledge(4), amountMinor: 5_000 }));
    const breakdown = computeFees(usd, [
      { id: 1, amountMinor: 10_000 },
      { id: 2, amountMinor: 2_500 },
      { id: 3, amountMinor: 1_999 },
    ]);
    journal.push(...payoutEntries({ campaignId: C, creatorId, currency: "USD", breakdown }));
    journal.push(
      transferEntry({
        campaignId: C,
        creatorId,
        currency: "USD",
        amountMinor: breakdown.payoutMinor,
      }) as JournalEntry,
    );
    const share = breakdown.charges.find((c) => c.id === 2)?.platformFeeMinor ?? -1;
    journal.push(
      refundAfterPayoutEntry({
        campaignId: C,
        creatorId,
        currency: "USD",
        backing: pledge(2),
        amountMinor: 2_500,
        platformFeeShareMinor: share,
      }),
    );

    it("balances to the cent, with every account where it should be", () => {
      expect(checkInvariants(journal)).to.deep.equal([]);
      expect(imbalance(journal)).to.deep.equal({ USD: 0 });
      const table = Object.fromEntries(balances(journal).map((b) => [b.account, b.balanceMinor]));
      expect(table).to.deep.equal({
        backer_funds: 19_499, // 10,000 + 2,500 + 1,999 + 5,000
        "escrow:campaign:7": 0,
        platform_fees: 725 - 125, // 725 taken at payout; pledge 2's share (125) returned
        processor_fees: 511,
        "creator_payable:3": 0,
        "paid_out:3": 13_263,
        refunds: 7_500, // 5,000 before payout + 2,500 after
        "creator_receivable:3": 2_375,
      });
      expect(balanceOf(journal, "escrow:campaign:7", "USD")).to.equal(0);
      expect(balanceOf(journal, "escrow:campaign:7", "EUR")).to.equal(0);
    });

    it("catches what must never happen", () => {
      const charge = journal[0] as JournalEntry;
      const lastCharge = journal[3] as JournalEntry;
      const payout = journal.find((e) => e.kind === "payout") as JournalEntry;
      const fees = journal.find((e) => e.kind === "fees") as JournalEntry;
      const refund = journal[4] as JournalEntry;
      const expectProblem = (entries: JournalEntry[], pattern: RegExp) =>
        expect(checkInvariants(entries).join("\n")).to.match(pattern);

      expectProblem([charge, charge], /duplicate key/);
      expectProblem([refund], /never charged/);
      expectProblem([refund], /escrow:campaign:7 USD goes negative: -5000/);
      expectProblem([...journal.slice(0, 5), fees], /escrow is 13\d{3} after payout/);
      expectProblem([...journal.slice(0, 3), fees, payout, lastCharge], /charge after the campaign's payout/);
      expectProblem([...journal.slice(0, 3), fees, payout, lastCharge], /escrow is 5000 after payout/);
      expectProblem(
        [...journal.slice(0, 5), fees, payout, refund],
        /refund from escrow after the campaign's payout/,
      );
      expectProblem([journal.at(-1) as JournalEntry], /before the campaign's payout/);
      expectProblem([journal.at(-1) as JournalEntry], /platform_fees USD goes negative/);
      const bigRefund = refundEntry({
        campaignId: C,
        currency: "USD",
        backing: pledge(3),
        amountMinor: 2_000,
      });
      expectProblem([...journal.slice(0, 4), bigRefund], /refund larger than the charge/);
      const broken = { ...charge, key: "charge:pledge-99", postings: [charge.postings[0]] } as JournalEntry;
      expectProblem([broken], /fewer than two postings/);
    });
  });

  describe("property: random campaigns of charges, refunds and payouts", () => {
    const currencies: Currency[] = ["USD", "EUR", "GBP", "CNY"];
    const feesFor: Record<Currency, CurrencyFees> = {
      USD: usd,
      EUR: { platformPercent: "5", processingPercent: "1.5", processingFixedMinor: 25 },
      GBP: { platformPercent: "8", processingPercent: "1.5", processingFixedMinor: 20 },
      CNY: { platformPercent: "5", processingPercent: "0.6", processingFixedMinor: 0 },
    };
    const campaign = fc.record({
      currency: fc.constantFrom(...currencies),
      creatorId: fc.integer({ min: 1, max: 3 }),
      pledges: fc.array(
        fc.record({
          amountMinor: fc.integer({ min: 1, max: 5_000_000 }),
          charged: fc.boolean(),
          refund: fc.constantFrom("none" as const, "before" as const, "after" as const),
        }),
        { maxLength: 25 },
      ),
      paysOut: fc.boolean(),
      transfers: fc.boolean(),
    });

    /** One campaign's events in their own order; the test interleaves campaigns at random. */
    function campaignEvents(campaignId: number, c: Of<typeof campaign>, firstPledgeId: number) {
      const events: JournalEntry[][] = [];
      const pledges = c.pledges.map((p, i) => ({ ...p, id: firstPledgeId + i }));
      const charged = pledges.filter((p) => p.charged);
      for (const p of charged) {
        events.push([
          chargeEntry({
            campaignId,
            currency: c.currency,
            backing: pledge(p.id),
            amountMinor: p.amountMinor,
          }),
        ]);
      }
      for (const p of charged.filter((x) => x.refund === "before")) {
        events.push([
          refundEntry({
            campaignId,
            currency: c.currency,
            backing: pledge(p.id),
            amountMinor: p.amountMinor,
          }),
        ]);
      }
      let expected = { paidOut: 0, platform: 0, processor: 0, refunds: 0, receivable: 0 };
      expected.refunds = charged.filter((x) => x.refund === "before").reduce((s, x) => s + x.amountMinor, 0);
      if (c.paysOut) {
        const standing = charged.filter((x) => x.refund !== "before");
        const breakdown = computeFees(
          feesFor[c.currency],
          standing.map((x) => ({ id: x.id, amountMinor: x.amountMinor })),
        );
        events.push(payoutEntries({ campaignId, creatorId: c.creatorId, currency: c.currency, breakdown }));
        expected = {
          ...expected,
          platform: breakdown.platformFeeMinor,
          processor: breakdown.processingFeeMinor,
        };
        if (c.transfers) {
          const t = transferEntry({
            campaignId,
            creatorId: c.creatorId,
            currency: c.currency,
            amountMinor: breakdown.payoutMinor,
          });
          if (t) events.push([t]);
          expected.paidOut = breakdown.payoutMinor;
        }
        for (const x of standing.filter((s) => s.refund === "after")) {
          const share = breakdown.charges.find((b) => b.id === x.id)?.platformFeeMinor ?? 0;
          events.push([
            refundAfterPayoutEntry({
              campaignId,
              creatorId: c.creatorId,
              currency: c.currency,
              backing: pledge(x.id),
              amountMinor: x.amountMinor,
              platformFeeShareMinor: share,
            }),
          ]);
          expected.platform -= share;
          expected.refunds += x.amountMinor;
          expected.receivable += x.amountMinor - share;
        }
      }
      const chargedMinor = charged.reduce((s, x) => s + x.amountMinor, 0);
      return { events, expected: { ...expected, charged: chargedMinor } };
    }

    it("every entry balances, the ledger balances, nothing goes negative, escrow ends at zero after payout", () => {
      fc.assert(
        fc.property(
          fc.array(campaign, { minLength: 1, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 400 }),
          (campaigns, picks) => {
            let nextPledge = 1;
            const queues = campaigns.map((c, i) => {
              const r = campaignEvents(i + 1, c, nextPledge);
              nextPledge += c.pledges.length;
              return r;
            });
            // Interleave the campaigns' event queues at random, each kept in its own order.
            const journal: JournalEntry[] = [];
            const cursors = queues.map(() => 0);
            let pick = 0;
            for (;;) {
              const open = queues
                .map((_q, i) => i)
                .filter((i) => (cursors[i] ?? 0) < (queues[i]?.events.length ?? 0));
              if (!open.length) break;
              const i = open[(picks[pick++] ?? 0) % open.length] as number;
              journal.push(...(queues[i]?.events[cursors[i] ?? 0] ?? []));
              cursors[i] = (cursors[i] ?? 0) + 1;
            }

            for (const e of journal) expect(checkEntry(e), e.key).to.deep.equal([]);
            expect(checkInvariants(journal)).to.deep.equal([]);
            for (const v of Object.values(imbalance(journal))) expect(v).to.equal(0);

            campaigns.forEach((c, i) => {
              const id = i + 1;
              const { expected } = queues[i] as ReturnType<typeof campaignEvents>;
              const escrow = balanceOf(journal, accounts.escrow(id), c.currency);
              if (c.paysOut) expect(escrow).to.equal(0);
              else expect(escrow).to.equal(expected.charged - expected.refunds);
            });
            // Totals across campaigns, per currency.
            for (const cur of currencies) {
              const mine = campaigns.map((c, i) => ({
                c,
                e: (queues[i] as ReturnType<typeof campaignEvents>).expected,
              }));
              const of = (f: (e: (typeof mine)[number]["e"]) => number) =>
                mine.filter((m) => m.c.currency === cur).reduce((s, m) => s + f(m.e), 0);
              expect(balanceOf(journal, accounts.backerFunds(), cur)).to.equal(of((e) => e.charged));
              expect(balanceOf(journal, accounts.refunds(), cur)).to.equal(of((e) => e.refunds));
              expect(balanceOf(journal, accounts.platformFees(), cur)).to.equal(of((e) => e.platform));
              expect(balanceOf(journal, accounts.processorFees(), cur)).to.equal(of((e) => e.processor));
              const paid = [1, 2, 3].reduce((s, u) => s + balanceOf(journal, accounts.paidOut(u), cur), 0);
              expect(paid).to.equal(of((e) => e.paidOut));
              const owed = [1, 2, 3].reduce(
                (s, u) => s + balanceOf(journal, accounts.creatorReceivable(u), cur),
                0,
              );
              expect(owed).to.equal(of((e) => e.receivable));
            }
          },
        ),
        { numRuns: 200 },
      );
    });

    it("a duplicated entry is caught; a missing charge, refund from escrow, fees or payout too", () => {
      // (A missing transfer or refund after payout leaves a sound ledger: only the reconciliation with
      // the gateway's records can find those.)
      fc.assert(
        fc.property(campaign, fc.nat(), (c, n) => {
          const { events } = campaignEvents(1, { ...c, paysOut: true }, 1);
          const journal = events.flat();
          fc.pre(journal.length > 0);
          const victim = journal[n % journal.length] as JournalEntry;
          const duplicated = [...journal, victim];
          expect(checkInvariants(duplicated).join("\n")).to.match(/duplicate key/);
          const without = journal.filter((e) => e !== victim);
          const problems = checkInvariants(without);
          const escrow = balanceOf(without, accounts.escrow(1), c.currency);
          expect(
            problems.length > 0 || escrow !== 0 || ["transfer", "refund_after_payout"].includes(victim.kind),
          ).to.equal(true);
        }),
        { numRuns: 200 },
      );
    });
  });
});
