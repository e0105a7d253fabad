import { z } from "zod";
import type { FieldErrors } from "../errors.ts";
import type { CardInput } from "../payments/gateway.ts";

/**
 * The "add a new card" fields shared by the pledge and the investment forms. The card number and
 * CVC are never shown again (CARD_SECRET_FIELDS); they go to the gateway and nowhere else.
 */
export const cardFields = {
  cardNumber: z.string().max(40).optional(),
  cardExpMonth: z.string().max(4).optional(),
  cardExpYear: z.string().max(6).optional(),
  cardCvc: z.string().max(8).optional(),
  cardName: z.string().trim().max(200).optional(),
};

export const CARD_SECRET_FIELDS = ["cardNumber", "cardCvc"];

type CardFormData = { [K in keyof typeof cardFields]?: string };

/** The card as the gateway wants it; when a new card is chosen, a message per missing field goes into errors. */
export function cardFromForm(d: CardFormData, isNewCard: boolean, errors: FieldErrors): CardInput {
  const card = {
    number: d.cardNumber ?? "",
    expMonth: Number(d.cardExpMonth),
    expYear: Number(d.cardExpYear?.length === 2 ? `20${d.cardExpYear}` : d.cardExpYear),
    cvc: (d.cardCvc ?? "").trim(),
    holderName: d.cardName ?? "",
  };
  if (isNewCard) {
    if (!card.number.trim()) errors.cardNumber = "validation.required";
    if (!d.cardExpMonth || !d.cardExpYear) errors.cardExpMonth = "validation.required";
    if (!card.cvc) errors.cardCvc = "validation.required";
    if (!card.holderName) errors.cardName = "validation.required";
  }
  return card;
}
