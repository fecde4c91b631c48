import type { TestProject } from "vitest/node";
import { startMoto } from "@ripcord/local/moto";
import { startCallLog } from "./call-log.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The moto server every test file talks to. */
    motoEndpoint: string;
    /** Where this run records every AWS call (tests/support/call-log.ts). */
    callLogDir: string;
  }
}

/**
 * One moto server for the whole run (test files isolate by unique resource names). With
 * MOTO_ENDPOINT set, that server is used and left running.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  project.provide("callLogDir", startCallLog());
  const running = process.env.MOTO_ENDPOINT;
  if (running) {
    project.provide("motoEndpoint", running);
    return undefined;
  }
  const moto = await startMoto();
  project.provide("motoEndpoint", moto.endpoint);
  return () => moto.stop();
}
