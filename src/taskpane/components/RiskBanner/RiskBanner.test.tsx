/** @jest-environment jsdom */
import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import type { Incomplete, Level } from '../../../engine/types';
import { LEVEL_LABEL } from '../../../i18n/messages';
import { riskBannerModel } from './risk-banner-model';
import { RiskBanner } from './RiskBanner';

const UNCHECKED: Incomplete[] = [{ code: 'headers-unavailable' }];

describe('riskBannerModel', () => {
  it.each<[Level, Incomplete[], string, string, boolean, boolean]>([
    // level, incomplete, intent, politeness, partial, solid
    ['none', [], 'info', 'polite', false, false],
    // Not fully checked with nothing found: quieter than medium (not the amber warning).
    ['none', UNCHECKED, 'info', 'polite', true, false],
    ['low', [], 'info', 'polite', false, false],
    ['low', UNCHECKED, 'info', 'polite', false, false],
    ['medium', [], 'warning', 'polite', false, false],
    ['high', [], 'error', 'assertive', false, false],
    // Critical is a solid fill, distinct from high.
    ['critical', UNCHECKED, 'error', 'assertive', false, true],
  ])('%s with %j → %s / %s', (level, incomplete, intent, politeness, partial, solid) => {
    const m = riskBannerModel({ level, incomplete }, 'en');
    expect(m.intent).toBe(intent);
    expect(m.politeness).toBe(politeness);
    expect(m.partial).toBe(partial);
    expect(m.solid).toBe(solid);
    // Never the green "success" look: nothing here may read as "safe".
    expect(m.intent).not.toBe('success');
  });

  it.each(['ja', 'en'] as const)('"none" with something unchecked never says "nothing found" (%s)', (lang) => {
    const m = riskBannerModel({ level: 'none', incomplete: UNCHECKED }, lang);
    expect(m.title).not.toBe(LEVEL_LABEL.none[lang]);
    expect(m.summary).not.toContain(LEVEL_LABEL.none[lang]);
  });
});

describe('<RiskBanner>', () => {
  it.each<[Level, 'ja' | 'en']>([
    ['none', 'ja'],
    ['high', 'en'],
    ['critical', 'ja'],
  ])('renders %s in %s with a stable test id and level', (level, lang) => {
    render(
      <FluentProvider theme={webLightTheme}>
        <RiskBanner verdict={{ level, incomplete: [] }} lang={lang} />
      </FluentProvider>,
    );
    const banner = screen.getByTestId('risk-banner');
    expect(banner.getAttribute('data-level')).toBe(level);
    expect(banner.getAttribute('role')).toBe('group');
    expect(banner.textContent).toContain(LEVEL_LABEL[level][lang]);
  });
});
