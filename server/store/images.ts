import type { Db } from "./db.ts";
import { toDbTime } from "./time.ts";

export interface StoredImage {
  id: number;
  ownerId: number;
  storageKey: string;
  sha256: string;
  width: number;
  height: number;
}

export async function insertImage(db: Db, image: Omit<StoredImage, "id">, now: Date): Promise<number> {
  const [row] = await db("images")
    .insert({
      owner_id: image.ownerId,
      storage_key: image.storageKey,
      sha256: image.sha256,
      width: image.width,
      height: image.height,
      created_at: toDbTime(now),
    })
    .returning("id");
  return (row as { id: number }).id;
}

export async function findImage(db: Db, id: number): Promise<StoredImage | undefined> {
  const r = await db("images").where({ id }).first();
  return (
    r && {
      id: r.id,
      ownerId: r.owner_id,
      storageKey: r.storage_key,
      sha256: r.sha256,
      width: r.width,
      height: r.height,
    }
  );
}

export async function findImageByKey(db: Db, storageKey: string): Promise<StoredImage | undefined> {
  const r = await db("images").where({ storage_key: storageKey }).first();
  return (
    r && {
      id: r.id,
      ownerId: r.owner_id,
      storageKey: r.storage_key,
      sha256: r.sha256,
      width: r.width,
      height: r.height,
    }
  );
}
