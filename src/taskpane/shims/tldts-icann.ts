/**
 * The pane's `tldts` (webpack resolve.alias): tldts-icann plus the one answer it leaves out.
 *
 * The engine asks tldts for ICANN suffixes only (`allowPrivateDomains: false`), which the
 * ICANN-only build answers identically with 17 KB gzip less data (the private section) — except
 * that it never sets `isIcann`, and the engine uses `isIcann` to tell a real domain
 * (`mofa.go.jp`) from a file name (`report.pdf`). A suffix with a dot can only come from an ICANN
 * rule; a single label is an ICANN suffix exactly when it is a TLD in the list webpack derives
 * from the full tldts at build time (see `icannTlds` in webpack.config.js).
 * src/taskpane/shims/tldts-icann.test.ts checks the two agree.
 */
import { parse as parseIcann } from 'tldts-icann';

type Options = Parameters<typeof parseIcann>[1];
type Result = ReturnType<typeof parseIcann>;

declare const __MFG_ICANN_TLDS__: string | undefined;

export function createParse(tlds: ReadonlySet<string>): (url: string, options?: Options) => Result {
  return (url, options) => {
    const r = parseIcann(url, options);
    if (r.isIp === true || r.publicSuffix === null) return r;
    const icann = r.publicSuffix.includes('.') || tlds.has(r.publicSuffix);
    r.isIcann = icann;
    // With private domains off, nothing is reported as private (as in the full tldts).
    r.isPrivate = false;
    return r;
  };
}

const BUILD_TLDS: ReadonlySet<string> = new Set(
  (typeof __MFG_ICANN_TLDS__ === 'string' ? __MFG_ICANN_TLDS__ : '').split(',').filter((s) => s !== ''),
);

export const parse = createParse(BUILD_TLDS);
