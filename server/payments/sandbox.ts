import crypto from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Currency } from "../domain/money.ts";
import { bulk, insertSql } from "../store/bulk.ts";
import type { Db } from "../store/db.ts";
import { fromDbTime, toDbTime } from "../store/time.ts";
import { cardBrand, digitsOnly, isExpired, isValidCvc, passesLuhn } from "./cards.ts";
import {
  type CardError,
  type CardInput,
  type Charge,
  type ChargeInput,
  GatewayUnavailableError,
  type PaymentGateway,
  type SaveCardResult,
  type TransferInput,
} from "./gateway.ts";

/**
 * Test cards of the sandbox (like a real processor's test mode). Any future expiry and any CVC of the
 * right length work; other numbers are declined.
 */
export const TEST_CARDS = {
  "4242424242424242": { behaviour: "succeeds", description: "Visa: saved and charged successfully" },
  "5555555555554444": { behaviour: "succeeds", description: "Mastercard: saved and charged successfully" },
  "6200000000000005": { behaviour: "succeeds", description: "UnionPay: saved and charged successfully" },
  "4000000000000002": { behaviour: "declined", description: "Declined when saved (card_declined)" },
  "4000000000009995": {
    behaviour: "insufficient_funds",
    description: "Declined when saved (insufficient_funds)",
  },
  "4000000000000069": {
    behaviour: "expired_card",
    description: "Refused as expired when saved (expired_card)",
  },
  "4000000000000341": {
    behaviour: "fails_later",
    description: "Saved fine, but every charge fails (card_declined): for the settlement retry path",
  },
} as const;

type Behaviour = (typeof TEST_CARDS)[keyof typeof TEST_CARDS]["behaviour"];

export interface SandboxOptions {
  /** Milliseconds each call waits, to make races and timeouts visible in tests. */
  latencyMs?: number;
  /** Probability (0–1) that a call fails as if the processor were unreachable. */
  failureRate?: number;
  random?: () => number;
}

const id = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString("hex")}`;

export class SandboxGateway implements PaymentGateway {
  readonly name = "sandbox";
  /** Tests may change these at any time. */
  options: SandboxOptions;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    options: SandboxOptions = {},
  ) {
    this.options = options;
  }

  private async network(latencyMs = this.options.latencyMs ?? 0): Promise<void> {
    const { failureRate = 0, random = Math.random } = this.options;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (failureRate > 0 && random() < failureRate)
      throw new GatewayUnavailableError("sandbox: simulated outage");
  }

  async createCustomer(input: { email: string; name: string }) {
    await this.network();
    const customerId = id("cus");
    await this.db("sandbox_customers").insert({
      id: customerId,
      ...input,
      created_at: toDbTime(this.clock.now()),
    });
    return { customerId };
  }

  async saveCard(customerId: string, card: CardInput): Promise<SaveCardResult> {
    await this.network();
    const number = digitsOnly(card.number);
    if (!passesLuhn(number)) return { ok: false, error: "invalid_number" };
    if (
      !Number.isInteger(card.expMonth) ||
      card.expMonth < 1 ||
      card.expMonth > 12 ||
      !Number.isInteger(card.expYear)
    ) {
      return { ok: false, error: "invalid_expiry" };
    }
    if (isExpired(card.expMonth, card.expYear, this.clock.now())) return { ok: false, error: "expired_card" };
    const brand = cardBrand(number);
    if (!isValidCvc(card.cvc, brand)) return { ok: false, error: "invalid_cvc" };
    const behaviour: Behaviour = TEST_CARDS[number as keyof typeof TEST_CARDS]?.behaviour ?? "declined";
    const refusal: Partial<Record<Behaviour, CardError>> = {
      declined: "card_declined",
      insufficient_funds: "insufficient_funds",
      expired_card: "expired_card",
    };
    const error = refusal[behaviour];
    if (error) return { ok: false, error };
    const token = id("pm");
    const saved = { token, brand, last4: number.slice(-4), expMonth: card.expMonth, expYear: card.expYear };
    await this.db("sandbox_payment_methods").insert({
      token,
      customer_id: customerId,
      brand,
      last4: saved.last4,
      exp_month: saved.expMonth,
      exp_year: saved.expYear,
      behaviour,
      created_at: toDbTime(this.clock.now()),
    });
    return { ok: true, card: saved };
  }

  async charge(input: {
    customerId: string;
    cardToken: string;
    amountMinor: number;
    currency: Currency;
    idempotencyKey: string;
    description: string;
  }): Promise<Charge> {
    await this.network();
    return this.db.transaction(async (trx) => {
      const existing = await trx("sandbox_charges").where({ idempotency_key: input.idempotencyKey }).first();
      if (existing) return toCharge(existing);
      const method = await trx("sandbox_payment_methods")
        .where({ token: input.cardToken, customer_id: input.customerId })
        .first();
      let failure: CardError | null = null;
      if (!method) failure = "card_declined";
      else if (method.behaviour === "fails_later") failure = "card_declined";
      else if (isExpired(method.exp_month, method.exp_year, this.clock.now())) failure = "expired_card";
      const row = {
        id: id("ch"),
        idempotency_key: input.idempotencyKey,
        customer_id: input.customerId,
        payment_method: input.cardToken,
        amount_minor: input.amountMinor,
        currency: input.currency,
        status: failure ? "failed" : "succeeded",
        failure_code: failure,
        description: input.description.slice(0, 200),
        created_at: toDbTime(this.clock.now()),
      };
      await trx("sandbox_charges").insert(row);
      return toCharge({ ...row, refunded_minor: 0 });
    });
  }

  async refund(input: { chargeId: string; amountMinor: number; idempotencyKey: string }) {
    await this.network();
    return this.db.transaction(async (trx) => {
      const existing = await trx("sandbox_refunds").where({ idempotency_key: input.idempotencyKey }).first();
      if (existing) return { refundId: existing.id as string };
      const charge = await trx("sandbox_charges").where({ id: input.chargeId }).first();
      if (!charge || charge.status !== "succeeded") throw new Error("sandbox: no such succeeded charge");
      if (Number(charge.refunded_minor) + input.amountMinor > Number(charge.amount_minor)) {
        throw new Error("sandbox: refund exceeds the charge");
      }
      const refundId = id("re");
      await trx("sandbox_refunds").insert({
        id: refundId,
        idempotency_key: input.idempotencyKey,
        charge_id: input.chargeId,
        amount_minor: input.amountMinor,
        created_at: toDbTime(this.clock.now()),
      });
      await trx("sandbox_charges")
        .where({ id: input.chargeId })
        .increment("refunded_minor", input.amountMinor);
      return { refundId };
    });
  }

  /**
   * Many charges in one call and one transaction (settlement's fast path), each answered exactly as
   * charge() would: an idempotency key seen before returns its charge. The latency is split in two
   * halves, before and after the charges are recorded, like a request and its response on a network:
   * a settler killed during the second half has been charged without knowing it.
   */
  async chargeMany(inputs: readonly ChargeInput[]): Promise<Charge[]> {
    const { latencyMs = 0 } = this.options;
    const half = latencyMs / 2;
    await this.network(half);
    const charges = await this.db.transaction(async (trx) => {
      // Write first: another process cannot slip a charge in between our reads and our inserts.
      await trx.raw("UPDATE sandbox_charges SET id = id WHERE 0");
      const b = await bulk(trx);
      const now = this.clock.now();
      const at = toDbTime(now);
      const seen = new Map<string, Charge>();
      // Ids that sort by creation (time, then a sequence; like a ULID): a batch of charges lands at the
      // end of the id index instead of on hundreds of random pages.
      const prefix = `ch_${now.getTime().toString(16).padStart(12, "0")}${crypto.randomBytes(3).toString("hex")}`;
      return inputs.map((input, n) => {
        const repeated = seen.get(input.idempotencyKey);
        if (repeated) return repeated;
        const method = b.get<{ customer_id: string; behaviour: string; exp_month: number; exp_year: number }>(
          "SELECT customer_id, behaviour, exp_month, exp_year FROM sandbox_payment_methods WHERE token = ?",
          [input.cardToken],
        );
        let failure: CardError | null = null;
        if (!method || method.customer_id !== input.customerId) failure = "card_declined";
        else if (method.behaviour === "fails_later") failure = "card_declined";
        else if (isExpired(method.exp_month, method.exp_year, now)) failure = "expired_card";
        const row = {
          id: `${prefix}${n.toString(16).padStart(6, "0")}`,
          idempotency_key: input.idempotencyKey,
          customer_id: input.customerId,
          payment_method: input.cardToken,
          amount_minor: input.amountMinor,
          currency: input.currency,
          status: failure ? "failed" : "succeeded",
          failure_code: failure,
          description: input.description.slice(0, 200),
          created_at: at,
        };
        // A key seen before answers with its charge (idempotency); ON CONFLICT tells us without a lookup.
        if (b.run(CHARGE_INSERT, Object.values(row)).changes === 0) {
          const earlier = toCharge(
            b.get("SELECT * FROM sandbox_charges WHERE idempotency_key = ?", [input.idempotencyKey]),
          );
          seen.set(input.idempotencyKey, earlier);
          return earlier;
        }
        const charge = toCharge({ ...row, refunded_minor: 0 });
        seen.set(input.idempotencyKey, charge); // the same key twice in one batch: one charge
        return charge;
      });
    });
    if (half > 0) await new Promise((resolve) => setTimeout(resolve, half));
    return charges;
  }

  /** A payout to a bank account; the sandbox keeps the holder, bank and last four digits only. */
  async transfer(input: TransferInput): Promise<{ transferId: string }> {
    await this.network();
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new Error("sandbox: a transfer needs a positive amount");
    }
    return this.db.transaction(async (trx) => {
      await trx.raw("UPDATE sandbox_transfers SET id = id WHERE 0");
      const existing = await trx("sandbox_transfers")
        .where({ idempotency_key: input.idempotencyKey })
        .first();
      if (existing) return { transferId: existing.id as string };
      const transferId = id("tr");
      await trx("sandbox_transfers").insert({
        id: transferId,
        idempotency_key: input.idempotencyKey,
        holder: input.destination.holder.slice(0, 200),
        bank: input.destination.bank.slice(0, 200),
        account_last4: digitsOnly(input.destination.accountNumber).slice(-4).padStart(4, "0"),
        amount_minor: input.amountMinor,
        currency: input.currency,
        description: input.description.slice(0, 200),
        created_at: toDbTime(this.clock.now()),
      });
      return { transferId };
    });
  }

  async getCharge(chargeId: string): Promise<Charge | undefined> {
    await this.network();
    const row = await this.db("sandbox_charges").where({ id: chargeId }).first();
    return row && toCharge(row);
  }
}

const CHARGE_INSERT = insertSql(
  "sandbox_charges",
  [
    "id",
    "idempotency_key",
    "customer_id",
    "payment_method",
    "amount_minor",
    "currency",
    "status",
    "failure_code",
    "description",
    "created_at",
  ],
  true,
);

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toCharge(r: any): Charge {
  return {
    id: r.id,
    status: r.status,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    refundedMinor: Number(r.refunded_minor),
    failureCode: r.failure_code,
    createdAt: fromDbTime(r.created_at),
  };
}
