/**
 * Structured logs: one JSON object per line on stderr (stdout belongs to the console chat and the CLI).
 * Every configured secret is masked in the final line, whatever field it hid in.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: Level | 'silent';
  secrets?: readonly string[];
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

const SECRET_KEYS = /token|secret|password|authorization|signature/i;

function serializeError(err: unknown): unknown {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(code ? { code } : {}), stack: err.stack };
  }
  return err;
}

function replacer(key: string, value: unknown): unknown {
  if (key && SECRET_KEYS.test(key) && typeof value === 'string') return '[redacted]';
  if (value instanceof Error) return serializeError(value);
  return value;
}

interface Sink {
  threshold: number;
  secrets: readonly string[];
  write(line: string): void;
}

// A class, so a child logger (one per turn) is one small object rather than a set of closures.
class JsonLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly base: Record<string, unknown>,
  ) {}

  private emit(level: Level, msg: string, fields?: Record<string, unknown>): void {
    if (ORDER[level] < this.sink.threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...this.base, ...fields }, replacer);
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...this.base, note: 'fields not serializable' });
    }
    for (const s of this.sink.secrets) line = line.split(s).join('[redacted]');
    this.sink.write(line);
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.emit('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.emit('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.emit('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.emit('error', msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.sink, { ...this.base, ...fields });
  }
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const sink: Sink = {
    threshold: ORDER[opts.level ?? 'info'],
    secrets: (opts.secrets ?? []).filter((s) => s.length >= 4),
    write: opts.write ?? ((line: string) => process.stderr.write(line + '\n')),
  };
  return new JsonLogger(sink, opts.base ?? {});
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
