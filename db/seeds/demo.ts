import crypto from "node:crypto";
import sharp from "sharp";
import { loadConfig } from "../../server/config.ts";
import { lastFour, SecretBox } from "../../server/crypto/secrets.ts";
import { renderStory } from "../../server/domain/markdown.ts";
import type { Locale } from "../../server/i18n/index.ts";
import { hashPassword } from "../../server/services/passwords.ts";
import { UploadStore } from "../../server/services/uploads.ts";
import { saveCreatorProfile } from "../../server/store/creator-profiles.ts";
import type { Db } from "../../server/store/db.ts";
import { insertImage } from "../../server/store/images.ts";
import {
  insertDocumentVersion,
  insertProject,
  insertTier,
  saveEquityTerms,
  updateProjectFields,
} from "../../server/store/projects.ts";
import { indexProject } from "../../server/store/search.ts";
import { toDbTime } from "../../server/store/time.ts";
import { findUserByEmail, insertUser, updateUser } from "../../server/store/users.ts";
import { type LiveCampaign, type SeedConfig, seedBacking } from "./demo-backing.ts";
import { type DemoCampaign, demoCampaigns, demoCreators } from "./demo-campaigns.ts";
import { demoPdf } from "./demo-pdf.ts";

export const demoAccounts = [
  {
    role: "admin",
    email: "admin@demo.seedfund.test",
    password: "demo-admin-pass-2026",
    name: "Ada Admin",
    locale: "en",
  },
  {
    role: "user",
    email: "creator@demo.seedfund.test",
    password: "demo-creator-pass-2026",
    name: "李明 (Li Ming)",
    locale: "zh-CN",
  },
  {
    role: "user",
    email: "backer@demo.seedfund.test",
    password: "demo-backer-pass-2026",
    name: "Beatrice Backer",
    locale: "en",
  },
] as const;

const DAY = 24 * 3600 * 1000;

/**
 * Loads demo content; running it again leaves the database as it was (idempotent): accounts are
 * updated, campaigns that exist (by title) are not created again, only their dates are moved so that
 * they stay live relative to `now`, and no backer pledges or invests twice (demo-backing.ts). Files go
 * where `config` says (DATA_DIR/uploads, DATA_DIR/identity).
 */
export async function seedDemo(db: Db, now: Date, config: SeedConfig = loadConfig()): Promise<void> {
  for (const account of demoAccounts) {
    const existing = await findUserByEmail(db, account.email);
    const passwordHash = await hashPassword(account.password);
    if (existing) {
      await updateUser(db, existing.id, { passwordHash, role: account.role, status: "active" }, now);
    } else {
      await insertUser(db, { ...account, passwordHash }, now);
    }
  }
  const live = await seedCampaigns(db, now, config);
  await seedBacking(db, now, config, live);
}

async function seedCampaigns(db: Db, now: Date, config: SeedConfig): Promise<LiveCampaign[]> {
  const uploads = new UploadStore({ dir: config.uploadDir, ...config.uploads });
  const box = new SecretBox(config.encryptionKey);

  // The other creators of the demo campaigns; they have random passwords (nobody signs in as them).
  const creatorIds = new Map<string, number>();
  for (const c of demoCreators) {
    let user = await findUserByEmail(db, c.email);
    if (!user) {
      const passwordHash = await hashPassword(crypto.randomBytes(24).toString("base64url"));
      await insertUser(db, { email: c.email, name: c.name, locale: c.locale as Locale, passwordHash }, now);
      user = await findUserByEmail(db, c.email);
    }
    if (!user) throw new Error(`Could not create ${c.email}`);
    creatorIds.set(c.email, user.id);
    // Identity and payout account, so the submitted project passes the review checklist.
    if (!(await db("creator_profiles").where({ user_id: user.id }).first())) {
      const idNumber = `1101011990030${String(user.id).padStart(5, "0")}`;
      const account = `62220202001122${String(user.id).padStart(5, "0")}`;
      await saveCreatorProfile(
        db,
        {
          userId: user.id,
          legalName: c.name.replace(/ \(.*\)$/, ""),
          country: c.locale === "zh-CN" ? "CN" : "GB",
          idType: "national_id",
          idNumberSealed: box.seal(idNumber),
          idNumberLast4: lastFour(idNumber),
          payoutHolder: c.name,
          payoutBank: c.locale === "zh-CN" ? "中国工商银行 ICBC" : "Example Bank plc",
          payoutAccountSealed: box.seal(account),
          payoutAccountLast4: lastFour(account),
        },
        now,
      );
    }
  }

  const live: LiveCampaign[] = [];
  for (const campaign of demoCampaigns) {
    const creatorId = creatorIds.get(campaign.creator);
    if (!creatorId) throw new Error(`Unknown demo creator ${campaign.creator}`);
    const existing = await db("projects").where({ creator_id: creatorId, title: campaign.title }).first();
    const projectId: number = existing
      ? existing.id
      : await createCampaign(db, uploads, creatorId, campaign, now);
    if (campaign.state !== "live") continue;
    if (existing) {
      await db("projects").where({ id: projectId }).update(timing(campaign, now));
      await clearUnbackedFigures(db, projectId, campaign);
    }
    live.push({ campaign, projectId });
  }
  return live;
}

/**
 * Earlier versions of this seed wrote a live campaign's figures (pledged, backers, units claimed)
 * without any pledge behind them. Such a campaign (figures, yet no pledge or commitment) gets its
 * figures cleared and today's goal, limits and terms, so that the demo backers' pledges make them.
 */
async function clearUnbackedFigures(db: Db, projectId: number, c: DemoCampaign) {
  const project = await db("projects").where({ id: projectId }).first("pledged_minor", "backers_count");
  if (!project || (Number(project.pledged_minor) === 0 && Number(project.backers_count) === 0)) return;
  if (await db("pledges").where({ project_id: projectId }).first("id")) return;
  if (await db("commitments").where({ project_id: projectId }).first("id")) return;
  await db.transaction(async (trx) => {
    await trx("projects")
      .where({ id: projectId })
      .update({ goal_minor: c.goal, pledged_minor: 0, backers_count: 0 });
    for (const tier of c.tiers ?? []) {
      await trx("reward_tiers")
        .where({ project_id: projectId, title: tier.title })
        .update({ quantity_limit: tier.limit ?? null, quantity_claimed: 0 });
    }
    if (c.equity) await saveEquityTerms(trx, equityTerms(projectId, c.equity));
  });
}

function equityTerms(projectId: number, e: NonNullable<DemoCampaign["equity"]>) {
  return {
    projectId,
    companyName: e.companyName,
    registrationNumber: e.registrationNumber,
    securityType: e.securityType,
    pricePerShareMinor: e.pricePerShare,
    minInvestmentMinor: e.minInvestment,
    maxRaiseMinor: e.maxRaise,
    preMoneyValuationMinor: e.preMoneyValuation,
    useOfFunds: e.useOfFunds,
    regime: e.regime,
    allocationRule: e.allocationRule,
  };
}

/** Launch and deadline relative to now, so the demo campaigns are live whenever the demo runs. */
function timing(c: DemoCampaign, now: Date) {
  const launchedAt = new Date(now.getTime() - c.launchedDaysAgo * DAY);
  return {
    launched_at: toDbTime(launchedAt),
    deadline_at: toDbTime(new Date(now.getTime() + c.daysLeft * DAY)),
    submitted_at: toDbTime(new Date(launchedAt.getTime() - 4 * DAY)),
    decided_at: toDbTime(new Date(launchedAt.getTime() - 2 * DAY)),
  };
}

async function createCampaign(
  db: Db,
  uploads: UploadStore,
  creatorId: number,
  c: DemoCampaign,
  now: Date,
): Promise<number> {
  const cover = await uploads.storeImage(await coverImage(c));
  const documents =
    c.kind === "equity"
      ? await Promise.all(
          (["financials", "disclosure"] as const).map(async (kind) => ({
            kind,
            stored: await uploads.storeDocument(demoPdf(`${c.equity?.companyName ?? c.title}`, kind)),
          })),
        )
      : [];
  return db.transaction(async (trx) => {
    const imageId = await insertImage(trx, { ownerId: creatorId, ...cover }, now);
    const id = await insertProject(
      trx,
      {
        creatorId,
        kind: c.kind,
        title: c.title,
        blurb: c.blurb,
        storyMd: c.story,
        storyHtml: renderStory(c.story),
        category: c.category,
        location: c.location,
        goalMinor: c.goal,
        currency: c.currency,
        durationDays: Math.min(60, Math.max(1, Math.ceil(c.launchedDaysAgo + c.daysLeft))),
        risks: c.risks,
        team: c.team,
      },
      now,
    );
    for (const tier of c.tiers ?? []) {
      await insertTier(
        trx,
        id,
        {
          title: tier.title,
          description: tier.description,
          minimumMinor: tier.minimum,
          quantityLimit: tier.limit ?? null,
          estimatedDelivery: tier.delivery,
          ships: Boolean(tier.shipping?.length),
          shipping: (tier.shipping ?? []).map((s) => ({ region: s.region, feeMinor: s.fee })),
        },
        now,
      );
    }
    if (c.equity) {
      await saveEquityTerms(trx, equityTerms(id, c.equity));
      for (const d of documents) {
        await insertDocumentVersion(
          trx,
          {
            projectId: id,
            kind: d.kind,
            originalName: `${d.kind}.pdf`,
            storageKey: d.stored.storageKey,
            sha256: d.stored.sha256,
            sizeBytes: d.stored.sizeBytes,
            materialChange: false,
            uploadedBy: creatorId,
          },
          now,
        );
      }
    }
    await updateProjectFields(
      trx,
      id,
      { coverImageId: imageId, rewardsAttested: c.kind === "reward" && c.state !== "draft" },
      now,
    );
    if (c.state === "submitted") {
      await updateProjectFields(
        trx,
        id,
        { state: "submitted", submittedAt: new Date(now.getTime() - DAY) },
        now,
      );
    }
    if (c.state === "live") {
      // Launched with nothing pledged: the demo backers' pledges and commitments make the figures.
      await trx("projects")
        .where({ id })
        .update({ state: "live", staff_pick: Boolean(c.staffPick), ...timing(c, now) });
      await indexProject(trx, { id, title: c.title, blurb: c.blurb, storyMd: c.story });
    }
    return id;
  });
}

/** A cover: gradient, a few shapes and a word, drawn as SVG and encoded like an upload. */
async function coverImage(c: DemoCampaign): Promise<Buffer> {
  const { from, to, accent, label, motif } = c.cover;
  const shapes: string[] = [];
  const seed = [...c.title].reduce((n, ch) => (n * 31 + (ch.codePointAt(0) ?? 0)) >>> 0, 7);
  const rand = (i: number) => ((seed * (i + 11) * 2654435761) >>> 0) / 4294967296;
  if (motif === "circles") {
    for (let i = 0; i < 7; i++) {
      shapes.push(
        `<circle cx="${Math.round(rand(i) * 1200)}" cy="${Math.round(rand(i + 20) * 675)}" r="${Math.round(60 + rand(i + 40) * 220)}" fill="${accent}" fill-opacity="${(0.08 + rand(i + 60) * 0.18).toFixed(2)}"/>`,
      );
    }
  } else if (motif === "waves") {
    for (let i = 0; i < 6; i++) {
      const y = 300 + i * 60;
      shapes.push(
        `<path d="M0 ${y} C 200 ${y - 60}, 400 ${y + 60}, 600 ${y} S 1000 ${y - 60}, 1200 ${y}" stroke="${accent}" stroke-opacity="${(0.15 + i * 0.08).toFixed(2)}" stroke-width="${6 + i * 2}" fill="none"/>`,
      );
    }
  } else if (motif === "grid") {
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 4; y++) {
        if (rand(x * 4 + y) < 0.45) {
          shapes.push(
            `<rect x="${640 + x * 70}" y="${60 + y * 70}" width="54" height="54" rx="12" fill="${accent}" fill-opacity="${(0.12 + rand(x + y + 30) * 0.35).toFixed(2)}"/>`,
          );
        }
      }
    }
  } else {
    for (let i = 0; i < 14; i++) {
      const angle = (i / 14) * Math.PI - Math.PI / 2;
      shapes.push(
        `<line x1="1200" y1="0" x2="${Math.round(1200 - Math.cos(angle) * 1300)}" y2="${Math.round(Math.sin(angle + Math.PI / 2) * 1300)}" stroke="${accent}" stroke-opacity="0.12" stroke-width="${18 + (i % 3) * 10}"/>`,
      );
    }
    shapes.push(`<circle cx="1040" cy="150" r="90" fill="${accent}" fill-opacity="0.35"/>`);
  }
  const size = label.length > 12 ? 76 : 104;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="1200" height="675" fill="url(#g)"/>
  ${shapes.join("\n  ")}
  <rect x="0" y="475" width="1200" height="200" fill="#000" fill-opacity="0.18"/>
  <text x="64" y="${600 - (104 - size) / 2}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-weight="700" font-size="${size}" letter-spacing="4" fill="${accent}">${label}</text>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
