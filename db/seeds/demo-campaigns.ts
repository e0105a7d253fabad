import type { Currency } from "../../server/domain/money.ts";
import type {
  AllocationRule,
  Category,
  ProjectKind,
  Regime,
  SecurityType,
  ShippingRegion,
} from "../../server/domain/project-rules.ts";

/**
 * The demo campaigns: live reward and equity projects in English and Chinese, at various stages of
 * funding, plus one draft and one project waiting for review. Dates are relative to "now" when the
 * seed runs (days left, days since launch), so the demo always looks current. The money comes from the
 * demo backers (demo-backing.ts): `backers` and `supporters` say how many pledge for each reward and
 * without one, `investments` what each investor commits to an offering; the goals are set so that the
 * campaigns stand at different stages of funding (nearly funded, over the goal, just started).
 */
export interface DemoTier {
  title: string;
  description: string;
  minimum: number; // minor units
  limit?: number;
  /** How many of the demo backers pledge for this reward (each a real pledge: see demo-backing.ts). */
  backers?: number;
  delivery: string; // YYYY-MM
  shipping?: { region: ShippingRegion; fee: number }[];
}

export interface DemoCampaign {
  creator: string; // email
  kind: ProjectKind;
  state: "live" | "draft" | "submitted";
  title: string;
  blurb: string;
  story: string; // Markdown
  category: Category;
  location: string;
  currency: Currency;
  goal: number; // minor units
  /** How many of the demo backers pledge without a reward. */
  supporters?: number;
  launchedDaysAgo: number;
  daysLeft: number;
  staffPick?: boolean;
  risks: string;
  team: string;
  cover: {
    from: string;
    to: string;
    accent: string;
    label: string;
    motif: "circles" | "waves" | "grid" | "rays";
  };
  tiers?: DemoTier[];
  equity?: {
    companyName: string;
    registrationNumber: string;
    securityType: SecurityType;
    pricePerShare: number;
    minInvestment: number;
    maxRaise: number;
    preMoneyValuation: number;
    useOfFunds: string;
    regime: Regime;
    allocationRule: AllocationRule;
    /** The shares each demo investor commits to (one commitment per investor, in this order). */
    investments: number[];
  };
}

export const demoCreators = [
  { email: "creator@demo.seedfund.test", name: "李明 (Li Ming)", locale: "zh-CN" },
  { email: "chen.jing@demo.seedfund.test", name: "陈静 (Chen Jing)", locale: "zh-CN" },
  { email: "maya.patel@demo.seedfund.test", name: "Maya Patel", locale: "en" },
  { email: "tom.whitaker@demo.seedfund.test", name: "Tom Whitaker", locale: "en" },
  { email: "orbit@demo.seedfund.test", name: "Orbit Farm Robotics", locale: "en" },
] as const;

const cnAsia: DemoTier["shipping"] = [
  { region: "cn", fee: 0 },
  { region: "greater_china", fee: 4_000 },
  { region: "asia", fee: 6_000 },
  { region: "rest_of_world", fee: 12_000 },
];
const worldUsd: DemoTier["shipping"] = [
  { region: "north_america", fee: 800 },
  { region: "europe", fee: 1_500 },
  { region: "asia", fee: 1_500 },
  { region: "rest_of_world", fee: 2_500 },
];

export const demoCampaigns: DemoCampaign[] = [
  {
    creator: "creator@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "Hand-thrown porcelain tea set · 景德镇手工茶具",
    blurb:
      "A teapot and six cups thrown and glazed by hand in Jingdezhen. 一壶六杯，景德镇匠人手工拉坯、上釉。",
    story: `## The tea set

We are a family workshop in **Jingdezhen**, the porcelain capital of China. Each teapot and cup is thrown on the wheel, trimmed, glazed with celadon and fired twice at 1,300 °C.

## 关于这套茶具

我们是景德镇的一家家庭作坊。每一把壶、每一只杯都经过手工拉坯、修坯、施青瓷釉，并在 1300 °C 高温下烧制两次。众筹资金将用于新窑炉和第一批 500 套茶具的烧制。

- Teapot: 220 ml · 茶壶：220 毫升
- Six cups: 60 ml each · 六只杯：每只 60 毫升`,
    category: "design",
    location: "景德镇 Jingdezhen",
    currency: "CNY",
    goal: 3_200_000,
    supporters: 3,
    launchedDaysAgo: 16,
    daysLeft: 14,
    staffPick: true,
    risks:
      "Porcelain can crack in the kiln: we plan for a 15% loss and have budgeted for it. If the new kiln is delivered late, shipping may slip by up to six weeks; we will post an update every two weeks.\n烧制过程中瓷器可能开裂，我们已按 15% 的损耗做了预算。",
    team: "李明 — potter, 20 years at the wheel.\n王芳 — glaze chemist.\n张伟 — packaging and shipping.",
    cover: { from: "#0f5e63", to: "#9fd3c7", accent: "#f4f1e8", label: "TEA SET", motif: "circles" },
    tiers: [
      {
        title: "A single celadon cup · 青瓷单杯",
        description: "One hand-thrown 60 ml cup in a linen pouch, with a thank-you card.",
        minimum: 12_800,
        backers: 6,
        delivery: "2027-01",
        shipping: cnAsia,
      },
      {
        title: "Early bird tea set · 早鸟茶具套装",
        description:
          "The teapot and six cups, 25% below the shop price. 茶壶一把、茶杯六只，比零售价低 25%。",
        minimum: 68_800,
        limit: 6,
        backers: 6,
        delivery: "2027-02",
        shipping: cnAsia,
      },
      {
        title: "Tea set · 茶具套装",
        description: "The teapot, six cups and a bamboo tray.",
        minimum: 88_800,
        limit: 40,
        backers: 14,
        delivery: "2027-03",
        shipping: cnAsia,
      },
      {
        title: "Studio day in Jingdezhen · 景德镇工作室体验",
        description:
          "Throw your own cup with us for a day; we fire it and ship it to you. Travel not included.",
        minimum: 288_000,
        limit: 5,
        backers: 2,
        delivery: "2027-04",
      },
    ],
  },
  {
    creator: "chen.jing@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "精品咖啡：云南小粒咖啡家用烘焙机 Yunnan coffee roaster",
    blurb:
      "A quiet countertop roaster for specialty coffee from Yunnan. 在家烘焙云南精品咖啡豆的静音小烘焙机。",
    story: `## 为什么做这台烘焙机

云南普洱、保山的咖啡豆越来越好，但新鲜烘焙的咖啡很难买到。我们设计了一台安静、好清洁的家用烘焙机：一次 150 克，12 分钟完成。

## Why we built it

Yunnan grows excellent coffee, yet freshly roasted beans are hard to find. Our roaster does 150 g in 12 minutes, with a smoke filter and a cooling tray, and ships with three roast profiles.`,
    category: "food",
    location: "昆明 Kunming",
    currency: "CNY",
    goal: 2_000_000,
    supporters: 4,
    launchedDaysAgo: 21,
    daysLeft: 9,
    staffPick: true,
    risks:
      "This is hardware: certification (CCC, CE) can take longer than planned. The heating element supplier is confirmed; the fan motor has a second source.\n硬件认证可能比计划耗时更长。",
    team: "陈静 — industrial designer.\n刘洋 — firmware.\n两位云南咖啡农合作伙伴。",
    cover: { from: "#3b2417", to: "#c98b4b", accent: "#f7e6cf", label: "COFFEE", motif: "rays" },
    tiers: [
      {
        title: "云南咖啡豆 1 公斤 · 1 kg of Yunnan beans",
        description: "Four 250 g bags of green beans from our partner farms.",
        minimum: 19_800,
        backers: 12,
        delivery: "2026-12",
        shipping: cnAsia,
      },
      {
        title: "超早鸟烘焙机 · Super early bird roaster",
        description: "The roaster at 40% off.",
        minimum: 129_900,
        limit: 10,
        backers: 10,
        delivery: "2027-03",
        shipping: cnAsia,
      },
      {
        title: "烘焙机 + 生豆 · Roaster and beans",
        description: "The roaster and 2 kg of green beans.",
        minimum: 169_900,
        backers: 16,
        delivery: "2027-04",
        shipping: cnAsia,
      },
    ],
  },
  {
    creator: "maya.patel@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "Night Market: a board game of street food",
    blurb:
      "Run a stall at a busy night market, trade ingredients and feed the crowd. 2–5 players, 40 minutes.",
    story: `## The game

Every night the market fills up. You run a stall: buy ingredients at dawn, cook at dusk and trade with your neighbours for the spices you lack. The player with the happiest customers wins.

Inspired by the night markets of Taipei and Penang — 夜市的味道.

## What you get

A box with 120 wooden ingredient tokens, 5 stall boards, 84 cards and a rulebook in English and Chinese.`,
    category: "games",
    location: "Taipei",
    currency: "USD",
    goal: 430_000,
    launchedDaysAgo: 9,
    daysLeft: 21,
    staffPick: true,
    risks:
      "Our manufacturer has made games for ten years. Freight costs change often; we have priced shipping with a margin and will charge nothing more later.",
    team: "Maya Patel — designer.\nKai Lin — illustrator.\nA group of 60 playtesters in three cities.",
    cover: { from: "#1d1846", to: "#e0533d", accent: "#ffd166", label: "NIGHT MARKET", motif: "grid" },
    tiers: [
      {
        title: "Print and play",
        description: "PDF files to print the game at home.",
        minimum: 1_000,
        backers: 8,
        delivery: "2026-12",
      },
      {
        title: "The game",
        description: "One copy of Night Market.",
        minimum: 4_900,
        backers: 20,
        delivery: "2027-05",
        shipping: worldUsd,
      },
      {
        title: "Deluxe stall",
        description: "The game with metal coins and a cloth market map.",
        minimum: 8_900,
        limit: 40,
        backers: 9,
        delivery: "2027-05",
        shipping: worldUsd,
      },
    ],
  },
  {
    creator: "tom.whitaker@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "The Last Ferry — an independent film",
    blurb: "A short drama about the last ferry crossing to a Hebridean island before the bridge opens.",
    story: `## The film

For a hundred years a ferry has crossed the sound. Next spring a bridge opens, and Morag, the ferry's last skipper, has one more crossing to make.

We have a cast, a crew and the island's blessing. Your support pays for the five-day shoot, the sound mix and festival entries.`,
    category: "film",
    location: "Glasgow",
    currency: "GBP",
    goal: 160_000,
    supporters: 2,
    launchedDaysAgo: 3,
    daysLeft: 27,
    risks:
      "Weather on the islands can stop a shoot: we have two spare days in the schedule and insurance for a third.",
    team: "Tom Whitaker — writer and director.\nIsla MacLeod — producer.\nRuairidh Bell — cinematographer.",
    cover: { from: "#0d2538", to: "#6f9fb8", accent: "#f2f2ee", label: "THE LAST FERRY", motif: "waves" },
    tiers: [
      {
        title: "Thank you in the credits",
        description: "Your name in the closing credits and a digital copy of the film.",
        minimum: 1_500,
        backers: 10,
        delivery: "2027-09",
      },
      {
        title: "Signed poster",
        description: "A signed A2 poster, your name in the credits and the digital film.",
        minimum: 4_000,
        backers: 6,
        delivery: "2027-09",
        shipping: [
          { region: "europe", fee: 500 },
          { region: "rest_of_world", fee: 1_200 },
        ],
      },
    ],
  },
  {
    creator: "creator@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "Pocket weather station · 口袋气象站",
    blurb:
      "Temperature, humidity, pressure and air quality in a keyring-sized sensor with a 6-month battery.",
    story: `## A weather station for your pocket

Clip it to your bag and see the air you breathe: temperature, humidity, pressure and PM2.5, synced to an open-source app. The firmware and the case files are open source.

## 口袋里的气象站

挂在背包上，随时了解身边的空气：温度、湿度、气压和 PM2.5，数据同步到开源应用。固件和外壳文件全部开源。`,
    category: "technology",
    location: "深圳 Shenzhen",
    currency: "USD",
    goal: 275_000,
    launchedDaysAgo: 27,
    daysLeft: 3,
    risks:
      "The air quality sensor is in short supply; we have reserved 3,000 units. Battery shipping rules may delay delivery to some countries.",
    team: "李明 — hardware.\n赵磊 — app developer.",
    cover: { from: "#0b3d2e", to: "#3ccf91", accent: "#e9fff5", label: "POCKET WEATHER", motif: "rays" },
    tiers: [
      {
        title: "One station",
        description: "One pocket weather station with a keyring clip.",
        minimum: 3_900,
        backers: 22,
        delivery: "2027-02",
        shipping: worldUsd,
      },
      {
        title: "Family pack",
        description: "Three stations.",
        minimum: 9_900,
        limit: 12,
        backers: 11,
        delivery: "2027-02",
        shipping: worldUsd,
      },
    ],
  },
  {
    creator: "chen.jing@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "小熊的月亮 The Little Bear's Moon — a bilingual picture book",
    blurb:
      "A bedtime story in Chinese and English about a bear who wants to bring the moon home. 中英双语绘本。",
    story: `## 故事

小熊想把月亮带回家。它爬上最高的树，划着小船追到湖心，最后发现月亮一直都在窗外陪着它。

## The story

A little bear wants to bring the moon home. It climbs the tallest tree and rows to the middle of the lake, and finds that the moon was at its window all along.

32 pages, hardcover, printed on FSC paper. Every page in Chinese (with pinyin) and English.`,
    category: "publishing",
    location: "成都 Chengdu",
    currency: "CNY",
    goal: 275_000,
    launchedDaysAgo: 24,
    daysLeft: 6,
    risks: "Printing is booked; paper prices may rise, which we will absorb.",
    team: "陈静 — author and illustrator.",
    cover: { from: "#1b2a5c", to: "#f2c14e", accent: "#fff8e1", label: "LITTLE BEAR", motif: "circles" },
    tiers: [
      {
        title: "电子书 · E-book",
        description: "The e-book in EPUB and PDF.",
        minimum: 3_000,
        backers: 12,
        delivery: "2026-12",
      },
      {
        title: "精装绘本 · Hardcover book",
        description: "One signed hardcover copy.",
        minimum: 9_800,
        backers: 18,
        delivery: "2027-01",
        shipping: cnAsia,
      },
    ],
  },
  {
    creator: "maya.patel@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "Riverside community garden",
    blurb:
      "Turn an empty lot by the river into a shared vegetable garden with raised beds for wheelchair users.",
    story: `## The garden

An empty lot by the river has been fenced off for years. The city has agreed to lease it to our association for ten years. Your support pays for soil, raised beds, a water tank and a tool shed.`,
    category: "community",
    location: "Lyon",
    currency: "EUR",
    goal: 380_000,
    supporters: 2,
    launchedDaysAgo: 1,
    daysLeft: 40,
    risks:
      "The lease is signed; planting depends on the season, so the first harvest is expected next summer.",
    team: "The Riverside Garden association: 14 neighbours.",
    cover: { from: "#2f5d1f", to: "#b5d86a", accent: "#fbfbe9", label: "GARDEN", motif: "grid" },
    tiers: [
      {
        title: "A seed packet",
        description: "Seeds saved from the garden's first harvest.",
        minimum: 1_000,
        backers: 5,
        delivery: "2027-08",
        shipping: [{ region: "europe", fee: 200 }],
      },
      {
        title: "Your own bed for a year",
        description: "A raised bed to grow what you like for a season.",
        minimum: 12_000,
        limit: 12,
        backers: 3,
        delivery: "2027-04",
      },
    ],
  },
  {
    creator: "tom.whitaker@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "Rain on Tin Roofs — a lo-fi album",
    blurb: "Ten instrumental tracks recorded on a cassette four-track during one rainy autumn.",
    story: `## The album

Ten tracks, recorded at home on a 1989 cassette four-track. Pressed on vinyl and tape, and of course available digitally.`,
    category: "music",
    location: "Berlin",
    currency: "EUR",
    goal: 80_000,
    launchedDaysAgo: 28.5,
    daysLeft: 1.5,
    risks: "Vinyl pressing plants are busy; if the pressing is late we will send the digital album first.",
    team: "Tom Whitaker — everything, with a little help from friends.",
    cover: { from: "#2b2d42", to: "#8d99ae", accent: "#edf2f4", label: "RAIN ON TIN ROOFS", motif: "waves" },
    tiers: [
      {
        title: "Digital album",
        description: "Download in FLAC and MP3.",
        minimum: 800,
        backers: 14,
        delivery: "2026-12",
      },
      {
        title: "Vinyl",
        description: "The album on 180 g vinyl with a download code.",
        minimum: 2_800,
        limit: 30,
        backers: 12,
        delivery: "2027-03",
        shipping: [
          { region: "europe", fee: 600 },
          { region: "rest_of_world", fee: 1_500 },
        ],
      },
    ],
  },
  {
    creator: "creator@demo.seedfund.test",
    kind: "reward",
    state: "live",
    title: "苏绣丝巾 Suzhou embroidered silk scarves",
    blurb:
      "Silk scarves embroidered by hand by Suzhou artisans, with patterns from classical gardens. 苏州园林纹样，手工刺绣。",
    story: `## 苏绣

苏绣是中国四大名绣之一。每一条丝巾由绣娘手工刺绣约 40 小时，纹样取自拙政园的花窗。

## Suzhou embroidery

Each scarf takes about 40 hours of hand embroidery. The patterns come from the lattice windows of the Humble Administrator's Garden.`,
    category: "fashion",
    location: "苏州 Suzhou",
    currency: "CNY",
    goal: 2_200_000,
    launchedDaysAgo: 12,
    daysLeft: 18,
    risks:
      "Hand embroidery takes time: we can make 60 scarves a month, so delivery is staggered by order of pledge.",
    team: "李明 — organiser.\n六位苏州绣娘。",
    cover: { from: "#5c1a33", to: "#e8a0b4", accent: "#fff0f4", label: "SILK", motif: "circles" },
    tiers: [
      {
        title: "丝巾一条 · One scarf",
        description: "One 90 × 90 cm silk scarf in a gift box.",
        minimum: 68_000,
        limit: 30,
        backers: 22,
        delivery: "2027-06",
        shipping: cnAsia,
      },
    ],
  },
  {
    creator: "orbit@demo.seedfund.test",
    kind: "equity",
    state: "live",
    title: "Orbit Farm Robotics — invest in weeding robots",
    blurb:
      "Solar-powered robots that weed vegetable fields without chemicals. Raising under US Regulation Crowdfunding.",
    story: `## The company

Orbit Farm Robotics builds solar-powered robots that weed vegetable fields with cameras and small blades, replacing herbicides. Twelve farms in California used our robots last season.

## Traction

- 12 paying pilot farms
- $310,000 revenue in the last 12 months
- Two patents pending`,
    category: "technology",
    location: "Sacramento, CA",
    currency: "USD",
    goal: 12_000_000,
    launchedDaysAgo: 20,
    daysLeft: 25,
    staffPick: true,
    risks:
      "Early-stage companies often fail. We need a further round within 18 months. Robots in fields face weather, theft and damage. Our largest customer is 30% of revenue.",
    team: "Dana Ortiz — CEO, former agronomist.\nSam Lee — CTO, robotics PhD.\nPriya Rao — head of operations.",
    cover: { from: "#1c3144", to: "#6cae75", accent: "#f1faee", label: "ORBIT ROBOTICS", motif: "grid" },
    equity: {
      companyName: "Orbit Farm Robotics, Inc.",
      registrationNumber: "Delaware 7781920",
      securityType: "preferred",
      pricePerShare: 142,
      minInvestment: 25_000,
      maxRaise: 100_000_000,
      preMoneyValuation: 1_200_000_000,
      useOfFunds:
        "Build 40 robots for the 2027 season (55%), two engineers (30%), certification and legal (15%).",
      regime: "us_reg_cf",
      allocationRule: "first_come",
      investments: [1_000, 250, 3_500, 500, 1_800, 7_000, 350, 2_000, 12_000, 700, 5_000, 25_000],
    },
  },
  {
    creator: "tom.whitaker@demo.seedfund.test",
    kind: "equity",
    state: "live",
    title: "Thames Tidal Energy — community-owned tidal power",
    blurb: "A 1 MW tidal turbine in the Thames estuary, owned by the people who invest in it.",
    story: `## The project

Thames Tidal Energy will install a 1 MW tidal turbine in the estuary, selling power to the grid under a 15-year agreement.

Investors receive ordinary shares. UK investors must pass an appropriateness test and have a 24-hour cooling-off period before their first investment.`,
    category: "community",
    location: "Southend-on-Sea",
    currency: "GBP",
    goal: 7_000_000,
    launchedDaysAgo: 14,
    daysLeft: 33,
    risks:
      "Marine construction is risky and can be delayed by weather. Electricity prices vary. Shares are not readily realisable: you may not be able to sell them.",
    team: "A board of five with experience in offshore wind and community energy.",
    cover: { from: "#03256c", to: "#2541b2", accent: "#dbe7ff", label: "TIDAL ENERGY", motif: "waves" },
    equity: {
      companyName: "Thames Tidal Energy Ltd",
      registrationNumber: "Companies House 14820931",
      securityType: "common",
      pricePerShare: 100,
      minInvestment: 10_000,
      maxRaise: 150_000_000,
      preMoneyValuation: 400_000_000,
      useOfFunds: "The turbine (70%), grid connection (20%), permits and surveys (10%).",
      regime: "uk",
      allocationRule: "pro_rata",
      investments: [500, 2_500, 1_000, 250, 5_000, 1_500, 800, 10_000, 300, 2_000, 1_200, 4_000],
    },
  },
  {
    creator: "chen.jing@demo.seedfund.test",
    kind: "equity",
    state: "live",
    title: "杭州茶园科技 Hangzhou Tea Garden Technology",
    blurb: "用传感器和数据帮助龙井茶园提高品质。Sensors and data for Longjing tea gardens.",
    story: `## 公司介绍

杭州茶园科技为西湖龙井茶园提供土壤与气象传感器和采摘决策系统，已服务 46 家茶园。本次为非公开股权融资，仅向注册会员展示。

## The company

Sensors and harvest planning for Longjing tea gardens, used by 46 gardens. This is a non-public offering shown only to registered members.`,
    category: "food",
    location: "杭州 Hangzhou",
    currency: "CNY",
    goal: 240_000_000,
    launchedDaysAgo: 10,
    daysLeft: 35,
    risks:
      "初创企业风险高，可能损失全部投资；股权转让受限。Early-stage risk; transfer of shares is restricted.",
    team: "陈静 — 创始人。\n两位农业物联网工程师。",
    cover: { from: "#264d2b", to: "#a3c586", accent: "#f3f8ec", label: "TEA GARDEN", motif: "rays" },
    equity: {
      companyName: "杭州茶园科技有限公司",
      registrationNumber: "91330106MA2XXXXX1Q",
      securityType: "common",
      pricePerShare: 1_200,
      minInvestment: 5_000_000,
      maxRaise: 600_000_000,
      preMoneyValuation: 5_000_000_000,
      useOfFunds: "传感器量产（50%）、研发（30%）、市场（20%）。",
      regime: "cn_private",
      allocationRule: "first_come",
      investments: [5_000, 8_000, 12_500, 5_000, 20_000, 6_000, 10_000, 15_000],
    },
  },
  {
    creator: "creator@demo.seedfund.test",
    kind: "reward",
    state: "submitted",
    title: "乡村学校太阳能灯 Solar lanterns for rural schools",
    blurb: "For every lantern you buy, one goes to a pupil in a village school without reliable electricity.",
    story:
      "## 项目\n\n买一赠一：您每支持一盏太阳能灯，我们就向乡村学校的学生赠送一盏。\n\nBuy one, give one: every lantern you back sends another to a village school.",
    category: "community",
    location: "贵州 Guizhou",
    currency: "CNY",
    goal: 5_000_000,
    launchedDaysAgo: 0,
    daysLeft: 30,
    risks:
      "Delivery to remote schools depends on local partners; we work with two charities who have done it before.",
    team: "李明 and two volunteer teachers.",
    cover: { from: "#3d2c00", to: "#ffb703", accent: "#fff6db", label: "SOLAR LANTERN", motif: "rays" },
    tiers: [
      {
        title: "一盏灯 · One lantern (and one given)",
        description: "A solar lantern for you, and one for a pupil.",
        minimum: 9_900,
        delivery: "2027-03",
        shipping: cnAsia,
      },
    ],
  },
  {
    creator: "creator@demo.seedfund.test",
    kind: "reward",
    state: "draft",
    title: "折叠自行车 Folding city bike (draft)",
    blurb: "A 9 kg folding bike for metro commuters.",
    story: "Work in progress.",
    category: "design",
    location: "上海 Shanghai",
    currency: "CNY",
    goal: 40_000_000,
    launchedDaysAgo: 0,
    daysLeft: 45,
    risks: "",
    team: "",
    cover: { from: "#222", to: "#888", accent: "#fff", label: "BIKE", motif: "circles" },
  },
];
