import type { Catalog } from "./index.ts";

const en = {
  title: "discover",
};

const zhCN: Catalog<typeof en> = {
  title: "discover",
};

export const discoverCatalog = { en, zhCN };
