import { useEffect } from 'react';
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, Title2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { IndexedSections } from '../../components/PageIndex';
import { useDropZone, useDropZoneStyles } from '../../components/useDropZone';
import { useTroubleshootStore } from '../../state/troubleshoot-store';
import { DiagnosisInput } from './DiagnosisInput';
import { DiagnosisResults } from './DiagnosisResults';
import { CertificatesChecked, FindingsSummary } from './DiagnosisSummary';
import { InputsNotice } from './InputsNotice';
import { ReadingProgress } from './ReadingProgress';
import { Card } from '../../components/Card';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px', minHeight: '100%', boxSizing: 'border-box' },
  empty: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

/** What to paste, before anything was diagnosed. */
function EmptyState() {
  const styles = useStyles();
  const { t } = useTranslation();
  const items = t('troubleshoot.empty.items', { returnObjects: true }) as string[];
  return (
    <Card className={styles.empty} data-testid="troubleshoot-empty">
      <Subtitle2 as="h2">{t('troubleshoot.empty.title')}</Subtitle2>
      <Text>{t('troubleshoot.empty.body')}</Text>
      <ul className={styles.list}>
        {items.map((item) => (
          <li key={item}>
            <Text>{item}</Text>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Cancelled() {
  const { t } = useTranslation();
  return (
    <MessageBar intent="info" layout="multiline" data-testid="reading-cancelled">
      <MessageBarBody>
        <MessageBarTitle>{t('troubleshoot.cancelled.title')}</MessageBarTitle>
        {t('troubleshoot.cancelled.body')}
      </MessageBarBody>
    </MessageBar>
  );
}


export function TroubleshootScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const status = useTroubleshootStore((s) => s.status);
  const result = useTroubleshootStore((s) => s.result);
  const listen = useTroubleshootStore((s) => s.listen);
  const loadInputs = useTroubleshootStore((s) => s.loadInputs);
  const dropFiles = useTroubleshootStore((s) => s.dropFiles);
  const dropStyles = useDropZoneStyles();
  const { dragging, dropProps } = useDropZone((dropped) => void dropFiles(dropped));
  // The results once the reading is over (a new reading hides the previous ones).
  const shown = result && status !== 'reading' ? result : null;
  useEffect(() => listen(), [listen]);
  useEffect(() => {
    void loadInputs();
  }, [loadInputs]);

  return (
    <section
      className={mergeClasses(styles.page, dragging && dropStyles.dropping)}
      data-testid="screen-troubleshoot"
      {...dropProps}
    >
      <Title2 as="h1" id="screen-title">
        {t('troubleshoot.title')}
      </Title2>
      <Body1>{t('troubleshoot.intro')}</Body1>
      <IndexedSections
        parts={[
          {
            id: 'troubleshoot-input',
            label: t('troubleshoot.input.heading'),
            content: (
              <>
                <DiagnosisInput />
                <InputsNotice />
                <ReadingProgress />
                {status === 'cancelled' ? <Cancelled /> : null}
                {!result && status === 'idle' ? <EmptyState /> : null}
              </>
            ),
          },
          ...(shown
            ? [
                { id: 'troubleshoot-findings', label: t('troubleshoot.results.heading'), content: <DiagnosisResults /> },
                ...(shown.diagnosis.summary.length > 0 && shown.diagnosis.findings.length > 0
                  ? [{ id: 'troubleshoot-summary', label: t('troubleshoot.summary.heading'), content: <FindingsSummary diagnosis={shown.diagnosis} /> }]
                  : []),
                ...(shown.diagnosis.certificates.length > 0
                  ? [{ id: 'troubleshoot-certificates', label: t('troubleshoot.certificates.heading'), content: <CertificatesChecked diagnosis={shown.diagnosis} /> }]
                  : []),
              ]
            : []),
        ]}
      />
    </section>
  );
}
