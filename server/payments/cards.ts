/** Pure card checks: Luhn, brand, expiry, CVC. */

export function digitsOnly(number: string): string {
  return number.normalize("NFKC").replace(/[\s-]/g, "");
}

export function passesLuhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (/^4/.test(number)) return "visa";
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  if (/^62/.test(number)) return "unionpay";
  return "card";
}

/** A card is valid through the last day of its expiry month (UTC). */
export function isExpired(expMonth: number, expYear: number, now: Date): boolean {
  const firstOfNextMonth = Date.UTC(expYear, expMonth, 1); // month is 1-based, so this is the next month
  return now.getTime() >= firstOfNextMonth;
}

export function isValidCvc(cvc: string, brand: string): boolean {
  return brand === "amex" ? /^\d{4}$/.test(cvc) : /^\d{3}$/.test(cvc);
}
