import type { Db } from "./db.ts";

/**
 * Fast row-by-row work inside a transaction, for the few paths that touch 100,000 rows (settlement,
 * the sandbox gateway's batch of charges, benchmark data).
 *
 * On better-sqlite3 (the default store) the statements run directly on the transaction's own
 * connection, prepared once (the connection keeps them: store/db.ts); nothing goes through the query
 * builder, and a batch of rows goes in as one JSON array (`json_each(?)`) rather than one statement
 * per row, which is what makes settling 100,000 pledges take seconds rather than minutes. It is SQLite-only for now: on another client (the PostgreSQL scale-out path)
 * bulk() throws, and these paths would need multi-row statements through knex instead.
 *
 * Must be used with a transaction (`db.transaction(async (trx) => { const b = await bulk(trx); … })`):
 * the statements run on the transaction's connection, inside it.
 */
export interface Bulk {
  /** Runs a write; returns the rows changed and the last inserted row id. */
  run(sql: string, params: readonly unknown[]): { changes: number; lastInsertRowid: number };
  /** One row or undefined. */
  get<T = Record<string, unknown>>(sql: string, params: readonly unknown[]): T | undefined;
  /** Every row. */
  all<T = Record<string, unknown>>(sql: string, params: readonly unknown[]): T[];
}

interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** The bulk runner of a transaction. Synchronous on SQLite; see Bulk. */
export async function bulk(trx: Db): Promise<Bulk> {
  if (!trx.isTransaction) throw new Error("bulk() must be given a transaction");
  const client = trx.client as { config: { client: string }; acquireConnection(): Promise<unknown> };
  if (client.config.client !== "better-sqlite3") {
    throw new Error(`bulk(): no fast path for ${client.config.client}; only better-sqlite3 is supported`);
  }
  const connection = (await client.acquireConnection()) as SqliteConnection;
  const statement = (sql: string) => connection.prepare(sql);
  return {
    run(sql, params) {
      const r = statement(sql).run(...params);
      return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
    },
    get<T>(sql: string, params: readonly unknown[]) {
      return statement(sql).get(...params) as T | undefined;
    },
    all<T>(sql: string, params: readonly unknown[]) {
      return statement(sql).all(...params) as T[];
    },
  };
}

/** Splits a list into parts: for WHERE … IN (…), or one JSON array of rows per statement. */
export function chunked<T>(items: readonly T[], size = 900): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** INSERT INTO table (columns) VALUES (?, …) [ON CONFLICT DO NOTHING], for run(). */
export function insertSql(table: string, columns: readonly string[], ignoreConflicts = false): string {
  return `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})${
    ignoreConflicts ? " ON CONFLICT DO NOTHING" : ""
  }`;
}

/** UPDATE table SET a = ?, b = ? WHERE key = ? [AND extra], for run() with [...values, key]. */
export function updateSql(table: string, columns: readonly string[], key: string, extraWhere = ""): string {
  return `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE ${key} = ?${
    extraWhere ? ` AND ${extraWhere}` : ""
  }`;
}

/**
 * Reads rows with plain SQL: through the transaction's prepared statements when `db` is a SQLite
 * transaction (fast for 100,000 rows), otherwise through knex.
 */
export async function selectRows<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  if (db.isTransaction && (db.client as { config: { client: string } }).config.client === "better-sqlite3") {
    return (await bulk(db)).all<T>(sql, params);
  }
  return (await db.raw(sql, params as never[])) as T[];
}
