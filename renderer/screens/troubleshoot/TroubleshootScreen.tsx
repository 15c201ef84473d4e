import { useEffect } from 'react';
import { Body1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, Title2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useDropZone, useDropZoneStyles } from '../../components/useDropZone';
import { useTroubleshootStore } from '../../state/troubleshoot-store';
import { DiagnosisInput } from './DiagnosisInput';
import { DiagnosisResults } from './DiagnosisResults';
import { InputsNotice } from './InputsNotice';
import { ReadingProgress } from './ReadingProgress';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1100px', minHeight: '100%', boxSizing: 'border-box' },
  empty: styleRules.stackS,
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

/** Main's error with this screen's translation when the code is a diagnosis one. */
function TroubleshootError({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const key = `troubleshoot.errors.${error.code}`;
  return <ErrorNotice error={i18n.exists(key) ? { ...error, message: t(key) } : error} />;
}

export function TroubleshootScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const status = useTroubleshootStore((s) => s.status);
  const result = useTroubleshootStore((s) => s.result);
  const error = useTroubleshootStore((s) => s.error);
  const listen = useTroubleshootStore((s) => s.listen);
  const loadInputs = useTroubleshootStore((s) => s.loadInputs);
  const dropFiles = useTroubleshootStore((s) => s.dropFiles);
  const dropStyles = useDropZoneStyles();
  const { dragging, dropProps } = useDropZone((dropped) => void dropFiles(dropped));
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
      <DiagnosisInput />
      <InputsNotice />
      {error ? <TroubleshootError error={error} /> : null}
      <ReadingProgress />
      {status === 'cancelled' ? <Cancelled /> : null}
      {!result && status === 'idle' ? <EmptyState /> : null}
      <DiagnosisResults />
    </section>
  );
}
