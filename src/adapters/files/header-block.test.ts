/**
 * The pane's header-block reader splits fields itself (so the first banner does without
 * postal-mime's MIME parser). Held here to postal-mime's own header reading, and to the
 * whole-message path's sender and Reply-To, on every rule fixture and a sample of the corpora.
 */
import * as fs from 'fs';
import * as path from 'path';
import PostalMime from 'postal-mime';
import { ruleFixtures } from '../../../test/helpers/rule-fixtures';
import { listFiles, requireCorpora } from '../../../test/helpers/corpus';
import { parseHeaderBlock, splitHeaderLines } from './header-block';
import { headerFields } from './headers';

/** The header block as Outlook hands it over: text up to the first empty line. */
function headerBlock(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  const m = /\r?\n\r?\n/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

function sample(): string[] {
  const root = requireCorpora();
  const fromRules = [...ruleFixtures('hits'), ...ruleFixtures('misses')].map(([, f]) => f);
  const corpus: string[] = [];
  for (const c of ['osst-users_ja-phishing', 'fml8', 'phishing_pot', 'spamassassin_testdata', 'mimekit', 'postal-mime']) {
    const dir = path.join(root, c);
    const files = listFiles(dir).filter((f) => /\.(eml|txt)$|^[^.]+$/.test(path.basename(f)));
    // Every 7th file: a stable spread across each collection, kept small for CI time.
    corpus.push(...files.filter((_, i) => i % 7 === 0).slice(0, 40).map((f) => path.join(dir, f)));
  }
  return [...fromRules, ...corpus];
}

describe('header block, read without postal-mime', () => {
  it.each([
    ['plain', 'Subject: a\r\nFrom: b@example.jp', [['subject', 'a'], ['from', 'b@example.jp']]],
    ['folded with tab and space kept', 'Subject: a\r\n\tb\r\n  c', [['subject', 'a\tb  c']]],
    ['only SP/HTAB continue', 'Subject: a\r\n\u000bX: y', [['subject', 'a'], ['\u000bx', 'y']]],
    ['empty line ends the block', 'A: 1\r\n\r\nB: 2', [['a', '1']]],
    ['no colon: name only, empty value', 'garbage line\r\nA: 1', [['garbage line', ''], ['a', '1']]],
    ['bare CR inside a value becomes a space', 'A: x\ry', [['a', 'x y']]],
    ['LF-only line ends', 'A: 1\nB: 2\n', [['a', '1'], ['b', '2']]],
  ])('%s', (_name, block, want) => {
    expect(splitHeaderLines(block).map((h) => [h.key, h.value])).toEqual(want);
  });

  it('matches postal-mime and the whole-message fields on rule fixtures and corpus mail', async () => {
    const files = sample();
    expect(files.length).toBeGreaterThan(150);
    let compared = 0;
    for (const f of files) {
      const block = headerBlock(fs.readFileSync(f));
      if (block.trim() === '') continue;
      const bytes = new TextEncoder().encode(block + '\r\n\r\n');
      const email = await PostalMime.parse(bytes);
      const ours = splitHeaderLines(block);
      expect({ f, h: ours }).toEqual({ f, h: email.headers.map((h) => ({ key: h.key, originalKey: h.originalKey, value: h.value })) });
      const head = await parseHeaderBlock(block);
      if ('error' in head) continue;
      const named = headerFields(email.headers);
      expect({ f, from: head.from, replyTo: head.replyTo }).toEqual({ f, from: named.from, replyTo: named.replyTo });
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });
});
