// npm run ledger:check — verifies the settlement ledger: every entry balances, no account that must
// never be negative is, the ledger agrees with the payment gateway's charges, refunds and transfers
// one by one, settlement states agree with the ledger, and settled campaigns' escrow is zero.
// Prints a summary (and each discrepancy); exits 1 when there is any.
import { loadConfig } from "../server/config.ts";
import { checkLedger } from "../server/services/ledger.ts";
import { migrateToLatest, openDatabase } from "../server/store/db.ts";

const config = loadConfig();
const db = openDatabase(config.databaseFile);
try {
  await migrateToLatest(db);
  const result = await checkLedger(db);
  const s = result.stats;
  console.log(
    `Ledger: ${s.entries} entries, ${s.postings} postings, ${s.campaigns} settled campaigns; gateway: ${s.gatewayCharges} charges, ${s.gatewayRefunds} refunds, ${s.gatewayTransfers} transfers.`,
  );
  if (result.ok) console.log("OK: every invariant holds.");
  else {
    console.error(`${result.problems.length} discrepanc${result.problems.length === 1 ? "y" : "ies"}:`);
    for (const p of result.problems) console.error(`  - ${p}`);
    process.exitCode = 1;
  }
} finally {
  await db.destroy();
}
