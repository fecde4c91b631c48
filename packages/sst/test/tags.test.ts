/**
 * The tag keys guard() checks and ripcordTags() writes are the ones Ripcord discovers functions by
 * and scopes its Lambda grants with (core's config, which infra/permissions.ts re-exports).
 * @ripcord/sst keeps its own pair, so the published package bundles no part of core: this is
 * what keeps the two equal.
 */
import { expect, test } from "vitest";
import { SERVICE_TAG as CORE_SERVICE_TAG, STAGE_TAG as CORE_STAGE_TAG } from "@ripcord/core/config";
import { SERVICE_TAG, STAGE_TAG, ripcordTags } from "../src/tags.ts";

test("ripcordTags() writes the keys Ripcord discovers and scopes its grants by", () => {
  expect([SERVICE_TAG, STAGE_TAG]).toEqual([CORE_SERVICE_TAG, CORE_STAGE_TAG]);
  expect(Object.keys(ripcordTags("api", { ripcordStage: "ops" })).sort()).toEqual(
    [CORE_SERVICE_TAG, CORE_STAGE_TAG].sort(),
  );
});
