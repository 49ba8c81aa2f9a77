/** @jest-environment jsdom */
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { emptyMessage } from '../engine';
import type { Lang, NormalisedMessage, Pack, Verdict } from '../engine/types';
import type { CheckedItem, MailHost } from '../adapters/office/office-host';
import type { OfficeResult } from '../adapters/office/office-async';
import type { OnReadProgress } from '../adapters/office/read-item';
import { DEFAULT_CONFIG } from '../config/config';
import { HostPane } from './HostPane';
import type { Settings } from './settings';
import embedded from '../../build/pack.json';

const pack = embedded as unknown as Pack;

function message(over: Partial<NormalisedMessage>): NormalisedMessage {
  return { ...emptyMessage({ kind: 'office', itemId: 'item' }), ...over };
}

const campaignHost = pack.lists.find((l) => l.id === 'campaign-domains')?.entries[0]?.value ?? 'missing.invalid';
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
const DANGEROUS = message({
  origin: { kind: 'office', itemId: 'A' },
  subject: `日米同盟 ${HOSTILE}`,
  text: `資料: https://${campaignHost}/${HOSTILE}`,
  links: [{ href: `https://${campaignHost}/${HOSTILE}`, text: '', origin: 'text' }],
});
const BENIGN = message({ origin: { kind: 'office', itemId: 'B' }, subject: 'Lunch on Friday', text: 'See you there.' });
const UNCHECKED = message({ origin: { kind: 'office', itemId: 'C' }, subject: 'Hello', incomplete: [{ code: 'headers-unavailable' }] });

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

class FakeHost implements MailHost {
  dark = false;
  displayLanguage = 'en-US';
  canReport: boolean;
  pending: Array<Deferred<CheckedItem | null>> = [];
  progress: Array<OnReadProgress | undefined> = [];
  notified: Array<{ item: string; level: string }> = [];
  reported: Array<{ item: string; address: string }> = [];
  private changed: (() => void) | undefined;
  constructor(canReport = true) {
    this.canReport = canReport;
  }
  readCurrent(onProgress?: OnReadProgress): Promise<CheckedItem | null> {
    this.progress.push(onProgress);
    const d = deferred<CheckedItem | null>();
    this.pending.push(d);
    return d.promise;
  }
  async onItemChanged(handler: () => void): Promise<boolean> {
    this.changed = handler;
    return true;
  }
  select(): void {
    this.changed?.();
  }
  item(m: NormalisedMessage): CheckedItem {
    const id = m.origin.itemId ?? '';
    return {
      message: m,
      notify: async (v: Pick<Verdict, 'level'>) => {
        this.notified.push({ item: id, level: v.level });
      },
      report: async (address: string, _v: Verdict, _l: Lang): Promise<OfficeResult<void>> => {
        this.reported.push({ item: id, address });
        return { ok: true, value: undefined };
      },
    };
  }
}

const settings = (over: Partial<Settings['config']> = {}): Promise<Settings> =>
  Promise.resolve({ config: { ...DEFAULT_CONFIG, ...over }, issues: [], indicatorsInactive: false, pack });

function renderPane(host: MailHost, s: Promise<Settings>, lang: Lang = 'en') {
  return render(
    <FluentProvider theme={webLightTheme}>
      <HostPane host={host} settings={s} lang={lang} />
    </FluentProvider>,
  );
}

describe('<HostPane>', () => {
  it('shows "checking" at once, then the verdict, and notifies that item', async () => {
    const host = new FakeHost();
    renderPane(host, settings());
    expect(screen.getByTestId('checking')).toBeTruthy();
    expect(screen.queryByTestId('risk-banner')).toBeNull();
    await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
    const banner = await screen.findByTestId('risk-banner');
    expect(banner.getAttribute('data-level')).toBe('critical');
    expect(host.notified).toEqual([{ item: 'A', level: 'critical' }]);
  });

  it('never shows a late result for an item that is no longer selected', async () => {
    const host = new FakeHost();
    renderPane(host, settings());
    await waitFor(() => expect(host.pending).toHaveLength(1));
    act(() => host.select()); // the reader moves on before item A is read
    await waitFor(() => expect(host.pending).toHaveLength(2));
    await act(async () => host.pending[1]?.resolve(host.item(BENIGN)));
    await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS))); // A finishes last
    const banner = await screen.findByTestId('risk-banner');
    expect(banner.getAttribute('data-level')).toBe('none');
    expect(host.notified).toEqual([{ item: 'B', level: 'none' }]);
  });

  it('asks the reader to select a message when there is no item', async () => {
    const host = new FakeHost();
    renderPane(host, settings());
    await act(async () => host.pending[0]?.resolve(null));
    expect(await screen.findByTestId('no-item')).toBeTruthy();
    expect(screen.queryByTestId('risk-banner')).toBeNull();
  });

  it('says "not fully checked" (and lists why) when parts could not be read', async () => {
    const host = new FakeHost();
    renderPane(host, settings(), 'ja');
    await act(async () => host.pending[0]?.resolve(host.item(UNCHECKED)));
    const banner = await screen.findByTestId('risk-banner');
    expect(banner.getAttribute('data-level')).toBe('none');
    expect(banner.getAttribute('data-partial')).toBe('true');
    expect(banner.textContent).not.toContain('問題は見つかりませんでした');
    // The details follow the banner's frame.
    expect((await screen.findByTestId('incomplete-list')).querySelectorAll('li[data-code="headers-unavailable"]')).toHaveLength(1);
  });

  it('renders hostile message text as text: no element is created from it', async () => {
    const host = new FakeHost();
    const { container } = renderPane(host, settings());
    await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
    await screen.findByTestId('findings-list');
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<img');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it.each<[string, boolean, string | undefined, boolean]>([
    ['client can report, address set', true, 'soc@example.go.jp', true],
    ['client can report, no address', true, undefined, false],
    ['client too old (no Mailbox 1.9)', false, 'soc@example.go.jp', false],
  ])('report button: %s', async (_n, canReport, address, visible) => {
    const host = new FakeHost(canReport);
    renderPane(host, settings(address ? { securityAddress: address } : {}));
    await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
    await screen.findByTestId('risk-banner');
    await screen.findByTestId('verdict-details');
    const button = screen.queryByTestId('report-button');
    expect(button !== null).toBe(visible);
    if (button) {
      await act(async () => fireEvent.click(button));
      expect(host.reported).toEqual([{ item: 'A', address }]);
      expect((await screen.findByTestId('report-status')).getAttribute('data-status')).toBe('opened');
    }
  });

  it('shows the pack guidance for the verdict in the reader’s language', async () => {
    const host = new FakeHost();
    renderPane(host, settings(), 'ja');
    await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
    const list = await screen.findByTestId('guidance-list');
    const first = list.querySelector('li');
    const id = first?.getAttribute('data-guidance');
    const g = pack.guidance.find((x) => x.id === id);
    expect(g).toBeDefined();
    expect(first?.textContent).toContain(g?.title.ja);
  });

  describe('a first verdict while the body is still being read is marked as provisional, never "nothing found"', () => {
    // The headers alone: nothing in them, so without the mark this would read as a clean result.
    const HEADERS_ONLY = message({ origin: { kind: 'office', itemId: 'A' }, subject: DANGEROUS.subject });
    const STILL_BODY = { ja: '本文を確認中です。結果が変わることがあります。', en: 'Still checking the message body; this result may change.' };
    const STILL_ATTACHMENTS = { ja: '添付ファイルを確認中です。結果が変わることがあります。', en: 'Still checking attachments; this result may change.' };

    it.each<[Lang]>([['ja'], ['en']])('%s: body pending, then attachments pending, then the final verdict', async (lang) => {
      const host = new FakeHost();
      renderPane(host, settings(), lang);
      await waitFor(() => expect(host.progress).toHaveLength(1));
      const report = host.progress[0];
      expect(report).toBeDefined();
      await act(async () => void report?.({ done: 0, total: 1, partial: HEADERS_ONLY, bodyPending: true }));
      let banner = await screen.findByTestId('risk-banner');
      expect(banner.getAttribute('data-pending')).toBe('true');
      expect(screen.getByTestId('still-checking').textContent).toBe(STILL_BODY[lang]);
      expect(host.notified).toEqual([]);
      // The body is read: its verdict replaces the first, still marked (an attachment is next).
      await act(async () => void report?.({ done: 0, total: 1, partial: DANGEROUS }));
      banner = await screen.findByTestId('risk-banner');
      expect(banner.getAttribute('data-level')).toBe('critical');
      expect(screen.getByTestId('still-checking').textContent).toBe(STILL_ATTACHMENTS[lang]);
      await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
      await waitFor(() => expect(screen.getByTestId('risk-banner').getAttribute('data-pending')).toBe('false'));
      expect(screen.queryByTestId('still-checking')).toBeNull();
      expect(host.notified).toEqual([{ item: 'A', level: 'critical' }]);
    });

    it('with no attachment and no whole-message read after it, the body-pending verdict stays marked until the final one', async () => {
      const host = new FakeHost();
      renderPane(host, settings(), 'ja');
      await waitFor(() => expect(host.progress).toHaveLength(1));
      await act(async () => void host.progress[0]?.({ done: 0, total: 0, partial: HEADERS_ONLY, bodyPending: true }));
      expect((await screen.findByTestId('still-checking')).textContent).toBe(STILL_BODY.ja);
      // The partial with the body is not shown (nothing follows it); the pending mark stays.
      await act(async () => void host.progress[0]?.({ done: 0, total: 0, partial: DANGEROUS }));
      expect(screen.getByTestId('still-checking').textContent).toBe(STILL_BODY.ja);
      await act(async () => host.pending[0]?.resolve(host.item(DANGEROUS)));
      await waitFor(() => expect(screen.queryByTestId('still-checking')).toBeNull());
      expect(screen.getByTestId('risk-banner').getAttribute('data-level')).toBe('critical');
    });
  });
});
