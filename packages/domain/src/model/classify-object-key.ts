/** Which part of a dtool dataset an object is, following dtool-s3's key layout. */
export type DatasetPart =
  | { readonly kind: 'registration' }
  | { readonly kind: 'admin-metadata' }
  | { readonly kind: 'readme' }
  | { readonly kind: 'manifest' }
  | { readonly kind: 'structure' }
  | { readonly kind: 'dtool-readme' }
  | { readonly kind: 'http-manifest' }
  | { readonly kind: 'tag'; readonly name: string }
  | { readonly kind: 'annotation'; readonly name: string }
  | { readonly kind: 'overlay'; readonly name: string }
  | { readonly kind: 'item'; readonly identifier: string }
  | { readonly kind: 'fragment'; readonly path: string };

/** The outcome of mapping an object key to the dataset it belongs to. */
export type ObjectKeyClass =
  | {
      readonly kind: 'dataset-object';
      readonly uuid: string;
      /** The key prefix before `<uuid>/`; `undefined` for a registration key (its body holds it). */
      readonly prefix: string | undefined;
      readonly part: DatasetPart;
    }
  | { readonly kind: 'not-dtool'; readonly reason: string };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const REGISTRATION_KEY = new RegExp(`^dtool-(${UUID})$`);
const UUID_AT_END = new RegExp(`(${UUID})$`);
const IN_DATASET_DIRECTORY = new RegExp(`^(${UUID})/(.*)$`, 's');
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Parts addressed by a fixed name directly under `<prefix><uuid>/`. */
const FIXED_PARTS: Readonly<Record<string, DatasetPart>> = {
  dtool: { kind: 'admin-metadata' },
  'README.yml': { kind: 'readme' },
  'manifest.json': { kind: 'manifest' },
  'structure.json': { kind: 'structure' },
  'README.txt': { kind: 'dtool-readme' },
  'http_manifest.json': { kind: 'http-manifest' },
};

/**
 * Maps an object key to `(prefix, uuid, part)`. The prefix may itself contain UUIDs,
 * spaces or any unicode: the dataset's UUID is the right-most path segment ending in a
 * UUID whose remainder is a dtool part, so `a/<uuid1>/b/<uuid2>/dtool` belongs to uuid2 and
 * `<uuid>/tags/<uuid-like-tag>` to uuid. A key with a `.` or `..` segment, a control
 * character or a lone surrogate is never a dataset's (see {@link unusableKeyReason}).
 */
export function classifyObjectKey(key: string): ObjectKeyClass {
  const unusable = unusableKeyReason(key);
  if (unusable !== undefined) return { kind: 'not-dtool', reason: unusable };
  const registered = registrationKeyUuid(key);
  if (registered !== undefined) return dtoolObject(registered, undefined, { kind: 'registration' });
  const segments = key.split('/');
  for (let index = segments.length - 2; index >= 0; index -= 1) {
    const uuid = UUID_AT_END.exec(segments[index] ?? '')?.[1];
    if (uuid === undefined) continue;
    const part = classifyPart(segments.slice(index + 1));
    if (part === undefined) continue;
    const prefixSegments = segments.slice(0, index);
    const segmentHead = (segments[index] ?? '').slice(0, -uuid.length);
    const prefix = prefixSegments.map((segment) => `${segment}/`).join('') + segmentHead;
    return dtoolObject(uuid, prefix, part);
  }
  return { kind: 'not-dtool', reason: `key "${truncate(key)}" is not part of a dtool dataset` };
}

/** The UUID a registration key (`dtool-<uuid>`, at the bucket's top level) names, or `undefined` for any other key. */
export function registrationKeyUuid(key: string): string | undefined {
  return REGISTRATION_KEY.exec(key)?.[1];
}

/**
 * A key relative to a dataset prefix, read as `<uuid>/<path>`: the dataset directory it lies
 * in and its path there (`dtool`, `tags/raw`, `data/…`), or `undefined` when it lies in none
 * (a nested prefix, a file of the prefix itself). Listings of a whole prefix use it.
 */
export function datasetDirectoryKey(relativeKey: string): { readonly uuid: string; readonly path: string } | undefined {
  const place = IN_DATASET_DIRECTORY.exec(relativeKey);
  return place?.[1] === undefined ? undefined : { uuid: place[1], path: place[2] ?? '' };
}

/**
 * Keys dtool never writes and that must not reach S3: `.`/`..` segments (servers disagree on
 * whether `a/../b` names `b`, so a notification could make us read or drop another dataset),
 * control characters, and lone surrogates (not encodable as UTF-8, so they name no object).
 */
function unusableKeyReason(key: string): string | undefined {
  const shown = JSON.stringify(truncate(key));
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `key ${shown} has a "." or ".." segment, which dtool never writes`;
  }
  if (CONTROL_CHARACTER.test(key)) return `key ${shown} holds a control character, which dtool never writes`;
  if (LONE_SURROGATE.test(key)) return `key ${shown} is not well-formed Unicode, so it names no S3 object`;
  return undefined;
}

function dtoolObject(uuid: string, prefix: string | undefined, part: DatasetPart): ObjectKeyClass {
  // The uuid as written: `identityProblem` refuses anything but dtool's lower case.
  return { kind: 'dataset-object', uuid, prefix, part };
}

function classifyPart(rest: readonly string[]): DatasetPart | undefined {
  const [first, second, ...more] = rest;
  if (first === undefined) return undefined;
  if (second === undefined) return FIXED_PARTS[first];
  if (first === 'fragments') return { kind: 'fragment', path: rest.slice(1).join('/') };
  if (first === 'overlays') return { kind: 'overlay', name: stripJson(rest.slice(1).join('/')) };
  if (more.length > 0 || second === '') return undefined;
  switch (first) {
    case 'tags':
      return { kind: 'tag', name: second };
    case 'annotations':
      return second.endsWith('.json') && second.length > '.json'.length
        ? { kind: 'annotation', name: stripJson(second) }
        : undefined;
    case 'data':
      return { kind: 'item', identifier: second };
    default:
      return undefined;
  }
}

function stripJson(name: string): string {
  return name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
}

function truncate(text: string, length = 200): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}
