// Runs the storage parsers on the inputs given on stdin (a JSON array of texts), then walks
// each result recursively as MongoDB's serialiser does. Run as a child process: a V8 fatal
// error (the RegExp OOM of deep YAML) cannot be caught in-process, only seen as an exit.
import { BSON } from 'mongodb';
import { parseAdminMetadataJson, parseAnnotationJson, parseLegacyReadme, parseManifestJson } from '@dtool-notify/domain';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString('utf8'));
let refused = 0;
for (const text of texts) {
  const results = [parseLegacyReadme(text), parseAnnotationJson('fuzz', text), parseManifestJson(text), parseAdminMetadataJson(text)];
  for (const result of results) {
    if (!result.ok) {
      refused += 1;
      continue;
    }
    // What the index does with a parsed value: serialise it (recursively).
    BSON.calculateObjectSize({ value: result.value });
  }
}
process.stdout.write(`parsed ${texts.length} inputs, ${refused} refusals\n`);
