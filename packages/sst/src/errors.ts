/**
 * Why guard() refuses a function. The message alone must tell the user what to change in their
 * own sst.config.ts. Pulumi's program runner reports a RunError that reaches it (an Output's
 * rejection included) by its message alone, without a stack, and only once however many Outputs
 * carry it (`uncaughtHandler`, `@pulumi/pulumi/cmd/run/run.js`). It recognizes one by
 * `RunError.isInstance`, which checks the `__pulumiRunError` member (`errors.js`, `utils.js`
 * `isInstance`: "designed to work even when multiple copies of the Pulumi SDK have been loaded"),
 * so GuardError carries that member rather than extending the class: a value import of
 * `@pulumi/pulumi` here would break `sst install` on a fresh checkout (providers.ts says why).
 */
export class GuardError extends Error {
  /** What `RunError.isInstance` looks for. */
  readonly __pulumiRunError = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GuardError";
  }
}
