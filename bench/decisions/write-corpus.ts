import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CASES_PER_FAMILY, DEFAULT_SEED, generateCorpus, serializeCorpus } from "./generate.ts";

/** `npx tsx bench/decisions/write-corpus.ts [--seed S] [--per-family N]`: writes bench/corpus/cases.json. */
export const CORPUS_FILE = fileURLToPath(new URL("../corpus/cases.json", import.meta.url));

function main(): void {
  const { values } = parseArgs({
    options: { seed: { type: "string" }, "per-family": { type: "string" } },
  });
  const perFamily =
    values["per-family"] === undefined ? CASES_PER_FAMILY : Number(values["per-family"]);
  if (!Number.isInteger(perFamily) || perFamily < 1)
    throw new RangeError("--per-family takes a positive whole number");
  const corpus = generateCorpus(values.seed ?? DEFAULT_SEED, perFamily);
  writeFileSync(CORPUS_FILE, serializeCorpus(corpus));
  process.stderr.write(
    `wrote ${corpus.cases.length} cases (seed ${corpus.seed}) to ${CORPUS_FILE}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
