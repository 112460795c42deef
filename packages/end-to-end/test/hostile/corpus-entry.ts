import { readdirSync, readFileSync } from 'node:fs';

/** A run of body bytes: text (placeholders filled) or base64, repeated `times` (a number or `bodyLimit±n`). */
export interface BodyPiece {
  readonly text?: string;
  readonly base64?: string;
  readonly times?: number | string;
}

/** Generates `{"Records": [...]}` with `count` records of one event name and object key. */
export interface RecordsGenerator {
  readonly count: number;
  readonly eventName: string;
  readonly key: string;
}

/**
 * One adversarial request, as kept in `corpus/*.json`. Exactly one body form may be given:
 * `body` (text), `bodyJson` (a JSON value, serialised), `bodyBase64`, `bodyPieces` or
 * `bodyRecords` (generators, so the repository stays small). `raw` replaces the whole request.
 */
export interface CorpusEntry {
  readonly name: string;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly bodyJson?: unknown;
  readonly bodyBase64?: string;
  readonly bodyPieces?: readonly BodyPiece[];
  readonly bodyRecords?: RecordsGenerator;
  /** `content-length` (default), `chunked` (in chunks of `chunkBytes`), or `as-given` (no framing header added). */
  readonly framing?: 'content-length' | 'chunked' | 'as-given';
  readonly chunkBytes?: number;
  /** The whole request, bytes exactly as written (placeholders filled in text). */
  readonly raw?: { readonly text?: string; readonly base64?: string };
  /** Leave the request unfinished (the client is still "sending"). */
  readonly keepOpen?: boolean;
  /** The exact status, or the statuses acceptable. */
  readonly expectStatus: number | readonly number[];
  /** A pattern the reason in the answer must match. */
  readonly expectReason?: string;
}

/** A corpus file: a category and its entries. */
export interface CorpusFile {
  readonly category: string;
  readonly description: string;
  readonly entries: readonly CorpusEntry[];
}

/** Reads every `*.json` file of the corpus directory, in name order. */
export function readCorpus(directory: URL): CorpusFile[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as CorpusFile);
}

/** Values the corpus refers to as `{{NAME}}`: the bucket, the real dataset's keys, the service's address. */
export type Placeholders = Readonly<Record<string, string>>;

/** Fills `{{NAME}}` placeholders; an unknown name is a corpus mistake and throws. */
export function fill(text: string, placeholders: Placeholders): string {
  return text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = placeholders[name];
    if (value === undefined) throw new Error(`the corpus names an unknown placeholder {{${name}}}`);
    return value;
  });
}

/** Fills placeholders in every string of a JSON value (keys included). */
function fillJson(value: unknown, placeholders: Placeholders): unknown {
  if (typeof value === 'string') return fill(value, placeholders);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, placeholders));
  if (typeof value !== 'object' || value === null) return value;
  // Built as JSON text, not with object spread: `__proto__` keys must stay own keys.
  const members = Object.entries(value).map(([key, item]) => `${JSON.stringify(fill(key, placeholders))}:${JSON.stringify(fillJson(item, placeholders))}`);
  return JSON.parse(`{${members.join(',')}}`);
}

function repeatCount(times: number | string | undefined, bodyLimit: number): number {
  if (times === undefined) return 1;
  if (typeof times === 'number') return times;
  const relative = /^bodyLimit([+-]\d+)?$/.exec(times);
  if (relative === null) throw new Error(`"${times}" is not a repeat count`);
  return bodyLimit + Number(relative[1] ?? 0);
}

/** The body bytes an entry describes (empty when it has none). */
export function entryBody(entry: CorpusEntry, placeholders: Placeholders, bodyLimit: number): Buffer {
  if (entry.body !== undefined) return Buffer.from(fill(entry.body, placeholders), 'utf8');
  if (entry.bodyJson !== undefined) return Buffer.from(JSON.stringify(fillJson(entry.bodyJson, placeholders)), 'utf8');
  if (entry.bodyBase64 !== undefined) return Buffer.from(entry.bodyBase64, 'base64');
  if (entry.bodyPieces !== undefined) {
    return Buffer.concat(
      entry.bodyPieces.map((piece) => {
        const once = piece.base64 !== undefined ? Buffer.from(piece.base64, 'base64') : Buffer.from(fill(piece.text ?? '', placeholders), 'utf8');
        return Buffer.alloc(once.length * repeatCount(piece.times, bodyLimit), once);
      }),
    );
  }
  if (entry.bodyRecords !== undefined) {
    const { count, eventName, key } = entry.bodyRecords;
    const record = JSON.stringify({
      eventName,
      s3: { bucket: { name: placeholders['BUCKET'] }, object: { key: fill(key, placeholders) } },
    });
    return Buffer.from(`{"Records": [${Array.from({ length: count }, () => record).join(',')}]}`, 'utf8');
  }
  return Buffer.alloc(0);
}

/** The request bytes of an entry, split where a client would write them. */
export function entryRequest(entry: CorpusEntry, placeholders: Placeholders, bodyLimit: number): Uint8Array[] {
  if (entry.raw !== undefined) {
    return [entry.raw.base64 !== undefined ? Buffer.from(entry.raw.base64, 'base64') : Buffer.from(fill(entry.raw.text ?? '', placeholders), 'latin1')];
  }
  const body = entryBody(entry, placeholders, bodyLimit);
  const framing = entry.framing ?? 'content-length';
  const headers: Array<[string, string]> = [['Host', fill('{{HOST}}', placeholders)], ['Connection', 'close']];
  for (const [name, value] of Object.entries(entry.headers ?? {})) headers.push([name, fill(value, placeholders)]);
  const named = (name: string): boolean => headers.some(([header]) => header.toLowerCase() === name);
  if (framing === 'content-length' && !named('content-length') && (body.length > 0 || ['POST', 'PUT'].includes(entry.method ?? 'POST'))) {
    headers.push(['Content-Length', String(body.length)]);
  }
  if (framing === 'chunked' && !named('transfer-encoding')) headers.push(['Transfer-Encoding', 'chunked']);
  const head = Buffer.from(
    `${entry.method ?? 'POST'} ${fill(entry.path ?? '/webhook/notify', placeholders)} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`,
    'latin1',
  );
  if (framing !== 'chunked') return [head, ...(body.length > 0 ? [body] : [])];
  const size = entry.chunkBytes ?? 65_536;
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < body.length; offset += size) {
    const chunk = body.subarray(offset, offset + size);
    chunks.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
  }
  return [head, ...chunks, ...(entry.keepOpen === true ? [] : [Buffer.from('0\r\n\r\n')])];
}
