import supertest from "supertest";
import type { App } from "../../server/app.ts";

export type Agent = ReturnType<typeof supertest.agent>;

/** A browser-like client: keeps cookies between requests. */
export function browser(app: App): Agent {
  return supertest.agent(app);
}

/** The CSRF token of the first form on a page. */
export function csrfFrom(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (!match?.[1]) throw new Error("No CSRF token on the page");
  return match[1];
}

/** GETs the page with the form, then POSTs the form with its CSRF token, as a browser would. */
export async function submitForm(
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

let counter = 0;
export function uniqueEmail(prefix = "user"): string {
  counter += 1;
  return `${prefix}${counter}-${Date.now()}@example.com`;
}

export const STRONG_PASSWORD = "correct horse battery staple";

/** Registers a new account and leaves the agent signed in. */
export async function registerUser(
  agent: Agent,
  overrides: Partial<{ name: string; email: string; password: string }> = {},
) {
  const account = { name: "Test User", email: uniqueEmail(), password: STRONG_PASSWORD, ...overrides };
  const res = await submitForm(agent, "/register", "/register", account);
  if (res.status !== 303) throw new Error(`Registration failed with ${res.status}`);
  return account;
}
