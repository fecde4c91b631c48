import { beforeAll } from "vitest";
import { Clients } from "@ripcord/core/aws";
import type { FaultProxy, FaultRule } from "../../support/fault-proxy.ts";
import { direct, faultProxy, motoEndpoint } from "./endpoint.ts";
import { openInbox, type Inbox } from "./inbox.ts";
import { live, scoped, type Scope } from "./scoped.ts";
import {
  prepareService,
  SERVICE_ENV,
  type ServiceFixture,
  type ServiceOptions,
} from "./service.ts";
import { serveStateMachine, type StepFunctionsEndpoint } from "./trigger.ts";

/*
 * The setup the reliability suites share, as vitest hooks: moto, the inbox of notifications, a
 * prepared service, the served state machine, a fault proxy and the environment. A suite asks for
 * the parts it needs and keeps the handles; what is particular to it stays in the suite.
 *
 * moto itself is started once for the run by the vitest global setup (tests/support/global-setup.ts),
 * which provides its endpoint; the harness only points the SDK clients at that endpoint and fails
 * the suite if nothing provided one.
 *
 * Parts are opened in the order below and closed in reverse (vitest's default `sequence.hooks:
 * "stack"`), so a part can rely on every one before it. A new part (per-role credentials, say) is
 * one more option and one `scoped` call at its place in that order.
 */

export interface HarnessOptions {
  /** Environment for the whole suite (SDK settings such as AWS_MAX_ATTEMPTS), restored after it. */
  env?: Record<string, string>;
  /** An HTTP endpoint subscribed to the topic of every service prepared with it, open for the whole suite. */
  inbox?: boolean;
  /** A watched service the harness prepares (subscribed to the inbox, when there is one). */
  service?: { scope: Scope; options?: ServiceOptions };
  /** Ripcord's state machine behind a local Step Functions endpoint. */
  stateMachine?: Scope;
  /** A fault proxy in front of moto for each test: it forwards and counts until the test sets rules. */
  proxy?: { seed: number };
}

export interface Harness {
  inbox: Inbox;
  fixture: ServiceFixture;
  endpoint: StepFunctionsEndpoint;
  proxy: FaultProxy;
  /** A fault proxy in front of moto for the test that opens it, closed after that test. */
  faultProxy: (seed: number, rules?: readonly FaultRule[]) => Promise<FaultProxy>;
}

function unopened<T extends object>(name: string, option: string): T {
  return live<T>(`${name} (the harness option \`${option}\`)`, () => undefined);
}

/** The variables `keys` as they are now, and a way to put them back. */
function saveEnv(keys: readonly string[]): { restore(): void } {
  const saved = keys.map((key) => [key, process.env[key]] as const);
  return {
    restore: () => {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    },
  };
}

/** Registers the hooks of the parts `options` asks for, in the describe block (or file) it is called in. */
export function useReliabilityHarness(options: HarnessOptions = {}): Harness {
  beforeAll(() => {
    if (!motoEndpoint())
      throw new Error(
        "no moto endpoint was provided: the reliability suites need vitest's global setup tests/support/global-setup.ts",
      );
    direct();
  });

  const { env } = options;
  if (env)
    scoped(
      "the suite's environment",
      "suite",
      async () => {
        const saved = saveEnv(Object.keys(env));
        Object.assign(process.env, env);
        // SDK clients read their settings when built: the next call builds them with these.
        Clients.resetClients();
        return saved;
      },
      async (saved) => {
        saved.restore();
        Clients.resetClients();
      },
    );

  const inbox = options.inbox
    ? scoped("the inbox", "suite", openInbox, (opened) => opened.close())
    : unopened<Inbox>("the inbox", "inbox");

  const { service } = options;
  const fixture = service
    ? scoped(
        "the service",
        service.scope,
        () => prepareService({ ...service.options, ...(options.inbox && { inbox }) }),
        async () => undefined,
      )
    : unopened<ServiceFixture>("the service", "service");

  const endpoint = options.stateMachine
    ? scoped("the state machine", options.stateMachine, serveStateMachine, (served) =>
        served.close(),
      )
    : unopened<StepFunctionsEndpoint>("the state machine", "stateMachine");

  const { proxy: proxyOptions } = options;
  const proxy = proxyOptions
    ? scoped(
        "the fault proxy",
        "test",
        () => faultProxy(proxyOptions.seed),
        (opened) => opened.close(),
      )
    : unopened<FaultProxy>("the fault proxy", "proxy");

  // The proxies tests open themselves, closed after each test even when it failed.
  const opened = scoped(
    "the test's fault proxies",
    "test",
    async (): Promise<FaultProxy[]> => [],
    async (proxies) => {
      await Promise.all(proxies.map((p) => p.close()));
    },
  );

  // A test may break the service's environment (a bad RIPCORD_CONFIG): the next one starts from it as it was.
  scoped(
    "the service's environment",
    "test",
    async () => saveEnv(SERVICE_ENV),
    async (saved) => saved.restore(),
  );

  return {
    inbox,
    fixture,
    endpoint,
    proxy,
    faultProxy: async (seed, rules) => {
      const started = await faultProxy(seed, rules);
      opened.push(started);
      return started;
    },
  };
}
