import * as z from "zod";
import type { Release } from "./types.ts";

const isoTime = z.iso.datetime({ offset: true });

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
