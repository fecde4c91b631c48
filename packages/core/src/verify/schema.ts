import * as z from "zod";
import { SIGNAL_SOURCES } from "../signals/index.ts";
import type { Decision } from "./types.ts";

const numbers = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

/** One alarm's verdict with its reason and numbers, as stored and carried in the execution state. */
export const DecisionSchema = z.object({
  verdict: z.enum(["rollback", "hold", "inconclusive"]),
  rule: z.enum(["target", "attributable", "baseline", "effect"]),
  reason: z.string(),
  alarm: z.string(),
  function: z.string(),
  currentVersion: z.string().optional(),
  targetVersion: z.string().optional(),
  signal: z.enum(SIGNAL_SOURCES).optional(),
  numbers,
}) satisfies z.ZodType<Decision>;
