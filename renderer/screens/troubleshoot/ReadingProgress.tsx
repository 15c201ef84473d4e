import { Button, Field, ProgressBar, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { DismissCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { formatBytes, useTroubleshootStore } from '../../state/troubleshoot-store';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  card: styleRules.stack,
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  field: { flexGrow: 1, minWidth: 0 },
  source: { overflowWrap: 'anywhere' },
});

/** While "Open logs…" reads: which file, bytes and percent, and Cancel. */
export function ReadingProgress() {
  const styles = useStyles();
  const { t } = useTranslation();
  const status = useTroubleshootStore((s) => s.status);
  const progress = useTroubleshootStore((s) => s.progress);
  const cancel = useTroubleshootStore((s) => s.cancel);
  if (status !== 'reading') return null;
  const read = formatBytes(progress?.bytesRead ?? 0);
  const amount =
    progress?.bytesTotal != null && progress.percent !== null
      ? t('troubleshoot.reading.bytes', { read, total: formatBytes(progress.bytesTotal), percent: progress.percent })
      : t('troubleshoot.reading.bytesUnknown', { read });
  const hint = progress ? `${amount} · ${t('troubleshoot.reading.lines', { count: progress.linesRead })}` : undefined;
  return (
    <Card className={styles.card} data-testid="reading">
      <Subtitle2 as="h2">{t('troubleshoot.reading.heading')}</Subtitle2>
      <div className={styles.row}>
        <Field
          className={styles.field}
          label={{ className: styles.source, children: progress ? t('troubleshoot.reading.source', { source: progress.source }) : t('troubleshoot.reading.starting') }}
          hint={hint}
          validationState="none"
        >
          <ProgressBar thickness="large" value={progress?.percent != null ? progress.percent / 100 : undefined} data-testid="reading-progress" />
        </Field>
        <Button icon={<DismissCircleRegular />} onClick={() => void cancel()} data-testid="cancel-reading">
          {t('troubleshoot.reading.cancel')}
        </Button>
      </div>
    </Card>
  );
}
