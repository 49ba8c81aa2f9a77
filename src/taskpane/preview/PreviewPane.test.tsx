/** @jest-environment jsdom */
import * as fs from 'fs';
import * as path from 'path';
import { webcrypto } from 'crypto';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'util';
import * as React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Pack } from '../../engine/types';
import { DEFAULT_CONFIG } from '../../config/config';
import type { Settings } from '../settings';
import { PreviewPane } from './PreviewPane';
import type { WorkerLike } from '../../adapters/web-worker';
import embedded from '../../../build/pack.json';

// jsdom lacks Web Crypto digests and TextEncoder/TextDecoder, which every browser has; Node's
// implementations are the same standard APIs.
if (!globalThis.crypto?.subtle) Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
if (typeof globalThis.TextEncoder === 'undefined') Object.assign(globalThis, { TextEncoder: NodeTextEncoder, TextDecoder: NodeTextDecoder });

/**
 * The real worker code on this thread (the browser tests run the real Web Worker). Loaded on
 * first use, after the polyfills above: the file adapter needs TextEncoder as it loads.
 */
const inThreadWorker = (): WorkerLike => (require('../../adapters/web-worker/in-thread.test-helper') as typeof import('../../adapters/web-worker/in-thread.test-helper')).inThreadWorker();

const CORPORA = path.resolve(__dirname, '../../../../shared/corpora');
const settings: Promise<Settings> = Promise.resolve({ config: { ...DEFAULT_CONFIG }, issues: [], indicatorsInactive: false, pack: embedded as unknown as Pack });

function file(rel: string): File {
  const bytes = fs.readFileSync(path.join(CORPORA, rel));
  return new File([new Uint8Array(bytes)], path.basename(rel));
}

describe('<PreviewPane>', () => {
  it('checks each chosen file and shows one banner per message (real mail, .eml and .msg)', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <PreviewPane settings={settings} lang="en" checker={{ spawn: inThreadWorker }} />
      </FluentProvider>,
    );
    expect(screen.getByTestId('preview-drop')).toBeTruthy();
    const input = screen.getByTestId('preview-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.multiple).toBe(true);
    const files = [file('sublime-rules_emls/emls/bec_ceo_impersonation.eml'), file('msgreader_hiraoka/nonUnicodeCP932.msg')];
    fireEvent.change(input, { target: { files } });
    const results = await screen.findAllByTestId('preview-result', {}, { timeout: 10000 });
    expect(results).toHaveLength(2);
    expect(screen.getAllByTestId('risk-banner')).toHaveLength(2);
    // The CP932 .msg decodes to Japanese through the browser's TextDecoder path, not mojibake.
    const msg = results.find((r) => r.textContent?.includes('nonUnicodeCP932.msg'));
    expect(msg?.textContent).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // Two files: a summary line counting what the rows show.
    expect(screen.getByTestId('preview-summary').querySelector('caption')?.textContent).toBe('2 items');
    expect([...screen.getByTestId('preview-summary').querySelectorAll('td')].reduce((n, td) => n + Number(td.textContent), 0)).toBe(2);
  });

  it('says "not an email message" for a file with no mail header, as the CLI does', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <PreviewPane settings={settings} lang="ja" checker={{ spawn: inThreadWorker }} />
      </FluentProvider>,
    );
    fireEvent.change(screen.getByTestId('preview-input'), { target: { files: [new File(['hello world\nthis is text\n'], 'notes.txt')] } });
    const note = await screen.findByTestId('preview-not-mail');
    expect(note.textContent).toContain('メールではありません');
    expect(screen.queryByTestId('risk-banner')).toBeNull();
  });

  it('shows a file that could not be parsed as "not fully checked", never as a clean result', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <PreviewPane settings={settings} lang="ja" checker={{ spawn: inThreadWorker }} />
      </FluentProvider>,
    );
    fireEvent.change(screen.getByTestId('preview-input'), { target: { files: [new File([], 'empty.eml')] } });
    const err = await screen.findByTestId('preview-error');
    expect(err.textContent).toContain('一部を確認できませんでした');
    // The parser's own English words appear only labelled as such.
    expect(screen.getByTestId('technical-detail').textContent).toBe('技術的な詳細（英語）：empty file');
    expect(screen.queryByTestId('risk-banner')).toBeNull();
  });

  it.each([
    ['ja', '確認できませんでした', '制限時間（0.02 秒）内に確認が終わらなかったため'],
    ['en', 'Could not check', 'did not finish within the time limit (0.02 s)'],
  ] as const)('a file stopped at the time limit reads "could not check" (%s), never a verdict; the next file still gets its banner', async (lang, title, line) => {
    const eml = fs.readFileSync(path.resolve(__dirname, '../../../test/browser/fixtures/level-high.eml'));
    // The first worker never answers. The one started after it answers at once with what the
    // worker code gives for this file (computed here, so a slow machine cannot trip the 20 ms limit).
    const { checkBytes } = require('../../adapters/web-worker/serve') as typeof import('../../adapters/web-worker/serve');
    const records = await checkBytes(new Uint8Array(eml), { pack: embedded as unknown as Pack, policy: {} });
    let spawned = 0;
    const spawn = (): WorkerLike => {
      if (spawned++ === 0) return { postMessage: () => undefined, terminate: () => undefined, onmessage: null, onerror: null };
      const w: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: () => undefined,
        postMessage: (m) => {
          if (m.t === 'check') setTimeout(() => w.onmessage?.({ data: { t: 'done', id: m.id, records } }), 0);
        },
      };
      return w;
    };
    render(
      <FluentProvider theme={webLightTheme}>
        <PreviewPane settings={settings} lang={lang} checker={{ spawn, limits: { taskTimeoutMs: 20 } }} />
      </FluentProvider>,
    );
    const files = [new File([new Uint8Array(eml)], 'stuck.eml'), new File([new Uint8Array(eml)], 'next.eml')];
    fireEvent.change(screen.getByTestId('preview-input'), { target: { files } });
    const results = await screen.findAllByTestId('preview-result', {}, { timeout: 10000 });
    expect(results).toHaveLength(2);
    const err = screen.getByTestId('preview-error');
    expect(err.getAttribute('data-limit')).toBe('time');
    // The limit is told in the reader's language only, not repeated in the worker's English.
    expect(err.querySelector('[data-testid="technical-detail"]')).toBeNull();
    expect(err.textContent).toContain(title);
    expect(err.textContent).toContain(line);
    // Rows are sorted by level (high before "could not check"); found by file name.
    const row = (name: string): Element | undefined => results.find((r) => r.getAttribute('data-file') === name);
    expect(row('stuck.eml')?.querySelector('[data-testid="risk-banner"]')).toBeNull();
    expect(row('next.eml')?.querySelector('[data-testid="risk-banner"]')).not.toBeNull();
  });
});
