import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { AppError } from "../errors.ts";

/**
 * Files people upload: cover images and PDF documents. The type is recognised from the bytes
 * (file-type), never from the name or the declared type. Images are decoded and re-encoded by sharp
 * (rotated by their EXIF orientation, metadata stripped, never upscaled) to WebP at two widths.
 * Everything is stored under the upload directory (DATA_DIR/uploads, outside public/) with random
 * names and served by routes that set nosniff.
 */

export const IMAGE_WIDTHS = [600, 1200] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];
export const IMAGE_KEY = /^[a-f0-9]{32}$/;
const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];
/** Refuse decompression bombs: 40 megapixels is more than any camera a creator uses. */
const MAX_INPUT_PIXELS = 40_000_000;

/** An upload the platform will not keep, with the reason for the person who sent it. */
export class UploadRejected extends AppError {}

export interface UploadLimits {
  dir: string;
  maxImageBytes: number;
  maxDocumentBytes: number;
}

export interface StoredImageFiles {
  storageKey: string;
  sha256: string;
  width: number;
  height: number;
}

export interface StoredDocumentFile {
  storageKey: string;
  sha256: string;
  sizeBytes: number;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function imageUrl(storageKey: string, width: ImageWidth): string {
  return `/media/images/${storageKey}/${width}`;
}

export class UploadStore {
  constructor(private readonly limits: UploadLimits) {}

  get maxImageBytes() {
    return this.limits.maxImageBytes;
  }

  get maxDocumentBytes() {
    return this.limits.maxDocumentBytes;
  }

  imageTooLarge(): UploadRejected {
    return new UploadRejected(413, "projects.uploads.imageTooLarge", {
      max: megabytes(this.limits.maxImageBytes),
    });
  }

  documentTooLarge(): UploadRejected {
    return new UploadRejected(413, "projects.uploads.documentTooLarge", {
      max: megabytes(this.limits.maxDocumentBytes),
    });
  }

  imagePath(storageKey: string, width: ImageWidth): string {
    if (!IMAGE_KEY.test(storageKey)) throw new Error("Bad image key");
    return path.join(this.limits.dir, "images", `${storageKey}-${width}.webp`);
  }

  documentPath(storageKey: string): string {
    if (!IMAGE_KEY.test(storageKey)) throw new Error("Bad document key");
    return path.join(this.limits.dir, "documents", `${storageKey}.pdf`);
  }

  /** Checks, converts and stores a cover image; returns its key and the size of the largest version. */
  async storeImage(buffer: Buffer): Promise<StoredImageFiles> {
    if (buffer.length === 0) throw new UploadRejected(422, "projects.uploads.empty");
    if (buffer.length > this.limits.maxImageBytes) throw this.imageTooLarge();
    const type = await fileTypeFromBuffer(buffer);
    if (!type || !ACCEPTED_IMAGE_TYPES.includes(type.mime)) {
      throw new UploadRejected(415, "projects.uploads.notImage");
    }
    const versions: { width: ImageWidth; data: Buffer; info: { width: number; height: number } }[] = [];
    try {
      for (const width of IMAGE_WIDTHS) {
        const { data, info } = await sharp(buffer, { limitInputPixels: MAX_INPUT_PIXELS })
          .rotate() // by the EXIF orientation, before the metadata is dropped
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 82 })
          .toBuffer({ resolveWithObject: true });
        versions.push({ width, data, info });
      }
    } catch {
      throw new UploadRejected(422, "projects.uploads.unreadableImage");
    }
    const storageKey = crypto.randomBytes(16).toString("hex");
    await fs.mkdir(path.join(this.limits.dir, "images"), { recursive: true });
    for (const v of versions) {
      await fs.writeFile(this.imagePath(storageKey, v.width), v.data, { flag: "wx" });
    }
    const largest = versions[versions.length - 1] as (typeof versions)[number];
    return {
      storageKey,
      sha256: crypto.createHash("sha256").update(buffer).digest("hex"),
      width: largest.info.width,
      height: largest.info.height,
    };
  }

  /** Checks and stores a PDF exactly as uploaded. */
  async storeDocument(buffer: Buffer): Promise<StoredDocumentFile> {
    if (buffer.length === 0) throw new UploadRejected(422, "projects.uploads.empty");
    if (buffer.length > this.limits.maxDocumentBytes) throw this.documentTooLarge();
    const type = await fileTypeFromBuffer(buffer);
    if (type?.mime !== "application/pdf") throw new UploadRejected(415, "projects.uploads.notPdf");
    const storageKey = crypto.randomBytes(16).toString("hex");
    await fs.mkdir(path.join(this.limits.dir, "documents"), { recursive: true });
    await fs.writeFile(this.documentPath(storageKey), buffer, { flag: "wx" });
    return {
      storageKey,
      sha256: crypto.createHash("sha256").update(buffer).digest("hex"),
      sizeBytes: buffer.length,
    };
  }

  /** Removes files whose database row could not be written. */
  async discardImage(storageKey: string): Promise<void> {
    await Promise.all(IMAGE_WIDTHS.map((w) => fs.rm(this.imagePath(storageKey, w), { force: true })));
  }

  async discardDocument(storageKey: string): Promise<void> {
    await fs.rm(this.documentPath(storageKey), { force: true });
  }
}
