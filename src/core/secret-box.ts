/**
 * Secrets at rest (installed Slack bot tokens): AES-256-GCM under STORE_ENCRYPTION_KEY.
 *
 * A sealed value is `enc:v1:<key id>:<base64url(iv 12 bytes | tag 16 bytes | ciphertext)>`. The key id
 * names the key that sealed it, so keys rotate: the first configured key seals, every configured key
 * opens, and a value opened with an older key is re-sealed with the first by its owner on the spot.
 * The caller's `context` (e.g. the store key) is authenticated too, so a sealed token copied into
 * another workspace's row does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'enc:v1:';
const KEY_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;

/** `<base64 of 32 bytes>` or `<id>:<base64>`, comma-separated; the id of a bare key is derived from the key. */
export function parseEncryptionKeys(spec: string): EncryptionKey[] | string {
  const keys: EncryptionKey[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = raw.indexOf(':');
    const id = i === -1 ? undefined : raw.slice(0, i);
    const b64 = i === -1 ? raw : raw.slice(i + 1);
    if (id !== undefined && !KEY_ID_RE.test(id)) return 'a key id is 1-32 letters, digits, "-" or "_"';
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return 'each key must be base64 (e.g. `openssl rand -base64 32`)';
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) return `each key must be 32 bytes (base64 of 32 random bytes), got ${key.length}`;
    const kid = id ?? createHash('sha256').update(key).digest('base64url').slice(0, 8);
    if (keys.some((k) => k.id === kid)) return `the key id "${kid}" is used twice`;
    keys.push({ id: kid, key });
  }
  return keys.length ? keys : 'no key given';
}

export class SecretBox {
  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('SecretBox needs at least one key');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** The key id a sealed value names, or undefined for a plain one. */
  static keyIdOf(value: string): string | undefined {
    if (!SecretBox.isSealed(value)) return undefined;
    return value.slice(PREFIX.length).split(':')[0];
  }

  get primaryKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plain: string, context: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${id}|${context}`));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${id}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
  }

  /** The plain text, or an Error (unknown key id, tampered value, wrong context); never the key. */
  open(sealed: string, context: string): string | Error {
    if (!SecretBox.isSealed(sealed)) return new Error('not a sealed value');
    const [id, body = ''] = sealed.slice(PREFIX.length).split(':');
    const entry = this.keys.find((k) => k.id === id);
    if (!entry) return new Error(`sealed with key "${id}", which STORE_ENCRYPTION_KEY does not hold`);
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < 28) return new Error('sealed value too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`${entry.id}|${context}`));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // GCM's "unable to authenticate data": tampered, or sealed for another context.
      return new Error(`sealed value does not authenticate under key "${entry.id}"`);
    }
  }
}
