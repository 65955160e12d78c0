import { Presets, SingleBar } from 'cli-progress';
import type { CliIo } from './io';
import { say, T } from './text';

/** How a launch's progress is shown: a bar on a terminal, a line per change elsewhere (logs, pipes). */
export interface Progress {
  update(started: number, total: number): void;
  stop(): void;
}

/**
 * A bar on a terminal, lines otherwise; BANLI_PROGRESS=bar or =lines chooses (a bar off a
 * terminal is redrawn on a new line every `intervalMs`).
 */
export function progressFor(io: CliIo, intervalMs: number): Progress {
  const mode = io.env.BANLI_PROGRESS ?? (io.stderr.isTTY ? 'bar' : 'lines');
  return mode === 'bar' ? new BarProgress(io, intervalMs) : new LineProgress(io);
}

class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private running = false;

  constructor(io: CliIo, intervalMs: number) {
    this.bar = new SingleBar({
      format: `${T.launching} [{bar}] {value}/{total} 件 {percentage}%`,
      stream: io.stderr as NodeJS.WritableStream,
      hideCursor: true,
      gracefulExit: true,
      noTTYOutput: !io.stderr.isTTY,
      notTTYSchedule: intervalMs,
    }, Presets.shades_classic);
  }

  update(started: number, total: number): void {
    if (!this.running) {
      this.bar.start(total, started);
      this.running = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(started);
    }
  }

  stop(): void {
    if (this.running) this.bar.stop();
  }
}

class LineProgress implements Progress {
  private last = -1;

  constructor(private readonly io: CliIo) {}

  update(started: number, total: number): void {
    if (started === this.last) return;
    this.last = started;
    const percent = total === 0 ? 100 : Math.floor((started * 100) / total);
    this.io.stderr.write(`${T.launching} ${say('{started}/{total} 件 {percent}%', { started, total, percent })}\n`);
  }

  stop(): void {}
}
