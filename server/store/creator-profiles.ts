import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

/** A creator's identity and payout account as stored: the two numbers only sealed, plus their last four. */
export interface CreatorProfileRow {
  userId: number;
  legalName: string;
  country: string;
  idType: string;
  idNumberSealed: string;
  idNumberLast4: string;
  payoutHolder: string;
  payoutBank: string;
  payoutAccountSealed: string;
  payoutAccountLast4: string;
  createdAt: Date;
  updatedAt: Date;
}

export type CreatorProfileWrite = Omit<CreatorProfileRow, "createdAt" | "updatedAt">;

export async function findCreatorProfile(db: Db, userId: number): Promise<CreatorProfileRow | undefined> {
  const r = await db("creator_profiles").where({ user_id: userId }).first();
  if (!r) return undefined;
  return {
    userId: r.user_id,
    legalName: r.legal_name,
    country: r.country,
    idType: r.id_type,
    idNumberSealed: r.id_number_enc,
    idNumberLast4: r.id_number_last4,
    payoutHolder: r.payout_holder,
    payoutBank: r.payout_bank,
    payoutAccountSealed: r.payout_account_enc,
    payoutAccountLast4: r.payout_account_last4,
    createdAt: fromDbTime(r.created_at),
    updatedAt: fromDbTime(r.updated_at),
  };
}

/** Inserts or replaces the profile (one per user). */
export async function saveCreatorProfile(db: Db, p: CreatorProfileWrite, now: Date): Promise<void> {
  const row = {
    user_id: p.userId,
    legal_name: p.legalName,
    country: p.country,
    id_type: p.idType,
    id_number_enc: p.idNumberSealed,
    id_number_last4: p.idNumberLast4,
    payout_holder: p.payoutHolder,
    payout_bank: p.payoutBank,
    payout_account_enc: p.payoutAccountSealed,
    payout_account_last4: p.payoutAccountLast4,
    updated_at: toDbTime(now),
  };
  await db("creator_profiles")
    .insert({ ...row, created_at: toDbTime(now) })
    .onConflict("user_id")
    .merge(row);
}
