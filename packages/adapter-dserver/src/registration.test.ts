import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { describe, expect, test } from 'vitest';
import { registeredForm, toRegistration } from './registration.js';

const dataset = buildDataset({ bucket: 'b', createdAt: 1645632787.071341, frozenAt: 1645632787.618523, annotations: { n: 2, s: 'text' }, tags: ['t'], items: 2 });
const document = { ...expectedDocument(dataset, 's3://b'), custom_key: 'kept by Mongo only' };

describe('toRegistration', () => {
  test('sends exactly the fields of dservercore 0.22 RegisterDatasetSchema, dates as POSIX seconds text', () => {
    const registration = toRegistration(document);
    expect(Object.keys(registration).sort()).toEqual(
      ['annotations', 'base_uri', 'created_at', 'creator_username', 'frozen_at', 'manifest', 'name', 'number_of_items', 'readme', 'size_in_bytes', 'tags', 'type', 'uri', 'uuid'],
    );
    expect(registration.frozen_at).toBe('1645632787.618');
    expect(registration.created_at).toBe('1645632787.071');
    expect(registration.annotations).toEqual({ n: 2, s: 'text' });
    for (const item of Object.values(registration.manifest.items)) expect(Object.keys(item).sort()).toEqual(['hash', 'relpath', 'size_in_bytes', 'utc_timestamp']);
  });

  test('refuses a README parsed as YAML as a permanent failure naming the setting', () => {
    expect(() => toRegistration({ ...document, readme: { a: 1 } })).toThrow(expect.objectContaining({ code: 'permanent', message: expect.stringContaining('DSERVER_NOTIFY_README_LAYOUT=text') }));
  });
});

describe('registeredForm', () => {
  test('is the document without what dserver does not keep, annotations as dserver answers them', () => {
    const form = registeredForm(document);
    expect(form).not.toHaveProperty('custom_key');
    expect(form).not.toHaveProperty('dtoolcore_version');
    expect(form.annotations).toEqual({ n: '2', s: 'text' });
    expect(form.frozen_at).toEqual(document.frozen_at);
  });
});
