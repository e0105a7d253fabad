// npm run create-admin -- --email E --password P --name N
// Creates an administrator, or promotes an existing account (and sets its password).
import { parseArgs } from "node:util";
import { systemClock } from "../server/clock.ts";
import { loadConfig } from "../server/config.ts";
import { ValidationError } from "../server/errors.ts";
import { translator } from "../server/i18n/index.ts";
import { OutboxMailer } from "../server/mail/outbox.ts";
import { AccountService } from "../server/services/accounts.ts";
import { migrateToLatest, openDatabase } from "../server/store/db.ts";

const { values } = parseArgs({
  options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
});
if (!values.email || !values.password) {
  console.error("Usage: npm run create-admin -- --email E --password P [--name N]");
  process.exit(2);
}
const config = loadConfig();
const db = openDatabase(config.databaseFile);
await migrateToLatest(db);
const accounts = new AccountService({
  db,
  clock: systemClock,
  mailer: new OutboxMailer({ db, clock: systemClock }), // queued; the server's outbox job delivers it
  baseUrl: config.baseUrl,
  passwordResetTtlMinutes: config.passwordResetTtlMinutes,
});
try {
  const name = values.name ?? values.email.split("@")[0] ?? "Admin";
  const { created, user } = await accounts.ensureAdmin({
    email: values.email,
    password: values.password,
    name,
  });
  console.log(`${created ? "Created" : "Promoted"} administrator ${user.email} (id ${user.id}).`);
} catch (error) {
  if (error instanceof ValidationError) {
    const t = translator("en");
    for (const [field, key] of Object.entries(error.fieldErrors)) console.error(`${field}: ${t(key)}`);
    process.exitCode = 2;
  } else throw error;
} finally {
  await db.destroy();
}
