import * as z from "zod/mini";

/*
 * Imported first by every handler entry (a side effect, listed in this package's sideEffects), so
 * it runs before any module builds a schema: an object schema reads the setting when it is built
 * (zod/v4/core/schemas.js, $ZodObjectJIT). With JIT on, zod generates and compiles (new Function)
 * a parser for each object schema on its first parse; a Lambda cold start parses each schema once
 * or twice, so that compiling was the largest part of zod's share of the first invocation. Parsing
 * jitless gives the same results ("Skip eval-based fast path", zod's ParseContext.jitless).
 */
z.config({ jitless: true });
