import { BSON, type Document } from 'mongodb';
import { runProcess } from './run-process.js';
import type { PythonTools } from './python-tools.js';

/** What the Python reference makes of a dataset: the document it stores, or why it stores none. */
export type ReferenceOutcome =
  | { readonly registered: true; readonly document: Document }
  | { readonly registered: false; readonly reason: string };

/** Exit status of packages/dev-stack/python/dtool-oracle.py when the reference would not register the dataset. */
const NOT_REGISTERED = 3;

/**
 * Runs packages/dev-stack/python/dtool-oracle.py: dserver's `generate_dataset_info` and Mongo search plugin, or
 * with `legacy` dtool-lookup-server 0.17.2's. The document comes back in canonical Extended
 * JSON, parsed into BSON values (Int32, Long, Double, Date) so that types compare too.
 */
export async function referenceDocument(
  tools: PythonTools,
  env: Readonly<Record<string, string>>,
  uri: string,
  baseUri: string,
  options: { readonly legacy?: boolean } = {},
): Promise<ReferenceOutcome> {
  const python = options.legacy === true ? tools.legacyPython : tools.python;
  const args = [tools.oracleScript, '--canonical', ...(options.legacy === true ? ['--legacy'] : []), uri, baseUri];
  const result = await runProcess(python, args, { env });
  if (result.code === NOT_REGISTERED) return { registered: false, reason: result.stderr.trim() };
  if (result.code !== 0) throw new Error(`dtool-oracle.py ${args.slice(1).join(' ')} exited with ${result.code}:\n${result.stderr}`);
  return { registered: true, document: BSON.EJSON.parse(result.stdout, { relaxed: false }) as Document };
}

/** The reference's document, failing when it would not register the dataset. */
export async function registeredReferenceDocument(...args: Parameters<typeof referenceDocument>): Promise<Document> {
  const outcome = await referenceDocument(...args);
  if (!outcome.registered) throw new Error(`the reference would not register ${args[2]}: ${outcome.reason}`);
  return outcome.document;
}
