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
  it.each<[Level, Incomplete[], string, string, boolean]>([
    // level, incomplete, intent, politeness, partial
    ['none', [], 'info', 'polite', false],
    ['none', UNCHECKED, 'warning', 'polite', true],
    ['low', [], 'info', 'polite', false],
    ['low', UNCHECKED, 'info', 'polite', false],
    ['medium', [], 'warning', 'polite', false],
    ['high', [], 'error', 'assertive', false],
    ['critical', UNCHECKED, 'error', 'assertive', false],
  ])('%s with %j → %s / %s', (level, incomplete, intent, politeness, partial) => {
    const m = riskBannerModel({ level, incomplete }, 'en');
    expect(m.intent).toBe(intent);
    expect(m.politeness).toBe(politeness);
    expect(m.partial).toBe(partial);
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
