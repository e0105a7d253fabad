import type { Catalog } from "./index.ts";

const en = {
  title: "review",
};

const zhCN: Catalog<typeof en> = {
  title: "review",
};

export const reviewCatalog = { en, zhCN };
