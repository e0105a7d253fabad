import { expect } from "chai";
import { canReadUpdate, excerpt, type OverdueFacts, overdueState } from "../../server/domain/comms.ts";
import { translator } from "../../server/i18n/index.ts";
import {
  describeError,
  isConnectionFailure,
  isPermanentFailure,
  retryDelayMs,
} from "../../server/jobs/outbox.ts";
import {
  isOptionalKind,
  notificationKinds,
  optionalKinds,
  templatesFor,
} from "../../server/mail/notification-kinds.ts";
import { formatParams, money, renderText } from "../../server/services/notifications.ts";

const DAY = 24 * 3600 * 1000;
const funded = new Date("2026-03-01T00:00:00Z");
const facts = (o: Partial<OverdueFacts> = {}): OverdueFacts => ({
  kind: "reward",
  state: "succeeded",
  fundedAt: funded,
  lastUpdateAt: null,
  tierStatuses: ["not_started", "shipping"],
  ...o,
});
const at = (days: number) => new Date(funded.getTime() + days * DAY);

describe("overdue creator updates (domain)", () => {
  it("is overdue exactly `days` after funding without an update, not a millisecond before", () => {
    expect(overdueState(facts(), new Date(at(30).getTime() - 1), 30).overdue).to.equal(false);
    const state = overdueState(facts(), at(30), 30);
    expect(state).to.deep.equal({ overdue: true, since: at(30), daysSilent: 30 });
    expect(overdueState(facts(), at(45.5), 30)).to.deep.include({ overdue: true, daysSilent: 45 });
  });

  it("counts from the latest update once there is one (an update before funding does not count)", () => {
    expect(overdueState(facts({ lastUpdateAt: at(20) }), at(45), 30).overdue).to.equal(false);
    expect(overdueState(facts({ lastUpdateAt: at(20) }), at(50), 30)).to.deep.include({
      overdue: true,
      since: at(50),
    });
    expect(overdueState(facts({ lastUpdateAt: at(-10) }), at(30), 30).overdue).to.equal(true);
  });

  it("is never overdue when every reward is delivered, there are no tiers, or the campaign is not a funded reward campaign", () => {
    expect(overdueState(facts({ tierStatuses: ["delivered", "delivered"] }), at(90), 30).overdue).to.equal(
      false,
    );
    expect(overdueState(facts({ tierStatuses: [] }), at(90), 30).overdue).to.equal(false);
    for (const state of ["live", "failed", "cancelled"] as const) {
      expect(overdueState(facts({ state }), at(90), 30).overdue, state).to.equal(false);
    }
    expect(overdueState(facts({ kind: "equity" }), at(90), 30).overdue).to.equal(false);
    expect(overdueState(facts({ fundedAt: null }), at(90), 30).overdue).to.equal(false);
  });

  it("backers-only updates are for supporters, the creator and admins", () => {
    const nobody = { isBacker: false, isCreator: false, isAdmin: false };
    expect(canReadUpdate("public", nobody)).to.equal(true);
    expect(canReadUpdate("backers", nobody)).to.equal(false);
    for (const who of ["isBacker", "isCreator", "isAdmin"] as const) {
      expect(canReadUpdate("backers", { ...nobody, [who]: true }), who).to.equal(true);
    }
  });

  it("excerpts cut at a word where they can, and count characters, not bytes", () => {
    expect(excerpt("short")).to.equal("short");
    expect(excerpt("one two three four five", 16)).to.equal("one two three…");
    expect(excerpt("茶具可以用洗碗机清洗吗", 5)).to.equal("茶具可以用…");
    expect(excerpt("  spaced \n\n out  ")).to.equal("spaced out");
  });
});

describe("outbox retries", () => {
  it("waits 1, 2, 4 … minutes, never more than six hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).to.deep.equal([1, 2, 4, 8, 16].map((m) => m * 60_000));
    expect(retryDelayMs(9)).to.equal(256 * 60_000);
    expect(retryDelayMs(10)).to.equal(6 * 3600_000);
    expect(retryDelayMs(10_000)).to.equal(6 * 3600_000);
  });

  it("tells a refused message (5xx to the message) from a server that is down or refusing connections", () => {
    expect(isPermanentFailure({ responseCode: 550, command: "RCPT TO" })).to.equal(true);
    expect(isPermanentFailure({ responseCode: 554, command: "DATA" })).to.equal(true);
    expect(isPermanentFailure({ responseCode: 451, command: "RCPT TO" })).to.equal(false);
    expect(isPermanentFailure({ responseCode: 554, command: "CONN" })).to.equal(false);
    expect(isPermanentFailure({ code: "ECONNECTION" })).to.equal(false);
    expect(isConnectionFailure({ code: "ECONNECTION" })).to.equal(true);
    expect(isConnectionFailure({ code: "ETIMEDOUT" })).to.equal(true);
    expect(isConnectionFailure({ responseCode: 421, command: "CONN" })).to.equal(true);
    expect(isConnectionFailure({ responseCode: 550, command: "RCPT TO" })).to.equal(false);
    expect(describeError(Object.assign(new Error("line one\nline two"), { code: "ESOCKET" }))).to.equal(
      "ESOCKET: line one line two",
    );
    expect(describeError("x".repeat(900))).to.have.length(500);
  });
});

describe("notification kinds and their templates", () => {
  it("every kind has an in-app line and an email in both languages", () => {
    for (const locale of ["en", "zh-CN"] as const) {
      const t = translator(locale);
      for (const kind of notificationKinds) {
        const key = `comms.kinds.${kind}.text`;
        expect(t(key), `${locale} ${key}`).to.not.equal(key);
        const { subject, body } = templatesFor(kind);
        expect(t(subject), `${locale} ${subject}`).to.not.equal(subject);
        expect(t(body), `${locale} ${body}`).to.not.equal(body);
      }
    }
  });

  it("only updates, Q&A and backed-project news can be turned off", () => {
    expect([...optionalKinds]).to.deep.equal([
      "project_update",
      "question_answered",
      "question_asked",
      "backed_project_news",
    ]);
    for (const kind of [
      "pledge_confirmed",
      "payment_failed",
      "charged",
      "review_rejected",
      "support_reply",
      "password_reset",
    ]) {
      expect(isOptionalKind(kind), kind).to.equal(false);
    }
  });

  it("amounts, instants and labels are formatted in each reader's language", () => {
    const params = {
      amount: money(12_345, "CNY"),
      at: { $date: "2026-03-01T12:00:00.000Z" },
      status: { $label: "comms.delivery.status.shipping" },
      shares: 12_500,
    };
    expect(formatParams(params, "en")).to.deep.equal({
      amount: "CN¥123.45",
      at: "Mar 1, 2026, 12:00 PM UTC",
      status: "Shipping",
      shares: "12,500",
    });
    expect(formatParams(params, "zh-CN").status).to.equal("配送中");
    expect(formatParams(params, "zh-CN").amount).to.equal("¥123.45");
    expect(renderText({ kind: "no_such_kind", params: {} }, "en")).to.equal("A notification");
  });
});
