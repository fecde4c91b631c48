import { replayEveryScenarioUnder } from "./replay-support.ts";

// Every labelled scenario, replayed with --signal emf (replay-support.ts).
replayEveryScenarioUnder("emf");
