import { spawnSync } from "node:child_process";
import { cpus, release, totalmem, type } from "node:os";

/** What the figures were measured on: a figure without its machine cannot be compared. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  moto: string;
}

function motoVersion(): string {
  const result = spawnSync("python3", ["-c", "import moto; print(moto.__version__)"], {
    encoding: "utf8",
  });
  return result.status === 0 ? result.stdout.trim() : "unknown";
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.versions.node,
    moto: motoVersion(),
  };
}
