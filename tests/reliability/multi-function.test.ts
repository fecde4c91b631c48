import { describe, expect, it } from "vitest";
import { Lambda } from "@ripcord/core/aws";
import { STEP_HANDLERS } from "@ripcord/local/handlers";
import { through } from "./support/endpoint.ts";
import { aliasRevisions } from "./support/revision-ids.ts";
import { useReliabilityHarness } from "./support/harness.ts";
import { prepareService, type FunctionSetup } from "./support/service.ts";
import { afterRun, alarmInput, runWorkflow } from "./support/workflow.ts";

const DAY = 24 * 60;

/** Three functions released together: api (3 bad, 2 good), worker (3, 2 good), web (5, 4 good); api's alarm fires. */
const SERVICE: FunctionSetup[] = [
  {},
  {},
  {
    versions: 5,
    history: [
      { version: "1", minutesAgo: 3 * DAY },
      { version: "4", minutesAgo: 2 * DAY },
      { version: "5", minutesAgo: 10 },
    ],
  },
];

async function routings(functions: string[]) {
  return Promise.all(
    functions.map(async (fn) => {
      const { version, weights } = await Lambda.getAlias(fn, "production");
      return { version, weights };
    }),
  );
}

describe("services of several functions: every alias shifts, or the result names which did not and why", () => {
  const { inbox, faultProxy } = useReliabilityHarness({ inbox: true });

  it("returns every function of the service to its own known-good version", async () => {
    // Prepare
    const fixture = await prepareService({ inbox, functions: SERVICE });
    const input = alarmInput(fixture);

    // Act
    const run = await runWorkflow(input);

    // Assess
    expect(await routings(fixture.functions)).toEqual([
      { version: "2", weights: {} },
      { version: "2", weights: {} },
      { version: "4", weights: {} },
    ]);
    expect(run.state.shift?.complete).toBe(true);
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back");
    expect(record.shifts?.map((s) => s.status)).toEqual(["shifted", "shifted", "shifted"]);
    const [api, worker, web] = fixture.functions;
    expect(service.frozen?.versions).toEqual({ [api!]: "3", [worker!]: "3", [web!]: "5" });
    const text = inbox.of(fixture.topicArn)[0]?.text ?? "";
    for (const fn of fixture.functions) expect(text).toContain(fn);
  });

  it("names the one alias Lambda kept refusing, after retries, and shifts the others", async () => {
    // Prepare: every UpdateAlias of the worker fails with a 5xx, whatever the retries.
    const fixture = await prepareService({ inbox, functions: SERVICE });
    const [api, worker, web] = fixture.functions;
    const proxy = await faultProxy(8, [
      {
        service: "lambda",
        rate: 1,
        kinds: ["unavailable"],
        match: (r) => r.operation === "UpdateAlias" && r.path.includes(`/functions/${worker}/`),
      },
    ]);
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input));

    // Assess
    expect(proxy.count(proxy.injected, "lambda", "UpdateAlias")).toBeGreaterThanOrEqual(3);
    expect(await routings(fixture.functions)).toEqual([
      { version: "2", weights: {} },
      { version: "3", weights: {} },
      { version: "4", weights: {} },
    ]);
    expect(run.state.shift?.complete).toBe(false);
    const { record, service } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back-with-warnings");
    expect(record.shifts?.map((s) => [s.function, s.status])).toEqual([
      [api, "shifted"],
      [worker, "failed"],
      [web, "shifted"],
    ]);
    expect(record.shifts?.[1]?.reason).toMatch(
      /still failing after 3 attempts.*UpdateAlias.*HTTP 500/,
    );
    const warnings = record.warnings?.join("\n") ?? "";
    expect(warnings).toContain(`${worker}:production failed`);
    expect(warnings).not.toContain(`${api}:production failed`);
    expect(warnings).not.toContain(`${web}:production failed`);
    expect(service.frozen?.versions).toEqual({ [api!]: "3", [web!]: "5" });
    const notes = inbox.of(fixture.topicArn);
    expect(notes[0]?.text).toContain(worker);
    expect(notes[0]?.text).toMatch(/fail/i);
  });

  it("names the alias a deploy moved meanwhile, leaves it on the deploy, and shifts the others", async () => {
    const fixture = await prepareService({ inbox, functions: SERVICE });
    const [api, worker, web] = fixture.functions;
    const verifyThenDeployWorker: typeof STEP_HANDLERS.verify = async (event, context) => {
      const verdict = await STEP_HANDLERS.verify(event, context);
      const { revisionId } = await Lambda.getAlias(worker!, "production");
      await Lambda.updateAlias({ fn: worker!, alias: "production", version: "1", revisionId });
      return verdict;
    };
    const input = alarmInput(fixture);
    // moto ignores RevisionId: the proxy gives aliases Lambda's revisions, the guard Shift relies on.
    const proxy = await faultProxy(9);
    proxy.setAround(aliasRevisions().around);

    await through(proxy, () => runWorkflow(input, { verify: verifyThenDeployWorker }));

    expect((await routings(fixture.functions)).map((r) => r.version)).toEqual(["2", "1", "4"]);
    const { record } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back-with-warnings");
    expect(record.shifts?.map((s) => [s.function, s.status])).toEqual([
      [api, "shifted"],
      [worker, "aborted"],
      [web, "shifted"],
    ]);
    expect(record.warnings?.join("\n")).toContain(`${worker}:production moved by a newer deploy`);
  });

  it("leaves an alias whose target version is not Active where it is, and shifts the others", async () => {
    // Prepare: Lambda reports the worker's known-good version Inactive (moto keeps every version
    // Active, so the proxy rewrites GetFunction's answer: Configuration.State, as Lambda documents it).
    const fixture = await prepareService({ inbox, functions: SERVICE });
    const [api, worker, web] = fixture.functions;
    const proxy = await faultProxy(10);
    proxy.setAround(async (request, forward) => {
      const response = await forward();
      const ofWorker = request.path.split("?")[0]?.endsWith(`/functions/${worker}`);
      if (request.operation !== "GetFunction" || !ofWorker) return response;
      const body = JSON.parse(response.body.toString("utf8")) as {
        Configuration: Record<string, unknown>;
      };
      body.Configuration.State = "Inactive";
      return { ...response, body: Buffer.from(JSON.stringify(body)) };
    });
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input));

    // Assess
    expect((await routings(fixture.functions)).map((r) => r.version)).toEqual(["2", "3", "4"]);
    expect(run.state.shift?.results.map((r) => [r.function, r.status])).toEqual([
      [api, "shifted"],
      [worker, "failed"],
      [web, "shifted"],
    ]);
    expect(run.state.shift?.results[1]?.error).toBe("target version 2 is Inactive, not Active");
    expect(proxy.count(proxy.seen, "lambda", "UpdateAlias")).toBe(2);
  });

  it("reads a target's state in Shift when Verify could not, and still leaves an Inactive one alone", async () => {
    // Prepare: while Verify runs, Lambda answers every GetFunction with a 5xx (Verify leaves the
    // targets unchecked); afterwards it reports the worker's known-good version Inactive.
    const fixture = await prepareService({ inbox, functions: SERVICE });
    const [api, worker, web] = fixture.functions;
    let verifying = false;
    const proxy = await faultProxy(10, [
      {
        service: "lambda",
        rate: 1,
        kinds: ["unavailable"],
        match: (r) => verifying && r.operation === "GetFunction",
      },
    ]);
    proxy.setAround(async (request, forward) => {
      const response = await forward();
      const ofWorker = request.path.split("?")[0]?.endsWith(`/functions/${worker}`);
      if (request.operation !== "GetFunction" || !ofWorker || response.status !== 200)
        return response;
      const body = JSON.parse(response.body.toString("utf8")) as {
        Configuration: Record<string, unknown>;
      };
      body.Configuration.State = "Inactive";
      return { ...response, body: Buffer.from(JSON.stringify(body)) };
    });
    const verifyWhileFailing: typeof STEP_HANDLERS.verify = async (event, context) => {
      verifying = true;
      try {
        return await STEP_HANDLERS.verify(event, context);
      } finally {
        verifying = false;
      }
    };
    const input = alarmInput(fixture);

    // Act
    const run = await through(proxy, () => runWorkflow(input, { verify: verifyWhileFailing }));

    // Assess: Verify's reads failed and left no check; Shift read each target itself.
    expect(proxy.count(proxy.injected, "lambda", "GetFunction")).toBeGreaterThan(0);
    expect(run.state.verify?.targetChecks ?? {}).toEqual({});
    expect((await routings(fixture.functions)).map((r) => r.version)).toEqual(["2", "3", "4"]);
    expect(run.state.shift?.results.map((r) => [r.function, r.status])).toEqual([
      [api, "shifted"],
      [worker, "failed"],
      [web, "shifted"],
    ]);
  });

  it("says which function had no known-good release to return to, instead of leaving it out", async () => {
    // Prepare: the web function has only ever run version 1, which it still serves.
    const fixture = await prepareService({
      inbox,
      functions: [{}, { versions: 1, history: [{ version: "1", minutesAgo: 3 * DAY }] }],
    });
    const [api, web] = fixture.functions;
    const input = alarmInput(fixture);

    const run = await runWorkflow(input);

    expect((await routings(fixture.functions)).map((r) => r.version)).toEqual(["2", "1"]);
    expect(run.state.shift?.results.map((r) => r.function)).toEqual([api]);
    expect(run.state.shift?.reason).toContain(
      `${web}:production has no known-good release before version 1`,
    );
    const { record } = await afterRun(fixture, input.id);
    expect(record.status).toBe("rolled-back");
  });
});
