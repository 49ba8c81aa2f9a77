import * as React from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Lang, Verdict } from '../../../engine/types';
import { riskBannerModel } from './risk-banner-model';

export interface RiskBannerProps {
  verdict: Pick<Verdict, 'level' | 'incomplete'>;
  lang: Lang;
}

/** The level, in one bar at the top; the rest of the pane explains it. */
export function RiskBanner({ verdict, lang }: RiskBannerProps): React.ReactElement {
  const m = riskBannerModel(verdict, lang);
  return (
    <MessageBar
      intent={m.intent}
      politeness={m.politeness}
      layout="multiline"
      data-testid="risk-banner"
      data-level={m.level}
      data-partial={m.partial ? 'true' : 'false'}
    >
      <MessageBarBody>
        <MessageBarTitle>{m.title}</MessageBarTitle>
        <div>{m.summary}</div>
      </MessageBarBody>
    </MessageBar>
  );
}
