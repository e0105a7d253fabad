import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/** Real-name verification of investors: the investor_identities table (migration 020). */

export const identityStatuses = ["none", "pending", "verified", "rejected"] as const;
export type IdentityStatus = (typeof identityStatuses)[number];

export type IdentityDocumentType = "image" | "pdf";

export interface InvestorIdentity {
  userId: number;
  status: Exclude<IdentityStatus, "none">;
  legalName: string;
  dateOfBirth: string;
  country: string;
  nationality: string;
  idType: string;
  idNumberSealed: string;
  idNumberLast4: string;
  address: string;
  documentKey: string;
  documentType: IdentityDocumentType;
  documentSha256: string;
  documentName: string;
  submittedAt: Date;
  reviewedAt: Date | null;
  reviewedBy: number | null;
  rejectionReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type IdentityFields = Omit<
  InvestorIdentity,
  "status" | "submittedAt" | "reviewedAt" | "reviewedBy" | "rejectionReason" | "createdAt" | "updatedAt"
>;

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toIdentity(r: any): InvestorIdentity {
  return {
    userId: r.user_id,
    status: r.status,
    legalName: r.legal_name,
    dateOfBirth: r.date_of_birth,
    country: r.country,
    nationality: r.nationality,
    idType: r.id_type,
    idNumberSealed: r.id_number_enc,
    idNumberLast4: r.id_number_last4,
    address: r.address,
    documentKey: r.document_key,
    documentType: r.document_type,
    documentSha256: r.document_sha256,
    documentName: r.document_name,
    submittedAt: fromDbTime(r.submitted_at),
    reviewedAt: r.reviewed_at ? fromDbTime(r.reviewed_at) : null,
    reviewedBy: r.reviewed_by,
    rejectionReason: r.rejection_reason,
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  };
}

export async function findIdentity(db: Db, userId: number): Promise<InvestorIdentity | undefined> {
  if (!Number.isSafeInteger(userId) || userId <= 0) return undefined;
  const row = await db("investor_identities").where({ user_id: userId }).first();
  return row && toIdentity(row);
}

/** The user's verification status; "none" until they submit a profile. */
export async function identityStatusOf(db: Db, userId: number): Promise<IdentityStatus> {
  const row = await db("investor_identities").where({ user_id: userId }).first("status");
  return (row?.status as IdentityStatus | undefined) ?? "none";
}

export async function isIdentityVerified(db: Db, userId: number): Promise<boolean> {
  return (await identityStatusOf(db, userId)) === "verified";
}

/** Saves a (re)submission: the status goes back to pending and the review fields are cleared. */
export async function saveIdentitySubmission(db: Db, f: IdentityFields, now: Date): Promise<void> {
  const row = {
    user_id: f.userId,
    status: "pending",
    legal_name: f.legalName,
    date_of_birth: f.dateOfBirth,
    country: f.country,
    nationality: f.nationality,
    id_type: f.idType,
    id_number_enc: f.idNumberSealed,
    id_number_last4: f.idNumberLast4,
    address: f.address,
    document_key: f.documentKey,
    document_type: f.documentType,
    document_sha256: f.documentSha256,
    document_name: f.documentName,
    submitted_at: toDbTime(now),
    reviewed_at: null,
    reviewed_by: null,
    rejection_reason: null,
    updated_at: toDbTime(now),
  };
  await db("investor_identities")
    .insert({ ...row, created_at: toDbTime(now) })
    .onConflict("user_id")
    .merge(row);
}

/**
 * Records a reviewer's decision on a pending identity. Conditional on the status still being pending
 * (and on the submission the reviewer looked at), so two reviewers cannot both decide: returns false
 * when the row changed in between.
 */
export async function decideIdentity(
  db: Db,
  userId: number,
  submittedAt: Date,
  decision: { status: "verified" | "rejected"; reviewerId: number; reason: string | null },
  now: Date,
): Promise<boolean> {
  const changed = await db("investor_identities")
    .where({ user_id: userId, status: "pending", submitted_at: toDbTime(submittedAt) })
    .update({
      status: decision.status,
      reviewed_at: toDbTime(now),
      reviewed_by: decision.reviewerId,
      rejection_reason: decision.reason,
      updated_at: toDbTime(now),
    });
  return changed === 1;
}

export interface IdentityQueueEntry {
  userId: number;
  legalName: string;
  country: string;
  nationality: string;
  idType: string;
  submittedAt: Date;
  email: string;
  accountName: string;
}

/** Pending identities, oldest submission first (the admin queue). */
export async function pendingIdentities(db: Db): Promise<IdentityQueueEntry[]> {
  const rows = await db("investor_identities as i")
    .join("users as u", "u.id", "i.user_id")
    .where("i.status", "pending")
    .orderBy("i.submitted_at", "asc")
    .orderBy("i.user_id", "asc")
    .select(
      "i.user_id",
      "i.legal_name",
      "i.country",
      "i.nationality",
      "i.id_type",
      "i.submitted_at",
      "u.email",
      "u.name",
    );
  return rows.map((r) => ({
    userId: r.user_id,
    legalName: r.legal_name,
    country: r.country,
    nationality: r.nationality,
    idType: r.id_type,
    submittedAt: fromDbTime(r.submitted_at),
    email: r.email,
    accountName: r.name,
  }));
}

/** Identities decided most recently (for the queue page's "recently decided" list). */
export async function recentlyDecidedIdentities(
  db: Db,
  limit: number,
): Promise<(IdentityQueueEntry & { status: "verified" | "rejected"; reviewedAt: Date })[]> {
  const rows = await db("investor_identities as i")
    .join("users as u", "u.id", "i.user_id")
    .whereIn("i.status", ["verified", "rejected"])
    .orderBy("i.reviewed_at", "desc")
    .limit(limit)
    .select("i.*", "u.email", "u.name");
  return rows.map((r) => ({
    userId: r.user_id,
    legalName: r.legal_name,
    country: r.country,
    nationality: r.nationality,
    idType: r.id_type,
    submittedAt: fromDbTime(r.submitted_at),
    email: r.email,
    accountName: r.name,
    status: r.status,
    reviewedAt: fromDbTime(r.reviewed_at),
  }));
}
