import type { Db } from "./db.ts";
import { toDbTime } from "./time.ts";

export interface PaymentMethod {
  id: number;
  userId: number;
  gateway: string;
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
const toMethod = (r: any): PaymentMethod => ({
  id: r.id,
  userId: r.user_id,
  gateway: r.gateway,
  token: r.token,
  brand: r.brand,
  last4: r.last4,
  expMonth: r.exp_month,
  expYear: r.exp_year,
});

export async function customerIdOf(db: Db, userId: number): Promise<string | undefined> {
  const row = await db("payment_customers").where({ user_id: userId }).first("customer_id");
  return row?.customer_id;
}

export async function saveCustomerId(db: Db, userId: number, gateway: string, customerId: string, now: Date) {
  await db("payment_customers").insert({
    user_id: userId,
    gateway,
    customer_id: customerId,
    created_at: toDbTime(now),
  });
}

export async function insertPaymentMethod(
  db: Db,
  m: Omit<PaymentMethod, "id">,
  now: Date,
): Promise<PaymentMethod> {
  const [row] = await db("payment_methods")
    .insert({
      user_id: m.userId,
      gateway: m.gateway,
      token: m.token,
      brand: m.brand,
      last4: m.last4,
      exp_month: m.expMonth,
      exp_year: m.expYear,
      created_at: toDbTime(now),
    })
    .returning("*");
  return toMethod(row);
}

export async function paymentMethodsOf(db: Db, userId: number): Promise<PaymentMethod[]> {
  const rows = await db("payment_methods")
    .where({ user_id: userId })
    .whereNull("removed_at")
    .orderBy("id", "desc");
  return rows.map(toMethod);
}

/** The user's own, not removed, payment method with this id. */
export async function findOwnPaymentMethod(
  db: Db,
  userId: number,
  id: number,
): Promise<PaymentMethod | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const row = await db("payment_methods").where({ id, user_id: userId }).whereNull("removed_at").first();
  return row && toMethod(row);
}

export async function findPaymentMethod(db: Db, id: number): Promise<PaymentMethod | undefined> {
  const row = await db("payment_methods").where({ id }).first();
  return row && toMethod(row);
}
