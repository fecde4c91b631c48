/** Where the timeline goes: stdout normally, stderr when stdout carries the JSON summary. */
export interface TimelineOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

const LABEL_WIDTH = 11;

function elapsed(ms: number): string {
  return `+${(ms / 1000).toFixed(1)}s`.padStart(7);
}

/**
 * Progress lines for people, one per event, as it happens: "+1.2s  label      text", with
 * continuation lines indented under the text. On a terminal, progress counters rewrite their line.
 */
export class Timeline {
  private readonly started = Date.now();
  private open = false;

  constructor(private readonly out: TimelineOutput) {}

  line(label: string, text: string, details: readonly string[] = []): void {
    this.closeProgress();
    const indent = " ".repeat(7 + 2 + LABEL_WIDTH + 1);
    const [first = "", ...rest] = text.split("\n");
    const lines = [`${elapsed(Date.now() - this.started)}  ${label.padEnd(LABEL_WIDTH)} ${first}`];
    for (const more of [...rest, ...details.flatMap((d) => d.split("\n"))])
      lines.push(`${indent}${more}`);
    this.out.write(`${lines.join("\n")}\n`);
  }

  /** A counter while something runs: rewritten in place on a terminal, printed when done otherwise. */
  progress(label: string, done: number, total: number, unit: string): void {
    const text = `${elapsed(Date.now() - this.started)}  ${label.padEnd(LABEL_WIDTH)} ${done}/${total} ${unit}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}`);
      this.open = true;
      if (done >= total) this.closeProgress();
    } else if (done >= total) {
      this.out.write(`${text}\n`);
    }
  }

  private closeProgress(): void {
    if (!this.open) return;
    this.out.write("\n");
    this.open = false;
  }
}

/** A timeline that prints nothing (library use and tests that only want the summary). */
export function silentTimeline(): Timeline {
  return new Timeline({ write: () => undefined });
}
