/**
 * Support tickets: the vocabulary, the state machine of a ticket, and the
 * first-response target. Pure: the service loads the facts and writes the result.
 *
 *   open ──staff reply──▶ waiting_on_user ──user reply──▶ open
 *     └──────────── staff resolves (reply or state) ──────────▶ resolved ──▶ rating (once)
 *
 * A resolved ticket takes no more replies from its user (they open a new one, or rate it); an
 * admin may set any state, which also reopens a resolved ticket.
 */
export const ticketCategories = ["question", "complaint", "dispute", "payment"] as const;
export type TicketCategory = (typeof ticketCategories)[number];

export const ticketStates = ["open", "waiting_on_user", "resolved"] as const;
export type TicketState = (typeof ticketStates)[number];

export const SUBJECT_MAX = 150;
export const MESSAGE_MAX = 5000;
export const RATING_COMMENT_MAX = 2000;

export type Refusal = { ok: false; reason: string };
export type Transition = { ok: true; to: TicketState } | Refusal;

/** The user writes again: a ticket waiting on them is open again; a resolved one takes no replies. */
export function userReply(state: TicketState): Transition {
  if (state === "resolved") return { ok: false, reason: "ops.tickets.refused.resolved" };
  return { ok: true, to: "open" };
}

/** Support answers: the ticket waits on the user, or is resolved with this answer. */
export function staffReply(_state: TicketState, resolve: boolean): Transition {
  return { ok: true, to: resolve ? "resolved" : "waiting_on_user" };
}

/** The user may rate a resolved ticket once. */
export function canRate(ticket: { state: TicketState; rating: number | null }): boolean {
  return ticket.state === "resolved" && ticket.rating === null;
}

/**
 * Where a ticket stands against the first-response target:
 *   met     answered within the target        missed   answered, but after it
 *   due     not answered yet, still in time   overdue  not answered and past it
 */
export type FirstResponseStatus = "met" | "missed" | "due" | "overdue";

export interface FirstResponse {
  status: FirstResponseStatus;
  dueAt: Date;
  /** Whole minutes from opening to the first answer, when there is one. */
  minutes: number | null;
  /** "On time" or "overdue" as the queue shows it. */
  onTime: boolean;
}

export function firstResponse(
  ticket: { createdAt: Date; firstResponseAt: Date | null },
  targetHours: number,
  now: Date,
): FirstResponse {
  const dueAt = new Date(ticket.createdAt.getTime() + targetHours * 3_600_000);
  if (ticket.firstResponseAt) {
    const minutes = Math.max(
      0,
      Math.round((ticket.firstResponseAt.getTime() - ticket.createdAt.getTime()) / 60_000),
    );
    const met = ticket.firstResponseAt.getTime() <= dueAt.getTime();
    return { status: met ? "met" : "missed", dueAt, minutes, onTime: met };
  }
  const inTime = now.getTime() <= dueAt.getTime();
  return { status: inTime ? "due" : "overdue", dueAt, minutes: null, onTime: inTime };
}
