import pLimit from 'p-limit';
import {
  parseAnnotationJson,
  parseManifestJson,
  tooLargeError,
  unreadableError,
  type AdminMetadata,
  type DatasetLocation,
  type DatasetReadResult,
  type StorageLimits,
} from '@dtool-notify/domain';
import type { BucketObjects, TextObject } from './bucket-objects.js';
import { createByteBudget, type ByteBudget, type BytesInFlight } from './byte-budget.js';
import { datasetKey, resolvePrefix } from './resolve-prefix.js';

/**
 * Reads README.yml, manifest.json, the tags and the annotations of a dataset, in parallel
 * with at most `concurrency` requests at once. Costs 4 requests (more only for listings
 * past one page) plus one per annotation, whatever the number of items: `data/` is never
 * listed (counts and sizes come from the manifest).
 *
 * Everything read is bounded by `limits`: the bytes of all objects together (a download stops
 * where the budget ends), JSON depth, the number of tags and annotations. Content past a
 * limit, or unparseable, throws `DtoolNotifyError` (`too-large`, `unreadable`). The bytes are
 * also held in the process's `inFlight` until the read (parsing included) has settled.
 */
export async function readDataset(
  objects: BucketObjects,
  location: DatasetLocation,
  adminMetadata: AdminMetadata,
  concurrency: number,
  limits: StorageLimits,
  inFlight: BytesInFlight,
): Promise<DatasetReadResult> {
  const budget = createByteBudget(limits.maxDatasetBytes, 'read per dataset', inFlight);
  try {
    return await readWithin(objects, location, adminMetadata, concurrency, limits, budget);
  } finally {
    budget.settle();
  }
}

async function readWithin(
  objects: BucketObjects,
  location: DatasetLocation,
  adminMetadata: AdminMetadata,
  concurrency: number,
  limits: StorageLimits,
  budget: ByteBudget,
): Promise<DatasetReadResult> {
  const prefix = await resolvePrefix(objects, location);
  if (prefix === undefined) return { status: 'gone' };
  const key = (path: string): string => datasetKey(prefix, location.uuid, path);
  const limit = pLimit(concurrency);

  const listAtMost = async (directory: string, most: number, what: string): Promise<string[]> => {
    const keys: string[] = [];
    for await (const page of objects.listPages(directory)) {
      keys.push(...page.keys);
      if (keys.length > most) throw tooLargeError(`${directory} holds more than ${most} ${what}, the most read per dataset`);
    }
    return keys;
  };
  const readAnnotations = async (): Promise<Array<[string, TextObject | undefined]>> => {
    const directory = key('annotations/');
    const annotationKeys = await limit(() => listAtMost(directory, limits.maxAnnotations, 'annotations'));
    const named = annotationKeys.flatMap((annotationKey) => {
      const file = annotationKey.slice(directory.length);
      return file.endsWith('.json') && file !== '.json' && !file.includes('/') ? [{ annotationKey, name: file.slice(0, -'.json'.length) }] : [];
    });
    return Promise.all(
      named.map(async ({ annotationKey, name }): Promise<[string, TextObject | undefined]> => [
        name,
        await limit(() => objects.getObject(annotationKey, budget)),
      ]),
    );
  };
  const [readme, manifestObject, tagKeys, annotationObjects] = await Promise.all([
    limit(() => objects.getObject(key('README.yml'), budget)),
    limit(() => objects.getObject(key('manifest.json'), budget)),
    limit(() => listAtMost(key('tags/'), limits.maxTags, 'tags')),
    readAnnotations(),
  ]);

  if (manifestObject === undefined) return { status: 'not-a-dataset', reason: 'manifest.json is missing' };
  const manifest = parseManifestJson(manifestObject.text, limits.maxJsonDepth);
  if (!manifest.ok) throw unreadableError(`${key('manifest.json')}: ${manifest.reason}`);
  const annotations: Array<[string, unknown]> = [];
  const annotationETags: Array<[string, string]> = [];
  // An annotation deleted between the listing and its GET is simply no longer there.
  for (const [name, object] of annotationObjects) {
    if (object === undefined) continue;
    const value = parseAnnotationJson(name, object.text, limits.maxJsonDepth);
    if (!value.ok) throw unreadableError(value.reason);
    annotations.push([name, value.value]);
    if (object.eTag !== undefined) annotationETags.push([name, object.eTag]);
  }
  const tags = [...new Set(tagKeys.map(lastComponent).filter((tag) => tag !== ''))];
  return {
    status: 'dataset',
    // fromEntries defines own properties, so an annotation named `__proto__` stays data.
    content: { adminMetadata, readme: readme?.text ?? '', manifest: manifest.value, tags, annotations: Object.fromEntries(annotations) },
    eTags: {
      ...(readme?.eTag === undefined ? {} : { readme: readme.eTag }),
      ...(manifestObject.eTag === undefined ? {} : { manifest: manifestObject.eTag }),
      annotations: Object.fromEntries(annotationETags),
    },
  };
}

function lastComponent(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
