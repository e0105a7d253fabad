// npm run demo — creates the database if needed, loads demo content and starts the server.
import { demoAccounts, seedDemo } from "../db/seeds/demo.ts";
import { loadConfig } from "../server/config.ts";
import { startServer } from "../server/main.ts";
import { migrateToLatest, openDatabase } from "../server/store/db.ts";

const config = loadConfig();
const db = openDatabase(config.databaseFile);
await migrateToLatest(db);
await seedDemo(db, new Date(), config);
await db.destroy();

await startServer((url) => {
  console.log(`\nSeedfund is running at ${url}\n`);
  console.log("Demo accounts:");
  for (const a of demoAccounts) console.log(`  ${a.role.padEnd(6)} ${a.email.padEnd(30)} ${a.password}`);
  console.log(`\nData lives in ${config.dataDir}; outgoing mail is written to ${config.mailDir}.\n`);
});
