import { replayEveryScenarioUnder } from "./replay-support.ts";

// Every labelled scenario, replayed with --signal url (replay-support.ts).
replayEveryScenarioUnder("url");
