import type { ModelRelease } from "../model.ts";
import type { Random } from "../random.ts";
import { errorMagnitudes, latencyMagnitudes } from "./regressions.ts";
import {
  alarmShape,
  firstVersion,
  isNear,
  onsetMinutesAgo,
  provenReleases,
  releaseMinutesAgo,
  type Draft,
} from "./shared.ts";

/*
 * The bad release follows one or two releases that never served all traffic for the stability
 * window, so the last known-good release is further back than the previous one. Near the
 * threshold: the one intermediate release served 50-59 minutes (still unproven) or 61-70 minutes
 * (proven: then it is the target).
 */

export function unprovenIntermediate(random: Random, index: number): Draft {
  const shape = alarmShape(random);
  const kind = random.chance(0.7) ? "errors" : "latency";
  const regression =
    kind === "errors"
      ? errorMagnitudes(random, null, shape)
      : latencyMagnitudes(random, null, shape);
  const onset = onsetMinutesAgo(random, shape.datapointsToAlarm);
  const near = isNear(index);
  const releasedAgo = near ? onset : releaseMinutesAgo(random, onset);
  const served = near
    ? [random.chance(0.5) ? random.int(50, 59) : random.int(61, 70)]
    : Array.from({ length: random.int(1, 2) }, () => random.int(5, 45));

  const first = firstVersion(random);
  const intermediates: ModelRelease[] = [];
  let takenAgo = releasedAgo;
  for (let i = served.length - 1; i >= 0; i--) {
    takenAgo += served[i] ?? 0;
    intermediates.unshift({ version: "", minutesAgo: takenAgo });
  }
  const proven = provenReleases(random, first, takenAgo);
  let version = first + proven.length;
  for (const release of intermediates) release.version = String(version++);
  const bad = String(version);
  const releases = [...proven, ...intermediates, { version: bad, minutesAgo: releasedAgo }];
  const lastProven = proven.at(-1)?.version ?? String(first);
  const servedText = intermediates
    .map((r, i) => `version ${r.version} served ${served[i]} minutes`)
    .join(", then ");

  return {
    model: {
      thresholds: regression.thresholds,
      releases,
      invocationsPerMinute: regression.invocationsPerMinute,
      healthy: regression.healthy,
      faults: [
        {
          ...regression.fault,
          cause: "release",
          version: bad,
          fromMinutesAgo: onset,
          toMinutesAgo: 1,
        },
      ],
    },
    nearThreshold: near ? "stability window" : null,
    requires: [kind === "errors" ? "errorRate" : "latency"],
    description: `After proven version ${lastProven}, ${servedText}; version ${bad} took all traffic ${releasedAgo} minutes ago and since ${onset} minutes ago it ${regression.summary}.`,
  };
}
