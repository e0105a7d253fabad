import { expect } from "chai";
import {
  mayCancel,
  mayReconfirm,
  reconfirmationDeadline,
  requiresReconfirmation,
  usCancelCutoff,
} from "../../server/domain/investing/commitments.ts";

const HOUR = 3_600_000;
const deadline = new Date("2026-03-01T17:00:00Z");
const live = { state: "live", deadlineAt: deadline };
const at = (hoursBeforeDeadline: number) => new Date(deadline.getTime() - hoursBeforeDeadline * HOUR);

describe("commitment rules (cancel, reconfirm)", () => {
  it("US: cancel until 48 hours before the deadline, not at or after it", () => {
    const c = { status: "active" as const, regime: "us_reg_cf" as const, reconfirmBy: null };
    expect(usCancelCutoff(deadline).toISOString()).to.equal("2026-02-27T17:00:00.000Z");
    expect(mayCancel(c, live, at(48.001))).to.include({ allowed: true });
    expect(mayCancel(c, live, at(48.001)).until?.toISOString()).to.equal("2026-02-27T17:00:00.000Z");
    const refused = mayCancel(c, live, at(48));
    expect(refused.allowed).to.equal(false);
    expect(refused.reason?.key).to.equal("invest.commitments.refused.usCutoff");
    expect(mayCancel(c, live, at(1)).allowed).to.equal(false);
  });

  it("US after a material change: cancel until the reconfirmation deadline, even in the last 48 hours", () => {
    const reconfirmBy = at(10);
    const c = { status: "awaiting_reconfirmation" as const, regime: "us_reg_cf" as const, reconfirmBy };
    expect(mayCancel(c, live, at(20)).allowed).to.equal(true);
    expect(mayCancel(c, live, at(10)).allowed).to.equal(true);
    expect(mayCancel(c, live, at(9.9)).reason?.key).to.equal("invest.commitments.refused.reconfirmPassed");
  });

  it("UK and China: cancel while the offering is open", () => {
    for (const regime of ["uk", "cn_private"] as const) {
      const c = { status: "active" as const, regime, reconfirmBy: null };
      expect(mayCancel(c, live, at(1)).allowed, regime).to.equal(true);
      expect(mayCancel(c, live, at(0)).reason?.key, regime).to.equal(
        "invest.commitments.refused.offeringClosed",
      );
    }
  });

  it("nothing to cancel once cancelled, settled or failed, or once the offering is not live", () => {
    for (const status of ["cancelled", "settled", "failed"] as const) {
      expect(mayCancel({ status, regime: "uk", reconfirmBy: null }, live, at(100)).reason?.key).to.equal(
        "invest.commitments.refused.notStanding",
      );
    }
    const c = { status: "active" as const, regime: "uk" as const, reconfirmBy: null };
    expect(mayCancel(c, { state: "succeeded", deadlineAt: deadline }, at(100)).allowed).to.equal(false);
  });

  it("reconfirm: only while awaiting, before its deadline, offering open", () => {
    const c = {
      status: "awaiting_reconfirmation" as const,
      regime: "us_reg_cf" as const,
      reconfirmBy: at(10),
    };
    expect(mayReconfirm(c, live, at(10))).to.equal(null);
    expect(mayReconfirm(c, live, at(9))?.key).to.equal("invest.commitments.refused.reconfirmPassed");
    expect(mayReconfirm({ ...c, status: "active" }, live, at(20))?.key).to.equal(
      "invest.commitments.refused.nothingToReconfirm",
    );
  });

  it("a material change asks for reconfirmation on live Reg CF offerings only", () => {
    expect(requiresReconfirmation({ materialChange: true }, live, "us_reg_cf")).to.equal(true);
    expect(requiresReconfirmation({ materialChange: false }, live, "us_reg_cf")).to.equal(false);
    expect(requiresReconfirmation({ materialChange: true }, live, "uk")).to.equal(false);
    expect(
      requiresReconfirmation({ materialChange: true }, { state: "draft", deadlineAt: null }, "us_reg_cf"),
    ).to.equal(false);
  });

  it("the reconfirmation deadline: end of the 5th business day in New York", () => {
    // Friday 6 March 2026, 18:00 UTC (13:00 in New York) → Friday 13 March, across the switch to summer time.
    expect(reconfirmationDeadline(new Date("2026-03-06T18:00:00Z")).toISOString()).to.equal(
      "2026-03-14T03:59:59.999Z",
    );
  });
});
