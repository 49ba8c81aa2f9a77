import * as React from 'react';
import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme, type GriffelStyle } from '@fluentui/react-components';
import type { Lang } from '../engine/types';
import type { MailHost } from '../adapters/office/office-host';
import { storeLang, ui } from './i18n';
import type { Settings } from './settings';
import { HostPane } from './HostPane';

/** The standalone preview is not needed for Outlook's first banner: its own chunk. */
const PreviewPane = React.lazy(() => import(/* webpackChunkName: "preview" */ './preview/PreviewPane').then((m) => ({ default: m.PreviewPane })));
import { CheckingState, ConfigNotice, LanguageSwitch } from './components/PaneParts';

const useStyles = makeStyles({
  provider: { minHeight: '100vh' },
  root: {
    boxSizing: 'border-box',
    minWidth: '280px',
    maxWidth: '720px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalM,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    overflowWrap: 'anywhere',
    // Japanese wraps between phrases (文節) rather than between any two characters, and no
    // paragraph ends on a lone 「ん。」: Chromium-based Outlook (WebView2, Outlook on the web)
    // applies both; other web views ignore them and wrap as before.
    wordBreak: 'auto-phrase' as 'normal',
    textWrap: 'pretty',
  } as GriffelStyle,
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', columnGap: tokens.spacingHorizontalS },
  title: { margin: 0, fontSize: tokens.fontSizeBase300, lineHeight: tokens.lineHeightBase300, fontWeight: tokens.fontWeightSemibold },
  // One quiet line at the foot: the verdict, not the product, comes first.
  footer: {
    margin: 0,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase100,
  },
  main: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
});

export interface AppProps {
  /** The Outlook host, null for the standalone preview, undefined while office.js starts. */
  host: MailHost | null | undefined;
  settings: Promise<Settings>;
  initialLang: Lang;
  dark: boolean;
}

export function App({ host, settings, initialLang, dark }: AppProps): React.ReactElement {
  // Until the reader picks one, the language follows initialLang (a guess before onReady, then
  // Outlook's display language).
  const [chosen, setChosen] = React.useState<Lang | null>(null);
  const lang = chosen ?? initialLang;
  const [loaded, setLoaded] = React.useState<Settings | null>(null);
  const styles = useStyles();

  React.useEffect(() => {
    let alive = true;
    void settings.then((s) => alive && setLoaded(s));
    return () => {
      alive = false;
    };
  }, [settings]);

  React.useEffect(() => {
    // Screen readers pick the voice from the document language.
    document.documentElement.lang = lang;
  }, [lang]);

  const changeLang = (l: Lang): void => {
    setChosen(l);
    storeLang(l);
  };

  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} className={styles.provider}>
      <div className={styles.root}>
        <header className={styles.header}>
          <h1 className={styles.title}>{ui('appTitle', lang)}</h1>
          <LanguageSwitch lang={lang} onChange={changeLang} />
        </header>
        <main className={styles.main}>
          {host === undefined ? (
            <CheckingState lang={lang} progress={null} />
          ) : host ? (
            <HostPane host={host} settings={settings} lang={lang} />
          ) : (
            <React.Suspense fallback={<div role="status">{ui('previewParsing', lang)}</div>}>
              <PreviewPane settings={settings} lang={lang} />
            </React.Suspense>
          )}
          {/* After the verdict: the reader's banner stays at the top; this is for the admin. */}
          {loaded && <ConfigNotice issues={loaded.issues} indicatorsInactive={loaded.indicatorsInactive} lang={lang} />}
        </main>
        <footer className={styles.footer} data-testid="about">
          {ui('appTagline', lang)}
        </footer>
      </div>
    </FluentProvider>
  );
}
