/**
 * Why guard() refuses a function. The message alone must tell the user what to change in their
 * own sst.config.ts. It is a Pulumi `RunError`: Pulumi's program runner reports a RunError that
 * reaches it (an Output's rejection included) by its message alone, without a stack, and only
 * once however many Outputs carry it (`uncaughtHandler`, `@pulumi/pulumi/cmd/run/run.js`).
 */
import { RunError } from "@pulumi/pulumi";

export class GuardError extends RunError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GuardError";
  }
}
