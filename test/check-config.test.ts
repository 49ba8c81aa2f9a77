/**
 * `mirrorface-guard check-config FILE`: offline validation of an admin's config.json with the
 * pane's own validator, through the built CLI as an admin runs it, and the parts as a table.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCheckConfig } from '../src/cli/check-config';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin/mirrorface-guard.js');

async function check(text: string, args: string[] = [], lang: 'ja' | 'en' = 'en'): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCheckConfig(['config.json', ...args], {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    readFile: async () => Buffer.from(text, 'utf8'),
    lang,
  });
  return { code, out, err };
}

describe('check-config', () => {
  it.each<[string, string, string[], number, RegExp]>([
    ['the shipped example', fs.readFileSync(path.join(ROOT, 'assets/config.example.json'), 'utf8'), [], 0, /no problems found/],
    ['a typo', '{"securityAdress": "soc@example.go.jp"}', [], 1, /securityAdress: is not a known setting/],
    ['broken JSON', '{"trustedDomains": [}', [], 1, /not valid JSON/],
    ['a bad domain and a bad level', '{"trustedDomains": ["*.example.go.jp"], "notifyLevels": ["urgent"]}', [], 1, /trustedDomains\[0\][\s\S]*notifyLevels\[0\][\s\S]*2 problem/],
    ['another origin, with --base', '{"iocListUrls": ["https://elsewhere.example/iocs.txt"]}', ['--base', 'https://addins.example.go.jp/mfg/'], 1, /iocListUrls\[0\][\s\S]*none of your extra indicators/],
    ['the same origin, with --base', '{"iocListUrls": ["https://addins.example.go.jp/mfg/iocs.txt"]}', ['--base', 'https://addins.example.go.jp/mfg/'], 0, /no problems found/],
    ['an absolute URL without --base', '{"iocListUrls": ["https://addins.example.go.jp/mfg/iocs.txt"]}', [], 0, /without --base/],
  ])('%s', async (_name, text, args, code, out) => {
    const r = await check(text, args);
    expect(r.code).toBe(code);
    expect(r.out).toMatch(out);
  });

  it('speaks Japanese with --lang ja, full-width colons after Japanese words', async () => {
    const r = await check('{"securityAddress": "a b"}', ['--lang', 'ja']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('メールアドレスを 1 つ指定してください');
    expect(r.out).toContain('1 件の問題があります');
  });

  it.each([[[]], [['a.json', 'b.json']], [['--lang', 'fr', 'a.json']], [['--bogus', 'a.json']]])('usage errors exit 2: %j', async (argv) => {
    let err = '';
    const code = await runCheckConfig(argv, { out: () => undefined, err: (t) => void (err += t), readFile: async () => Buffer.from('{}'), lang: 'en' });
    expect(code).toBe(2);
    expect(err).toMatch(/check-config/);
  });

  it('runs through the built CLI as an admin types it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-check-config-'));
    const good = path.join(dir, 'config.json');
    fs.writeFileSync(good, '{"securityAddress": "soc@example.go.jp", "trustedDomains": ["example.go.jp"]}');
    const ok = spawnSync(process.execPath, [CLI, 'check-config', good], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('no problems found');
    fs.writeFileSync(good, '{"notifyLevels": "high"}');
    const bad = spawnSync(process.execPath, [CLI, 'check-config', good, '--lang', 'ja'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('notifyLevels');
    const missing = spawnSync(process.execPath, [CLI, 'check-config', path.join(dir, 'nope.json')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
