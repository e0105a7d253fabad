import crypto from "node:crypto";
import { ManualClock } from "../../server/clock.ts";
import type { Config } from "../../server/config.ts";
import { ukAppropriatenessQuiz } from "../../server/domain/investing/uk.ts";
import { type Regime, regimeSlug, type ShippingRegion } from "../../server/domain/project-rules.ts";
import { type Locale, translator } from "../../server/i18n/index.ts";
import type { TransactionalMailer } from "../../server/mail/outbox.ts";
import { SandboxGateway } from "../../server/payments/sandbox.ts";
import { IdentityService } from "../../server/services/identity.ts";
import { InvestingService } from "../../server/services/investing.ts";
import { Notifier } from "../../server/services/notifications.ts";
import { hashPassword } from "../../server/services/passwords.ts";
import { PledgeService } from "../../server/services/pledges.ts";
import { UploadStore } from "../../server/services/uploads.ts";
import type { Db } from "../../server/store/db.ts";
import { findIdentity } from "../../server/store/identity.ts";
import type { FiguresOf } from "../../server/store/investing.ts";
import { findProject, type Project, type RewardTier, tiersOf } from "../../server/store/projects.ts";
import { findUserByEmail, insertUser, type User } from "../../server/store/users.ts";
import type { DemoCampaign } from "./demo-campaigns.ts";
import { demoPdf } from "./demo-pdf.ts";

/**
 * The demo's funding: generated backers (names in English and Chinese, each with a saved sandbox card)
 * pledge to the live reward campaigns and invest in the equity offerings through the services the app
 * uses (PledgeService, InvestingService), so every figure a page shows has pledge or commitment rows
 * behind it: the creator's backer list, the admin views, settlement and the ledger see the same money.
 */

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

export type SeedConfig = Pick<Config, "uploadDir" | "identityDir" | "encryptionKey" | "uploads" | "baseUrl">;

export interface DemoBacker {
  name: string;
  email: string;
  locale: Locale;
  country: string;
  region: ShippingRegion;
  address: string;
}

const regionOf: Record<string, ShippingRegion> = {
  CN: "cn",
  HK: "greater_china",
  TW: "greater_china",
  SG: "asia",
  JP: "asia",
  US: "north_america",
  CA: "north_america",
  GB: "europe",
  IE: "europe",
  FR: "europe",
  DE: "europe",
  NL: "europe",
  SE: "europe",
  AU: "rest_of_world",
  NZ: "rest_of_world",
  BR: "rest_of_world",
};

const addresses: Record<string, string[]> = {
  CN: [
    "上海市徐汇区漕溪北路 88 号 1203 室",
    "北京市朝阳区建国路 93 号 8 号楼 502 室",
    "广州市天河区体育西路 103 号 1801 室",
    "成都市武侯区人民南路四段 12 号 6 栋 303 室",
    "杭州市西湖区文三路 259 号 11 楼",
  ],
  HK: ["香港九龍尖沙咀彌敦道 132 號 15 樓 B 室"],
  TW: ["台北市大安區復興南路一段 390 號 6 樓"],
  SG: ["12 Orchard Road, #08-01, Singapore 238826"],
  JP: ["2-11-3 Meguro, Meguro-ku, Tokyo 153-0063, Japan"],
  US: ["742 Maple Avenue, Portland, OR 97205, USA", "55 Water Street, Brooklyn, NY 11201, USA"],
  CA: ["88 Queen Street West, Toronto, ON M5H 2N2, Canada"],
  GB: ["14 Rose Street, Edinburgh EH2 2PR, United Kingdom", "3 Mill Lane, Bristol BS1 6QA, United Kingdom"],
  IE: ["27 Baggot Street Upper, Dublin D04 W7K5, Ireland"],
  FR: ["5 rue des Rosiers, 75004 Paris, France"],
  DE: ["Kastanienallee 12, 10435 Berlin, Germany"],
  NL: ["Prinsengracht 263, 1016 GV Amsterdam, Netherlands"],
  SE: ["Götgatan 48, 118 26 Stockholm, Sweden"],
  AU: ["21 Beach Road, Bondi NSW 2026, Australia"],
  NZ: ["9 Cuba Street, Wellington 6011, New Zealand"],
  BR: ["Rua Augusta 1100, São Paulo SP 01305-100, Brazil"],
};

/** [name, country]: a name with characters is a Chinese speaker's (locale zh-CN), its pinyin in brackets. */
const people: [string, string][] = [
  ["王雪 (Wang Xue)", "CN"],
  ["Olivia Bennett", "GB"],
  ["张浩 (Zhang Hao)", "CN"],
  ["Noah Williams", "US"],
  ["赵敏 (Zhao Min)", "CN"],
  ["Sophie Martin", "FR"],
  ["孙悦 (Sun Yue)", "CN"],
  ["Ava Johnson", "US"],
  ["周杰 (Zhou Jie)", "CN"],
  ["Lukas Schneider", "DE"],
  ["吴婷 (Wu Ting)", "CN"],
  ["Liam Brown", "CA"],
  ["郑凯 (Zheng Kai)", "CN"],
  ["Emma de Vries", "NL"],
  ["冯丽 (Feng Li)", "CN"],
  ["Isabella Garcia", "US"],
  ["何俊 (He Jun)", "CN"],
  ["James O'Connor", "IE"],
  ["高燕 (Gao Yan)", "CN"],
  ["Mia Thompson", "AU"],
  ["林涛 (Lin Tao)", "TW"],
  ["Ethan Clarke", "GB"],
  ["罗佳 (Luo Jia)", "CN"],
  ["Lucas Silva", "BR"],
  ["黄磊 (Huang Lei)", "CN"],
  ["Charlotte Evans", "GB"],
  ["徐静怡 (Xu Jingyi)", "CN"],
  ["Henry Walker", "NZ"],
  ["马晓东 (Ma Xiaodong)", "CN"],
  ["Oscar Lindqvist", "SE"],
  ["朱莉娜 (Zhu Lina)", "CN"],
  ["Amelia Wright", "US"],
  ["胡志强 (Hu Zhiqiang)", "CN"],
  ["Daniel Murphy", "IE"],
  ["郭晨 (Guo Chen)", "CN"],
  ["Grace Kim", "US"],
  ["梁嘉欣 (Leung Ka Yan)", "HK"],
  ["Chloe Dubois", "FR"],
  ["谢雨桐 (Xie Yutong)", "CN"],
  ["Jack Robinson", "AU"],
  ["宋佳琪 (Song Jiaqi)", "CN"],
  ["Hannah Fischer", "DE"],
  ["唐宁 (Tang Ning)", "CN"],
  ["Samuel Patel", "GB"],
  ["韩冰 (Han Bing)", "CN"],
  ["Ella Nakamura", "JP"],
  ["陈美玲 (Tan Mei Ling)", "SG"],
  ["Ryan Tan", "SG"],
];

export const demoBackers: DemoBacker[] = people.map(([name, country], i) => {
  const latin = /\((.*)\)$/.exec(name)?.[1] ?? name;
  const local = latin
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .trim()
    .replace(/ +/g, ".");
  const options = addresses[country] as string[];
  return {
    name,
    email: `${local}@backers.demo.seedfund.test`,
    locale: /\p{Script=Han}/u.test(name) ? "zh-CN" : "en",
    country,
    region: regionOf[country] as ShippingRegion,
    address: options[i % options.length] as string,
  };
});

/** What backer@demo.seedfund.test has backed, so that "My pledges" shows something. */
const demoAccountPledges: { campaign: string; tier: string | null; amount?: number }[] = [
  { campaign: "Hand-thrown porcelain tea set · 景德镇手工茶具", tier: "Tea set · 茶具套装" },
  { campaign: "Night Market: a board game of street food", tier: "The game" },
  { campaign: "The Last Ferry — an independent film", tier: null, amount: 2_500 },
];
const demoAccountHome = {
  country: "GB",
  region: "europe",
  address: "3 Mill Lane, Bristol BS1 6QA, United Kingdom",
} as const;

/** Investors invest under the regime of where they live: Chinese speakers in China, Europeans in the UK. */
function regimeOf(b: DemoBacker): Regime {
  if (b.locale === "zh-CN") return "cn_private";
  return b.region === "europe" ? "uk" : "us_reg_cf";
}

/** The demo's people write to nobody: receipts are kept as in-app notifications only. */
const silent: TransactionalMailer = { send: async () => {}, enqueue: async () => 0 };

interface Person {
  user: User;
  backer: DemoBacker;
  cardId: number;
}

/** A live demo campaign and its project. */
export interface LiveCampaign {
  campaign: DemoCampaign;
  projectId: number;
}

export async function seedBacking(
  db: Db,
  now: Date,
  config: SeedConfig,
  live: LiveCampaign[],
): Promise<void> {
  const clock = new ManualClock(now);
  const gateway = new SandboxGateway(db, clock);
  const notifier = new Notifier({ db, clock, mailer: silent, baseUrl: config.baseUrl });
  const pledges = new PledgeService({ db, clock, gateway, notifier });
  const since = new Date(now.getTime() - 60 * DAY);

  const people = await ensureBackers(db, clock, pledges, since);
  const account = await findUserByEmail(db, "backer@demo.seedfund.test");
  if (!account) throw new Error("The demo backer account is missing");
  const demoAccount: Person = {
    user: account,
    backer: { name: account.name, email: account.email, locale: account.locale, ...demoAccountHome },
    cardId: await ensureCard(pledges, clock, account, "4242424242424242", since),
  };

  const open: { project: Project; campaign: DemoCampaign }[] = [];
  for (const { campaign, projectId } of live) {
    const project = await findProject(db, projectId);
    // Settled, suspended or past its deadline since an earlier run: it takes no more backing.
    if (project?.state === "live" && !project.suspendedAt && project.deadlineAt && project.deadlineAt > now)
      open.push({ project, campaign });
  }

  const planned: PlannedPledge[] = [];
  for (const [i, { project, campaign }] of open.entries()) {
    if (campaign.kind === "reward")
      planned.push(...(await planPledges(db, project, campaign, people, i * 7, now)));
  }
  planned.push(...(await planAccountPledges(db, open, demoAccount, now)));
  const done = await existingPairs(db, "pledges", "backer_id");
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const p of planned) {
    if (done.has(`${p.project.id}:${p.person.user.id}`)) continue;
    clock.set(p.at);
    await pledges.placePledge(p.person.user, {
      projectId: p.project.id,
      tierId: p.tierId,
      amountMinor: p.amountMinor,
      shipRegion: p.shipRegion,
      shipName: p.shipRegion ? p.person.user.name : null,
      shipAddress: p.shipRegion ? p.person.backer.address : null,
      paymentMethodId: p.person.cardId,
      idempotencyKey: `demo-seed:${p.project.id}:${p.person.user.id}`,
    });
  }

  const offerings = open.filter((o) => o.campaign.equity);
  if (offerings.length > 0) await investInOfferings(db, clock, config, notifier, people, offerings, now);
}

/** The generated backers' accounts and cards (created once; nobody signs in as them: the password is random). */
async function ensureBackers(db: Db, clock: ManualClock, pledges: PledgeService, since: Date) {
  let passwordHash: string | undefined;
  const people: Person[] = [];
  for (const [i, backer] of demoBackers.entries()) {
    let user = await findUserByEmail(db, backer.email);
    if (!user) {
      passwordHash ??= await hashPassword(crypto.randomUUID());
      const joined = new Date(since.getTime() + i * HOUR);
      await insertUser(
        db,
        { email: backer.email, name: backer.name, locale: backer.locale, passwordHash },
        joined,
      );
      user = await findUserByEmail(db, backer.email);
      if (!user) throw new Error(`Could not create ${backer.email}`);
    }
    const card =
      backer.locale === "zh-CN" ? "6200000000000005" : i % 2 ? "5555555555554444" : "4242424242424242";
    people.push({ user, backer, cardId: await ensureCard(pledges, clock, user, card, since) });
  }
  return people;
}

/** The user's saved card, or a sandbox test card saved now through the gateway (as the card form does). */
async function ensureCard(pledges: PledgeService, clock: ManualClock, user: User, number: string, at: Date) {
  const [saved] = await pledges.cardsOf(user);
  if (saved) return saved.id;
  clock.set(at);
  const added = await pledges.addCard(user, {
    number,
    expMonth: 12,
    expYear: at.getUTCFullYear() + 4,
    cvc: "123",
    holderName: user.name,
  });
  if (!added.ok) throw new Error(`The sandbox refused the demo card of ${user.email}: ${added.error}`);
  return added.method.id;
}

/** "projectId:userId" of every pledge or commitment already made (any status): the seed never makes one twice. */
async function existingPairs(db: Db, table: "pledges" | "commitments", userColumn: string) {
  const rows = await db(table).select("project_id", `${userColumn} as user_id`);
  return new Set(rows.map((r) => `${r.project_id}:${r.user_id}`));
}

interface PlannedPledge {
  at: Date;
  person: Person;
  project: Project;
  tierId: number | null;
  amountMinor: number;
  shipRegion: ShippingRegion | null;
}

/**
 * The campaign's pledges: for each reward, as many different backers as the data says (starting at
 * `offset` in the list, so campaigns have different crowds; a reward that ships goes to backers in a
 * region it ships to), then the supporters without a reward. Every fourth backer of a reward adds a
 * little more than its minimum. Times are spread over the campaign so far, in a shuffled order.
 */
async function planPledges(
  db: Db,
  project: Project,
  c: DemoCampaign,
  people: Person[],
  offset: number,
  now: Date,
): Promise<PlannedPledge[]> {
  const tiers = await tiersOf(db, project.id);
  const used = new Set<number>();
  const next = (accepts: (p: Person) => boolean) => {
    for (let k = 0; k < people.length; k++) {
      const person = people[(offset + k) % people.length] as Person;
      if (!used.has(person.user.id) && accepts(person)) {
        used.add(person.user.id);
        return person;
      }
    }
    throw new Error(`Not enough demo backers for "${c.title}"`);
  };
  const plan: Omit<PlannedPledge, "at">[] = [];
  for (const data of c.tiers ?? []) {
    const tier = tiers.find((t) => t.title === data.title);
    if (!tier) throw new Error(`Tier "${data.title}" of "${c.title}" is missing`);
    for (let n = 0; n < (data.backers ?? 0); n++) {
      const person = next((p) => shipRegion(tier, p) !== undefined);
      const tip = n % 4 === 3 ? Math.ceil((tier.minimumMinor * 0.2) / 100) * 100 : 0;
      plan.push({
        person,
        project,
        tierId: tier.id,
        amountMinor: tier.minimumMinor + tip,
        shipRegion: shipRegion(tier, person) ?? null,
      });
    }
  }
  const smallest = Math.min(...tiers.map((t) => t.minimumMinor));
  for (let n = 0; n < (c.supporters ?? 0); n++) {
    const factor = [1, 2, 0.5, 5][n % 4] as number;
    plan.push({
      person: next(() => true),
      project,
      tierId: null,
      amountMinor: Math.max(100, Math.round((smallest * factor) / 100) * 100),
      shipRegion: null,
    });
  }
  const times = spread(project, plan.length, now);
  return plan.map((p, k) => ({ ...p, at: times[k] as Date }));
}

/** Where the reward goes for this backer: null when it does not ship, undefined when it cannot reach them. */
function shipRegion(tier: RewardTier, p: Person): ShippingRegion | null | undefined {
  if (!tier.ships) return null;
  const offered = tier.shipping.map((s) => s.region);
  if (offered.includes(p.backer.region)) return p.backer.region;
  return offered.includes("rest_of_world") ? "rest_of_world" : undefined;
}

/** `count` instants between the launch and now (the last few hours left free), in a shuffled order. */
function spread(project: Project, count: number, now: Date, notBefore = 0): Date[] {
  const start = (project.launchedAt as Date).getTime() + notBefore;
  const span = (now.getTime() - 3 * HOUR - start) * 0.97;
  // 7919 is prime, so k -> 7919k mod count visits every slot once.
  return Array.from(
    { length: count },
    (_, k) => new Date(start + (((k * 7919) % count) + 0.5) * (span / count)),
  );
}

async function planAccountPledges(
  db: Db,
  open: { project: Project; campaign: DemoCampaign }[],
  person: Person,
  now: Date,
): Promise<PlannedPledge[]> {
  const plan: PlannedPledge[] = [];
  for (const [i, wanted] of demoAccountPledges.entries()) {
    const found = open.find((o) => o.campaign.title === wanted.campaign);
    if (!found) continue;
    const tier = (await tiersOf(db, found.project.id)).find((t) => t.title === wanted.tier);
    if (wanted.tier && !tier) throw new Error(`Tier "${wanted.tier}" is missing`);
    const region = tier ? shipRegion(tier, person) : null;
    if (region === undefined) throw new Error(`"${wanted.tier}" does not ship to the demo backer`);
    plan.push({
      at: new Date(now.getTime() - (i + 1) * 20 * HOUR),
      person,
      project: found.project,
      tierId: tier?.id ?? null,
      amountMinor: tier?.minimumMinor ?? (wanted.amount as number),
      shipRegion: region,
    });
  }
  return plan;
}

/**
 * Commitments to the equity offerings, through the investing service with every step an investor
 * takes first: a verified identity (submitted with a document, approved by the demo admin), a
 * declaration for the regime, and in the UK a passed appropriateness test and the 24-hour cooling-off.
 */
async function investInOfferings(
  db: Db,
  clock: ManualClock,
  config: SeedConfig,
  notifier: Notifier,
  people: Person[],
  offerings: { project: Project; campaign: DemoCampaign }[],
  now: Date,
) {
  const admin = await findUserByEmail(db, "admin@demo.seedfund.test");
  if (!admin) throw new Error("The demo admin account is missing");
  const identities = new IdentityService({
    db,
    clock,
    mailer: silent,
    baseUrl: config.baseUrl,
    encryptionKey: config.encryptionKey,
    // Where the app keeps ID documents (server/web/invest.ts).
    documents: new UploadStore({ dir: config.identityDir, ...config.uploads }),
  });
  const investing = new InvestingService({ db, clock, notifier });
  const done = await existingPairs(db, "commitments", "investor_id");

  const planned: {
    at: Date;
    person: Person;
    project: Project;
    regime: Regime;
    shares: number;
    amountMinor: number;
  }[] = [];
  for (const { project, campaign } of offerings) {
    const equity = campaign.equity as NonNullable<DemoCampaign["equity"]>;
    const investors = people.filter((p) => regimeOf(p.backer) === equity.regime);
    if (investors.length < equity.investments.length)
      throw new Error(`Not enough demo investors for "${campaign.title}"`);
    // A UK investor new to the platform waits 24 hours between opening the offering and committing.
    const times = spread(project, equity.investments.length, now, equity.regime === "uk" ? 26 * HOUR : 0);
    equity.investments.forEach((shares, k) => {
      planned.push({
        at: times[k] as Date,
        person: investors[k] as Person,
        project,
        regime: equity.regime,
        shares,
        amountMinor: shares * equity.pricePerShare,
      });
    });
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { at, person, project, regime, shares, amountMinor } of planned) {
    if (done.has(`${project.id}:${person.user.id}`)) continue;
    const { user, backer } = person;
    clock.set(new Date(at.getTime() - 25 * HOUR));
    await verifyIdentity(db, identities, admin, person);
    if (!(await investing.declarationOf(user, regime))) {
      const t = translator(backer.locale);
      const attestation = t(`invest.declare.${regimeSlug(regime)}.attestation`);
      const statement =
        regime === "uk"
          ? `${t("invest.declare.uk.categoryTitles.certified_hnw")}: ${t("invest.declare.uk.statements.certified_hnw")}\n\n`
          : "";
      await investing.declare(user, regime, figuresFor(regime, amountMinor), {
        text: statement + attestation,
        locale: backer.locale,
      });
    }
    if (regime === "uk") {
      if (!(await investing.latestQuizAttempt(user))?.passed) {
        const answers = Object.fromEntries(ukAppropriatenessQuiz.questions.map((q) => [q.id, q.correct]));
        await investing.attemptQuiz(user, answers, backer.locale);
      }
      await investing.investPage(user, project.id); // starts the cooling-off, as opening the page does
    }
    clock.set(at);
    const offering = await investing.openOffering(project.id);
    await investing.commit(user, {
      projectId: project.id,
      shares,
      paymentMethodId: person.cardId,
      idempotencyKey: `demo-seed:${project.id}:${user.id}`,
      acknowledgedRisks: true,
      shownDocuments: offering.documents.map((d) => ({ id: d.id, sha256: d.sha256 })),
      acknowledgedDocuments: true,
      locale: backer.locale,
    });
  }
}

/** Submits the investor's identity with a demo document and has the demo admin approve it. */
async function verifyIdentity(db: Db, identities: IdentityService, admin: User, person: Person) {
  const { user, backer } = person;
  if ((await identities.statusOf(user)) === "none") {
    await identities.submit(
      user,
      {
        legalName: backer.name.replace(/ \(.*\)$/, ""),
        dateOfBirth: `19${70 + (user.id % 25)}-0${1 + (user.id % 9)}-1${user.id % 10}`,
        country: backer.country,
        nationality: backer.country,
        idType: backer.country === "CN" ? "national_id" : "passport",
        idNumber:
          backer.country === "CN"
            ? `11010119850101${String(user.id).padStart(4, "0")}`
            : `P${7_000_000 + user.id}`,
        address: backer.address,
      },
      { buffer: demoPdf(backer.name, "identity"), originalName: "identity.pdf" },
    );
  }
  const identity = await findIdentity(db, user.id);
  if (identity?.status === "pending") await identities.approve(admin, user.id, identity.submittedAt);
}

/**
 * Declared figures that allow the amount: in the US a non-accredited investor may put $10,000 a year
 * into Regulation Crowdfunding with these, an accredited one more; in the UK a certified high-net-worth
 * investor; in China an investor qualified by financial assets.
 */
function figuresFor(regime: Regime, amountMinor: number): FiguresOf<Regime> {
  switch (regime) {
    case "us_reg_cf":
      return amountMinor <= 10_000_00
        ? { accredited: false, annualIncomeMinor: 85_000_00, netWorthMinor: 200_000_00, elsewhere: [] }
        : { accredited: true, annualIncomeMinor: 320_000_00, netWorthMinor: 1_500_000_00, elsewhere: [] };
    case "uk":
      return {
        category: "certified_hnw",
        elsewhereMinor: 0,
        annualIncomeMinor: 120_000_00,
        netAssetsMinor: 300_000_00,
      };
    case "cn_private":
      return {
        investorType: "individual",
        financialAssetsMinor: 3_500_000_00,
        incomesMinor: [420_000_00, 450_000_00, 480_000_00],
      };
  }
}
