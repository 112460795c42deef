import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { BSON } from 'mongodb';
import { parseLegacyReadme } from '@dtool-notify/domain';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadPythonTools, PYTHON_TOOLS_SETUP_MS, type PythonTools } from './python-tools.js';
import { runChecked } from './run-process.js';

/** Plain scalars whose type PyYAML decides, one per line of a README. */
const SCALARS = [
  ...['yes', 'Yes', 'YES', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'on', 'On', 'ON', 'off', 'Off', 'OFF'],
  ...['y', 'Y', 'n', 'N', 'tRUE', 'yEs'],
  ...['~', 'null', 'Null', 'NULL', 'nULL', ''],
  ...['0', '-0', '+0', '017', '-017', '08', '0089', '007', '0o17', '0x1F', '0X1F', '0b101', '1_000', '+12', '-12'],
  ...['190:20:30', '-1:30', '1:60', '12345678901', '-3000000000', '9007199254740993'],
  ...['1.0', '1.', '.5', '-.5', '1e3', '1.0e3', '1.0e+3', '6.8523015e+5', '20:30.15', '1_000.5', '0.1', '1.10'],
  ...['.inf', '-.Inf', '+.INF', '.NaN', '.nan', 'inf', 'nan'],
  ...['2024-01-02', '2024-1-2', '2001-12-14 21:59:43.10', '2001-12-14t21:59:43.10-05:00', '2024-03-04T05:06:07Z'],
  ...['2001-12-14 21:59:43.10 -5', '2024-1-2 3:04:05', '2020-11-09T10:11:12.123456789+02:00', '2020-11-09 10:11:12 +05:30'],
  ...['"yes"', "'2024-01-02'", 'hello world', 'Grüße ✓', '= value'],
];

/** Whole READMEs: structure, and what the reference refuses. */
const DOCUMENTS = [
  '',
  '---\n',
  '# only a comment\n',
  'just one sentence\n',
  '- a list\n- as README\n',
  'a: &anchor {unit: mm, scale: 2}\nb:\n  <<: *anchor\n  scale: 3\n',
  'owner: alice\nowner: bob\n',
  'text: |\n  line one\n  line two\nfolded: >\n  one\n  two\n',
  'nested: [[1, 2], [yes, [2024-01-02]]]\n',
  'ints_as_keys:\n  1: one\n  2: two\n',
  'yes: key\n',
  'first: 1\n---\nsecond: 2\n',
  'key: [unclosed\n',
  'a: b: c\n',
  '\tindented: with a tab\n',
];

describe('legacy README parsing compared with dtool-lookup-server 0.17.2 (PyYAML, no database)', () => {
  let tools: PythonTools;
  beforeAll(async () => {
    tools = await loadPythonTools();
  }, PYTHON_TOOLS_SETUP_MS);

  const readmes = [...SCALARS.map((scalar) => `value: ${scalar}\n`), ...DOCUMENTS];

  // One Python process for every README; isDeepStrictEqual holds NaN equal to NaN and 0 unequal to -0.
  test('every scalar and README reads as the reference stored it; what the reference refuses stays text', async () => {
    const script = fileURLToPath(new URL('./pyyaml-readmes.py', import.meta.url));
    const output = await runChecked(tools.legacyPython, [script], { env: tools.baseEnvironment, input: JSON.stringify(readmes) });
    const references = JSON.parse(output) as ({ readme: unknown } | { error: string })[];
    expect(references).toHaveLength(readmes.length);
    const mismatches = readmes.flatMap((readme, position) => {
      const reference = references[position];
      const expected = reference !== undefined && 'readme' in reference ? BSON.EJSON.deserialize(reference, { relaxed: true }).readme : readme;
      const parsed = parseLegacyReadme(readme);
      const ours = parsed.ok ? parsed.value : parsed;
      return isDeepStrictEqual(ours, expected) ? [] : [{ readme, ours, reference: reference !== undefined && 'error' in reference ? reference : expected }];
    });
    expect(mismatches).toEqual([]);
    expect(references.filter((reference) => 'error' in reference)).toHaveLength(4);
  });
});
