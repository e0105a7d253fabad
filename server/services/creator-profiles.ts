import type { Clock } from "../clock.ts";
import { lastFour, masked, SecretBox } from "../crypto/secrets.ts";
import { compactNumber, profileNumberProblems } from "../domain/creator-rules.ts";
import { ValidationError } from "../errors.ts";
import { recordAudit } from "../store/audit.ts";
import { findCreatorProfile, saveCreatorProfile } from "../store/creator-profiles.ts";
import type { Db } from "../store/db.ts";

export interface CreatorProfileDeps {
  db: Db;
  clock: Clock;
  encryptionKey: string;
}

/** What the creator sees of their profile: the two sensitive numbers only masked. */
export interface CreatorProfileView {
  legalName: string;
  country: string;
  idType: string;
  idNumberMasked: string;
  payoutHolder: string;
  payoutBank: string;
  payoutAccountMasked: string;
  updatedAt: Date;
}

export interface CreatorProfileInput {
  legalName: string;
  country: string;
  idType: string;
  /** Blank keeps the stored number (it is never shown, so it is never sent back). */
  idNumber: string;
  payoutHolder: string;
  payoutBank: string;
  /** Blank keeps the stored number. */
  payoutAccount: string;
}

/**
 * Identity details and the payout account a creator gives before submitting a project. ID and
 * account numbers are sealed with AES-256-GCM (SecretBox) before they reach the database.
 */
export class CreatorProfileService {
  private readonly box: SecretBox;

  constructor(private readonly deps: CreatorProfileDeps) {
    this.box = new SecretBox(deps.encryptionKey);
  }

  async get(userId: number): Promise<CreatorProfileView | undefined> {
    const p = await findCreatorProfile(this.deps.db, userId);
    if (!p) return undefined;
    return {
      legalName: p.legalName,
      country: p.country,
      idType: p.idType,
      idNumberMasked: masked(p.idNumberLast4),
      payoutHolder: p.payoutHolder,
      payoutBank: p.payoutBank,
      payoutAccountMasked: masked(p.payoutAccountLast4),
      updatedAt: p.updatedAt,
    };
  }

  /** Whether the identity details and the payout account are given (the submission checklist). */
  async completeness(userId: number, db: Db = this.deps.db): Promise<{ identity: boolean; payout: boolean }> {
    const p = await findCreatorProfile(db, userId);
    return { identity: Boolean(p?.idNumberSealed), payout: Boolean(p?.payoutAccountSealed) };
  }

  /** For settlement (a later issue): the payout account in clear. Never shown in a page. */
  async payoutAccountOf(
    userId: number,
  ): Promise<{ holder: string; bank: string; account: string } | undefined> {
    const p = await findCreatorProfile(this.deps.db, userId);
    if (!p) return undefined;
    return { holder: p.payoutHolder, bank: p.payoutBank, account: this.box.open(p.payoutAccountSealed) };
  }

  /** Saves the profile. The numbers are required the first time, and again when the ID type changes. */
  async save(userId: number, input: CreatorProfileInput): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const existing = await findCreatorProfile(trx, userId);
      const errors = profileNumberProblems(input, existing);
      const idNumber = compactNumber(input.idNumber);
      const account = compactNumber(input.payoutAccount);
      if (Object.keys(errors).length) throw new ValidationError(errors);
      await saveCreatorProfile(
        trx,
        {
          userId,
          legalName: input.legalName,
          country: input.country,
          idType: input.idType,
          idNumberSealed: idNumber ? this.box.seal(idNumber) : (existing?.idNumberSealed as string),
          idNumberLast4: idNumber ? lastFour(idNumber) : (existing?.idNumberLast4 as string),
          payoutHolder: input.payoutHolder,
          payoutBank: input.payoutBank,
          payoutAccountSealed: account ? this.box.seal(account) : (existing?.payoutAccountSealed as string),
          payoutAccountLast4: account ? lastFour(account) : (existing?.payoutAccountLast4 as string),
        },
        now,
      );
      await recordAudit(
        trx,
        {
          actorId: userId,
          action: existing ? "creator_profile.update" : "creator_profile.create",
          subjectType: "user",
          subjectId: userId,
          details: { idNumberChanged: Boolean(idNumber), payoutAccountChanged: Boolean(account) },
        },
        now,
      );
    });
  }
}
