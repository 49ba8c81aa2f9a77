/**
 * Entry point: decide whether we run inside Outlook or as the standalone preview, then render.
 *
 * Hint: office.js comes from Microsoft's CDN. Offline, or opened in a plain browser, either the
 * script is missing (`Office` undefined) or `Office.onReady` reports no host; both lead to the
 * preview, never to a blank pane.
 */
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Lang, Pack } from '../engine/types';
import { compilePack } from '../engine';
import embeddedPack from '../../build/pack.pane.json';
import { createOfficeHost, type MailHost } from '../adapters/office/office-host';
import { preloadFirstBannerCode, WHOLE_MESSAGE_TIMEOUT_MS } from '../adapters/office/read-item';
import { App } from './App';
import { langFromLocale, readStoredLang } from './i18n';
import { loadSettings, type Settings } from './settings';
import { workerReadDeps, type WorkerReadDeps } from './checker';
import { spawnCheckWorker } from '../adapters/web-worker/spawn';
import { fileTimeoutFromQuery } from '../adapters/web-worker/limits';
import { markTiming } from './timing';

/**
 * How long to wait for Office.onReady. In Outlook it answers in well under a second; in a plain
 * browser office.js answers quickly with no host, but a half-loaded script may never answer,
 * and the preview must still appear.
 */
export const OFFICE_READY_TIMEOUT_MS = 3000;

async function detectHost(readDeps: WorkerReadDeps | null): Promise<MailHost | null> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') {
    readDeps?.stop();
    return null;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    Office.onReady().catch(() => null),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), OFFICE_READY_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!readDeps || !info || info.host === null || info.host === undefined || String(info.host) !== 'Outlook') {
    readDeps?.stop();
    return null;
  }
  return createOfficeHost(readDeps);
}

/**
 * The Office adapter's checking worker. Message bytes (attached items, the whole message) are
 * parsed, the body's HTML and text are read, and attachments downloaded one by one are inspected
 * and hashed, in the checking Web Worker, never on this thread. Its time limit is the one the pane
 * waits for a whole message: a longer one would keep a doomed parse running after the pane has
 * given up on it, queueing the fallback's parses behind it (`?file-timeout=SECONDS` on the pane's
 * URL overrides it). It starts now, while office.js starts: the first banner waits on its read of
 * the body.
 */
function startReadDeps(settings: Promise<Settings>): WorkerReadDeps {
  const limits = { taskTimeoutMs: WHOLE_MESSAGE_TIMEOUT_MS, ...fileTimeoutFromQuery(window.location.search) };
  const deps = workerReadDeps(settings, { limits, spawn: spawnCheckWorker });
  deps.prestart();
  return deps;
}

function prefersDark(): boolean {
  try {
    return window.matchMedia('(prefers-color-scheme: dark)').matches;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) return;
  const pack = embeddedPack as unknown as Pack;
  // config.json and admin indicators load while Office starts; the first check waits for them.
  const settings = loadSettings(pack, (url, init) => fetch(url, init), window.location.href);
  const ready = detectHost(typeof Office !== 'undefined' ? startReadDeps(settings) : null);
  const root = createRoot(container);
  // While office.js starts (it loads the client's own scripts and asks Outlook for the item, which
  // takes far longer than this), the pane's frame is drawn in its checking state, in the language
  // and theme the browser suggests: React's and Fluent's first render and their styles (the
  // banner's too) are then done, and the verdict after onReady is a small update. Synchronous, so
  // it is done before anything else runs. Without office.js there is nothing to wait for.
  if (typeof Office !== 'undefined') {
    // The header reader's chunk is on its way before onReady, not requested after it.
    preloadFirstBannerCode();
    const guess: Lang = readStoredLang() ?? langFromLocale(navigator.language);
    flushSync(() => root.render(<App host={undefined} settings={settings} initialLang={guess} dark={prefersDark()} />));
  }
  // The engine compiles the pack (keyword automaton, lists) on first use. Do it now, after asking
  // for onReady and while office.js talks to Outlook and config.json is on its way, so the first
  // verdict after onReady does not pay for it (cached per pack object; an admin's indicators
  // make a new pack, compiled on first use).
  try {
    compilePack(pack);
  } catch {
    // evaluate() compiles again and reports a failure as "not fully checked".
  }
  const host = await ready;
  markTiming('onReady');
  const initialLang: Lang = readStoredLang() ?? langFromLocale(host ? host.displayLanguage : navigator.language);
  const dark = host ? host.dark : prefersDark();
  root.render(<App host={host} settings={settings} initialLang={initialLang} dark={dark} />);
}

void main();
