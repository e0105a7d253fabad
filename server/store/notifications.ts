import type { Db } from "./db.ts";
import { fromDbTime, toDbTime } from "./time.ts";

export interface NotificationRow {
  id: number;
  userId: number;
  kind: string;
  params: Record<string, unknown>;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

// biome-ignore lint/suspicious/noExplicitAny: a database row
function toNotification(r: any): NotificationRow {
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(r.params) ?? {};
  } catch {
    params = {};
  }
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    params,
    link: r.link,
    readAt: r.read_at ? fromDbTime(r.read_at) : null,
    createdAt: fromDbTime(r.created_at),
  };
}

export async function insertNotification(
  db: Db,
  n: { userId: number; kind: string; params: Record<string, unknown>; link: string | null },
  now: Date,
): Promise<number> {
  const [row] = await db("notifications")
    .insert({
      user_id: n.userId,
      kind: n.kind,
      params: JSON.stringify(n.params),
      link: n.link,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

/** One indexed COUNT (user_id, read_at): what the header shows on every signed-in page. */
export async function unreadCount(db: Db, userId: number): Promise<number> {
  const [{ n }] = (await db("notifications").where({ user_id: userId }).whereNull("read_at").count({
    n: "*",
  })) as [{ n: number | string }];
  return Number(n);
}

export async function notificationsOf(
  db: Db,
  userId: number,
  options: { limit: number; offset: number; unreadOnly?: boolean },
): Promise<{ items: NotificationRow[]; total: number }> {
  const base = () => {
    const q = db("notifications").where({ user_id: userId });
    if (options.unreadOnly) q.whereNull("read_at");
    return q;
  };
  const [{ n }] = (await base().count({ n: "*" })) as [{ n: number | string }];
  const rows = await base().orderBy("id", "desc").limit(options.limit).offset(options.offset);
  return { items: rows.map(toNotification), total: Number(n) };
}

export async function findNotification(db: Db, id: number): Promise<NotificationRow | undefined> {
  const row = await db("notifications").where({ id }).first();
  return row && toNotification(row);
}

export async function markNotificationRead(db: Db, id: number, userId: number, now: Date): Promise<void> {
  await db("notifications")
    .where({ id, user_id: userId })
    .whereNull("read_at")
    .update({ read_at: toDbTime(now) });
}

export async function markAllNotificationsRead(db: Db, userId: number, now: Date): Promise<number> {
  return db("notifications")
    .where({ user_id: userId })
    .whereNull("read_at")
    .update({ read_at: toDbTime(now) });
}

export async function optOutsOf(db: Db, userId: number): Promise<string[]> {
  const rows = await db("notification_opt_outs").where({ user_id: userId }).select("kind");
  return rows.map((r: { kind: string }) => r.kind);
}

export async function isOptedOut(db: Db, userId: number, kind: string): Promise<boolean> {
  return Boolean(await db("notification_opt_outs").where({ user_id: userId, kind }).first("kind"));
}

/** Replaces the user's opt-outs among `kinds` with `optedOut`. */
export async function saveOptOuts(
  db: Db,
  userId: number,
  kinds: readonly string[],
  optedOut: readonly string[],
  now: Date,
): Promise<void> {
  await db("notification_opt_outs").where({ user_id: userId }).whereIn("kind", kinds).delete();
  const rows = optedOut
    .filter((k) => kinds.includes(k))
    .map((kind) => ({ user_id: userId, kind, created_at: toDbTime(now) }));
  if (rows.length) await db("notification_opt_outs").insert(rows);
}

/** Of these users, those who opted out of a kind (for sending to many at once). */
export async function optedOutAmong(db: Db, kind: string, userIds: readonly number[]): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const ids = new Set<number>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db("notification_opt_outs")
      .where({ kind })
      .whereIn("user_id", userIds.slice(i, i + 500))
      .select("user_id");
    for (const r of rows as { user_id: number }[]) ids.add(r.user_id);
  }
  return ids;
}
