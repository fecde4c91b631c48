import * as z from "zod/mini";
import type { AliasRouting, Release } from "./types.ts";

const isoTime = z.iso.datetime({ offset: true });

/** Where an alias sends traffic: in the execution state, the history records and the API. */
export const AliasRoutingSchema = z.object({
  version: z.string(),
  weights: z.record(z.string(), z.number()),
}) satisfies z.ZodMiniType<AliasRouting>;

/** A release as it is stored, carried in the execution state and shown by the API. */
export const ReleaseSchema = z.object({
  version: z.string(),
  takenAt: isoTime,
  weight: z.optional(z.number()),
  primaryVersion: z.optional(z.string()),
  replacedAt: z.optional(isoTime),
  knownGoodAt: z.optional(isoTime),
  knownBadAt: z.optional(isoTime),
  gitSha: z.optional(z.string()),
  migration: z.optional(z.string()),
  reversible: z.optional(z.boolean()),
}) satisfies z.ZodMiniType<Release>;
