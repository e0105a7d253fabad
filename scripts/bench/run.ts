/**
 * npm run bench — builds a fresh database of 10,000 live projects under a temporary directory,
 * starts the app in a child process (production settings, silent logs) with a bare Express "hello"
 * route on a second port, measures with autocannon (32 connections, BENCH_SECONDS each, default 10)
 * the bare route, the app's /healthz (a reference), the project page (random ids), a search page (English and
 * Chinese words) and confirmed pledges through HTTP (signed-in sessions, CSRF, validation, redirect), and
 * prints ONE JSON document with requests/s, latency percentiles and pass/fail against the targets.
 *
 * The database holds 10,000 projects and 1,000,000 pledges (BENCH_PLEDGES).
 *
 * Environment: BENCH_SECONDS (default 10), BENCH_WARMUP_SECONDS (default 2), BENCH_PROJECTS (10000), BENCH_PLEDGES,
 * BENCH_CONNECTIONS (32), BENCH_KEEP=1 to keep the temporary directory, BENCH_NODE_ARGS for the server's node
 * (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
 */
import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { loadConfig } from "../../server/config.ts";
import { migrateToLatest, openDatabase } from "../../server/store/db.ts";
import {
  BENCH_BACKER_PASSWORD,
  benchBackerEmail,
  buildBenchData,
  CHINESE_WORDS,
  ENGLISH_WORDS,
  prng,
} from "./data.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const warmup = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const projectCount = Number(process.env.BENCH_PROJECTS ?? 10_000);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

/** The targets. */
const TARGETS = { projectToBareRatio: 0.4, projectP99Ms: 50, searchP50Ms: 20, pledgeToBareRatio: 0.15 };

/** A mix of search words: English and Chinese, FTS (3+ characters) and the short-word fallback. */
const SEARCH_WORDS = [
  ...ENGLISH_WORDS.slice(0, 8),
  "coffee lantern",
  ...CHINESE_WORDS.filter((w) => w.length >= 3),
  "咖啡",
  "茶具",
  "背包",
];

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

async function buildDatabase(dataDir: string) {
  const config = loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir });
  const db = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  const started = performance.now();
  const data = await buildBenchData(db, { projects: projectCount, now: new Date() });
  await db.raw("PRAGMA optimize");
  await db.raw("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.destroy();
  return { ...data, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; appPort: number; barePort: number }> {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(here, "server.ts")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      ENCRYPTION_KEY: crypto.randomBytes(32).toString("hex"),
      LOG_LEVEL: "silent",
      PORT: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => resolve({ child, ...JSON.parse(line) }));
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

type Target = {
  name: string;
  url: string;
  path: () => string;
  /** For POST targets: the request's method, headers and body. */
  post?: () => { headers: Record<string, string>; body: string };
};

interface Backer {
  cookie: string;
  csrf: string;
  paymentMethodId: number;
}

/** Signs a bench backer in through the real form, as a browser would; returns its session and CSRF token. */
async function signInBacker(baseUrl: string, n: number): Promise<Backer> {
  const cookieOf = (res: Response) =>
    (res.headers.getSetCookie().find((c) => c.startsWith("sid=")) ?? "").split(";")[0] ?? "";
  const tokenOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
  const loginPage = await fetch(`${baseUrl}/login`);
  const body = new URLSearchParams({
    _csrf: tokenOf(await loginPage.text()),
    email: benchBackerEmail(n),
    password: BENCH_BACKER_PASSWORD,
  });
  const login = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookieOf(loginPage), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  if (login.status !== 303) throw new Error(`bench backer ${n} could not sign in (${login.status})`);
  const cookie = cookieOf(login);
  const page = await fetch(`${baseUrl}/pledges`, { headers: { cookie } });
  return { cookie, csrf: tokenOf(await page.text()), paymentMethodId: n + 1 };
}

async function measure(target: Target, duration: number) {
  const result = await autocannon({
    url: target.url,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => {
          const post = target.post?.();
          return post
            ? { ...req, method: "POST", path: target.path(), headers: post.headers, body: post.body }
            : { ...req, path: target.path() };
        },
      },
    ],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
    requests: result.requests.total,
    non2xx: result.non2xx, // a pledge answers 303 (post/redirect/get): for it, see "redirects"
    redirects: result["3xx"],
    errors: result.errors + result.timeouts,
  };
}

/** One request of each kind before measuring: a page that fails or starts a session would skew everything. */
async function sanityCheck(target: Target) {
  const post = target.post?.();
  if (post) {
    const res = await fetch(`${target.url}${target.path()}`, { method: "POST", redirect: "manual", ...post });
    if (res.status !== 303 || !/^\/pledges\/\d+$/.test(res.headers.get("location") ?? "")) {
      throw new Error(`${target.name}: POST answered ${res.status} ${(await res.text()).slice(0, 300)}`);
    }
    return;
  }
  const res = await fetch(`${target.url}${target.path()}`);
  if (res.status !== 200) throw new Error(`${target.name}: GET answered ${res.status}`);
  if (res.headers.get("set-cookie")) throw new Error(`${target.name}: an anonymous GET set a cookie`);
  await res.arrayBuffer();
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-bench-"));
let server: ChildProcess | undefined;
try {
  log(`Building ${projectCount} projects under ${dataDir}…`);
  const data = await buildDatabase(dataDir);
  log(`Built in ${data.seconds} s. Starting the server…`);
  const started = await startServer(dataDir);
  server = started.child;
  const random = prng(7);
  const targets: Target[] = [
    { name: "bare", url: `http://127.0.0.1:${started.barePort}`, path: () => "/hello" },
    // Reference, not a target: the app's cheapest route (request log, security headers, one query;
    // no session, no rendering) shows how much of the budget the middleware stack takes by itself.
    { name: "healthz", url: `http://127.0.0.1:${started.appPort}`, path: () => "/healthz" },
    {
      name: "project",
      url: `http://127.0.0.1:${started.appPort}`,
      path: () => `/projects/${1 + Math.floor(random() * projectCount)}`,
    },
    {
      name: "search",
      url: `http://127.0.0.1:${started.appPort}`,
      path: () =>
        `/search?q=${encodeURIComponent(SEARCH_WORDS[Math.floor(random() * SEARCH_WORDS.length)] ?? "")}`,
    },
  ];
  // Pledges last: they write. Each request is a confirmed pledge through the real route: a signed-in
  // session, CSRF, validation, one transaction (with the receipt queued in the outbox), and the redirect.
  const appUrl = `http://127.0.0.1:${started.appPort}`;
  const backers: Backer[] = [];
  // One after another: concurrent sign-ins would all count against the sign-in rate limit at once.
  for (let n = 0; n < connections; n++) backers.push(await signInBacker(appUrl, n));
  let pledgeProject = 1;
  targets.push({
    name: "pledge",
    url: appUrl,
    path: () => `/projects/${pledgeProject}/pledge`,
    post: () => {
      pledgeProject = 1 + Math.floor(random() * projectCount);
      const backer = backers[Math.floor(random() * backers.length)] as Backer;
      return {
        headers: { cookie: backer.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          _csrf: backer.csrf,
          tierId: "none",
          amount: String(5 + Math.floor(random() * 500)),
          paymentMethodId: String(backer.paymentMethodId),
          idempotencyKey: crypto.randomUUID(),
        }).toString(),
      };
    },
  });
  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const target of targets) {
    await sanityCheck(target);
    if (warmup > 0) await measure(target, warmup);
    log(`Measuring ${target.name} for ${seconds} s…`);
    results[target.name] = await measure(target, seconds);
  }
  const bare = results.bare as Awaited<ReturnType<typeof measure>>;
  const project = results.project as Awaited<ReturnType<typeof measure>>;
  const search = results.search as Awaited<ReturnType<typeof measure>>;
  const pledge = results.pledge as Awaited<ReturnType<typeof measure>>;
  const ratio = Math.round((project.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000;
  const pledgeRatio = Math.round((pledge.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000;
  const checks = {
    projectThroughputRatio: {
      value: ratio,
      target: `>= ${TARGETS.projectToBareRatio}`,
      pass: ratio >= TARGETS.projectToBareRatio,
    },
    projectP99: {
      valueMs: project.latencyMs.p99,
      target: `< ${TARGETS.projectP99Ms} ms`,
      pass: project.latencyMs.p99 < TARGETS.projectP99Ms,
    },
    pledgeThroughputRatio: {
      value: pledgeRatio,
      target: `>= ${TARGETS.pledgeToBareRatio}`,
      pass: pledgeRatio >= TARGETS.pledgeToBareRatio && pledge.redirects === pledge.requests,
    },
    searchP50: {
      valueMs: search.latencyMs.p50,
      target: `< ${TARGETS.searchP50Ms} ms`,
      pass: search.latencyMs.p50 < TARGETS.searchP50Ms,
    },
  };
  const report = {
    settings: { connections, seconds, warmupSeconds: warmup, cpus: os.cpus().length, node: process.version },
    data,
    results,
    projectToBareRatio: ratio,
    pledgeToBareRatio: pledgeRatio,
    checks,
    pass: Object.values(checks).every((c) => c.pass),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.pass ? 0 : 1;
} finally {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await exited; // remove its directory only once it is gone
  }
  if (!process.env.BENCH_KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
}
