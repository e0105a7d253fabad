import path from "node:path";
import { expect } from "chai";
import { ConfigError, loadConfig } from "../../server/config.ts";

const SECRET = "0123456789abcdef0123456789abcdef";
/** Production needs other secrets too; they are given so that each test isolates the one it is about. */
const KEY = "ab".repeat(32);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

describe("config", () => {
  it("runs with no environment at all, on safe local defaults", () => {
    const config = loadConfig({});
    expect(config.env).to.equal("development");
    expect(config.port).to.equal(3000);
    expect(config.host).to.equal("127.0.0.1");
    expect(config.dataDir).to.equal(path.resolve("data"));
    expect(config.databaseFile).to.equal(path.join(path.resolve("data"), "crowdfund.sqlite"));
    expect(config.mailDir).to.equal(path.join(path.resolve("data"), "mail"));
    expect(config.uploadDir).to.equal(path.join(path.resolve("data"), "uploads"));
    expect(config.baseUrl).to.equal("http://localhost:3000");
    expect(config.sessionSecret.length).to.be.at.least(32);
    expect(config.trustProxy).to.equal(false);
    expect(config.smtp).to.equal(null);
    expect(config.logLevel).to.equal("info");
    expect(config.rateLimit).to.deep.equal({
      windowMs: 15 * 60_000,
      login: 10,
      register: 10,
      passwordReset: 5,
    });
    expect(config.passwordResetTtlMinutes).to.equal(60);
  });

  it("derives the base URL from PORT and drops a trailing slash from BASE_URL", () => {
    expect(loadConfig({ PORT: "8080" }).baseUrl).to.equal("http://localhost:8080");
    expect(loadConfig({ BASE_URL: "https://fund.example.com/" }).baseUrl).to.equal(
      "https://fund.example.com",
    );
  });

  it("resolves DATA_DIR to an absolute path and keeps every file under it", () => {
    const config = loadConfig({ DATA_DIR: "/srv/seedfund" });
    expect(config.databaseFile).to.equal("/srv/seedfund/crowdfund.sqlite");
    expect(config.mailDir).to.equal("/srv/seedfund/mail");
  });

  describe("production", () => {
    it("refuses to start without SESSION_SECRET and says how to make one", () => {
      const error = configError({ NODE_ENV: "production", ENCRYPTION_KEY: KEY });
      expect(error.message).to.include("SESSION_SECRET is required when NODE_ENV=production");
      expect(error.message).to.include("32 characters");
    });

    it("refuses a SESSION_SECRET shorter than 32 characters, naming the variable", () => {
      const error = configError({ NODE_ENV: "production", SESSION_SECRET: "short", ENCRYPTION_KEY: KEY });
      expect(error.message).to.match(/SESSION_SECRET: SESSION_SECRET must be at least 32 characters/);
    });

    it("uses the given SESSION_SECRET", () => {
      const config = loadConfig({ NODE_ENV: "production", SESSION_SECRET: SECRET, ENCRYPTION_KEY: KEY });
      expect(config.env).to.equal("production");
      expect(config.sessionSecret).to.equal(SECRET);
    });
  });

  describe("TRUST_PROXY", () => {
    const table: [string, boolean | number | string][] = [
      ["true", true],
      ["false", false],
      ["", false],
      ["1", 1],
      ["2", 2],
      ["loopback", "loopback"],
      ["10.0.0.1, 10.0.0.2", "10.0.0.1, 10.0.0.2"],
    ];
    for (const [value, expected] of table) {
      it(`${JSON.stringify(value)} -> ${JSON.stringify(expected)}`, () => {
        expect(loadConfig({ TRUST_PROXY: value }).trustProxy).to.equal(expected);
      });
    }
  });

  describe("invalid values are refused with the variable's name", () => {
    const table: [Record<string, string>, string][] = [
      [{ PORT: "abc" }, "PORT"],
      [{ PORT: "70000" }, "PORT"],
      [{ PORT: "-1" }, "PORT"],
      [{ PORT: "80.5" }, "PORT"],
      [{ NODE_ENV: "staging" }, "NODE_ENV"],
      [{ BASE_URL: "not a url" }, "BASE_URL"],
      [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
      [{ SMTP_SECURE: "maybe" }, "SMTP_SECURE"],
      [{ RATE_LIMIT_LOGIN: "-3" }, "RATE_LIMIT_LOGIN"],
      [{ PASSWORD_RESET_TTL_MINUTES: "soon" }, "PASSWORD_RESET_TTL_MINUTES"],
    ];
    for (const [env, name] of table) {
      it(`${JSON.stringify(env)}`, () => {
        const error = configError(env);
        expect(error.message).to.match(/^Invalid configuration:/);
        expect(error.message).to.include(`  ${name}: `);
      });
    }
  });

  it("accepts PORT=0 (any free port)", () => {
    expect(loadConfig({ PORT: "0" }).port).to.equal(0);
  });

  it("configures SMTP only when SMTP_HOST is set", () => {
    const config = loadConfig({
      SMTP_HOST: "smtp.example.com",
      SMTP_PORT: "465",
      SMTP_SECURE: "yes",
      SMTP_USER: "mailer",
      SMTP_PASSWORD: "pw",
    });
    expect(config.smtp).to.deep.equal({
      host: "smtp.example.com",
      port: 465,
      secure: true,
      user: "mailer",
      password: "pw",
    });
  });

  it("reads rate limits in seconds and counts, and the reset link lifetime in minutes", () => {
    const config = loadConfig({
      RATE_LIMIT_WINDOW_SECONDS: "60",
      RATE_LIMIT_LOGIN: "3",
      RATE_LIMIT_REGISTER: "0",
      RATE_LIMIT_PASSWORD_RESET: "2",
      PASSWORD_RESET_TTL_MINUTES: "15",
    });
    expect(config.rateLimit).to.deep.equal({ windowMs: 60_000, login: 3, register: 0, passwordReset: 2 });
    expect(config.passwordResetTtlMinutes).to.equal(15);
  });
});
