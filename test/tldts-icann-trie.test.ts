/**
 * The pane runs tldts on its trie projected onto the ICANN section (scripts/tldts-icann-trie.js);
 * the CLI runs tldts on its own trie. Every answer the engine can ask for must be the same, or
 * the pane and the CLI would disagree about a domain.
 *
 * A lookup's answer depends on which rules match the host's labels, so the probes are every rule
 * of the list, ICANN and private, as a host and with labels around it (including the empty-label
 * and wildcard cases), plus every host in the rule fixtures and the pack.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { projectIcann } = require('../scripts/tldts-icann-trie.js') as { projectIcann: (d: Trie) => Trie };

interface Trie {
  nodeFlags: Uint8Array;
  edgeStart: Uint16Array;
  edgeLength: Uint8Array;
  edgeChild: Uint16Array;
  labelText: string;
  rulesRoot: number;
  exceptionsRoot: number;
}
type Tldts = Pick<typeof import('tldts'), 'parse'>;
type Lookup = Parameters<typeof import('tldts-core').parseImpl>[2];

const DATA = require.resolve('tldts/dist/cjs/src/data/trie.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const full = require('tldts') as Tldts;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fullData = require(DATA) as Trie;
const projected = projectIcann(fullData);
/**
 * tldts's own lookup module on the projected data, put together as tldts's ES build (the one the
 * pane bundles) does: `parse` is tldts-core's parseImpl with this lookup. (tldts's CommonJS main is
 * one file with the data inlined, so the data module is swapped under its separate lookup module.)
 */
let lookup!: Lookup;
jest.isolateModules(() => {
  jest.doMock(DATA, () => projected);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lookup = (require('tldts/dist/cjs/src/suffix-trie.js') as { default: Lookup }).default;
});
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('tldts-core') as typeof import('tldts-core');
const icann: Tldts = { parse: (url, options) => core.parseImpl(url, 5, lookup, options ?? {}, core.getEmptyResult()) };

/** Every rule in a trie, as written in the list (`*.kawasaki.jp`, `www.ck` for `!www.ck`). */
function rules(d: Trie, root: number): string[] {
  const offset: number[] = [];
  for (let e = 0, o = 0; e < d.edgeLength.length; e++) {
    offset.push(o);
    o += d.edgeLength[e] as number;
  }
  const out: string[] = [];
  const stack: [number, string][] = [[root, '']];
  while (stack.length > 0) {
    const [node, below] = stack.pop() as [number, string];
    for (let e = d.edgeStart[node] as number; e < (d.edgeStart[node + 1] as number); e++) {
      const label = d.labelText.slice(offset[e], (offset[e] as number) + (d.edgeLength[e] as number));
      const name = below ? `${label}.${below}` : label;
      out.push(name);
      stack.push([d.edgeChild[e] as number, name]);
    }
  }
  return out;
}

function hostsIn(text: string): string[] {
  return text.match(/[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu) ?? [];
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name), ext) : ext.test(d.name) ? [path.join(dir, d.name)] : []));
}

const FIELDS = ['hostname', 'domain', 'publicSuffix', 'subdomain', 'domainWithoutSuffix', 'isIp', 'isIcann', 'isPrivate'] as const;
/** The option sets the pane passes: the engine's (src/engine/domain.ts), tldts's defaults, and the pack checker's (src/pack/values.ts). */
const OPTIONS = [{ allowPrivateDomains: false }, undefined, { extractHostname: false, validateHostname: false, detectIp: false }] as const;

function differences(inputs: Iterable<string>): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    for (const options of OPTIONS) {
      const a = full.parse(input, options);
      const b = icann.parse(input, options);
      for (const f of FIELDS) if (a[f] !== b[f]) out.push(`${input} ${JSON.stringify(options)} ${f}: ${String(a[f])} vs ${String(b[f])}`);
    }
  }
  return out;
}

describe('the pane\'s ICANN projection of tldts\'s trie', () => {
  const allRules = [...rules(fullData, fullData.rulesRoot), ...rules(fullData, fullData.exceptionsRoot)];

  it('is smaller, and keeps every ICANN rule (the comparisons below cannot pass vacuously)', () => {
    expect(projected.labelText.length).toBeLessThan(fullData.labelText.length * 0.7);
    expect(allRules.length).toBeGreaterThan(9000);
    // ICANN rules, wildcards and exceptions the engine meets, and private ones it must not.
    for (const [host, domain] of [
      ['www.mofa.go.jp', 'mofa.go.jp'],
      ['a.b.city.kawasaki.jp', 'city.kawasaki.jp'],
      ['x.y.kawasaki.jp', 'x.y.kawasaki.jp'],
      ['user.github.io', 'github.io'],
      ['tenant.sharepoint.com', 'sharepoint.com'],
      ['x.blogspot.com', 'blogspot.com'],
    ] as const) {
      expect(icann.parse(host, OPTIONS[0]).domain).toBe(domain);
      expect(full.parse(host, OPTIONS[0]).domain).toBe(domain);
    }
    // With private domains allowed the two differ, which is why the pane never allows them.
    expect(full.parse('user.github.io', { allowPrivateDomains: true }).domain).toBe('user.github.io');
    expect(icann.parse('user.github.io', { allowPrivateDomains: true }).domain).toBe('github.io');
  });

  it('gives the same answers for every rule of the list with labels around it', () => {
    const probes = new Set<string>();
    for (const rule of allRules) {
      for (const host of [rule, `x.${rule}`, `y.x.${rule}`, `www.${rule}`, `.${rule}`, `x..${rule}`, `${rule}.`]) {
        probes.add(host);
        probes.add(host.replace(/\*/g, 'w'));
      }
    }
    expect(probes.size).toBeGreaterThan(60_000);
    expect(differences(probes)).toEqual([]);
  });

  it('gives the same answers for every host in the rule fixtures and the pack', () => {
    const texts = [
      ...filesUnder(path.join(ROOT, 'test/fixtures'), /\.(eml|json|ts)$/).map((f) => fs.readFileSync(f, 'latin1')),
      fs.readFileSync(path.join(ROOT, 'build/pack.json'), 'utf8'),
    ];
    const hosts = new Set(texts.flatMap(hostsIn));
    expect(hosts.size).toBeGreaterThan(500);
    expect(differences(hosts)).toEqual([]);
  });

  it('is what the pane asks only for: nothing in src allows private domains', () => {
    const offenders = filesUnder(path.join(ROOT, 'src'), /\.tsx?$/).filter((f) => /allowPrivateDomains\s*:\s*true/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
