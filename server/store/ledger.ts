import type { Currency } from "../domain/money.ts";
import type { EntryKind, JournalEntry, Posting } from "../domain/settlement/index.ts";
import { bulk, chunked } from "./bulk.ts";
import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/**
 * The journal (db/migrations/031_ledger.ts): append-only entries of balanced postings. Entries are
 * built by the domain (server/domain/settlement/ledger.ts) and written here in the caller's
 * transaction, the one that records the state change they account for.
 */

export interface StoredEntry {
  id: number;
  entry: JournalEntry;
  externalRef: string | null;
  createdAt: Date;
}

// Multi-row inserts: a batch's entries and postings go in as one JSON array each.
const ENTRIES_INSERT = `INSERT INTO journal_entries (key, kind, project_id, currency, external_ref, created_at)
  SELECT e.value->>0, e.value->>1, e.value->>2, e.value->>3, e.value->>4, ? FROM json_each(?) AS e
  RETURNING id, key`;
const POSTINGS_INSERT = `INSERT INTO postings (entry_id, account, currency, debit_minor, credit_minor)
  SELECT p.value->>0, p.value->>1, p.value->>2, p.value->>3, p.value->>4 FROM json_each(?) AS p`;

/**
 * Appends entries with their postings, in the caller's transaction. A key that already exists makes
 * the insert fail (unique), so a movement can never be recorded twice.
 */
export async function appendEntries(
  trx: Db,
  entries: readonly { entry: JournalEntry; externalRef?: string | null }[],
  now: Date,
): Promise<void> {
  if (!entries.length) return;
  const b = await bulk(trx);
  for (const part of chunked(entries, 2000)) {
    const rows = part.map(({ entry, externalRef }) => [
      entry.key,
      entry.kind,
      entry.campaignId,
      entry.currency,
      externalRef ?? null,
    ]);
    const ids = new Map<string, number>();
    for (const r of b.all<{ id: number; key: string }>(ENTRIES_INSERT, [toDbTime(now), JSON.stringify(rows)]))
      ids.set(r.key, r.id);
    const postings: unknown[][] = [];
    for (const { entry } of part) {
      const entryId = ids.get(entry.key);
      for (const p of entry.postings)
        postings.push([entryId, p.account, p.currency, p.debitMinor, p.creditMinor]);
    }
    b.run(POSTINGS_INSERT, [JSON.stringify(postings)]);
  }
}

export async function entryExists(db: Db, key: string): Promise<boolean> {
  return Boolean(await db("journal_entries").where({ key }).first("id"));
}

/** Entries with their postings in the order they were written (all, or one campaign's). */
export async function loadEntries(db: Db, projectId?: number): Promise<StoredEntry[]> {
  const entryQuery = db("journal_entries").orderBy("id");
  if (projectId !== undefined) entryQuery.where({ project_id: projectId });
  const entryRows = await entryQuery;
  const postingQuery = db("postings as p").orderBy("p.id").select("p.*");
  if (projectId !== undefined)
    postingQuery.join("journal_entries as e", "e.id", "p.entry_id").where("e.project_id", projectId);
  const byEntry = new Map<number, Posting[]>();
  for (const r of await postingQuery) {
    const list = byEntry.get(r.entry_id) ?? [];
    list.push({
      account: r.account,
      currency: r.currency,
      debitMinor: Number(r.debit_minor),
      creditMinor: Number(r.credit_minor),
    });
    byEntry.set(r.entry_id, list);
  }
  return entryRows.map((r) => ({
    id: r.id,
    externalRef: r.external_ref,
    createdAt: fromDbTime(r.created_at),
    entry: {
      key: r.key,
      kind: r.kind as EntryKind,
      campaignId: r.project_id,
      currency: r.currency as Currency,
      postings: byEntry.get(r.id) ?? [],
    },
  }));
}

export interface AccountBalance {
  account: string;
  currency: Currency;
  debitMinor: number;
  creditMinor: number;
}

/** Totals per account and currency of one campaign's entries. */
export async function campaignAccountTotals(db: Db, projectId: number): Promise<AccountBalance[]> {
  const rows = await db("postings as p")
    .join("journal_entries as e", "e.id", "p.entry_id")
    .where("e.project_id", projectId)
    .groupBy("p.account", "p.currency")
    .orderBy("p.account")
    .select(
      "p.account",
      "p.currency",
      db.raw("sum(p.debit_minor) as debit"),
      db.raw("sum(p.credit_minor) as credit"),
    );
  return rows.map((r) => ({
    account: r.account,
    currency: r.currency,
    debitMinor: Number(r.debit),
    creditMinor: Number(r.credit),
  }));
}

// ---------------------------------------------------------------------------------------------------
// The gateway's own records, for reconciliation. The sandbox keeps them in its tables; a real
// processor would be read through its reporting API instead.

export interface GatewayChargeRecord {
  id: string;
  idempotencyKey: string;
  status: "succeeded" | "failed";
  amountMinor: number;
  currency: Currency;
  refundedMinor: number;
}

export interface GatewayRefundRecord {
  id: string;
  idempotencyKey: string;
  chargeId: string;
  amountMinor: number;
}

export interface GatewayTransferRecord {
  id: string;
  idempotencyKey: string;
  amountMinor: number;
  currency: Currency;
}

export async function sandboxRecords(db: Db): Promise<{
  charges: GatewayChargeRecord[];
  refunds: GatewayRefundRecord[];
  transfers: GatewayTransferRecord[];
}> {
  const charges = (await db("sandbox_charges").orderBy("created_at")).map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    status: r.status,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    refundedMinor: Number(r.refunded_minor),
  }));
  const refunds = (await db("sandbox_refunds").orderBy("created_at")).map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotency_key,
    chargeId: r.charge_id,
    amountMinor: Number(r.amount_minor),
  }));
  const hasTransfers = await db.schema.hasTable("sandbox_transfers");
  const transfers = hasTransfers
    ? (await db("sandbox_transfers").orderBy("created_at")).map((r) => ({
        id: r.id,
        idempotencyKey: r.idempotency_key,
        amountMinor: Number(r.amount_minor),
        currency: r.currency,
      }))
    : [];
  return { charges, refunds, transfers };
}
