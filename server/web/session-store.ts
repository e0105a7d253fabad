import { ConnectSessionKnexStore } from "connect-session-knex";
import type { SessionData } from "express-session";
import type { Db } from "../store/db.ts";

/**
 * The session store (connect-session-knex), with lazy expiry updates as connect-mongo's `touchAfter`:
 * express-session slides a session's expiry on every request and asks the store to write it, which
 * costs a write transaction per signed-in request (SQLite has one writer). Here an unchanged session's
 * new expiry is written only when it moved `touchAfterMs` past the one this process last wrote, so a
 * session idle for its whole lifetime may end up to `touchAfterMs` early. Changed sessions are saved
 * as before (set), and their expiry with them.
 */
export class SessionStore extends ConnectSessionKnexStore {
  /** The expiry this process last wrote, per session; bounded, oldest dropped first. */
  private readonly written = new Map<string, number>();

  constructor(
    db: Db,
    private readonly touchAfterMs: number,
    private readonly remember = 50_000,
  ) {
    // Expired sessions are deleted by a job of the process (deleteExpiredSessions in server/main.ts),
    // not by a timer of every store.
    super({ knex: db, tableName: "sessions", createTable: false, cleanupInterval: 0 });
  }

  override async set(sid: string, session: SessionData, callback?: (err?: unknown) => void): Promise<void> {
    await super.set(sid, session, callback);
    this.wrote(sid, session);
  }

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const last = this.written.get(sid);
    const expires = expiryOf(session);
    if (last !== undefined && expires !== undefined && expires - last < this.touchAfterMs) {
      callback?.();
      return;
    }
    await super.touch(sid, session, callback);
    this.wrote(sid, session);
  }

  override async destroy(sid: string, callback?: (err?: unknown) => void): Promise<number> {
    this.written.delete(sid);
    return super.destroy(sid, callback);
  }

  private wrote(sid: string, session: SessionData) {
    const expires = expiryOf(session);
    this.written.delete(sid);
    if (expires === undefined) return;
    if (this.written.size >= this.remember) this.written.delete(this.written.keys().next().value as string);
    this.written.set(sid, expires);
  }
}

function expiryOf(session: SessionData): number | undefined {
  const expires = session?.cookie?.expires;
  return expires ? new Date(expires).getTime() : undefined;
}

/** Deletes the sessions that expired before `now`; returns how many. */
export function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  return db("sessions").where("expired", "<", now.toISOString()).del();
}
