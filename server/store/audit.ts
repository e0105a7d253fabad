import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface AuditEntry {
  id: number;
  actorId: number | null;
  action: string;
  subjectType: string;
  subjectId: number;
  reason: string | null;
  details: Record<string, unknown> | null;
  createdAt: Date;
}

/** Appends to the audit log (append-only: the table refuses updates and deletes). */
export async function recordAudit(
  db: Db,
  entry: {
    actorId: number | null;
    action: string;
    subjectType: string;
    subjectId: number;
    reason?: string;
    details?: object;
  },
  now: Date,
): Promise<void> {
  await db("audit_log").insert({
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId,
    reason: entry.reason ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
    created_at: toDbTime(now),
  });
}

export async function auditTrail(db: Db, subjectType: string, subjectId: number): Promise<AuditEntry[]> {
  const rows = await db("audit_log")
    .where({ subject_type: subjectType, subject_id: subjectId })
    .orderBy("id");
  return rows.map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    reason: r.reason,
    details: r.details ? JSON.parse(r.details) : null,
    createdAt: fromDbTime(r.created_at),
  }));
}
