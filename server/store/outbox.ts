import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export const outboxStatuses = ["queued", "sent", "failed"] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface OutboxEntry {
  id: number;
  recipient: string;
  subject: string;
  text: string;
  userId: number | null;
  kind: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toEntry(r: any): OutboxEntry {
  return {
    id: r.id,
    recipient: r.recipient,
    subject: r.subject,
    text: r.text,
    userId: r.user_id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: fromDbTime(r.next_attempt_at),
    lastError: r.last_error,
    createdAt: fromDbTime(r.created_at),
    sentAt: r.sent_at ? fromDbTime(r.sent_at) : null,
  };
}

export async function insertOutbox(
  db: Db,
  m: { recipient: string; subject: string; text: string; userId?: number | null; kind?: string | null },
  now: Date,
): Promise<number> {
  const [row] = await db("outbox")
    .insert({
      recipient: m.recipient,
      subject: m.subject,
      text: m.text,
      user_id: m.userId ?? null,
      kind: m.kind ?? null,
      status: "queued",
      attempts: 0,
      next_attempt_at: toDbTime(now),
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findOutbox(db: Db, id: number): Promise<OutboxEntry | undefined> {
  const row = await db("outbox").where({ id }).first();
  return row && toEntry(row);
}

/** Queued messages whose next attempt is due, oldest first. */
export async function dueOutbox(db: Db, now: Date, limit: number): Promise<OutboxEntry[]> {
  const rows = await db("outbox")
    .where({ status: "queued" })
    .andWhere("next_attempt_at", "<=", toDbTime(now))
    .orderBy([{ column: "next_attempt_at" }, { column: "id" }])
    .limit(limit);
  return rows.map(toEntry);
}

/**
 * Claims a due message for one delivery attempt: moves its next attempt to `leaseUntil` only if it
 * is still queued with the next attempt we read. Of two workers reading the same row, one claims it.
 */
export async function claimOutbox(db: Db, entry: OutboxEntry, leaseUntil: Date): Promise<boolean> {
  const changed = await db("outbox")
    .where({ id: entry.id, status: "queued", next_attempt_at: toDbTime(entry.nextAttemptAt) })
    .update({ next_attempt_at: toDbTime(leaseUntil) });
  return changed === 1;
}

export async function markOutboxSent(db: Db, id: number, attempts: number, now: Date): Promise<void> {
  await db("outbox")
    .where({ id })
    .update({ status: "sent", attempts, sent_at: toDbTime(now), last_error: null });
}

/** Records a failed attempt: queued again at `nextAttemptAt`, or failed for good when it is null. */
export async function markOutboxAttemptFailed(
  db: Db,
  id: number,
  attempts: number,
  error: string,
  nextAttemptAt: Date | null,
): Promise<void> {
  await db("outbox")
    .where({ id })
    .update(
      nextAttemptAt
        ? { status: "queued", attempts, last_error: error, next_attempt_at: toDbTime(nextAttemptAt) }
        : { status: "failed", attempts, last_error: error },
    );
}

/** Queues a failed (or waiting) message for an attempt now. Sent messages are never sent again. */
export async function requeueOutbox(db: Db, id: number, now: Date): Promise<boolean> {
  const changed = await db("outbox")
    .where({ id })
    .whereIn("status", ["queued", "failed"])
    .update({ status: "queued", next_attempt_at: toDbTime(now) });
  return changed === 1;
}

export async function outboxCounts(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = (await db("outbox").select("status").count({ n: "*" }).groupBy("status")) as {
    status: OutboxStatus;
    n: number | string;
  }[];
  const counts: Record<OutboxStatus, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** A page of the outbox, newest first, optionally of one status. */
export async function listOutbox(
  db: Db,
  options: { status?: OutboxStatus; limit: number; offset: number },
): Promise<{ items: OutboxEntry[]; total: number }> {
  const base = () => {
    const q = db("outbox");
    if (options.status) q.where({ status: options.status });
    return q;
  };
  const [{ n }] = (await base().count({ n: "*" })) as [{ n: number | string }];
  const rows = await base().orderBy("id", "desc").limit(options.limit).offset(options.offset);
  return { items: rows.map(toEntry), total: Number(n) };
}
