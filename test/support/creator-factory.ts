/**
 * Helpers for the creator-side tests: small real images made with sharp, a minimal PDF, the forms
 * a creator fills in, and multipart uploads with the CSRF token in the query as the pages send it.
 */
import sharp from "sharp";
import { type Agent, csrfFrom, submitForm } from "./http.ts";

export async function pngImage(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 11, g: 110, b: 79 } } })
    .png()
    .toBuffer();
}

export async function jpegImage(width = 64, height = 48, options: { orientation?: number } = {}) {
  let image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg();
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return image.toBuffer();
}

export async function webpImage(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 80, b: 200 } } })
    .webp()
    .toBuffer();
}

export async function gifImage(width = 16, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 1, g: 2, b: 3 } } })
    .gif()
    .toBuffer();
}

/** A minimal PDF that file-type recognises as application/pdf. */
export function minimalPdf(marker = "test"): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
  );
}

/** The CSRF token from any page the agent can open. */
export async function tokenFrom(agent: Agent, page: string): Promise<string> {
  const res = await agent.get(page);
  return csrfFrom(res.text);
}

/** Uploads a file as the multipart forms do: token in the action URL, fields, one file. */
export async function upload(
  agent: Agent,
  formPage: string,
  action: string,
  file: { field: string; content: Buffer; filename: string; contentType?: string },
  fields: Record<string, string> = {},
) {
  const token = await tokenFrom(agent, formPage);
  let req = agent.post(`${action}?_csrf=${encodeURIComponent(token)}`);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  return req.attach(file.field, file.content, {
    filename: file.filename,
    contentType: file.contentType ?? "application/octet-stream",
  });
}

export const BASICS = {
  title: "Oak desk organiser",
  blurb: "A desk organiser turned from reclaimed oak.",
  category: "design",
  location: "Chengdu, China",
  goal: "5000",
  currency: "CNY",
  durationDays: "30",
};

/** Starts a project through the form and returns its id. */
export async function startProject(
  agent: Agent,
  fields: Partial<typeof BASICS> & { kind?: string } = {},
): Promise<number> {
  const res = await submitForm(agent, "/projects/new", "/projects/new", {
    kind: "reward",
    ...BASICS,
    ...fields,
  });
  const match = String(res.headers.location ?? "").match(/^\/projects\/(\d+)\/edit$/);
  if (res.status !== 303 || !match) throw new Error(`Starting a project failed with ${res.status}`);
  return Number(match[1]);
}

export const PROFILE = {
  legalName: "Li Wei",
  country: "CN",
  idType: "national_id",
  idNumber: "11010119900307123X",
  payoutHolder: "Li Wei",
  payoutBank: "Bank of Example",
  payoutAccount: "GB82 WEST 1234 5698 7654 32",
};

export const TIER = {
  title: "Early bird",
  description: "The organiser at a lower price.",
  minimum: "199",
  quantityLimit: "100",
  estimatedDelivery: "2099-06",
  ships: "yes",
  fee_cn: "0",
  fee_europe: "45.50",
};

export const TERMS = {
  companyName: "Acme Robotics Inc.",
  registrationNumber: "DE-1234567",
  securityType: "common",
  pricePerShare: "1.50",
  minInvestment: "100",
  maxRaise: "1000000",
  preMoneyValuation: "8000000",
  useOfFunds: "Hiring two engineers and tooling.",
  regime: "us_reg_cf",
  allocationRule: "pro_rata",
};
