import { type Currency, isCurrency } from "../money.ts";
import { assertCount } from "./allocation.ts";
import type { FeeBreakdown } from "./fees.ts";
import type { BackingKind } from "./plan.ts";

/**
 * The settlement journal: double-entry postings between named accounts. Pure builders and checkers;
 * the store appends the entries (append-only, unique key) in the same transaction as the state change.
 *
 * CONVENTION. An entry moves money from one account to another: "A → B, x" posts a CREDIT of x to A
 * and a DEBIT of x to B. Each posting has exactly one positive side. Debits equal credits per currency
 * in every entry, so in the whole ledger too.
 *
 * CHART OF ACCOUNTS ("type" or "type:owner"; the currency is on the posting, balances are kept per
 * account AND currency). Seen from the campaign's segregated escrow fund:
 *
 *   account                        normal   what its balance is
 *   backer_funds                   credit   money taken from backers' cards (gross charges); the source
 *   escrow:campaign:<projectId>    debit    money held for a campaign at the processor, until payout
 *   platform_fees                  debit    the platform's fees taken at payout (net of fee reversals)
 *   processor_fees                 debit    the processor's fees on the charges, taken at payout
 *   creator_payable:<userId>       debit    a payout decided but not yet transferred (clearing)
 *   paid_out:<userId>              debit    payouts transferred to the creator's payout account
 *   refunds                        debit    money returned to backers' cards (gross refunds)
 *   creator_receivable:<userId>    credit   owed back by a creator for refunds made after payout
 *
 * The balance of a debit-normal account is debits − credits, of a credit-normal one credits − debits.
 * NONE may ever be negative, and checkInvariants checks it after every entry, in order. The accounts
 * map one to one onto the gateway's records: backer_funds ↔ charges, refunds ↔ refunds,
 * paid_out ↔ transfers, which is what a reconciliation compares.
 *
 * ENTRIES (key = a unique, deterministic idempotency key for the store):
 *   charge              charge:<kind>-<id>        backer_funds → escrow              (a successful charge)
 *   refund              refund:<kind>-<id>        escrow → refunds                   (before payout)
 *   fees                fees:campaign-<id>        escrow → platform_fees, escrow → processor_fees
 *   payout              payout:campaign-<id>      escrow → creator_payable           (escrow is now 0)
 *   transfer            transfer:campaign-<id>    creator_payable → paid_out         (gateway confirmed)
 *   refund_after_payout refund:<kind>-<id>        platform_fees → refunds (the pledge's fee share),
 *                                                 creator_receivable → refunds (the rest)
 *
 * REFUNDS (a collected pledge is refunded in full, once — both kinds share the key refund:<kind>-<id>):
 * - Before payout no fee has been posted yet: the whole amount goes back from escrow, and the pledge is
 *   left out of the charges passed to computeFees at payout, so it carries neither a platform fee share
 *   nor a processing fee in the campaign's books. (A processor that keeps its fee on a refunded charge
 *   charges the platform, outside this campaign's ledger.)
 * - After payout the escrow is empty: the platform gives back its fee share for that pledge (from
 *   computeFees), and the rest — including the processing fee, which the processor does not return —
 *   is recorded as owed by the creator (creator_receivable), to be recovered outside this model.
 */

export type AccountType =
  | "backer_funds"
  | "escrow"
  | "platform_fees"
  | "processor_fees"
  | "creator_payable"
  | "paid_out"
  | "refunds"
  | "creator_receivable";

export const accountRules: Record<
  AccountType,
  { normal: "debit" | "credit"; owner: "none" | "campaign" | "user" }
> = {
  backer_funds: { normal: "credit", owner: "none" },
  escrow: { normal: "debit", owner: "campaign" },
  platform_fees: { normal: "debit", owner: "none" },
  processor_fees: { normal: "debit", owner: "none" },
  creator_payable: { normal: "debit", owner: "user" },
  paid_out: { normal: "debit", owner: "user" },
  refunds: { normal: "debit", owner: "none" },
  creator_receivable: { normal: "credit", owner: "user" },
};

function ownerId(id: number, what: string): number {
  assertCount(id, what);
  if (id === 0) throw new RangeError(`${what} must be positive`);
  return id;
}

/** Account names. */
export const accounts = {
  backerFunds: (): string => "backer_funds",
  escrow: (campaignId: number): string => `escrow:campaign:${ownerId(campaignId, "campaignId")}`,
  platformFees: (): string => "platform_fees",
  processorFees: (): string => "processor_fees",
  creatorPayable: (userId: number): string => `creator_payable:${ownerId(userId, "userId")}`,
  paidOut: (userId: number): string => `paid_out:${ownerId(userId, "userId")}`,
  refunds: (): string => "refunds",
  creatorReceivable: (userId: number): string => `creator_receivable:${ownerId(userId, "userId")}`,
};

const accountPattern = /^([a-z_]+)(?::(campaign:)?([1-9]\d*))?$/;

/** The type of a well-formed account name, or null. */
export function accountType(name: string): AccountType | null {
  const m = accountPattern.exec(name);
  if (!m) return null;
  const type = m[1] as AccountType;
  if (!Object.hasOwn(accountRules, type)) return null;
  const rule = accountRules[type];
  const owner = m[3] === undefined ? "none" : m[2] ? "campaign" : "user";
  return owner === rule.owner ? type : null;
}

export interface Posting {
  account: string;
  currency: Currency;
  debitMinor: number;
  creditMinor: number;
}

export type EntryKind = "charge" | "refund" | "fees" | "payout" | "transfer" | "refund_after_payout";

export interface JournalEntry {
  /** Unique and deterministic: appending the same entry twice is refused by the store. */
  key: string;
  kind: EntryKind;
  campaignId: number;
  currency: Currency;
  postings: Posting[];
}

export interface BackingRef {
  kind: BackingKind;
  id: number;
}

function move(from: string, to: string, amountMinor: number, currency: Currency): Posting[] {
  return [
    { account: from, currency, debitMinor: 0, creditMinor: amountMinor },
    { account: to, currency, debitMinor: amountMinor, creditMinor: 0 },
  ];
}

function positive(amount: number, what: string): number {
  assertCount(amount, what);
  if (amount === 0) throw new RangeError(`${what} must be positive`);
  return amount;
}

const ref = (b: BackingRef) => `${b.kind}-${ownerId(b.id, "backing id")}`;

/** A successful charge: backer_funds → escrow. */
export function chargeEntry(input: {
  campaignId: number;
  currency: Currency;
  backing: BackingRef;
  amountMinor: number;
}): JournalEntry {
  const { campaignId, currency, backing, amountMinor } = input;
  return {
    key: `charge:${ref(backing)}`,
    kind: "charge",
    campaignId,
    currency,
    postings: move(
      accounts.backerFunds(),
      accounts.escrow(campaignId),
      positive(amountMinor, "amountMinor"),
      currency,
    ),
  };
}

/** A refund of a collected pledge before payout: escrow → refunds, the whole amount. */
export function refundEntry(input: {
  campaignId: number;
  currency: Currency;
  backing: BackingRef;
  amountMinor: number;
}): JournalEntry {
  const { campaignId, currency, backing, amountMinor } = input;
  return {
    key: `refund:${ref(backing)}`,
    kind: "refund",
    campaignId,
    currency,
    postings: move(
      accounts.escrow(campaignId),
      accounts.refunds(),
      positive(amountMinor, "amountMinor"),
      currency,
    ),
  };
}

/** The fees at payout: escrow → platform_fees and escrow → processor_fees. Null when both are 0. */
export function feesEntry(input: {
  campaignId: number;
  currency: Currency;
  platformFeeMinor: number;
  processingFeeMinor: number;
}): JournalEntry | null {
  const { campaignId, currency, platformFeeMinor, processingFeeMinor } = input;
  assertCount(platformFeeMinor, "platformFeeMinor");
  assertCount(processingFeeMinor, "processingFeeMinor");
  const escrow = accounts.escrow(campaignId);
  const postings = [
    ...(platformFeeMinor > 0 ? move(escrow, accounts.platformFees(), platformFeeMinor, currency) : []),
    ...(processingFeeMinor > 0 ? move(escrow, accounts.processorFees(), processingFeeMinor, currency) : []),
  ];
  return postings.length
    ? { key: `fees:campaign-${campaignId}`, kind: "fees", campaignId, currency, postings }
    : null;
}

/** The payout decided: escrow → creator_payable. Null when it is 0. */
export function payoutEntry(input: {
  campaignId: number;
  creatorId: number;
  currency: Currency;
  payoutMinor: number;
}): JournalEntry | null {
  const { campaignId, creatorId, currency, payoutMinor } = input;
  assertCount(payoutMinor, "payoutMinor");
  if (payoutMinor === 0) return null;
  return {
    key: `payout:campaign-${campaignId}`,
    kind: "payout",
    campaignId,
    currency,
    postings: move(accounts.escrow(campaignId), accounts.creatorPayable(creatorId), payoutMinor, currency),
  };
}

/** The payout transferred (the gateway confirmed it): creator_payable → paid_out. Null when it is 0. */
export function transferEntry(input: {
  campaignId: number;
  creatorId: number;
  currency: Currency;
  amountMinor: number;
}): JournalEntry | null {
  const { campaignId, creatorId, currency, amountMinor } = input;
  assertCount(amountMinor, "amountMinor");
  if (amountMinor === 0) return null;
  return {
    key: `transfer:campaign-${campaignId}`,
    kind: "transfer",
    campaignId,
    currency,
    postings: move(accounts.creatorPayable(creatorId), accounts.paidOut(creatorId), amountMinor, currency),
  };
}

/** The fees and payout entries of a campaign from its FeeBreakdown (after this, its escrow is 0). */
export function payoutEntries(input: {
  campaignId: number;
  creatorId: number;
  currency: Currency;
  breakdown: FeeBreakdown;
}): JournalEntry[] {
  const { campaignId, creatorId, currency, breakdown } = input;
  return [
    feesEntry({
      campaignId,
      currency,
      platformFeeMinor: breakdown.platformFeeMinor,
      processingFeeMinor: breakdown.processingFeeMinor,
    }),
    payoutEntry({ campaignId, creatorId, currency, payoutMinor: breakdown.payoutMinor }),
  ].filter((e): e is JournalEntry => e !== null);
}

/**
 * A refund of a collected pledge after payout: the backer gets amountMinor back; the platform returns
 * its fee share (platform_fees → refunds) and the rest is owed by the creator (creator_receivable →
 * refunds). platformFeeShareMinor is the pledge's share from computeFees (≤ amountMinor).
 */
export function refundAfterPayoutEntry(input: {
  campaignId: number;
  creatorId: number;
  currency: Currency;
  backing: BackingRef;
  amountMinor: number;
  platformFeeShareMinor: number;
}): JournalEntry {
  const { campaignId, creatorId, currency, backing, amountMinor, platformFeeShareMinor } = input;
  positive(amountMinor, "amountMinor");
  assertCount(platformFeeShareMinor, "platformFeeShareMinor");
  if (platformFeeShareMinor > amountMinor) throw new RangeError("the fee share exceeds the refund");
  const fromCreator = amountMinor - platformFeeShareMinor;
  return {
    key: `refund:${ref(backing)}`,
    kind: "refund_after_payout",
    campaignId,
    currency,
    postings: [
      ...(platformFeeShareMinor > 0
        ? move(accounts.platformFees(), accounts.refunds(), platformFeeShareMinor, currency)
        : []),
      ...(fromCreator > 0
        ? move(accounts.creatorReceivable(creatorId), accounts.refunds(), fromCreator, currency)
        : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Checks.

/** What is wrong with one entry ([] when it is sound): shape, accounts, amounts, balance per currency. */
export function checkEntry(entry: JournalEntry): string[] {
  const problems: string[] = [];
  const where = `entry ${entry.key || "(no key)"}`;
  if (!entry.key) problems.push(`${where}: no key`);
  if (!isCurrency(entry.currency)) problems.push(`${where}: unknown currency ${String(entry.currency)}`);
  if (!Array.isArray(entry.postings) || entry.postings.length < 2) {
    problems.push(`${where}: fewer than two postings`);
    return problems;
  }
  const net = new Map<string, number>();
  entry.postings.forEach((p, i) => {
    const at = `${where} posting ${i} (${p.account})`;
    if (accountType(p.account) === null) problems.push(`${at}: unknown account`);
    if (!isCurrency(p.currency)) problems.push(`${at}: unknown currency ${String(p.currency)}`);
    const sides = [p.debitMinor, p.creditMinor];
    if (!sides.every((v) => Number.isSafeInteger(v) && v >= 0)) {
      problems.push(`${at}: amounts must be non-negative safe integers`);
      return;
    }
    if (p.debitMinor > 0 === p.creditMinor > 0) {
      problems.push(`${at}: exactly one of debit and credit must be positive`);
      return;
    }
    net.set(p.currency, (net.get(p.currency) ?? 0) + p.debitMinor - p.creditMinor);
  });
  for (const [currency, diff] of net) {
    if (diff !== 0) problems.push(`${where}: debits and credits differ by ${diff} in ${currency}`);
  }
  return problems;
}

export interface Balance {
  account: string;
  type: AccountType;
  currency: Currency;
  debitMinor: number;
  creditMinor: number;
  /** On the account's normal side: debits − credits, or credits − debits. */
  balanceMinor: number;
}

const balanceKey = (account: string, currency: string) => `${account} ${currency}`;

function normalBalance(type: AccountType, debitMinor: number, creditMinor: number): number {
  return accountRules[type].normal === "debit" ? debitMinor - creditMinor : creditMinor - debitMinor;
}

/** Every account's totals and balance per currency, sorted by account then currency. */
export function balances(entries: readonly JournalEntry[]): Balance[] {
  const map = new Map<string, Balance>();
  for (const entry of entries) {
    for (const p of entry.postings) {
      const type = accountType(p.account);
      if (type === null) throw new RangeError(`entry ${entry.key}: unknown account ${p.account}`);
      const key = balanceKey(p.account, p.currency);
      const b = map.get(key) ?? {
        account: p.account,
        type,
        currency: p.currency,
        debitMinor: 0,
        creditMinor: 0,
        balanceMinor: 0,
      };
      b.debitMinor += p.debitMinor;
      b.creditMinor += p.creditMinor;
      b.balanceMinor = normalBalance(type, b.debitMinor, b.creditMinor);
      map.set(key, b);
    }
  }
  return [...map.values()].sort((a, b) =>
    a.account < b.account ? -1 : a.account > b.account ? 1 : a.currency < b.currency ? -1 : 1,
  );
}

/** The balance of one account in one currency (0 when it has no postings). */
export function balanceOf(entries: readonly JournalEntry[], account: string, currency: Currency): number {
  return balances(entries).find((b) => b.account === account && b.currency === currency)?.balanceMinor ?? 0;
}

/**
 * Every invariant of the journal, in order ([] when all hold):
 * - each entry passes checkEntry; keys are unique;
 * - after every entry, no account is negative on its normal side;
 * - a refund follows a charge of the same pledge and is not larger; a refund_after_payout follows the
 *   campaign's payout or fees; no charge or (pre-payout) refund comes after the campaign's fees/payout;
 * - each settled campaign (one with a fees or payout entry) has its escrow at zero at the end.
 */
export function checkInvariants(entries: readonly JournalEntry[]): string[] {
  const problems: string[] = [];
  const keys = new Set<string>();
  const running = new Map<string, { type: AccountType; debit: number; credit: number }>();
  const charged = new Map<string, number>();
  const settled = new Map<number, Currency>();
  for (const entry of entries) {
    const entryProblems = checkEntry(entry);
    problems.push(...entryProblems);
    if (keys.has(entry.key)) problems.push(`entry ${entry.key}: duplicate key`);
    keys.add(entry.key);
    if (entryProblems.length) continue;

    const backing = entry.key.replace(/^[a-z_]+:/, "");
    switch (entry.kind) {
      case "charge":
        if (settled.has(entry.campaignId))
          problems.push(`entry ${entry.key}: charge after the campaign's payout`);
        charged.set(
          backing,
          entry.postings.reduce((sum, p) => sum + p.debitMinor, 0),
        );
        break;
      case "refund":
      case "refund_after_payout": {
        if (entry.kind === "refund" && settled.has(entry.campaignId)) {
          problems.push(`entry ${entry.key}: refund from escrow after the campaign's payout`);
        }
        if (entry.kind === "refund_after_payout" && !settled.has(entry.campaignId)) {
          problems.push(`entry ${entry.key}: refund after payout before the campaign's payout`);
        }
        const amount = entry.postings.reduce((sum, p) => sum + p.debitMinor, 0);
        const chargedAmount = charged.get(backing);
        if (chargedAmount === undefined)
          problems.push(`entry ${entry.key}: refund of a pledge never charged`);
        else if (amount > chargedAmount) problems.push(`entry ${entry.key}: refund larger than the charge`);
        break;
      }
      case "fees":
      case "payout":
        settled.set(entry.campaignId, entry.currency);
        break;
      case "transfer":
        break;
      default:
        problems.push(`entry ${entry.key}: unknown kind ${String(entry.kind)}`);
    }

    for (const p of entry.postings) {
      const type = accountType(p.account) as AccountType;
      const key = balanceKey(p.account, p.currency);
      const r = running.get(key) ?? { type, debit: 0, credit: 0 };
      r.debit += p.debitMinor;
      r.credit += p.creditMinor;
      running.set(key, r);
    }
    for (const key of new Set(entry.postings.map((p) => balanceKey(p.account, p.currency)))) {
      const r = running.get(key);
      const balance = r ? normalBalance(r.type, r.debit, r.credit) : 0;
      if (balance < 0) problems.push(`entry ${entry.key}: ${key} goes negative: ${balance}`);
    }
  }
  for (const [campaignId] of settled) {
    for (const [key, r] of running) {
      if (key.startsWith(`${accounts.escrow(campaignId)} `)) {
        const balance = normalBalance(r.type, r.debit, r.credit);
        if (balance !== 0) problems.push(`campaign ${campaignId}: escrow is ${balance} after payout, not 0`);
      }
    }
  }
  return problems;
}
