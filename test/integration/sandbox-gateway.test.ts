import { expect } from "chai";
import { GatewayUnavailableError } from "../../server/payments/gateway.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

describe("sandbox payment gateway", () => {
  let ctx: TestContext;
  let customerId: string;
  const card = (number: string, over: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) => ({
    number,
    expMonth: 12,
    expYear: 2099,
    cvc: "123",
    holderName: "Test Backer",
    ...over,
  });

  before(async () => {
    ctx = await createTestContext();
    customerId = (await ctx.gateway.createCustomer({ email: "b@example.com", name: "B" })).customerId;
  });
  after(() => ctx.close());
  afterEach(() => {
    ctx.gateway.options = {};
  });

  it("saves a valid test card without charging it, keeping only token, brand, last four and expiry", async () => {
    const saved = await ctx.gateway.saveCard(customerId, card("4242 4242 4242 4242"));
    expect(saved.ok).to.equal(true);
    if (!saved.ok) return;
    expect(saved.card).to.include({ brand: "visa", last4: "4242", expMonth: 12, expYear: 2099 });
    expect(await ctx.db("sandbox_charges").count({ n: "*" }).first()).to.deep.equal({ n: 0 });
    const stored = JSON.stringify(await ctx.db("sandbox_payment_methods").select());
    expect(stored).not.to.include("4242424242424242");
  });

  const refusals: [string, ReturnType<typeof card>, string][] = [
    ["a number failing the Luhn check", card("4242424242424241"), "invalid_number"],
    ["the declined test card", card("4000000000000002"), "card_declined"],
    ["the insufficient-funds test card", card("4000000000009995"), "insufficient_funds"],
    ["the expired test card", card("4000000000000069"), "expired_card"],
    ["a past expiry date", card("4242424242424242", { expMonth: 1, expYear: 2020 }), "expired_card"],
    ["month 13", card("4242424242424242", { expMonth: 13 }), "invalid_expiry"],
    ["a 2-digit CVC", card("4242424242424242", { cvc: "12" }), "invalid_cvc"],
    ["a valid number that is not a test card", card("4111111111111111"), "card_declined"],
  ];
  for (const [name, input, error] of refusals) {
    it(`refuses ${name} (${error})`, async () => {
      expect(await ctx.gateway.saveCard(customerId, input)).to.deep.equal({ ok: false, error });
    });
  }

  it("charges a saved card once per idempotency key", async () => {
    const saved = await ctx.gateway.saveCard(customerId, card("5555555555554444"));
    if (!saved.ok) throw new Error("not saved");
    const request = {
      customerId,
      cardToken: saved.card.token,
      amountMinor: 12_345,
      currency: "CNY" as const,
      idempotencyKey: "pledge-1-attempt-1",
      description: "Pledge 1",
    };
    const first = await ctx.gateway.charge(request);
    const again = await ctx.gateway.charge(request);
    expect(first.status).to.equal("succeeded");
    expect(again.id).to.equal(first.id);
    const rows = await ctx.db("sandbox_charges").where({ idempotency_key: "pledge-1-attempt-1" });
    expect(rows).to.have.length(1);
    expect((await ctx.gateway.getCharge(first.id))?.amountMinor).to.equal(12_345);
  });

  it("saves the 'fails later' card but declines every charge on it", async () => {
    const saved = await ctx.gateway.saveCard(customerId, card("4000000000000341"));
    if (!saved.ok) throw new Error("not saved");
    const charge = await ctx.gateway.charge({
      customerId,
      cardToken: saved.card.token,
      amountMinor: 500,
      currency: "USD",
      idempotencyKey: "later-1",
      description: "x",
    });
    expect(charge).to.include({ status: "failed", failureCode: "card_declined" });
  });

  it("refunds at most what was charged, once per key", async () => {
    const saved = await ctx.gateway.saveCard(customerId, card("4242424242424242"));
    if (!saved.ok) throw new Error("not saved");
    const charge = await ctx.gateway.charge({
      customerId,
      cardToken: saved.card.token,
      amountMinor: 1000,
      currency: "GBP",
      idempotencyKey: "refund-me",
      description: "x",
    });
    const r1 = await ctx.gateway.refund({ chargeId: charge.id, amountMinor: 600, idempotencyKey: "r1" });
    const r1again = await ctx.gateway.refund({ chargeId: charge.id, amountMinor: 600, idempotencyKey: "r1" });
    expect(r1again.refundId).to.equal(r1.refundId);
    let refused = false;
    try {
      await ctx.gateway.refund({ chargeId: charge.id, amountMinor: 500, idempotencyKey: "r2" });
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
    expect((await ctx.gateway.getCharge(charge.id))?.refundedMinor).to.equal(600);
  });

  it("can simulate an outage and latency for tests", async () => {
    ctx.gateway.options = { failureRate: 1 };
    let error: unknown;
    try {
      await ctx.gateway.createCustomer({ email: "x@example.com", name: "X" });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(GatewayUnavailableError);
    ctx.gateway.options = { latencyMs: 30 };
    const started = process.hrtime.bigint();
    await ctx.gateway.createCustomer({ email: "y@example.com", name: "Y" });
    expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.at.least(25);
  });
});
