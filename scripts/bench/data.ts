/**
 * The benchmark's database: N live reward projects with tiers and shipping, in the search index,
 * written with bulk inserts in ONE transaction. Deterministic (seeded PRNG), English and Chinese text.
 */
import type { Knex } from "knex";
import { hashPassword } from "../../server/services/passwords.ts";
import type { Db } from "../../server/store/db.ts";
import { toDbTime } from "../../server/store/time.ts";

const DAY = 24 * 3600 * 1000;

/** English and Chinese words the titles and stories are made of; the search benchmark looks them up. */
export const ENGLISH_WORDS = [
  "ceramic",
  "coffee",
  "lantern",
  "robot",
  "garden",
  "bicycle",
  "camera",
  "notebook",
  "speaker",
  "puzzle",
  "novel",
  "album",
  "jacket",
  "backpack",
  "kettle",
  "drone",
  "telescope",
  "keyboard",
  "lamp",
  "teapot",
];
export const CHINESE_WORDS = [
  "茶具",
  "咖啡",
  "灯笼",
  "机器人",
  "花园",
  "自行车",
  "相机",
  "笔记本",
  "音箱",
  "拼图",
  "小说",
  "专辑",
  "夹克",
  "背包",
  "水壶",
  "无人机",
  "望远镜",
  "键盘",
  "台灯",
  "紫砂壶",
];
const ADJECTIVES = [
  "Handmade",
  "Open-source",
  "Pocket",
  "Solar",
  "Modular",
  "Tiny",
  "Smart",
  "Classic",
  "Folding",
  "Quiet",
];
const CATEGORIES = [
  "art",
  "comics",
  "design",
  "fashion",
  "film",
  "food",
  "games",
  "music",
  "publishing",
  "technology",
];
const SENTENCES = [
  "We have spent two years building prototypes of this {en} in our small workshop.",
  "Every {en} is assembled by hand and tested before it leaves the studio.",
  "Your pledge pays for the first production run and the tooling.",
  "我们用了两年时间打磨这款{zh}，每一个细节都经过反复测试。",
  "每一件{zh}都由我们的团队手工完成，并在出厂前逐一检验。",
  "The {en} ships with a printed manual in English and Chinese.",
  "如果众筹成功，我们将在三个月内开始量产{zh}。",
  "We work with a family-run factory that has made the {en} parts for twenty years.",
  "Backers will get updates every two weeks with photos from the workshop.",
  "支持者将每两周收到一次项目进展，包括工作室的照片。",
];

/** mulberry32: a small seeded PRNG, so every run builds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertChunked(
  trx: Knex.Transaction,
  table: string,
  rows: Record<string, unknown>[],
  size = 200,
) {
  for (let i = 0; i < rows.length; i += size) await trx(table).insert(rows.slice(i, i + size));
}

export interface BenchData {
  projects: number;
  tiers: number;
  pledges: number;
}

/** Builds the benchmark data set; returns what it wrote. */
export async function buildBenchData(db: Db, options: { projects: number; now: Date }): Promise<BenchData> {
  const random = prng(20260315);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const { now } = options;
  const stamp = toDbTime(now);
  let tierCount = 0;

  await db.transaction(async (trx) => {
    const creators = Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      email: `creator${i + 1}@bench.seedfund.test`,
      name: i % 2 ? `Creator ${i + 1}` : `发起人 ${i + 1}`,
      password_hash: "not-a-real-hash", // nobody signs in during the benchmark
      role: "user",
      status: "active",
      locale: i % 2 ? "en" : "zh-CN",
      created_at: stamp,
      updated_at: stamp,
    }));
    await insertChunked(trx, "users", creators);

    const images: Record<string, unknown>[] = [];
    const projects: Record<string, unknown>[] = [];
    const search: unknown[][] = [];
    const tiers: Record<string, unknown>[] = [];
    const shipping: Record<string, unknown>[] = [];
    for (let id = 1; id <= options.projects; id++) {
      const en = pick(ENGLISH_WORDS);
      const en2 = pick(ENGLISH_WORDS);
      const zh = pick(CHINESE_WORDS);
      const title = `${pick(ADJECTIVES)} ${en} ${en2} · ${zh}`;
      const blurb = `A ${en} for people who love ${en2}s. 一款为热爱${zh}的人设计的产品。`;
      const story = Array.from({ length: 8 }, () =>
        pick(SENTENCES).replace("{en}", pick(ENGLISH_WORDS)).replace("{zh}", pick(CHINESE_WORDS)),
      ).join("\n\n");
      const storyHtml = story
        .split("\n\n")
        .map((p) => `<p>${p}</p>`)
        .join("\n");
      const goal = (5 + Math.floor(random() * 200)) * 10_000;
      const launched = new Date(now.getTime() - Math.floor(random() * 30) * DAY);
      images.push({
        id,
        owner_id: (id % 100) + 1,
        storage_key: id.toString(16).padStart(32, "0"),
        sha256: id.toString(16).padStart(64, "0"),
        width: 1200,
        height: 675,
        created_at: stamp,
      });
      projects.push({
        id,
        creator_id: (id % 100) + 1,
        kind: "reward",
        state: "live",
        title,
        blurb,
        story_md: story,
        story_html: storyHtml,
        category: pick(CATEGORIES),
        location: pick(["Shanghai", "Hangzhou", "London", "Austin", "Berlin", "成都"]),
        cover_image_id: id,
        goal_minor: goal,
        currency: pick(["CNY", "USD", "GBP", "EUR"]),
        duration_days: 30,
        risks: "Production could be delayed by up to two months if the factory is busy.",
        team: "A designer, an engineer and a maker.",
        rewards_attested: true,
        pledged_minor: Math.floor(goal * random() * 1.3),
        backers_count: Math.floor(random() * 2000),
        staff_pick: random() < 0.02,
        submitted_at: toDbTime(new Date(launched.getTime() - 3 * DAY)),
        decided_at: toDbTime(new Date(launched.getTime() - DAY)),
        launched_at: toDbTime(launched),
        deadline_at: toDbTime(new Date(launched.getTime() + 30 * DAY)),
        created_at: stamp,
        updated_at: stamp,
      });
      search.push([id, title, blurb, story]);
      for (let position = 1; position <= 3; position++) {
        tierCount += 1;
        const limited = position === 1;
        tiers.push({
          id: tierCount,
          project_id: id,
          position,
          title: ["Early bird", "Standard", "Collector's edition"][position - 1],
          description: `The ${en} and a thank-you card. 包括一份${zh}和感谢卡。`,
          minimum_minor: position * 5_000,
          quantity_limit: limited ? 100 : null,
          quantity_claimed: limited ? Math.floor(random() * 100) : 0,
          estimated_delivery: "2027-03",
          ships: position !== 2,
          created_at: stamp,
        });
        if (position !== 2) {
          shipping.push({ tier_id: tierCount, region: "cn", fee_minor: 1_000 });
          shipping.push({ tier_id: tierCount, region: "rest_of_world", fee_minor: 3_500 });
        }
      }
    }
    await insertChunked(trx, "images", images);
    await insertChunked(trx, "projects", projects, 100);
    await insertChunked(trx, "reward_tiers", tiers);
    await insertChunked(trx, "tier_shipping", shipping);
    for (let i = 0; i < search.length; i += 200) {
      const chunk = search.slice(i, i + 200);
      await trx.raw(
        `INSERT INTO project_search (rowid, title, blurb, story) VALUES ${chunk.map(() => "(?, ?, ?, ?)").join(", ")}`,
        chunk.flat() as Knex.RawBinding[],
      );
    }
  });

  const pledges = await addPledges(db, { projects: options.projects, now });
  return { projects: options.projects, tiers: tierCount, pledges };
}

/** Bench backers sign in with this password (the HTTP pledge benchmark signs some of them in). */
export const BENCH_BACKER_PASSWORD = "bench backer password 2026";
export const benchBackerEmail = (n: number) => `backer${n}@bench.seedfund.test`;

/**
 * 1,000,000 pledges (BENCH_PLEDGES) spread evenly over the projects, by 20,000 backers with a saved
 * card each, with a history event per pledge; projects.pledged_minor and backers_count are then
 * recomputed from them. Written through better-sqlite3 prepared statements in one transaction:
 * knex's per-query overhead would make a million rows take minutes.
 */
export async function addPledges(
  db: Db,
  options: { projects: number; now: Date; pledges?: number },
): Promise<number> {
  const total = options.pledges ?? Number(process.env.BENCH_PLEDGES ?? 1_000_000);
  if (total <= 0) return 0;
  const backers = 20_000;
  const perProject = Math.ceil(total / options.projects);
  if (perProject > backers) throw new Error("more pledges per project than backers");
  const stamp = toDbTime(options.now);
  const passwordHash = await hashPassword(BENCH_BACKER_PASSWORD);
  const random = prng(4242);
  const currencies = new Map<number, string>(
    (await db("projects").select("id", "currency")).map((r: { id: number; currency: string }) => [
      r.id,
      r.currency,
    ]),
  );
  const firstBackerId = Number((await db("users").max({ m: "id" }).first())?.m ?? 0) + 1;
  // biome-ignore lint/suspicious/noExplicitAny: better-sqlite3's Database behind knex
  const conn: any = await (db.client as any).acquireConnection();
  let written = 0;
  try {
    const insertUser = conn.prepare(
      "INSERT INTO users (id, email, name, password_hash, role, status, locale, created_at, updated_at) VALUES (?, ?, ?, ?, 'user', 'active', ?, ?, ?)",
    );
    const insertMethod = conn.prepare(
      "INSERT INTO payment_methods (id, user_id, gateway, token, brand, last4, exp_month, exp_year, created_at) VALUES (?, ?, 'sandbox', ?, 'visa', '4242', 12, 2099, ?)",
    );
    const insertPledge = conn.prepare(
      "INSERT INTO pledges (id, project_id, backer_id, tier_id, amount_minor, shipping_minor, total_minor, currency, status, payment_method_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 'active', ?, ?, ?)",
    );
    const insertEvent = conn.prepare(
      "INSERT INTO pledge_events (pledge_id, kind, tier_id, amount_minor, shipping_minor, total_minor, payment_method_id, created_at) VALUES (?, 'created', ?, ?, 0, ?, ?, ?)",
    );
    conn.transaction(() => {
      for (let n = 0; n < backers; n++) {
        const id = firstBackerId + n;
        insertUser.run(
          id,
          benchBackerEmail(n),
          n % 2 ? `Backer ${n}` : `支持者 ${n}`,
          passwordHash,
          n % 2 ? "en" : "zh-CN",
          stamp,
          stamp,
        );
        insertMethod.run(n + 1, id, `pm_bench_${n}`, stamp);
      }
      let pledgeId = 0;
      for (let project = 1; project <= options.projects && written < total; project++) {
        for (let j = 0; j < perProject && written < total; j++) {
          const backer = (project * 7919 + j * 104_729) % backers; // distinct backers within a project
          const tierId = j % 2 ? (project - 1) * 3 + 2 : null; // the unlimited "Standard" tier, or no reward
          const amount = (j % 2 ? 10_000 : 1_000) + Math.floor(random() * 40_000);
          pledgeId += 1;
          insertPledge.run(
            pledgeId,
            project,
            firstBackerId + backer,
            tierId,
            amount,
            amount,
            currencies.get(project),
            backer + 1,
            stamp,
            stamp,
          );
          insertEvent.run(pledgeId, tierId, amount, amount, backer + 1, stamp);
          written += 1;
        }
      }
      conn.exec(`UPDATE projects SET
        pledged_minor = (SELECT COALESCE(SUM(total_minor), 0) FROM pledges WHERE project_id = projects.id AND status = 'active'),
        backers_count = (SELECT COUNT(*) FROM pledges WHERE project_id = projects.id AND status = 'active')`);
    })();
  } finally {
    // biome-ignore lint/suspicious/noExplicitAny: see above
    await (db.client as any).releaseConnection(conn);
  }
  return written;
}
