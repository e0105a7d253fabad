import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** For the outbox (server/mail/outbox.ts): the recipient's account and the notification kind, if any. */
  userId?: number | null;
  kind?: string | null;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Sends through SMTP when it is configured; otherwise writes each message as an .eml file under DATA_DIR/mail. */
export function createMailer(config: Pick<Config, "smtp" | "mailDir" | "mailFrom">): Mailer {
  if (config.smtp) {
    const { host, port, secure, user, password } = config.smtp;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure,
      auth: user ? { user, pass: password } : undefined,
      // A mail server that does not answer fails the attempt quickly; the outbox retries later.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
    return {
      async send({ to, subject, text }) {
        await transport.sendMail({ from: config.mailFrom, to, subject, text });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send({ to, subject, text }) {
      const info = await transport.sendMail({ from: config.mailFrom, to, subject, text });
      await fs.mkdir(config.mailDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(4).toString("hex")}.eml`;
      await fs.writeFile(path.join(config.mailDir, name), info.message as Buffer);
    },
  };
}
