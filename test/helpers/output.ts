import { vi } from 'vitest';

/**
 * Everything written to stdout/stderr or through console.* from now on (errors with their stacks), still
 * passed through to the real streams; vi.restoreAllMocks() ends the capture.
 */
export function captureOutput(printed: string[] = []): string[] {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ')));
  }
  return printed;
}
