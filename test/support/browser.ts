import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { AxeBuilder } from "@axe-core/playwright";
import { expect } from "chai";
import { pino } from "pino";
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { createApp } from "../../server/app.ts";
import { systemClock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { deliverOutbox } from "../../server/jobs/outbox.ts";
import { createMailer } from "../../server/mail/mailer.ts";
import { OutboxMailer } from "../../server/mail/outbox.ts";
import { SandboxGateway } from "../../server/payments/sandbox.ts";
import { type Db, migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { STRONG_PASSWORD } from "./project-factory.ts";

export const SHOTS_DIR = process.env.SHOTS_DIR ?? "/tmp/shots";

/** Debian's Chromium, or the one CHROMIUM_PATH names. Missing is an error, never a skipped suite. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(candidate)) {
    throw new Error(
      `The end-to-end tests need Chromium, and there is none at ${candidate}. ` +
        "Install Debian's with `apt-get install chromium fonts-noto-cjk`, " +
        "or set CHROMIUM_PATH to a Chromium or Chrome executable.",
    );
  }
  return candidate;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

export interface TestServer {
  url: string;
  dataDir: string;
  /** The server's SQLite file, for a test to set up data in or read it back. */
  databaseFile: string;
  /**
   * The mail the server queued, oldest first: the outbox is delivered first, as the server's outbox
   * job would, through the file transport (.eml files under DATA_DIR/mail), and those files are read.
   */
  mails(): Promise<Mail[]>;
  /** Log lines at level error or above. */
  errors(): string[];
  close(): Promise<void>;
}

/** The real app on a free port, with a fresh database and the file mailer under a temporary DATA_DIR. */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-e2e-"));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    NODE_ENV: "test",
    DATA_DIR: dataDir,
    BASE_URL: url,
    RATE_LIMIT_LOGIN: "0",
    RATE_LIMIT_REGISTER: "0",
    RATE_LIMIT_PASSWORD_RESET: "0",
    ...env,
  });
  const db = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  let logText = "";
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        logText += chunk.toString();
        done();
      },
    }),
  );
  const gateway = new SandboxGateway(db, systemClock);
  const mailer = new OutboxMailer({ db, clock: systemClock });
  const app = createApp({ config, db, mailer, clock: systemClock, logger, gateway });
  server.on("request", app);
  return {
    url,
    dataDir,
    databaseFile: config.databaseFile,
    async mails() {
      const transport = createMailer(config);
      const deliver = () => deliverOutbox({ db, clock: systemClock, transport, maxAttempts: 1 });
      while ((await deliver()).sent > 0);
      return readMails(config.mailDir);
    },
    errors: () =>
      logText
        .split("\n")
        .filter(Boolean)
        .filter((line) => (JSON.parse(line) as { level: number }).level >= 50),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function readMails(mailDir: string): Mail[] {
  if (!fs.existsSync(mailDir)) return [];
  return fs
    .readdirSync(mailDir)
    .filter((name) => name.endsWith(".eml"))
    .sort()
    .map((name) => parseEml(path.join(mailDir, name)));
}

/** Just enough of RFC 5322/2045/2047 to read what nodemailer writes: one text part, QP or base64. */
export function parseEml(file: string): Mail {
  const raw = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  const split = raw.indexOf("\n\n");
  const head = raw.slice(0, split).replace(/\n[ \t]+/g, " ");
  const body = raw.slice(split + 2);
  const header = (name: string) => head.match(new RegExp(`^${name}: (.*)$`, "mi"))?.[1] ?? "";
  const decodeWords = (value: string) =>
    value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
      kind.toLowerCase() === "b"
        ? Buffer.from(data, "base64").toString("utf8")
        : decodeQuotedPrintable(data.replace(/_/g, " ")),
    );
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? decodeQuotedPrintable(body)
        : body;
  return { file, to: header("To"), subject: decodeWords(header("Subject")).trim(), text };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\n/g, "")
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`)
    .replace(/%(?![0-9A-F]{2})/gi, "%25");
  return decodeURIComponent(bytes);
}

/** Runs axe on the page and fails on any serious or critical violation, listing each with its elements. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}`).join("\n")}`,
    )
    .join("\n  ");
  expect(bad, `accessibility violations on ${page.url()}:\n  ${report}`).to.have.length(0);
}

/** Collects console errors and uncaught exceptions (a CSP violation shows up as a console error). */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    // A 4xx answer is how a form says "fix this"; Chromium logs it, but it is not a problem.
    if (message.type() === "error" && !/status of 4\d\d /.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string, dir = SHOTS_DIR): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 }, locale: "en-US" };
export const phone: BrowserContextOptions = {
  viewport: { width: 375, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "en-US",
};

/**
 * One end-to-end journey: the app on a fresh database (and a connection of the test's own to it, to set up
 * data and read it back), a Chromium, and the pages opened in it, each in a browser context of its own (its
 * own cookies, so its own signed-in user) and watched for console errors.
 * Start it in before(), call expectNoErrors() in afterEach() and close() in after().
 */
export class Journey {
  private readonly contexts: BrowserContext[] = [];
  private readonly problems: string[][] = [];

  private constructor(
    private readonly browser: Browser,
    readonly server: TestServer,
    readonly db: Db,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<Journey> {
    const browser = await launchBrowser();
    try {
      const server = await startServer(env);
      return new Journey(browser, server, openDatabase(server.databaseFile));
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async newPage(options: BrowserContextOptions = desktop): Promise<Page> {
    const context = await this.browser.newContext(options);
    this.contexts.push(context);
    const page = await context.newPage();
    this.problems.push(watchConsole(page));
    return page;
  }

  /** Signs in through the real form; users made by the project factory have STRONG_PASSWORD. */
  async signIn(page: Page, email: string, password = STRONG_PASSWORD): Promise<void> {
    await page.goto(`${this.server.url}/login`);
    await page.fill("#f-email", email);
    await page.fill("#f-password", password);
    await submit(page, 'form[action="/login"] button[type="submit"]');
  }

  /** Fails on a console error or CSP violation in any of the pages, or an error in the server log. */
  expectNoErrors(): void {
    expect(this.problems.flat(), "console errors or CSP violations").to.deep.equal([]);
    expect(this.server.errors(), "errors in the server log").to.deep.equal([]);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close();
    await this.browser.close();
    await this.db.destroy();
    await this.server.close();
  }
}

/** Clicks a link or a form's button and waits for the page that answers (post/redirect/get). */
export async function clickAndWait(target: Locator): Promise<void> {
  await Promise.all([target.page().waitForNavigation(), target.click()]);
}

/** clickAndWait on the one element the selector finds (more than one is an error). */
export function submit(page: Page, selector: string): Promise<void> {
  return clickAndWait(page.locator(selector));
}

/** The text a reader sees in an element, whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** How wide the page is laid out, in CSS pixels: wider than the viewport means sideways scrolling. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export interface TestCard {
  number: string;
  name: string;
  expMonth?: string;
  expYear?: string;
  cvc?: string;
}

/** Chooses "a new card" on a pledge, payment or investment form and types the card in. */
export async function fillNewCard(page: Page, card: TestCard): Promise<void> {
  await page.check('input[name="paymentMethodId"][value="new"]');
  await page.fill("#f-cardNumber", card.number);
  await page.fill("#f-cardExpMonth", card.expMonth ?? "12");
  await page.fill("#f-cardExpYear", card.expYear ?? "2099");
  await page.fill("#f-cardCvc", card.cvc ?? "123");
  await page.fill("#f-cardName", card.name);
}
