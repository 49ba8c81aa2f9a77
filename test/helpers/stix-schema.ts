/**
 * The OASIS STIX 2.1 JSON schemas (../shared/schemas/stix2.1, read in place, never copied) loaded
 * into Ajv's draft 2020-12 validator as ../shared/schemas/SOURCES.md says: every file added with
 * addSchema, validation by $id, and `unicodeRegExp: false` because core.json's type pattern uses
 * `\-`, which is invalid under the `u` flag.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './corpus';

export const STIX_DIR = path.resolve(REPO_ROOT, '../shared/schemas/stix2.1');
const ID_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

let ajv: Ajv2020 | undefined;

function load(): Ajv2020 {
  if (ajv) return ajv;
  // strict: false because the OASIS schemas use keywords Ajv's strict mode flags (e.g. unknown
  // formats such as idn-hostname); logger silenced for the same harmless "unknown format" notices.
  const a = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false, logger: false });
  addFormats(a);
  const root = path.join(STIX_DIR, 'schemas');
  for (const dir of fs.readdirSync(root)) {
    for (const f of fs.readdirSync(path.join(root, dir))) if (f.endsWith('.json')) a.addSchema(JSON.parse(fs.readFileSync(path.join(root, dir, f), 'utf8')));
  }
  ajv = a;
  return a;
}

const SCHEMA_OF: Record<string, string> = {
  bundle: 'common/bundle.json',
  indicator: 'sdos/indicator.json',
  identity: 'sdos/identity.json',
  'intrusion-set': 'sdos/intrusion-set.json',
  relationship: 'sros/relationship.json',
  'marking-definition': 'common/marking-definition.json',
};

/** Ajv's errors for one STIX object (or bundle), validated against the schema of its type. */
export function stixErrors(obj: { type: string }): string[] {
  const rel = SCHEMA_OF[obj.type];
  if (!rel) return [`no schema mapped for type ${obj.type}`];
  const validate = load().getSchema(ID_BASE + rel);
  if (!validate) return [`schema ${rel} not loaded`];
  return validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
