import type { Currency } from "../domain/money.ts";

/**
 * What the platform needs from a card processor. Shaped like a real one: customers, saved payment
 * methods verified without charging, off-session charges with an idempotency key, refunds, and
 * reading a charge back. Card numbers go to the gateway only; the platform keeps its token, brand,
 * last four digits and expiry.
 */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  holderName: string;
}

export type CardError =
  | "invalid_number"
  | "invalid_expiry"
  | "expired_card"
  | "invalid_cvc"
  | "card_declined"
  | "insufficient_funds"
  | "processing_error";

export interface SavedCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface Charge {
  id: string;
  status: "succeeded" | "failed";
  amountMinor: number;
  currency: Currency;
  refundedMinor: number;
  failureCode: CardError | null;
  createdAt: Date;
}

export type SaveCardResult = { ok: true; card: SavedCard } | { ok: false; error: CardError };

export interface PaymentGateway {
  readonly name: string;
  createCustomer(input: { email: string; name: string }): Promise<{ customerId: string }>;
  saveCard(customerId: string, card: CardInput): Promise<SaveCardResult>;
  /** Charges a saved card off-session. The same idempotency key always returns the same charge. */
  charge(input: {
    customerId: string;
    cardToken: string;
    amountMinor: number;
    currency: Currency;
    idempotencyKey: string;
    description: string;
  }): Promise<Charge>;
  refund(input: {
    chargeId: string;
    amountMinor: number;
    idempotencyKey: string;
  }): Promise<{ refundId: string }>;
  getCharge(chargeId: string): Promise<Charge | undefined>;
  /**
   * Pays money out to a bank account (a creator's payout). The same idempotency key always returns
   * the same transfer.
   */
  transfer(input: TransferInput): Promise<{ transferId: string }>;
  /**
   * Optional: many off-session charges in one call, answered in the order given (each exactly as
   * charge() would answer it, same idempotency rules). Settlement uses it when present to keep a
   * 100,000-pledge campaign fast, and falls back to charge() one by one otherwise.
   */
  chargeMany?(inputs: readonly ChargeInput[]): Promise<Charge[]>;
}

export type ChargeInput = Parameters<PaymentGateway["charge"]>[0];

export interface TransferInput {
  destination: { holder: string; bank: string; accountNumber: string };
  amountMinor: number;
  currency: Currency;
  idempotencyKey: string;
  description: string;
}

/** The gateway failed to answer (network, outage): the operation may be retried with the same key. */
export class GatewayUnavailableError extends Error {}
