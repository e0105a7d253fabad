import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { verifyPassword } from "../../server/services/passwords.ts";
import { type Db, migrateToLatest, openDatabase } from "../../server/store/db.ts";
import { findUserByEmail, insertUser } from "../../server/store/users.ts";

const root = path.resolve(import.meta.dirname, "../..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run create-admin -- …args` in a child process, on the database under dataDir. */
function createAdmin(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "npm",
      ["run", "--silent", "create-admin", "--", ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: "development" }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("create-admin CLI", function () {
  this.timeout(60_000);
  let dataDir: string;
  let db: Db | undefined;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "seedfund-cli-"));
  });
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const open = () => {
    db = openDatabase(path.join(dataDir, "crowdfund.sqlite"));
    return db;
  };

  it("creates an administrator on a new database", async () => {
    const run = await createAdmin(dataDir, [
      "--email",
      "Root@Example.com",
      "--password",
      "operator long passphrase",
      "--name",
      "Site Operator",
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/Created administrator root@example\.com \(id \d+\)\./);
    const user = await findUserByEmail(open(), "root@example.com");
    expect(user?.role).to.equal("admin");
    expect(user?.status).to.equal("active");
    expect(user?.name).to.equal("Site Operator");
    expect(await verifyPassword(user?.passwordHash as string, "operator long passphrase")).to.equal(true);
  });

  it("promotes an existing account, reactivates it and sets its password", async () => {
    const store = open();
    await migrateToLatest(store);
    const id = await insertUser(
      store,
      { email: "member@example.com", name: "Member", passwordHash: "not-a-hash", locale: "zh-CN" },
      new Date(),
    );
    await store("users").where({ id }).update({ status: "suspended" });
    await store.destroy();
    db = undefined;

    const run = await createAdmin(dataDir, [
      "--email",
      "member@example.com",
      "--password",
      "promoted long passphrase",
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`Promoted administrator member@example.com (id ${id}).`);
    const user = await findUserByEmail(open(), "member@example.com");
    expect(user?.id).to.equal(id);
    expect(user?.role).to.equal("admin");
    expect(user?.status).to.equal("active");
    expect(user?.name).to.equal("Member");
    expect(user?.locale).to.equal("zh-CN");
    expect(await verifyPassword(user?.passwordHash as string, "promoted long passphrase")).to.equal(true);
  });

  it("refuses a weak password with exit code 2 and says why", async () => {
    const run = await createAdmin(dataDir, ["--email", "weak@example.com", "--password", "admin12345"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include("password: This password is too common. Choose something harder to guess.");
    const short = await createAdmin(dataDir, ["--email", "weak@example.com", "--password", "short"]);
    expect(short.code).to.equal(2);
    expect(short.stderr).to.include("password: Use at least 10 characters.");
    expect(await findUserByEmail(open(), "weak@example.com")).to.equal(undefined);
  });

  it("prints its usage with exit code 2 when the email or password is missing", async () => {
    const run = await createAdmin(dataDir, ["--email", "x@example.com"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include("Usage: npm run create-admin -- --email E --password P");
  });
});
