import { fileTypeFromBuffer } from "file-type";
import type { Clock } from "../clock.ts";
import { lastFour, masked, SecretBox } from "../crypto/secrets.ts";
import { compactNumber, idNumberProblem, profileCountries } from "../domain/creator-rules.ts";
import { idTypes } from "../domain/project-rules.ts";
import { AppError, type FieldErrors, NotFoundError, RuleError, ValidationError } from "../errors.ts";
import { identityRejectedMail, identityVerifiedMail } from "../mail/invest-messages.ts";
import type { Mailer } from "../mail/mailer.ts";
import { type AuditEntry, auditTrail, recordAudit } from "../store/audit.ts";
import type { Db } from "../store/db.ts";
import {
  decideIdentity,
  findIdentity,
  type IdentityDocumentType,
  type IdentityStatus,
  type InvestorIdentity,
  pendingIdentities,
  recentlyDecidedIdentities,
  saveIdentitySubmission,
} from "../store/identity.ts";
import { findUserById, type User } from "../store/users.ts";
import { safeOriginalName } from "./projects.ts";
import { UploadRejected, type UploadStore } from "./uploads.ts";

/**
 * Real-name verification of investors (issue 5): the investor's profile with an ID document, and the
 * admin review queue. ID numbers are sealed with SecretBox and only ever shown masked to the investor;
 * the document is kept under DATA_DIR/identity (outside public/) by an UploadStore of its own: images
 * are re-encoded (EXIF, including location, stripped), PDFs kept as sent, both recognised by content.
 * Only the owner and administrators can read it.
 *
 * States: none → pending → verified | rejected (with a reason). Any resubmission — a correction after a
 * rejection, or a change to a verified profile — goes back to pending.
 */

export interface IdentityServiceDeps {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  baseUrl: string;
  encryptionKey: string;
  /** Stores ID documents (its own directory under DATA_DIR, never served by the public media route). */
  documents: UploadStore;
}

export type Actor = Pick<User, "id" | "role">;

export const identityIdTypes = idTypes.filter((t) => t !== "business_licence");
export const identityCountries = profileCountries;
export const REJECTION_REASON_MAX = 2000;

export interface IdentityInput {
  legalName: string;
  dateOfBirth: string;
  country: string;
  nationality: string;
  idType: string;
  /** Blank keeps the stored number (it is never shown again), unless the ID type changes. */
  idNumber: string;
  address: string;
}

export interface UploadedFile {
  buffer: Buffer;
  originalName: string;
}

/** What the investor (and the admin list) sees: the ID number masked. */
export interface IdentityView {
  status: IdentityStatus;
  legalName: string;
  dateOfBirth: string;
  country: string;
  nationality: string;
  idType: string;
  idNumberMasked: string;
  address: string;
  documentType: IdentityDocumentType;
  documentName: string;
  submittedAt: Date;
  reviewedAt: Date | null;
  rejectionReason: string | null;
}

const MIN_AGE = 18;
const MAX_AGE = 120;

/** Today as "YYYY-MM-DD" in UTC (a birthday check does not need more precision). */
function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Field problems of an identity submission (i18n keys); pure. */
export function identityProblems(
  input: IdentityInput,
  existing: Pick<InvestorIdentity, "idType"> | undefined,
  hasDocument: boolean,
  now: Date,
): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.legalName.trim()) errors.legalName = "validation.required";
  const dob = input.dateOfBirth.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dob);
  const valid =
    m !== null &&
    (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.toISOString().slice(0, 10) === dob;
    })();
  if (!dob) errors.dateOfBirth = "validation.required";
  else if (!valid) errors.dateOfBirth = "invest.identity.errors.dateOfBirth";
  else {
    const today = dayOf(now);
    const [y, mo, d] = today.split("-");
    const adultBefore = `${Number(y) - MIN_AGE}-${mo}-${d}`;
    const oldest = `${Number(y) - MAX_AGE}-${mo}-${d}`;
    if (dob > today) errors.dateOfBirth = "invest.identity.errors.dateOfBirthFuture";
    else if (dob > adultBefore) errors.dateOfBirth = "invest.identity.errors.underage";
    else if (dob < oldest) errors.dateOfBirth = "invest.identity.errors.dateOfBirth";
  }
  if (!(identityCountries as readonly string[]).includes(input.country))
    errors.country = "validation.required";
  if (!(identityCountries as readonly string[]).includes(input.nationality))
    errors.nationality = "validation.required";
  if (!(identityIdTypes as readonly string[]).includes(input.idType)) errors.idType = "validation.required";
  const idNumber = compactNumber(input.idNumber);
  if (idNumber || !existing || existing.idType !== input.idType) {
    const problem = idNumberProblem(idNumber);
    if (problem) {
      errors.idNumber =
        problem === "validation.required" && existing
          ? "invest.identity.errors.idTypeChanged"
          : problem === "validation.required"
            ? problem
            : "invest.identity.errors.idNumber";
    }
  }
  if (!input.address.trim()) errors.address = "validation.required";
  if (!hasDocument) errors.document = "invest.identity.errors.documentRequired";
  return errors;
}

export class IdentityService {
  private readonly box: SecretBox;

  constructor(private readonly deps: IdentityServiceDeps) {
    this.box = new SecretBox(deps.encryptionKey);
  }

  get maxImageBytes() {
    return this.deps.documents.maxImageBytes;
  }

  get maxDocumentBytes() {
    return this.deps.documents.maxDocumentBytes;
  }

  private view(i: InvestorIdentity): IdentityView {
    return {
      status: i.status,
      legalName: i.legalName,
      dateOfBirth: i.dateOfBirth,
      country: i.country,
      nationality: i.nationality,
      idType: i.idType,
      idNumberMasked: masked(i.idNumberLast4),
      address: i.address,
      documentType: i.documentType,
      documentName: i.documentName,
      submittedAt: i.submittedAt,
      reviewedAt: i.reviewedAt,
      rejectionReason: i.rejectionReason,
    };
  }

  /** The investor's own profile (masked), or undefined before the first submission. */
  async profileOf(user: Actor): Promise<IdentityView | undefined> {
    const identity = await findIdentity(this.deps.db, user.id);
    return identity && this.view(identity);
  }

  async statusOf(user: Actor): Promise<IdentityStatus> {
    return (await findIdentity(this.deps.db, user.id))?.status ?? "none";
  }

  /** Recognises the document by its bytes and stores it: an image (re-encoded) or a PDF (as sent). */
  /** What the document is, by its bytes (PDF or picture), or why it is refused. Nothing is stored. */
  private async recognise(file: UploadedFile): Promise<IdentityDocumentType | UploadRejected> {
    const { documents } = this.deps;
    if (file.buffer.length === 0) return new UploadRejected(422, "projects.uploads.empty");
    const type = await fileTypeFromBuffer(file.buffer);
    if (type?.mime === "application/pdf") {
      if (file.buffer.length > documents.maxDocumentBytes)
        return new UploadRejected(413, "invest.identity.errors.documentTooLarge");
      return "pdf";
    }
    if (type && ["image/jpeg", "image/png", "image/webp"].includes(type.mime)) {
      if (file.buffer.length > documents.maxImageBytes)
        return new UploadRejected(413, "invest.identity.errors.imageTooLarge");
      return "image";
    }
    return new UploadRejected(415, "invest.identity.errors.documentType");
  }

  /** Stores a recognised document: a PDF as sent, a picture re-encoded (metadata stripped). */
  private async storeDocument(
    file: UploadedFile,
    type: IdentityDocumentType,
  ): Promise<{ key: string; type: IdentityDocumentType; sha256: string }> {
    const { documents } = this.deps;
    const stored =
      type === "pdf" ? await documents.storeDocument(file.buffer) : await documents.storeImage(file.buffer);
    return { key: stored.storageKey, type, sha256: stored.sha256 };
  }

  private async discard(key: string, type: IdentityDocumentType) {
    if (type === "pdf") await this.deps.documents.discardDocument(key);
    else await this.deps.documents.discardImage(key);
  }

  /**
   * Submits (or resubmits) the profile for review. The document is required the first time; a new one
   * replaces the old (whose file is removed). Throws ValidationError per field, UploadRejected for a file
   * the platform does not keep.
   */
  async submit(user: Actor, input: IdentityInput, file: UploadedFile | undefined): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const before = await findIdentity(db, user.id);
    const errors = identityProblems(input, before, Boolean(file || before), now);
    const type = file ? await this.recognise(file) : undefined;
    if (type instanceof UploadRejected) {
      // A refused file is reported together with the form's other problems, if there are any.
      if (Object.keys(errors).length) throw new ValidationError({ ...errors, document: type.messageKey });
      throw type;
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const stored = file && type ? await this.storeDocument(file, type) : undefined;
    try {
      const replaced = await db.transaction(async (trx) => {
        const existing = await findIdentity(trx, user.id);
        const again = identityProblems(input, existing, Boolean(stored || existing), now);
        if (Object.keys(again).length) throw new ValidationError(again);
        const idNumber = compactNumber(input.idNumber);
        await saveIdentitySubmission(
          trx,
          {
            userId: user.id,
            legalName: input.legalName.trim(),
            dateOfBirth: input.dateOfBirth.trim(),
            country: input.country,
            nationality: input.nationality,
            idType: input.idType,
            idNumberSealed: idNumber ? this.box.seal(idNumber) : (existing?.idNumberSealed as string),
            idNumberLast4: idNumber ? lastFour(idNumber) : (existing?.idNumberLast4 as string),
            address: input.address.trim(),
            documentKey: stored?.key ?? (existing?.documentKey as string),
            documentType: stored?.type ?? (existing?.documentType as IdentityDocumentType),
            documentSha256: stored?.sha256 ?? (existing?.documentSha256 as string),
            documentName: stored
              ? safeOriginalName(file?.originalName ?? "")
              : (existing?.documentName as string),
          },
          now,
        );
        await recordAudit(
          trx,
          {
            actorId: user.id,
            action: existing ? "identity.resubmit" : "identity.submit",
            subjectType: "investor_identity",
            subjectId: user.id,
            details: {
              from: existing?.status ?? "none",
              to: "pending",
              idNumberChanged: Boolean(idNumber),
              documentSha256: stored?.sha256 ?? existing?.documentSha256,
            },
          },
          now,
        );
        return stored && existing ? { key: existing.documentKey, type: existing.documentType } : undefined;
      });
      if (replaced) await this.discard(replaced.key, replaced.type);
    } catch (error) {
      if (stored) await this.discard(stored.key, stored.type);
      throw error;
    }
  }

  /**
   * The ID document for a viewer: its owner and administrators only; anyone else (or a user without a
   * document) gets NotFoundError, so user ids reveal nothing.
   */
  async documentFor(
    viewer: Actor,
    userId: number,
  ): Promise<{ path: string; contentType: string; fileName: string }> {
    if (viewer.role !== "admin" && viewer.id !== userId) throw new NotFoundError();
    const identity = await findIdentity(this.deps.db, userId);
    if (!identity) throw new NotFoundError();
    const { documents } = this.deps;
    return identity.documentType === "pdf"
      ? {
          path: documents.documentPath(identity.documentKey),
          contentType: "application/pdf",
          fileName: "identity-document.pdf",
        }
      : {
          path: documents.imagePath(identity.documentKey, 1200),
          contentType: "image/webp",
          fileName: "identity-document.webp",
        };
  }

  // Admin review ---------------------------------------------------------------------------------

  /** Pending identities, oldest first, and the latest decisions. */
  async queue(actor: Actor) {
    assertAdmin(actor);
    const { db } = this.deps;
    return { pending: await pendingIdentities(db), recent: await recentlyDecidedIdentities(db, 10) };
  }

  /** One identity for review: every field (the ID number in full, to compare with the document). */
  async review(actor: Actor, userId: number) {
    assertAdmin(actor);
    const { db } = this.deps;
    const identity = await findIdentity(db, userId);
    const account = await findUserById(db, userId);
    if (!identity || !account) throw new NotFoundError();
    const trail: AuditEntry[] = await auditTrail(db, "investor_identity", userId);
    const names = new Map<number, string>();
    for (const id of new Set(trail.map((e) => e.actorId).filter((x): x is number => x !== null))) {
      const u = await findUserById(db, id);
      if (u) names.set(id, u.name);
    }
    return {
      identity: this.view(identity),
      idNumber: this.box.open(identity.idNumberSealed),
      documentSha256: identity.documentSha256,
      account: { id: account.id, name: account.name, email: account.email, locale: account.locale },
      audit: trail.map((e) => ({
        ...e,
        actorName: e.actorId === null ? null : (names.get(e.actorId) ?? null),
      })),
    };
  }

  /** Approves a pending identity (the submission the reviewer looked at); audited; the user is emailed. */
  approve(actor: Actor, userId: number, submittedAt: Date): Promise<void> {
    return this.decide(actor, userId, submittedAt, "verified", null);
  }

  /** Rejects a pending identity with a reason the user will read; audited; the user is emailed. */
  reject(actor: Actor, userId: number, submittedAt: Date, reason: string): Promise<void> {
    const text = reason.trim();
    if (!text) throw new ValidationError({ reason: "invest.admin.errors.reasonRequired" });
    if (text.length > REJECTION_REASON_MAX) throw new ValidationError({ reason: "validation.tooLong" });
    return this.decide(actor, userId, submittedAt, "rejected", text);
  }

  private async decide(
    actor: Actor,
    userId: number,
    submittedAt: Date,
    status: "verified" | "rejected",
    reason: string | null,
  ): Promise<void> {
    const admin = assertAdmin(actor);
    const { db, clock } = this.deps;
    const now = clock.now();
    await db.transaction(async (trx) => {
      const identity = await findIdentity(trx, userId);
      if (!identity) throw new NotFoundError();
      if (identity.status !== "pending") throw new RuleError("invest.admin.errors.notPending");
      if (!(await decideIdentity(trx, userId, submittedAt, { status, reviewerId: admin.id, reason }, now))) {
        throw new RuleError("invest.admin.errors.changed");
      }
      await recordAudit(
        trx,
        {
          actorId: admin.id,
          action: status === "verified" ? "identity.approve" : "identity.reject",
          subjectType: "investor_identity",
          subjectId: userId,
          reason: reason ?? undefined,
          details: { from: "pending", to: status, documentSha256: identity.documentSha256 },
        },
        now,
      );
    });
    const user = await findUserById(db, userId);
    if (!user) return;
    await this.deps.mailer.send(
      status === "verified"
        ? identityVerifiedMail(user, this.deps.baseUrl)
        : identityRejectedMail(user, reason ?? "", this.deps.baseUrl),
    );
  }
}

function assertAdmin(actor: Actor | undefined): Actor {
  if (actor?.role !== "admin") throw new AppError(403, "errors.forbidden");
  return actor;
}
