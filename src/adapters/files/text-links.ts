import type { Link } from '../../engine/types';

/**
 * URLs written in plain text: `http(s)://…` and bare `www.` hosts.
 *
 * Japanese mail often runs a URL straight into the sentence ("https://example.jp/をクリック"),
 * so a URL here is ASCII only and stops at the first non-ASCII character. The cost is that a
 * raw (non-punycode) Japanese IDN in plain text is cut at its first non-ASCII label; links in
 * HTML keep their href exactly and are not affected.
 */
// One character class with a single greedy quantifier and no alternation inside it: linear.
const URL_RE = /(?:\b(?:https?|ftp):\/\/|\bwww\.)[!#$%&'()*+,\-./0-9:;=?@A-Z[\]^_`a-z{|}~]+/gi;
/** Trailing punctuation that ends a sentence rather than the URL. */
const TRAILING = '.,;:!?\'"]}>';

/** Drops sentence punctuation from the end; a ')' stays when it closes a '(' inside the URL. */
function trimTrailing(url: string): string {
  let end = url.length;
  let open = 0;
  for (const c of url) if (c === '(') open++;
  let close = 0;
  for (const c of url) if (c === ')') close++;
  while (end > 0) {
    const c = url.charAt(end - 1);
    if (TRAILING.includes(c)) end--;
    else if (c === ')' && close > open) {
      close--;
      end--;
    } else break;
  }
  return url.slice(0, end);
}

/** Links found in plain text beyond this are dropped (see MAX_HTML_LINKS for why). */
export const MAX_TEXT_LINKS = 5000;

export function extractTextLinks(text: string): Link[] {
  const links: Link[] = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m && links.length < MAX_TEXT_LINKS; m = URL_RE.exec(text)) {
    const href = trimTrailing(m[0]);
    if (/^(?:https?|ftp):\/\/$/i.test(href) || /^www\.$/i.test(href)) continue;
    links.push({ href, text: '', origin: 'text' });
  }
  return links;
}
