import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Subtitle2, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, DocumentArrowUpRegular, FolderOpenRegular, StethoscopeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useTroubleshootStore } from '../../state/troubleshoot-store';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { ApiError } from '../../../preload/contract';

const useStyles = makeStyles({
  card: styleRules.stack,
  text: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: '160px' },
  toolbar: styleRules.row,
  drop: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  dropIcon: { fontSize: '32px', flexShrink: 0, color: tokens.colorBrandForeground1 },
  dropText: styleRules.stackXXS,
});

/** Why a dropped file was left to "Open logs…". */
function DropNotice() {
  const { t } = useTranslation();
  const notice = useTroubleshootStore((s) => s.dropNotice);
  if (!notice) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="drop-notice">
      <MessageBarBody>
        <MessageBarTitle>{t('troubleshoot.drop.title')}</MessageBarTitle>
        {t(`troubleshoot.drop.${notice.reason}`, { name: notice.name, megabytes: notice.megabytes })}
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

/** The paste box, "Diagnose", "Open logs…" and the drop hint (the whole screen takes drops). */
export function DiagnosisInput() {
  const styles = useStyles();
  const { t } = useTranslation();
  const text = useTroubleshootStore((s) => s.text);
  const status = useTroubleshootStore((s) => s.status);
  const setText = useTroubleshootStore((s) => s.setText);
  const diagnosePasted = useTroubleshootStore((s) => s.diagnosePasted);
  const openLogs = useTroubleshootStore((s) => s.openLogs);
  const error = useTroubleshootStore((s) => s.error);
  const busy = status === 'diagnosing' || status === 'reading';

  return (
    <Card className={styles.card} data-testid="diagnosis-input">
      <Subtitle2 as="h2">{t('troubleshoot.input.heading')}</Subtitle2>
      <Field label={t('troubleshoot.input.label')} hint={t('troubleshoot.input.hint')}>
        <Textarea
          value={text}
          resize="vertical"
          rows={8}
          spellCheck={false}
          placeholder={t('troubleshoot.input.placeholder')}
          textarea={{ className: styles.text }}
          onChange={(_event, data) => setText(data.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void diagnosePasted();
            }
          }}
          data-testid="diagnose-text"
        />
      </Field>
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<StethoscopeRegular />} disabled={busy || text.trim() === ''} onClick={() => void diagnosePasted()} data-testid="diagnose">
          {t('troubleshoot.input.diagnose')}
        </Button>
        <Button icon={<FolderOpenRegular />} disabled={busy} onClick={() => void openLogs()} data-testid="open-logs">
          {t('troubleshoot.input.openLogs')}
        </Button>
        <Button appearance="subtle" icon={<DismissRegular />} disabled={text === ''} onClick={() => setText('')}>
          {t('troubleshoot.input.clear')}
        </Button>
        {status === 'diagnosing' ? <Spinner size="tiny" label={t('troubleshoot.input.diagnosing')} /> : null}
      </div>
      {error ? <TroubleshootError error={error} /> : null}
      <div className={styles.drop}>
        <DocumentArrowUpRegular className={styles.dropIcon} aria-hidden />
        <div className={styles.dropText}>
          <Text weight="semibold">{t('troubleshoot.input.dropTitle')}</Text>
          <Text size={200}>{t('troubleshoot.input.dropBody')}</Text>
        </div>
      </div>
      <DropNotice />
    </Card>
  );
}
