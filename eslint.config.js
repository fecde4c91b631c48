// One lint config for the whole tree: typescript-eslint's type-aware rules (the project's own
// tsconfig.json), with formatting left to Prettier (eslint-config-prettier turns off the rules
// that would fight it).
import js from "@eslint/js";
import globals from "globals";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      ".sst/",
      "coverage/",
      "test-output/",
      "**/dist/",
      "sst-env.d.ts",
      "examples/**/.sst/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: [
          "./tsconfig.json",
          "./tsconfig.infra.json",
          "./examples/sst-hono-api/tsconfig.json",
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
      // One import style (docs/contracts.md, "Conventions"): zod as a namespace (a named `z` keeps
      // all of zod in a bundle), and core as @ripcord/core/<module> from everywhere but core itself.
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: 'import * as z from "zod"',
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/packages/core/src/**", "**/core/src/**"],
              message: "import core as @ripcord/core/<module>",
            },
          ],
        },
      ],
    },
  },
  {
    // Core's own tests are core's clients too: @ripcord/core/<module>, not ../src paths.
    files: ["packages/core/test/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../src/**", "../../src/**", "../../../src/**", "**/core/src/**"],
              message: "import core as @ripcord/core/<module>",
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON from moto, receivers and the browser: `any` there is checked by the
    // assertions themselves, and fakes implement async interfaces without awaiting.
    files: ["**/test/**/*.ts", "tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
