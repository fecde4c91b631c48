import { replayEveryScenarioUnder } from "./replay-support.ts";

// Every labelled scenario, replayed with --signal lambda (replay-support.ts).
replayEveryScenarioUnder("lambda");
