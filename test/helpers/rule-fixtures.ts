/**
 * The per-rule fixtures (test/fixtures/rules/{hits,misses}/<rule-id>/*.eml) and the test-only
 * indicator values made from their harmless bytes, read the same way by the Node rule test and
 * the browser rule test.
 */
import * as fs from 'fs';
import * as path from 'path';

export const RULE_FIXTURES_DIR = path.resolve(__dirname, '../fixtures/rules');

export interface TestIocs {
  hashes: string[];
  domains: string[];
  ips: string[];
  urls: string[];
  emails: string[];
}

export function readTestIocs(): TestIocs {
  return JSON.parse(fs.readFileSync(path.join(RULE_FIXTURES_DIR, 'admin-iocs.json'), 'utf8')) as TestIocs;
}

/** `[rule id, file path]` for every .eml of one kind, sorted so test order is stable. */
export function ruleFixtures(kind: 'hits' | 'misses'): [string, string][] {
  const dir = path.join(RULE_FIXTURES_DIR, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((rule) =>
      fs
        .readdirSync(path.join(dir, rule))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .map((f): [string, string] => [rule, path.join(dir, rule, f)]),
    );
}
