import * as z from "zod";
import type { AliasRouting, Release } from "./types.ts";

const isoTime = z.iso.datetime({ offset: true });

/** Where an alias sends traffic: in the execution state, the history records and the API. */
export const AliasRoutingSchema = z.object({
  version: z.string(),
  weights: z.record(z.string(), z.number()),
}) satisfies z.ZodType<AliasRouting>;

/** A release as it is stored, carried in the execution state and shown by the API. */
export const ReleaseSchema = z.object({
  version: z.string(),
  takenAt: isoTime,
  weight: z.number().optional(),
  primaryVersion: z.string().optional(),
  replacedAt: isoTime.optional(),
  knownGoodAt: isoTime.optional(),
  knownBadAt: isoTime.optional(),
  gitSha: z.string().optional(),
  migration: z.string().optional(),
  reversible: z.boolean().optional(),
}) satisfies z.ZodType<Release>;
