import * as fs from 'fs';
import * as path from 'path';
import { parseIocFile } from '../pack';
import { STIX_DIR, stixErrors } from '../../test/helpers/stix-schema';
import { exportIndicators } from './indicators';
import { stixBundle, stixPattern } from './stix';
import { EMBEDDED, packWithAdmin } from './testing/export-pack';
import { STIX_NAMESPACE, uuidv5 } from './uuid';

/** What an indicator set is, independent of the format: kind and value. */
function exportedSet(pack = packWithAdmin()): string[] {
  return exportIndicators(pack)
    .map((i) => `${i.kind}:${i.kind === 'hash' ? i.value.toLowerCase() : i.value}`)
    .sort();
}

function importedSet(text: string): string[] {
  const r = parseIocFile(text, 'bundle.json');
  expect(r.errors).toEqual([]);
  return r.lists.flatMap((l) => l.entries.map((e) => `${l.kind}:${e.value}`)).sort();
}

describe('UUIDv5', () => {
  it.each([
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    // The STIX 2.1 spec's own example: domain-name example.com under the OASIS namespace.
    [STIX_NAMESPACE, '{"value":"example.com"}', 'bedb4899-d24b-5401-bc86-8f6b4cc18ec7'],
  ])('uuidv5(%s, %s) = %s', (ns, name, want) => {
    expect(uuidv5(ns, name)).toBe(want);
  });
});

describe('STIX 2.1 export', () => {
  const bundle = stixBundle(packWithAdmin());

  it('validates, bundle and every object, against the OASIS schemas with Ajv 2020', () => {
    expect(stixErrors(bundle)).toEqual([]);
    const bad = bundle.objects.map((o) => [o.id, stixErrors(o)] as const).filter(([, e]) => e.length > 0);
    expect(bad).toEqual([]);
  });

  it('the schema check can fail: a broken indicator is reported', () => {
    const ind = bundle.objects.find((o) => o.type === 'indicator')!;
    expect(stixErrors({ ...ind, id: 'indicator--not-a-uuid', pattern_type: undefined } as never).length).toBeGreaterThan(0);
  });

  it('holds the identity, the intrusion set with Earth Kasha, TLP:CLEAR, one indicator and one relationship per value', () => {
    const byType = (t: string) => bundle.objects.filter((o) => o.type === t);
    expect(byType('identity')).toHaveLength(1);
    expect(byType('intrusion-set')[0]).toMatchObject({ name: 'MirrorFace', aliases: expect.arrayContaining(['Earth Kasha']) });
    expect(byType('marking-definition')[0]).toMatchObject({ name: 'TLP:CLEAR' });
    const n = exportIndicators(packWithAdmin()).length;
    expect(byType('indicator')).toHaveLength(n);
    expect(byType('relationship')).toHaveLength(n);
    for (const o of byType('indicator')) {
      expect(o.object_marking_refs).toEqual(['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487']);
      expect([15, 50, 85]).toContain(o.confidence);
      expect(o.external_references).toEqual(expect.arrayContaining([expect.objectContaining({ source_name: expect.any(String) })]));
    }
  });

  it('is deterministic: the same pack gives a byte-identical bundle', () => {
    expect(JSON.stringify(stixBundle(packWithAdmin()))).toBe(JSON.stringify(bundle));
    expect(stixBundle(EMBEDDED).id).not.toBe(bundle.id);
  });

  it.each([
    [{ kind: 'hash', value: 'a'.repeat(64) }, `[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`],
    [{ kind: 'hash', value: 'b'.repeat(32) }, `[file:hashes.'MD5' = '${'b'.repeat(32)}']`],
    [{ kind: 'domain', value: 'www.ninesmn.com' }, "[domain-name:value = 'www.ninesmn.com']"],
    [{ kind: 'ip', value: '2001:db8::1' }, "[ipv6-addr:value = '2001:db8::1']"],
    [{ kind: 'url', value: "http://x.example.com/it's" }, "[url:value = 'http://x.example.com/it\\'s']"],
    [{ kind: 'email', value: 'a@example.com' }, "[email-addr:value = 'a@example.com']"],
    [{ kind: 'filename', value: '【参考】*.exe' }, "[file:name LIKE '【参考】%.exe']"],
  ] as const)('pattern for %o', (i, want) => {
    expect(stixPattern(i)).toBe(want);
  });

  it('round-trips: exporting then importing gives back the same indicator set', () => {
    expect(importedSet(JSON.stringify(bundle))).toEqual(exportedSet());
  });
});

describe('the OASIS example bundles (../shared/schemas/stix2.1/examples, read in place)', () => {
  const read = (f: string): string => fs.readFileSync(path.join(STIX_DIR, 'examples', f), 'utf8');

  it('malicious-email-indicator-with-attachment.json is valid STIX to start with', () => {
    expect(stixErrors(JSON.parse(read('malicious-email-indicator-with-attachment.json')))).toEqual([]);
  });

  it('malicious-email-indicator-with-attachment.json: it has no equality pattern; both MATCHES patterns are named by indicator id', () => {
    // Its two indicators are regular expressions over the subject and the attachment name
    // (MATCHES), outside the simple subset: each is an error naming its id, so --iocs and the pane
    // refuse the file as a whole instead of silently loading nothing.
    const r = parseIocFile(read('malicious-email-indicator-with-attachment.json'), 'malicious-email-indicator-with-attachment.json');
    expect(r.format).toBe('stix');
    expect(r.errors.map((e) => [e.object, /MATCHES/.test(e.message), /is not imported/.test(e.message)])).toEqual([
      ['indicator--8cf9236f-1b96-493d-98be-0c1c1e8b62d7', true, true],
      ['indicator--2e17f6fe-3a4d-438a-911a-e509ba1b9933', true, true],
    ]);
    expect(r.lists.flatMap((l) => l.entries)).toEqual([]);
  });

  it.each([
    ['indicator-for-c2-ip-address.json', ['ip:10.0.0.0']],
    ['indicator-to-campaign-relationship.json', ['ip:10.0.0.0']],
    ['indicators-for-C2-with-COA.json', ['hash:ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c', 'ip:10.0.0.0']],
  ])('%s imports its simple patterns', (f, want) => {
    expect(stixErrors(JSON.parse(read(f)))).toEqual([]);
    expect(importedSet(read(f))).toEqual(want);
  });

  it('threat-reports/poisonivy.json: a malformed value is named with its indicator id', () => {
    const r = parseIocFile(read('threat-reports/poisonivy.json'), 'poisonivy.json');
    expect(r.errors).toEqual([expect.objectContaining({ object: expect.stringMatching(/^indicator--/), message: 'not a valid domain: "domain autuo.xicp.net"' })]);
  });
});
