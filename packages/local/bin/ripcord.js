#!/usr/bin/env node
// Runs the TypeScript sources as they are: tsx's ESM loader compiles them on import, so a fresh
// clone needs `npm ci` and nothing else (no build step) before `npx ripcord local`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
