import { defineConfig } from "vitest/config";

/*
 * Three tiers (vitest projects). `npm test` runs them all; each starts only what it needs:
 * - unit: pure code (decision, ledger, alarms, config, rendering, CLI parsing, IAM data, Pulumi
 *   mocks): no python3, no moto, no browser. `npm run test:unit` adds coverage.
 * - integration: real SDK clients against moto (the global setup starts one moto server for it).
 * - browser: the status page in Debian's Chromium (and moto behind the API it serves).
 * - packaging: guard() under Pulumi's mocks with SST's own platform (.sst/platform, from the
 *   offline `sst install`), and each package's `npm pack` tarball installed and imported.
 * - iam: every AWS call the other tiers recorded, against its role's policy (tests/iam); it runs
 *   last, once they are done.
 * A file is integration when it sits in a `test/aws/` or `test/integration/` folder of a package,
 * or anywhere under tests/ but tests/bench, tests/infra and tests/status.
 */
const UNIT = [
  "packages/*/test/**/*.test.ts",
  "examples/*/test/**/*.test.ts",
  "tests/bench/**/*.test.ts",
  "tests/infra/**/*.test.ts",
];
const INTEGRATION_IN_PACKAGES = ["packages/*/test/aws/**", "packages/*/test/integration/**"];
const BROWSER = ["tests/status/**/*.test.ts"];
/** Slow but offline: SST's Pulumi under mocks (guard()) and the npm pack round trips. */
const PACKAGING = [
  "packages/*/test/**/pack.test.ts",
  "packages/sst/test/guard.test.ts",
  "packages/sst/test/refusals.test.ts",
  "packages/sst/test/platform.test.ts",
];

const moto = {
  globalSetup: ["tests/support/global-setup.ts"],
  setupFiles: ["tests/support/setup.ts"],
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    coverage: {
      provider: "v8",
      include: ["packages/*/src/**/*.{ts,tsx}"],
      reporter: ["text-summary", "json-summary", "html"],
      reportsDirectory: "coverage",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT,
          exclude: ["**/node_modules/**", ...INTEGRATION_IN_PACKAGES, ...PACKAGING],
          setupFiles: ["tests/support/unit-setup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["packages/*/test/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: [
            "**/node_modules/**",
            "tests/bench/**",
            "tests/infra/**",
            ...BROWSER,
            ...PACKAGING,
            // the rest of packages/*/test is the unit tier
            "packages/*/test/!(aws|integration)/**",
            "packages/*/test/*.test.ts",
          ],
          ...moto,
        },
      },
      { extends: true, test: { name: "browser", include: BROWSER, ...moto } },
      {
        extends: true,
        test: {
          name: "packaging",
          include: PACKAGING,
          setupFiles: ["tests/support/unit-setup.ts"],
        },
      },
      {
        // The IAM check over every AWS call the other tiers recorded (tests/iam): it reads
        // test-output/aws-calls/, so it runs after them (a later group), and needs no moto.
        extends: true,
        test: {
          name: "iam",
          include: ["tests/iam/**/*.check.ts"],
          setupFiles: ["tests/support/unit-setup.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
