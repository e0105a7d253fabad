import { checkInvariants, type JournalEntry } from "../domain/settlement/index.ts";
import type { Db } from "../store/db.ts";
import { type GatewayChargeRecord, loadEntries, type StoredEntry, sandboxRecords } from "../store/ledger.ts";

/**
 * `npm run ledger:check`: every invariant of the journal, and the journal against the gateway's own
 * records and the settlement state. Each problem is one line; none means the books are right.
 *
 *  1. the domain's checkInvariants: every entry balances per currency, no account that must never be
 *     negative is (after any entry, in order), refunds follow charges, unique keys, and every settled
 *     campaign's escrow is zero after payout;
 *  2. gateway ↔ ledger, charge by charge: each succeeded gateway charge of a pledge or commitment has
 *     exactly one charge entry referencing it, for the same amount and currency; each charge entry
 *     references a succeeded gateway charge; no pledge has two succeeded charges; likewise refunds and
 *     transfers (sandbox_refunds, sandbox_transfers);
 *  3. settlement state ↔ ledger: every collected (or refunded) item has its charge entry, nothing else
 *     has one; a campaign whose settlement is done and that collected money has paid it all out of
 *     escrow.
 * A gateway charge whose attempt is still in flight (a settler was stopped between the gateway's
 * answer and recording it) is reported as such: `npm run settle` completes it.
 */
export interface LedgerCheckResult {
  ok: boolean;
  problems: string[];
  stats: {
    entries: number;
    postings: number;
    gatewayCharges: number;
    gatewayRefunds: number;
    gatewayTransfers: number;
    campaigns: number;
  };
}

const backingOfKey = (key: string) => /^(pledge|commitment)-(\d+)-attempt-\d+$/.exec(key);

export async function checkLedger(db: Db): Promise<LedgerCheckResult> {
  const stored = await loadEntries(db);
  const entries: JournalEntry[] = stored.map((s) => s.entry);
  const problems = [...checkInvariants(entries)];
  const gateway = await sandboxRecords(db);

  // 2. Charges.
  const byRef = new Map<string, StoredEntry[]>();
  for (const s of stored) {
    if (!s.externalRef) continue;
    byRef.set(s.externalRef, [...(byRef.get(s.externalRef) ?? []), s]);
  }
  const inFlight = new Set<string>(
    (await db("charge_attempts").where({ status: "started" }).select("idempotency_key")).map(
      (r) => r.idempotency_key,
    ),
  );
  const succeededByBacking = new Map<string, GatewayChargeRecord[]>();
  const gatewayCharges = new Map<string, GatewayChargeRecord>();
  for (const c of gateway.charges) {
    gatewayCharges.set(c.id, c);
    const m = backingOfKey(c.idempotencyKey);
    if (!m || c.status !== "succeeded") continue;
    const backing = `${m[1]}-${m[2]}`;
    succeededByBacking.set(backing, [...(succeededByBacking.get(backing) ?? []), c]);
    const refs = (byRef.get(c.id) ?? []).filter((s) => s.entry.kind === "charge");
    if (refs.length === 0) {
      problems.push(
        inFlight.has(c.idempotencyKey)
          ? `gateway charge ${c.id} (${c.idempotencyKey}) is not in the ledger yet: its attempt is in flight; run npm run settle`
          : `gateway charge ${c.id} (${c.idempotencyKey}, ${c.amountMinor} ${c.currency}) has no charge entry in the ledger`,
      );
    } else if (refs.length > 1) {
      problems.push(`gateway charge ${c.id} has ${refs.length} charge entries`);
    } else {
      const e = refs[0] as StoredEntry;
      const amount = e.entry.postings.reduce((sum, p) => sum + p.debitMinor, 0);
      if (amount !== c.amountMinor || e.entry.currency !== c.currency) {
        problems.push(
          `entry ${e.entry.key}: ${amount} ${e.entry.currency} but gateway charge ${c.id} is ${c.amountMinor} ${c.currency}`,
        );
      }
      if (e.entry.key !== `charge:${backing}`)
        problems.push(`entry ${e.entry.key} references the charge of ${backing}`);
    }
  }
  for (const [backing, charges] of succeededByBacking) {
    if (charges.length > 1) {
      problems.push(
        `${backing} was charged ${charges.length} times at the gateway: ${charges.map((c) => c.id).join(", ")}`,
      );
    }
  }
  for (const s of stored) {
    if (s.entry.kind !== "charge") continue;
    const c = s.externalRef ? gatewayCharges.get(s.externalRef) : undefined;
    if (c?.status !== "succeeded") {
      problems.push(
        `entry ${s.entry.key} references ${s.externalRef ?? "no gateway charge"}, which is not a succeeded charge`,
      );
    }
  }

  // Refunds.
  const gatewayRefunds = new Map(gateway.refunds.map((r) => [r.id, r]));
  for (const r of gateway.refunds) {
    const refs = (byRef.get(r.id) ?? []).filter(
      (s) => s.entry.kind === "refund" || s.entry.kind === "refund_after_payout",
    );
    if (refs.length !== 1) {
      problems.push(
        `gateway refund ${r.id} (${r.idempotencyKey}) has ${refs.length} refund entries in the ledger`,
      );
      continue;
    }
    const amount = (refs[0] as StoredEntry).entry.postings.reduce((sum, p) => sum + p.debitMinor, 0);
    if (amount !== r.amountMinor)
      problems.push(`gateway refund ${r.id} is ${r.amountMinor}, its entry ${amount}`);
  }
  for (const s of stored) {
    if (s.entry.kind !== "refund" && s.entry.kind !== "refund_after_payout") continue;
    if (!s.externalRef || !gatewayRefunds.has(s.externalRef)) {
      problems.push(
        `entry ${s.entry.key} references ${s.externalRef ?? "no gateway refund"}, which the gateway does not know`,
      );
    }
  }

  // Transfers.
  const gatewayTransfers = new Map(gateway.transfers.map((t) => [t.id, t]));
  for (const t of gateway.transfers) {
    const refs = (byRef.get(t.id) ?? []).filter((s) => s.entry.kind === "transfer");
    if (refs.length !== 1) {
      problems.push(
        `gateway transfer ${t.id} (${t.idempotencyKey}) has ${refs.length} transfer entries in the ledger`,
      );
      continue;
    }
    const e = (refs[0] as StoredEntry).entry;
    const amount = e.postings.reduce((sum, p) => sum + p.debitMinor, 0);
    if (amount !== t.amountMinor || e.currency !== t.currency) {
      problems.push(
        `gateway transfer ${t.id} is ${t.amountMinor} ${t.currency}, its entry ${amount} ${e.currency}`,
      );
    }
  }
  for (const s of stored) {
    if (s.entry.kind !== "transfer") continue;
    if (!s.externalRef || !gatewayTransfers.has(s.externalRef)) {
      problems.push(
        `entry ${s.entry.key} references ${s.externalRef ?? "no gateway transfer"}, which the gateway does not know`,
      );
    }
  }

  // 3. Settlement state ↔ ledger.
  const chargeKeys = new Set(stored.filter((s) => s.entry.kind === "charge").map((s) => s.entry.key));
  const items = await db("settlement_items").select("id", "kind", "backing_id", "status", "project_id");
  for (const i of items) {
    const key = `charge:${i.kind}-${i.backing_id}`;
    const collected = i.status === "charged" || i.status === "refunded";
    if (collected && !chargeKeys.has(key))
      problems.push(`${i.kind} ${i.backing_id} is ${i.status} but has no charge entry`);
    if (!collected && chargeKeys.has(key))
      problems.push(`${i.kind} ${i.backing_id} is ${i.status} but has a charge entry`);
  }
  const settlements = await db("settlements").select("project_id", "phase", "currency");
  const escrow = new Map<string, number>();
  for (const s of stored) {
    for (const p of s.entry.postings) {
      if (p.account.startsWith("escrow:"))
        escrow.set(
          `${p.account} ${p.currency}`,
          (escrow.get(`${p.account} ${p.currency}`) ?? 0) + p.debitMinor - p.creditMinor,
        );
    }
  }
  for (const s of settlements) {
    if (s.phase !== "done") continue;
    const left = escrow.get(`escrow:campaign:${s.project_id} ${s.currency}`) ?? 0;
    if (left !== 0)
      problems.push(`campaign ${s.project_id} is settled but ${left} ${s.currency} is still in its escrow`);
  }

  return {
    ok: problems.length === 0,
    problems,
    stats: {
      entries: stored.length,
      postings: stored.reduce((sum, s) => sum + s.entry.postings.length, 0),
      gatewayCharges: gateway.charges.length,
      gatewayRefunds: gateway.refunds.length,
      gatewayTransfers: gateway.transfers.length,
      campaigns: settlements.length,
    },
  };
}
