/**
 * Test helpers of the customer-service and operations area: signed-in agents, real pledges placed
 * through PledgeService (saved sandbox cards) with or without risk monitoring, multipart posts with
 * the CSRF token in the action URL, and reading the figures a page shows.
 */
import crypto from "node:crypto";
import type { Currency } from "../../server/domain/money.ts";
import type { Locale } from "../../server/i18n/index.ts";
import { RiskMonitor } from "../../server/services/risk.ts";
import type { Pledge } from "../../server/store/pledges.ts";
import type { Project } from "../../server/store/projects.ts";
import type { User } from "../../server/store/users.ts";
import type { TestContext } from "./context.ts";
import { type Agent, browser, csrfFrom } from "./http.ts";
import { pledgeService, saveCard } from "./pledging.ts";
import { createProject, createUser, signIn } from "./project-factory.ts";

export const DAY = 24 * 3600 * 1000;

/** Rate limits of this area off, as every test but the rate-limit ones wants. */
export const NO_LIMITS = { RATE_LIMIT_TICKETS: "0", RATE_LIMIT_REPORTS: "0" };

export async function signedIn(
  ctx: TestContext,
  o: { role?: "admin"; locale?: Locale; name?: string; email?: string } = {},
): Promise<{ user: User; agent: Agent }> {
  const user = await createUser(ctx.db, { now: ctx.clock.now(), ...o });
  const agent = browser(ctx.app);
  if (o.locale === "zh-CN") agent.set("Accept-Language", "zh-CN");
  await signIn(agent, user.email);
  return { user, agent };
}

/** A live reward project, open for pledges for 30 more days. */
export async function liveProject(
  ctx: TestContext,
  creatorId: number,
  o: {
    title?: string;
    currency?: Currency;
    category?: "technology" | "design" | "games" | "food";
    goalMinor?: number;
  } = {},
): Promise<Project> {
  const now = ctx.clock.now();
  return createProject(ctx.db, {
    creatorId,
    state: "live",
    title: o.title,
    currency: o.currency ?? "CNY",
    category: o.category,
    goalMinor: o.goalMinor,
    now,
    launchedAt: new Date(now.getTime() - DAY),
    deadlineAt: new Date(now.getTime() + 30 * DAY),
  });
}

/** A pledge without a reward, placed through the service (risk monitoring on, from `ip`). */
export async function placePledge(
  ctx: TestContext,
  backer: User,
  project: Project,
  o: { amountMinor?: number; ip?: string | null; cardId?: number } = {},
): Promise<Pledge> {
  const cardId = o.cardId ?? (await saveCard(ctx, backer));
  const { pledge } = await pledgeService(ctx, { risk: new RiskMonitor(ctx.config.risk) }).placePledge(
    backer,
    {
      projectId: project.id,
      tierId: null,
      amountMinor: o.amountMinor ?? 10_000,
      shipRegion: null,
      shipName: null,
      shipAddress: null,
      paymentMethodId: cardId,
      idempotencyKey: crypto.randomUUID(),
      ip: o.ip === undefined ? "203.0.113.7" : o.ip,
    },
  );
  return pledge;
}

/** POSTs a multipart form as a browser would: the page's CSRF token goes in the action URL. */
export async function postMultipart(
  agent: Agent,
  formPage: string,
  action: string,
  fields: Record<string, string>,
  file?: { data: Buffer; name: string; type?: string },
) {
  const page = await agent.get(formPage);
  const token = csrfFrom(page.text);
  let req = agent.post(`${action}?_csrf=${encodeURIComponent(token)}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file)
    req = req.attach("attachment", file.data, {
      filename: file.name,
      contentType: file.type ?? "application/octet-stream",
    });
  return req;
}

/** POSTs a urlencoded form whose token is taken from `formPage`. */
export async function postForm(
  agent: Agent,
  formPage: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await agent.get(formPage);
  return agent
    .post(action)
    .type("form")
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

/** The id in a Location header such as /support/tickets/12. */
export function idFrom(location: string | undefined): number {
  const m = /\/(\d+)(?:[#?].*)?$/.exec(location ?? "");
  if (!m) throw new Error(`no id in ${location}`);
  return Number(m[1]);
}
