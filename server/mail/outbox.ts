import type { Clock } from "../clock.ts";
import type { Db } from "../store/db.ts";
import { insertOutbox } from "../store/outbox.ts";
import type { Mailer, MailMessage } from "./mailer.ts";

/** A mailer that can store a message inside the caller's transaction (see OutboxMailer). */
export interface TransactionalMailer extends Mailer {
  /** Queues the message using `db` (pass the transaction you are in: the pool has one connection). */
  enqueue(message: MailMessage, db?: Db): Promise<number>;
}

/**
 * The app's Mailer: send() does not talk to a mail server, it stores the message in the outbox
 * table; the outbox job (server/jobs/outbox.ts) delivers it through the real transport with retries.
 * `onEnqueue` sees every queued message (tests capture them there).
 *
 * Inside a db.transaction, call enqueue(message, trx), never send(): send() uses the pool's only
 * connection, which the transaction holds.
 */
export class OutboxMailer implements TransactionalMailer {
  constructor(private readonly deps: { db: Db; clock: Clock; onEnqueue?: (message: MailMessage) => void }) {}

  async send(message: MailMessage): Promise<void> {
    await this.enqueue(message);
  }

  async enqueue(message: MailMessage, db: Db = this.deps.db): Promise<number> {
    const id = await insertOutbox(
      db,
      {
        recipient: message.to,
        subject: message.subject,
        text: message.text,
        userId: message.userId ?? null,
        kind: message.kind ?? null,
      },
      this.deps.clock.now(),
    );
    this.deps.onEnqueue?.({ to: message.to, subject: message.subject, text: message.text });
    return id;
  }
}
