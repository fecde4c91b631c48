import { createApp } from "@ripcord/functions/api/app";
import type { ApiDeps } from "@ripcord/functions/api/deps";
import {
  call,
  problemOf,
  TOKENS,
  WRITE_TOKEN,
  READ_TOKEN,
} from "../../../packages/functions/test/integration/api/fixture.ts";
import { PREFIX, type ServiceFixture } from "./service.ts";

/*
 * The real API app over the fixture's service, as the API engineer's tests build it: only the
 * config, the tokens and the clock are given; Lambda, DynamoDB and Step Functions are the real
 * adapters (Step Functions: the local endpoint, when a test serves one).
 */

export { call, problemOf, WRITE_TOKEN, READ_TOKEN };

export function apiFor(fixture: ServiceFixture, overrides: Partial<ApiDeps> = {}) {
  return createApp({
    config: () => fixture.config,
    tokens: () => TOKENS,
    alarmPrefix: () => PREFIX,
    now: () => new Date(fixture.now),
    ...overrides,
  });
}
