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

/** Signs in through the login form, as a browser would. */
export function signIn(agent: Agent, email: string, password: string, extra: Record<string, string> = {}) {
  return submitForm(agent, "/login", "/login", { email, password, ...extra });
}

/** Signs out with the header's sign-out form. */
export async function signOut(agent: Agent) {
  const page = await agent.get("/");
  return agent
    .post("/logout")
    .type("form")
    .send({ _csrf: csrfFrom(page.text) });
}

/** The whole Set-Cookie line a response sends for a cookie, if it sends one. */
export function setCookieLine(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const lines = (res.headers["set-cookie"] as string[] | undefined) ?? [];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** The value a response sets for a cookie, if it sets one. */
export function cookieValue(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  return setCookieLine(res, name)
    ?.split(";")[0]
    ?.slice(name.length + 1);
}

/** Text as EJS writes it into a page (`<%= %>`), to look for a translated message in the HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c] as string,
  );
}

/** The value attribute of the input with this name, if the page has one. */
export function inputValue(html: string, name: string): string | undefined {
  const input = html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
  if (!input) return undefined;
  return input.match(/value="([^"]*)"/)?.[1] ?? "";
}
