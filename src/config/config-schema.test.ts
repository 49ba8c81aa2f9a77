/**
 * The published JSON Schema (schemas/config.schema.json) is generated from the validator's own
 * field definitions and agrees with validateConfig on a table of configs: what an admin's editor
 * accepts, the pane accepts, and the reverse.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { validateConfig } from './config';
import { configJsonSchema } from './config-schema';
import { CONFIG_FIELDS } from './config-spec';

const ROOT = path.resolve(__dirname, '../..');
const PAGE = 'https://addins.example.go.jp/mirrorface-guard/taskpane.html';
const published = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(published);

describe('schemas/config.schema.json', () => {
  it('is the generator’s current output (npm run build:schema)', () => {
    expect(published).toEqual(configJsonSchema());
  });

  it('names exactly the fields the validator knows', () => {
    const props = Object.keys(published.properties as object).filter((k) => k !== '$schema');
    expect(props.sort()).toEqual(Object.keys(CONFIG_FIELDS).sort());
    // A field the table does not know is reported by the validator as a typo.
    expect(validateConfig({ securityAdress: 'a@example.go.jp' }, PAGE).issues.map((i) => i.field)).toEqual(['securityAdress']);
  });

  it('accepts the example config shipped in assets/', () => {
    const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets/config.example.json'), 'utf8')) as unknown;
    expect(validate(example)).toBe(true);
    expect(validateConfig(example, PAGE).issues).toEqual([]);
  });

  it.each<[string, unknown, boolean]>([
    // name, config, valid
    ['empty object', {}, true],
    ['full, relative URLs', { securityAddress: 'soc@example.go.jp', trustedDomains: ['example.go.jp'], protectedDomains: ['mofa.go.jp', 'XN--EXAMPLE.JP'], iocListUrls: ['admin/iocs.txt'], packUrls: ['/mirrorface-guard/admin/pack.json'], notifyLevels: ['high', 'critical'] }, true],
    ['same-origin absolute URL', { iocListUrls: ['https://addins.example.go.jp/mirrorface-guard/admin/iocs.txt'] }, true],
    ['comment keys', { $comment: 'x', _note: 'y' }, true],
    ['trailing dot on a domain', { trustedDomains: ['example.go.jp.'] }, true],
    ['address unset with ""', { securityAddress: '' }, true],
    ['a typo', { securityAdress: 'soc@example.go.jp' }, false],
    ['two addresses', { securityAddress: 'a@example.go.jp, b@example.go.jp' }, false],
    ['a bare word for a domain', { trustedDomains: ['localhost'] }, false],
    ['a URL for a domain', { protectedDomains: ['https://mofa.go.jp'] }, false],
    ['a numeric TLD', { protectedDomains: ['10.0.0.1'] }, false],
    ['a wildcard domain', { trustedDomains: ['*.example.go.jp'] }, false],
    ['a string instead of a list', { trustedDomains: 'example.go.jp' }, false],
    ['an unknown level', { notifyLevels: ['urgent'] }, false],
    ['"none" as a level', { notifyLevels: ['none'] }, false],
    ['a URL with a space', { packUrls: ['admin/my pack.json'] }, false],
    ['too many entries', { trustedDomains: Array.from({ length: 1001 }, (_, i) => `d${i}.example.go.jp`) }, false],
    ['not an object', ['soc@example.go.jp'], false],
  ])('%s: schema and validator agree', (_name, config, valid) => {
    expect(validate(config)).toBe(valid);
    expect(validateConfig(config, PAGE).issues.length === 0).toBe(valid);
  });
});
