// npm run migrate — applies pending migrations to the database under DATA_DIR.
import { loadConfig } from "../server/config.ts";
import { migrateToLatest, openDatabase } from "../server/store/db.ts";

const config = loadConfig();
const db = openDatabase(config.databaseFile);
const applied = await migrateToLatest(db);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
await db.destroy();
