import * as z from "zod";
import { AliasRoutingSchema } from "@ripcord/core/release";

/**
 * The parts of the API's answers the CLI shows. Loose on purpose: an API newer than this CLI may
 * add fields, and the CLI must keep working; --json passes the API's answer through unchanged.
 */

const Routing = z.looseObject(AliasRoutingSchema.shape);
const Pause = z.looseObject({
  reason: z.string(),
  actor: z.string(),
  at: z.string(),
  until: z.string().optional(),
  scope: z.string(),
});
const Freeze = z.looseObject({
  versions: z.record(z.string(), z.string()),
  rollbackId: z.string(),
  since: z.string(),
});
const Lock = z.looseObject({ owner: z.string(), expiresAt: z.string() });

const ServiceState = z.looseObject({
  service: z.string(),
  paused: Pause.optional(),
  frozen: Freeze.optional(),
  cooldownUntil: z.string().optional(),
  lock: Lock.optional(),
});
export type ServiceState = z.output<typeof ServiceState>;

const FunctionSummary = z.looseObject({
  name: z.string(),
  alias: z.string(),
  routing: Routing.optional(),
  error: z.string().optional(),
});

export const ServiceList = z.looseObject({
  items: z.array(ServiceState.extend({ functions: z.array(FunctionSummary) })),
});

const Release = z.looseObject({
  version: z.string(),
  takenAt: z.string(),
  weight: z.number().optional(),
  knownGoodAt: z.string().optional(),
  knownBadAt: z.string().optional(),
  gitSha: z.string().optional(),
  migration: z.string().optional(),
  reversible: z.boolean().optional(),
});
export type Release = z.output<typeof Release>;

export const ServiceDetail = ServiceState.extend({
  functions: z.array(
    FunctionSummary.extend({ releases: z.array(Release), rollbackTarget: z.string().optional() }),
  ),
  alarms: z.array(
    z.looseObject({ name: z.string(), state: z.string(), reason: z.string().optional() }),
  ),
});
export type ServiceDetail = z.output<typeof ServiceDetail>;

export const KillSwitch = z.looseObject({ paused: Pause.optional() });
export { ServiceState };

export const Accepted = z.looseObject({ id: z.string(), status: z.string() });
export const Aborted = z.looseObject({ id: z.string(), status: z.string(), actor: z.string() });
export const GateOpen = z.looseObject({ service: z.string(), deploy: z.string() });

const Step = z.looseObject({
  name: z.string(),
  status: z.string(),
  startedAt: z.string(),
  durationMs: z.number().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
});
export type Step = z.output<typeof Step>;

const Shift = z.looseObject({
  function: z.string(),
  alias: z.string(),
  before: Routing,
  target: z.string(),
  status: z.string(),
  reason: z.string().optional(),
});

const Rollback = z.looseObject({
  id: z.string(),
  service: z.string(),
  source: z.string(),
  actor: z.string().optional(),
  reason: z.string().optional(),
  status: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  decision: z.looseObject({ verdict: z.string(), reason: z.string() }).optional(),
  shifts: z.array(Shift).optional(),
  outcome: z.looseObject({ result: z.string(), reason: z.string() }).optional(),
  warnings: z.array(z.string()).optional(),
});
export type Rollback = z.output<typeof Rollback>;

export const RollbackPage = z.looseObject({
  items: z.array(Rollback),
  cursor: z.string().optional(),
});

export const RollbackDetail = Rollback.extend({
  steps: z.array(Step),
  execution: z
    .looseObject({ status: z.string(), error: z.string().optional(), cause: z.string().optional() })
    .optional(),
});
export type RollbackDetail = z.output<typeof RollbackDetail>;
