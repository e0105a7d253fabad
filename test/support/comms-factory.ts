/**
 * Test support for communication (issue 7): a real SMTP server on loopback (smtp-server) that can
 * be stopped, refuse connections and start again on the same port; delivering the outbox through
 * it; backers with active pledges written straight through the store.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Config } from "../../server/config.ts";
import { deliverOutbox } from "../../server/jobs/outbox.ts";
import { createMailer, type Mailer } from "../../server/mail/mailer.ts";
import type { Db } from "../../server/store/db.ts";
import { insertPaymentMethod } from "../../server/store/payment-methods.ts";
import { insertPledge } from "../../server/store/pledges.ts";
import type { TestContext } from "./context.ts";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** When set, every connection is answered "421 try again later" and closed. */
  refuse: boolean;
  /** Recipients answered "550 no such user" (a permanent refusal). */
  rejectRecipients: string[];
  /** Stops listening (connections are then refused by the OS). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 (a free port unless one is given), no TLS, no auth. */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const sink: SmtpSink = {
    port,
    received: [],
    refuse: false,
    rejectRecipients: [],
    stop: async () => {},
    start: async () => {},
  };
  let server: SMTPServer | undefined;
  const listen = async () => {
    server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onConnect(_session, callback) {
        if (!sink.refuse) return callback();
        const error = new Error("Service not available, try again later") as Error & { responseCode: number };
        error.responseCode = 421;
        callback(error);
      },
      onRcptTo(address, _session, callback) {
        if (!sink.rejectRecipients.includes(address.address)) return callback();
        const error = new Error("No such user here") as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          sink.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            ...parseMessage(raw),
            raw,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server?.once("error", reject);
      server?.listen(sink.port, "127.0.0.1", () => resolve());
    });
    sink.port = (server.server.address() as AddressInfo).port;
  };
  sink.stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const s = server;
      server = undefined;
      s.close(() => resolve());
    });
  sink.start = listen;
  await listen();
  return sink;
}

/** The real SMTP transport of the app, pointed at the sink. */
export function smtpTransport(config: Config, port: number): Mailer {
  return createMailer({ ...config, smtp: { host: "127.0.0.1", port, secure: false } });
}

/** Runs the outbox job once through `transport`, with the test clock. */
export function deliver(ctx: TestContext, transport: Mailer, maxAttempts = 20) {
  return deliverOutbox({ db: ctx.db, clock: ctx.clock, transport, maxAttempts });
}

/** Just enough MIME to read what nodemailer writes: headers (RFC 2047 words) and one text part (QP or base64). */
export function parseMessage(raw: string): { subject: string; text: string } {
  const normalized = raw.replace(/\r\n/g, "\n");
  const split = normalized.indexOf("\n\n");
  const head = normalized.slice(0, split).replace(/\n[ \t]+/g, " ");
  const body = normalized.slice(split + 2);
  const header = (name: string) => head.match(new RegExp(`^${name}: (.*)$`, "mi"))?.[1] ?? "";
  const subject = header("Subject")
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQp(data.replace(/_/g, " ")),
    )
    .trim();
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQp(body)
        : body;
  return { subject, text: text.replace(/\n$/, "") };
}

function decodeQp(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\n/g, "");
  for (let i = 0; i < input.length; i++) {
    const hex = input.slice(i + 1, i + 3);
    if (input[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i] as string, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

let cardSequence = 0;

/** An active pledge (a saved card first), written straight through the store. Returns the pledge id. */
export async function addPledge(
  db: Db,
  o: { projectId: number; backerId: number; tierId?: number | null; amountMinor?: number; now?: Date },
): Promise<number> {
  cardSequence += 1;
  const now = o.now ?? new Date();
  const card = await insertPaymentMethod(
    db,
    {
      userId: o.backerId,
      gateway: "sandbox",
      token: `tok_test_${cardSequence}_${o.backerId}`,
      brand: "visa",
      last4: "4242",
      expMonth: 12,
      expYear: 2099,
    },
    now,
  );
  const amount = o.amountMinor ?? 10_000;
  const project = await db("projects").where({ id: o.projectId }).first("currency");
  return insertPledge(
    db,
    {
      projectId: o.projectId,
      backerId: o.backerId,
      currency: project.currency,
      tierId: o.tierId ?? null,
      amountMinor: amount,
      shippingMinor: 0,
      totalMinor: amount,
      paymentMethodId: card.id,
      shipName: null,
      shipAddress: null,
      shipRegion: null,
    },
    now,
  );
}
