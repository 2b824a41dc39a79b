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

export function createLogger(opts: LoggerOptions = {}): Logger {
  const threshold = ORDER[opts.level ?? 'info'];
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 4);
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = opts.base ?? {};

  const emit = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields }, replacer);
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, note: 'fields not serializable' });
    }
    for (const s of secrets) line = line.split(s).join('[redacted]');
    write(line);
  };

  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
