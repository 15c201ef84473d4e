import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { DiagnosedSource, Diagnosis } from '../../../preload/contract';
import { useTroubleshootStore } from '../../state/troubleshoot-store';
import { useCopy } from '../../components/CopyButton';
import { FindingCard } from './FindingCard';

const useStyles = makeStyles({
  results: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  stats: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  sources: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: 'anywhere' },
  findings: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Copies the plain-text diagnosis (for a support ticket) and confirms it for two seconds. */
function CopyDiagnosisButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const { copied, copy } = useCopy(text);
  return (
    <Button icon={copied ? <CheckmarkRegular /> : <CopyRegular />} onClick={copy} data-testid="copy-diagnosis">
      {copied ? t('troubleshoot.results.copied') : t('troubleshoot.results.copy')}
    </Button>
  );
}

/** A file that could not be read (the others were still diagnosed): the translated reason when known. */
function SourceProblem({ source }: { source: DiagnosedSource }) {
  const { t, i18n } = useTranslation();
  const key = `troubleshoot.errors.${source.error?.code ?? ''}`;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="source-problem">
      <MessageBarBody>
        <MessageBarTitle>{t('troubleshoot.results.sourceFailed', { name: source.name })}</MessageBarTitle>
        {source.error && i18n.exists(key) ? t(key) : (source.error?.message ?? '')}
      </MessageBarBody>
    </MessageBar>
  );
}

function NoFindings({ diagnosis }: { diagnosis: Diagnosis }) {
  const { t } = useTranslation();
  const relevant = diagnosis.linesRelevant > 0;
  return (
    <MessageBar intent={relevant ? 'success' : 'info'} layout="multiline" data-testid="no-findings">
      <MessageBarBody>
        <MessageBarTitle>{relevant ? t('troubleshoot.results.noFindingsTitle') : t('troubleshoot.results.nothingRelevantTitle')}</MessageBarTitle>
        {relevant
          ? t('troubleshoot.results.noFindings', { count: diagnosis.linesRelevant })
          : t('troubleshoot.results.nothingRelevant', { count: diagnosis.linesRead })}
      </MessageBarBody>
    </MessageBar>
  );
}

/** What was read and the findings, most severe first (the screen adds the summary and the certificates checked). */
export function DiagnosisResults() {
  const styles = useStyles();
  const { t } = useTranslation();
  const result = useTroubleshootStore((s) => s.result);
  const status = useTroubleshootStore((s) => s.status);
  if (!result || status === 'reading') return null;
  const { diagnosis } = result;
  const failed = diagnosis.sources.filter((source) => !source.ok);
  const read = diagnosis.sources.filter((source) => source.ok);
  return (
    <section className={styles.results} aria-labelledby="diagnosis-heading" data-testid="diagnosis">
      <div className={styles.header}>
        <div className={styles.stats}>
          <Subtitle1 as="h2" id="diagnosis-heading">
            {t('troubleshoot.results.heading')}
          </Subtitle1>
          <Text data-testid="diagnosis-lines">{t('troubleshoot.results.lines', {
              read: t('troubleshoot.results.linesRead', { count: diagnosis.linesRead }),
              relevant: t('troubleshoot.results.linesRelevant', { count: diagnosis.linesRelevant }),
            })}</Text>
          {read.length > 1 ? (
            <ul className={styles.sources}>
              {read.map((source) => (
                <li key={source.name}>
                  <Caption1>{t('troubleshoot.results.sourceLines', { name: source.name, count: source.linesRead })}</Caption1>
                </li>
              ))}
            </ul>
          ) : null}
          {diagnosis.linesTruncated > 0 ? <Caption1>{t('troubleshoot.results.truncated', { count: diagnosis.linesTruncated })}</Caption1> : null}
        </div>
        <CopyDiagnosisButton text={result.text} />
      </div>
      {failed.map((source) => (
        <SourceProblem key={source.name} source={source} />
      ))}
      {diagnosis.findings.length === 0 ? (
        <NoFindings diagnosis={diagnosis} />
      ) : (
        <>
          <Text weight="semibold">{t('troubleshoot.results.findings', { count: diagnosis.findings.length })}</Text>
          <ul className={styles.findings}>
            {diagnosis.findings.map((finding) => (
              <li key={`${finding.code}-${finding.aadsts ?? ''}`}>
                <FindingCard finding={finding} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
