import { useEffect, useState } from 'react';
import { Badge, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ChainFetchResult } from '../../../preload/contract';
import type { HostRun } from '../../state/chains-store';
import { findingPhrase, verdictIntent, type VerdictIntent } from './chain-view';
import { ExplainedChip } from '../../components/ExplainedChip';
import { usePhraseText } from './ChainsText';

const useStyles = makeStyles({
  running: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, whiteSpace: 'nowrap', fontSize: tokens.fontSizeBase200 },
});

const BADGE_COLORS: Record<VerdictIntent, 'success' | 'informative' | 'warning' | 'danger'> = {
  success: 'success',
  info: 'informative',
  warning: 'warning',
  error: 'danger',
};

/** Ticks while a host runs, so the elapsed time moves between two stages. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/** The chip next to a host: its live stage and time while running, else the verdict of its last fetch. */
export function HostStatus({ run, result }: { run: HostRun | undefined; result: ChainFetchResult | undefined }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const say = usePhraseText();
  const now = useNow(run !== undefined);
  if (run) {
    const elapsed = Math.max(run.elapsedMs, now - run.startedAt);
    return (
      <span className={styles.running} role="status" data-testid="host-stage" data-stage={run.stage}>
        <Spinner size="extra-tiny" aria-hidden />
        {t('chains.hosts.running', { stage: t(`chains.stage.${run.stage}`), seconds: seconds(elapsed) })}
      </span>
    );
  }
  if (!result) {
    return (
      <Badge appearance="outline" color="informative" data-testid="host-verdict">
        {t('chains.hosts.notFetched')}
      </Badge>
    );
  }
  const label = t(`chains.verdict.${result.verdict}`);
  const reasons = result.findings.map((finding, index) => say(findingPhrase(result, finding, index), finding.message));
  const fixKey = `chains.verdictFix.${result.verdict}`;
  return (
    <ExplainedChip
      label={label}
      testId="host-verdict-chip"
      chip={
        <Badge appearance="tint" color={BADGE_COLORS[verdictIntent(result.verdict)]} data-testid="host-verdict" data-verdict={result.verdict}>
          {label} · {t('chains.result.seconds', { seconds: seconds(result.elapsedMs) })}
        </Badge>
      }
      reason={reasons.length ? reasons.join(' ') : say(null, result.message)}
      fix={i18n.exists(fixKey) ? t(fixKey) : null}
    />
  );
}
