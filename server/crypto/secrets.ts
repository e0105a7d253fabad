import crypto from "node:crypto";

/**
 * Encryption at rest for sensitive numbers (ID numbers, bank accounts): AES-256-GCM with a key from
 * the environment. Stored as "v1.<iv>.<tag>.<ciphertext>" in base64url, so the key can be rotated
 * later by adding "v2".
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyHex: string) {
    const key = Buffer.from(keyHex, "hex");
    if (key.length !== 32)
      throw new Error("The encryption key must be 32 bytes written as 64 hex characters");
    this.key = key;
  }

  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(".");
    if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("Unrecognised sealed value");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  }
}

/** "•••• 1234": what people see of a sealed number. */
export function masked(last4: string): string {
  return `•••• ${last4}`;
}

export function lastFour(value: string): string {
  return value.replace(/\s+/g, "").slice(-4);
}
