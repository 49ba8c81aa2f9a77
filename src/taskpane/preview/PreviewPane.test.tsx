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
import embedded from '../../../build/pack.json';

// jsdom lacks Web Crypto digests and TextEncoder/TextDecoder, which every browser has; Node's
// implementations are the same standard APIs.
if (!globalThis.crypto?.subtle) Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });
if (typeof globalThis.TextEncoder === 'undefined') Object.assign(globalThis, { TextEncoder: NodeTextEncoder, TextDecoder: NodeTextDecoder });

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
        <PreviewPane settings={settings} lang="en" />
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
    expect(screen.getByTestId('preview-summary').textContent).toMatch(/^2 items: /);
  });

  it('says "not an email message" for a file with no mail header, as the CLI does', async () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <PreviewPane settings={settings} lang="ja" />
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
        <PreviewPane settings={settings} lang="ja" />
      </FluentProvider>,
    );
    fireEvent.change(screen.getByTestId('preview-input'), { target: { files: [new File([], 'empty.eml')] } });
    const err = await screen.findByTestId('preview-error');
    expect(err.textContent).toContain('一部を確認できませんでした');
    expect(screen.queryByTestId('risk-banner')).toBeNull();
  });
});
