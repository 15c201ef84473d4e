import { Badge, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ChainFetchResult } from '../../../preload/contract';
import { findingPhrase, verdictIntent } from './chain-view';
import { ChainTree } from './ChainTree';
import { usePhraseText } from './ChainsText';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  card: styleRules.stack,
  host: { margin: 0, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  findings: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  facts: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  fact: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'baseline', minWidth: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  attempts: styleRules.plainListXXS,
  attempt: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  url: styleRules.mono,
});

function Verdict({ result }: { result: ChainFetchResult }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const say = usePhraseText();
  const texts = result.findings.map((finding, index) => say(findingPhrase(result, finding, index), finding.message));
  const [first, ...rest] = texts;
  return (
    <MessageBar intent={verdictIntent(result.verdict)} layout="multiline" data-testid="verdict" data-verdict={result.verdict}>
      <MessageBarBody>
        <MessageBarTitle>{t(`chains.verdict.${result.verdict}`)}</MessageBarTitle>
        {first ?? say(null, result.message)}
        {rest.length ? (
          <ul className={styles.findings}>
            {rest.map((text, index) => (
              <li key={`${index}-${text}`}>{text}</li>
            ))}
          </ul>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}

function Connection({ result }: { result: ChainFetchResult }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const facts: [string, string][] = [
    [t('chains.result.tls'), result.tlsVersion ?? '—'],
    [t('chains.result.cipher'), result.cipher ?? '—'],
    [t('chains.result.proxy'), result.proxy ?? t('chains.result.direct')],
    [t('chains.result.elapsed'), t('chains.result.seconds', { seconds: (result.elapsedMs / 1000).toFixed(2) })],
  ];
  return (
    <dl className={styles.facts} data-testid="connection">
      {facts.map(([term, value]) => (
        <div key={term} className={styles.fact}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AiaAttempts({ result }: { result: ChainFetchResult }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  if (result.aiaAttempts.length === 0) return null;
  return (
    <div>
      <Caption1 as="h4">{t('chains.result.aiaTitle')}</Caption1>
      <ul className={styles.attempts}>
        {result.aiaAttempts.map((attempt) => (
          <li key={attempt.url} className={styles.attempt}>
            <Badge appearance="tint" color={attempt.ok ? 'success' : 'danger'}>
              {t(attempt.ok ? 'chains.result.aiaOk' : 'chains.result.aiaFailed')}
            </Badge>
            <span className={styles.url}>{attempt.finalUrl}</span>
            {attempt.ok ? null : (
              <Caption1>{attempt.code && i18n.exists(`chains.result.aia.${attempt.code}`) ? t(`chains.result.aia.${attempt.code}`, attempt.values ?? {}) : attempt.message}</Caption1>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One host's last fetch: the verdict and findings, how it connected, and the chain as a tree. */
export function ChainResult({ result }: { result: ChainFetchResult }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid="chain-result" data-target={result.target}>
      <Subtitle2 as="h3" className={styles.host}>
        {result.target.replace(/:443$/, '')}
      </Subtitle2>
      <Verdict result={result} />
      {result.fetched ? (
        <>
          <Connection result={result} />
          <ChainTree result={result} />
          <AiaAttempts result={result} />
        </>
      ) : null}
    </Card>
  );
}
