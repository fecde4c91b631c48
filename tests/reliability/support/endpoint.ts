import { inject } from "vitest";
import { Clients } from "@ripcord/core/aws";
import { startFaultProxy, type FaultProxy, type FaultRule } from "../../support/fault-proxy.ts";

/*
 * Which endpoint the SDK clients of this process talk to: moto directly (to prepare and to check),
 * or the fault proxy in front of it (for the part of a test that must see faults or be observed).
 */

export function motoEndpoint(): string {
  return inject("motoEndpoint");
}

function useEndpoint(url: string): void {
  process.env.AWS_ENDPOINT_URL = url;
  Clients.resetClients();
}

export function direct(): void {
  useEndpoint(motoEndpoint());
}

/** A fault proxy in front of moto; with no rules it forwards everything and counts it. */
export function faultProxy(seed: number, rules: readonly FaultRule[] = []): Promise<FaultProxy> {
  return startFaultProxy({ target: motoEndpoint(), seed, rules });
}

/** Runs `act` with every SDK client going through the proxy, then points them back at moto. */
export async function through<T>(proxy: FaultProxy, act: () => Promise<T>): Promise<T> {
  useEndpoint(proxy.url);
  try {
    return await act();
  } finally {
    direct();
  }
}
