/**
 * The production build (npm test runs `npm run build` first) must be deployable as it stands:
 * every URL the emitted manifest names is a file in dist/, and the content-hashed scripts the
 * pane loads are there too.
 */
import * as fs from 'fs';
import * as path from 'path';

const DIST = path.resolve(__dirname, '../dist');
const BASE = 'https://localhost:3000/';

describe('dist/ as built', () => {
  const manifestPath = path.join(DIST, 'manifest.xml');

  it('exists (run npm run build first)', () => {
    expect(fs.existsSync(manifestPath)).toBe(true);
  });

  // Comments are left out: the generated header names the base URL itself.
  const manifest = fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, 'utf8').replace(/<!--[\s\S]*?-->/g, '') : '';
  const urls = [...new Set([...manifest.matchAll(/https:\/\/[^"<\s]+/g)].map((m) => m[0]))].filter((u) => u.startsWith(BASE));

  it('names several URLs on the add-in host', () => {
    expect(urls.length).toBeGreaterThanOrEqual(5);
  });

  it.each(urls.map((u) => [u]))('%s is a file in dist/', (u) => {
    const file = new URL(u).pathname.replace(/^\//, '');
    expect(fs.existsSync(path.join(DIST, decodeURIComponent(file)))).toBe(true);
  });

  it('taskpane.html loads only scripts that exist beside it, and office.js from the CDN', () => {
    const html = fs.readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*\bsrc=(?:"([^"]+)"|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? '');
    expect(scripts).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const local = scripts.filter((s) => !s.startsWith('https://'));
    expect(local.length).toBeGreaterThan(0);
    for (const s of local) expect(fs.existsSync(path.join(DIST, s.replace(/^\.?\//, '')))).toBe(true);
    for (const s of local) expect(s).toMatch(/\.[0-9a-f]{16,}\.js$/);
  });
});
