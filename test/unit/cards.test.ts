import { expect } from "chai";
import { cardBrand, digitsOnly, isExpired, isValidCvc, passesLuhn } from "../../server/payments/cards.ts";

describe("card checks", () => {
  it("accepts numbers that pass the Luhn check and refuses the rest", () => {
    for (const n of ["4242424242424242", "5555555555554444", "378282246310005", "6200000000000005"]) {
      expect(passesLuhn(n), n).to.equal(true);
    }
    for (const n of ["4242424242424241", "1234567890123456", "42424242", "abcd424242424242", ""]) {
      expect(passesLuhn(n), n).to.equal(false);
    }
  });

  it("reads spaces, dashes and full-width digits as a person meant them", () => {
    expect(digitsOnly("4242 4242-4242 4242")).to.equal("4242424242424242");
    expect(digitsOnly("４２４２４２４２４２４２４２４２")).to.equal("4242424242424242");
  });

  it("knows the brand", () => {
    expect(cardBrand("4242424242424242")).to.equal("visa");
    expect(cardBrand("5555555555554444")).to.equal("mastercard");
    expect(cardBrand("2223003122003222")).to.equal("mastercard");
    expect(cardBrand("378282246310005")).to.equal("amex");
    expect(cardBrand("6200000000000005")).to.equal("unionpay");
  });

  it("treats a card as valid through the last moment of its expiry month", () => {
    expect(isExpired(3, 2026, new Date("2026-03-31T23:59:59.999Z"))).to.equal(false);
    expect(isExpired(3, 2026, new Date("2026-04-01T00:00:00.000Z"))).to.equal(true);
    expect(isExpired(12, 2026, new Date("2026-12-31T12:00:00Z"))).to.equal(false);
    expect(isExpired(12, 2026, new Date("2027-01-01T00:00:00Z"))).to.equal(true);
  });

  it("wants a 3-digit CVC, or 4 for American Express", () => {
    expect(isValidCvc("123", "visa")).to.equal(true);
    expect(isValidCvc("1234", "visa")).to.equal(false);
    expect(isValidCvc("1234", "amex")).to.equal(true);
    expect(isValidCvc("12a", "visa")).to.equal(false);
  });
});
