/**
 * Remembers which content files a previous start validated, so a restart with byte-identical files
 * skips running zod on every record (about a third of a 10k-practice cold start).
 *
 * A remembered entry is a key: a hash of the files' bytes (the loader's digest) together with the
 * validation code's fingerprint (the source of the schemas and the loader, this module, and zod's
 * version). Any change to a file, a schema, the loader or zod gives another key, so the files are
 * validated in full again and a bad record fails with the same file/line/id/field error as before.
 * When the code's sources cannot be read (an unusual install), nothing is remembered.
 *
 * The entries live in one small JSON file in the app's cache dir (next to the search index). It is
 * an optimisation only: a missing, unreadable or foreign file means "validate", and a read-only dir
 * means "validate every time".
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = 'content-validated.json';
/** Bump to forget every remembered validation (e.g. a change in what "validated" covers). */
const FORMAT = 1;

/** The files whose code decides whether a record is valid, next to this module (.ts in the sources, .js in dist/). */
const VALIDATION_SOURCES = ['schemas', 'loader', 'validated-cache'].map((name) => `./${name}${extname(import.meta.url)}`);

let fingerprint: string | null | undefined;

/** A hash of the validation code and zod's version; null when they cannot be read. */
export function validationFingerprint(): string | null {
  if (fingerprint !== undefined) return fingerprint;
  try {
    const h = createHash('sha1').update(`format ${FORMAT}\0`);
    for (const source of VALIDATION_SOURCES) h.update(source).update('\0').update(readFileSync(fileURLToPath(new URL(source, import.meta.url)))).update('\0');
    const zodPackage = createRequire(import.meta.url).resolve('zod/package.json');
    h.update(`zod ${(JSON.parse(readFileSync(zodPackage, 'utf8')) as { version?: string }).version ?? '?'}`);
    fingerprint = h.digest('hex');
  } catch {
    fingerprint = null;
  }
  return fingerprint;
}

/** The keys remembered in `dir`, by kind of content ("practice"). */
type Entries = Record<string, string>;

export class ValidatedContentCache {
  private entries: Entries | undefined;

  constructor(
    private readonly dir: string,
    private readonly codeFingerprint: string | null = validationFingerprint(),
  ) {}

  private key(kind: string, digest: string): string | undefined {
    if (this.codeFingerprint === null) return undefined;
    return createHash('sha1').update(`${this.codeFingerprint}\0${kind}\0${digest}`).digest('hex');
  }

  private read(): Entries {
    if (!this.entries) {
      try {
        const parsed = JSON.parse(readFileSync(join(this.dir, FILE), 'utf8')) as unknown;
        this.entries = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Entries) : {};
      } catch {
        this.entries = {};
      }
    }
    return this.entries;
  }

  /** True when files with this digest passed full validation by this very code. */
  has(kind: string, digest: string): boolean {
    const key = this.key(kind, digest);
    return key !== undefined && this.read()[kind] === key;
  }

  /** Records that files with this digest passed full validation (one entry per kind: the latest). */
  remember(kind: string, digest: string): void {
    const key = this.key(kind, digest);
    if (key === undefined || this.read()[kind] === key) return;
    const entries = { ...this.read(), [kind]: key };
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, FILE);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entries));
      renameSync(tmp, file);
      this.entries = entries;
    } catch {
      // A read-only data dir only means validating again on the next start.
    }
  }
}
