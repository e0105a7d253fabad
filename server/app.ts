import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import session from "express-session";
import type { Logger } from "pino";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { TransactionalMailer } from "./mail/outbox.ts";
import type { PaymentGateway } from "./payments/gateway.ts";
import { AccountService } from "./services/accounts.ts";
import { checkDatabase, type Db } from "./store/db.ts";
import { accountRoutes } from "./web/account.ts";
import { authRoutes } from "./web/auth.ts";
import { commsRoutes } from "./web/comms.ts";
import { discoverRoutes } from "./web/discover.ts";
import { errorHandler, notFound } from "./web/errors.ts";
import { requireAdmin, requireUser } from "./web/guards.ts";
import { investRoutes } from "./web/invest.ts";
import { chooseLanguage, detectLanguage } from "./web/language.ts";
import { viewLocals } from "./web/locals.ts";
import { requestLogger } from "./web/logging.ts";
import { opsRoutes } from "./web/ops.ts";
import { createPassport } from "./web/passport.ts";
import { pledgeRoutes } from "./web/pledges.ts";
import { projectRoutes } from "./web/projects.ts";
import { reviewRoutes } from "./web/review.ts";
import { csrfProtection, limiter, securityHeaders } from "./web/security.ts";
import { SessionStore } from "./web/session-store.ts";
import { settlementRoutes } from "./web/settlement.ts";
import { activityTracking, supportRoutes } from "./web/support.ts";
import "./web/types.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface AppDeps {
  config: Config;
  db: Db;
  mailer: TransactionalMailer;
  clock: Clock;
  logger: Logger;
  gateway: PaymentGateway;
}

export type App = express.Express;

export function createApp(deps: AppDeps): App {
  const { config, db, mailer, clock, logger } = deps;
  const accounts = new AccountService({
    db,
    clock,
    mailer,
    baseUrl: config.baseUrl,
    passwordResetTtlMinutes: config.passwordResetTtlMinutes,
  });
  const passport = createPassport(accounts);
  const sessionStore = new SessionStore(db, SESSION_TOUCH_AFTER_MS);
  const https = config.baseUrl.startsWith("https:");
  const window = config.rateLimit.windowMs;
  const limits = {
    login: limiter({ windowMs: window, limit: config.rateLimit.login }),
    register: limiter({ windowMs: window, limit: config.rateLimit.register, countSuccesses: true }),
    passwordReset: limiter({ windowMs: window, limit: config.rateLimit.passwordReset, countSuccesses: true }),
  };
  const auth = authRoutes({ accounts, passport });
  const account = accountRoutes({ accounts });

  const app = express();
  app.set("trust proxy", config.trustProxy);
  app.set("views", path.join(root, "views"));
  app.set("view engine", "ejs");
  app.set("view cache", config.env !== "development");
  app.disable("x-powered-by");

  // Infrastructure: logs, headers, static files and health need no session.
  app.use(requestLogger(logger));
  app.use(securityHeaders({ https }));
  app.use(
    "/static",
    express.static(path.join(root, "public"), { maxAge: config.env === "production" ? "7d" : 0 }),
  );
  app.get("/healthz", async (_req, res) => {
    const database = (await checkDatabase(db)) ? "ok" : "unavailable";
    res
      .status(database === "ok" ? 200 : 503)
      .json({ status: database === "ok" ? "ok" : "degraded", database });
  });

  // The public pages of a visitor without a session need none of the layers below (a session, a
  // user, CSRF: these pages hold no form for them), so they are served here, before those layers.
  const discover = discoverRoutes(deps);
  const activity = activityTracking(deps); // counts project page views in memory, remembers accounts' addresses (issue 7)
  app.get(PUBLIC_PAGES, withoutSession(detectLanguage, viewLocals, activity, discover));

  // Per-request context: body, session, user, language, CSRF, view helpers.
  app.use(express.urlencoded({ extended: false, limit: "100kb", parameterLimit: 200 }));
  app.use(
    session({
      name: SESSION_COOKIE,
      secret: config.sessionSecret,
      store: sessionStore,
      resave: false,
      saveUninitialized: false,
      cookie: {
        httpOnly: true,
        sameSite: "lax",
        secure: https ? true : "auto",
        maxAge: 14 * 24 * 3600 * 1000,
      },
    }),
  );
  app.use(passport.session());
  app.use(detectLanguage);
  app.use(csrfProtection);
  app.use(viewLocals);
  app.use(commsRoutes(deps)); // notification count in the header, updates/Q&A/notifications routes (issue 7)

  // Pages
  app.get("/language/:locale", chooseLanguage);

  // Accounts
  app.get("/register", auth.registerForm);
  app.post("/register", limits.register, auth.register);
  app.get("/login", auth.loginForm);
  app.post("/login", limits.login, auth.login);
  app.post("/logout", auth.logout);
  app.get("/password/forgot", auth.forgotForm);
  app.post("/password/forgot", limits.passwordReset, auth.forgot);
  app.get("/password/reset/:token", auth.resetForm);
  app.post("/password/reset/:token", limits.passwordReset, auth.reset);
  app.get("/account", requireUser, account.show);
  app.post("/account/password", requireUser, account.changePassword);
  app.post("/account/locale", requireUser, account.setLocale);

  // Campaigns: creators (drafts, dashboard, uploads), admins (review), everyone (discovery, project pages)
  app.use(activity);
  app.use(projectRoutes(deps));
  app.use(settlementRoutes(deps)); // settlement (issue 6): admin /admin/settlement, statements, fix payment; adds payment status to My pledges
  app.use(pledgeRoutes(deps));
  app.use("/admin", requireUser, requireAdmin, opsRoutes(deps)); // GET /admin (dashboard), tickets, reports, users, audit, risk
  app.use("/admin", requireUser, requireAdmin, reviewRoutes(deps));
  app.use(investRoutes(deps));
  app.use(supportRoutes(deps)); // help centre, support tickets, "Report this project"
  app.use(discover);

  app.use(notFound);
  app.use(errorHandler(logger));

  return app;
}

const SESSION_COOKIE = "sid";
/** A signed-in request writes its session's sliding expiry at most this often (server/web/session-store.ts). */
const SESSION_TOUCH_AFTER_MS = 5 * 60 * 1000;

/** The discovery pages (server/web/discover.ts), served without a session to visitors who have none. */
const PUBLIC_PAGES = ["/", "/discover", "/categories/:slug", "/search", "/projects/:id"];

/** Runs the handlers for a request that carries no session cookie; one that does goes on to the layers below. */
function withoutSession(...handlers: express.RequestHandler[]): express.Router {
  const router = express.Router();
  const cookie = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`);
  router.use((req, _res, next) => next(cookie.test(req.headers.cookie ?? "") ? "router" : undefined));
  router.use(handlers);
  return router;
}
