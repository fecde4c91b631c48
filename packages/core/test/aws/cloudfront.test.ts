import { CloudFront } from "@ripcord/core/aws";
import { NotFoundError } from "@ripcord/core/errors";
import { describe, expect, it } from "vitest";
import { distribution } from "../../../../tests/support/aws.ts";
import { unique } from "../../../../tests/support/unique.ts";
import { failureOf } from "../../../../tests/support/failure.ts";

describe("CloudFront adapter against moto", () => {
  it("creates an invalidation and reads its status back", async () => {
    // Prepare
    const distributionId = await distribution();

    // Act
    const created = await CloudFront.createInvalidation(
      distributionId,
      ["/*", "/api/*"],
      unique("rollback"),
    );
    const status = await CloudFront.getInvalidation(distributionId, created.id);

    // Assess
    expect(created.id).toMatch(/.+/);
    expect(["InProgress", "Completed"]).toContain(created.status);
    // moto completes invalidations at once (and spells it COMPLETED; the adapter normalises).
    expect(status).toBe("Completed");
  });

  it("reports an unknown distribution as NotFoundError", async () => {
    // Act
    const failure = await failureOf(
      CloudFront.createInvalidation("E0000000000000", ["/*"], unique("rollback")),
    );

    // Assess
    expect(failure).toBeInstanceOf(NotFoundError);
  });
});
