import { Button, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowExportRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { checkedNeeds, useChainsStore } from '../../state/chains-store';
import { ChainsErrorNotice } from './ChainsText';
import { OpenFolderButton } from '../../components/OpenFolderButton';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'center', flexWrap: 'wrap' },
  files: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  path: styleRules.mono,
  howTitle: { display: 'block', margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXXS}` },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

/** What was written, and the short version of the steps file: where to import in ISE and which box to tick. */
function ExportDone() {
  const styles = useStyles();
  const { t } = useTranslation();
  const exported = useChainsStore((s) => s.exported);
  const bundle = exported ? exported.files.length === 1 && exported.files[0]?.certificates.length !== 1 : false;
  if (!exported) return null;
  return (
    <MessageBar intent="success" layout="multiline" data-testid="ise-export-result">
      <MessageBarBody>
        <MessageBarTitle>{t('chains.needs.done', { count: exported.files.length, folder: exported.folder })}</MessageBarTitle>
        <ul className={styles.files}>
          {exported.files.map((file) => (
            <li key={file.path}>
              <span className={styles.path}>{file.path}</span>
              {bundle ? null : <> — {file.friendlyName}</>}
            </li>
          ))}
        </ul>
        <div>
          {t('chains.needs.stepsFile')}{' '}
          <span className={styles.path} data-testid="steps-file">
            {exported.stepsFile}
          </span>
          <CopyButton text={exported.stepsFile} label={t('chains.needs.stepsCopy')} />
        </div>
        <div>
          <OpenFolderButton path={exported.stepsFile} />
        </div>
        {exported.backups.map((backup) => (
          <div key={backup.path}>{t('chains.needs.backup', backup)}</div>
        ))}
        <Text weight="semibold" as="p" className={styles.howTitle}>
          {t('chains.needs.howTitle')}
        </Text>
        <ol className={styles.steps}>
          <li>{t('chains.needs.how1')}</li>
          <li>{t('chains.needs.how2')}</li>
          <li>{t('chains.needs.how3')}</li>
          <li>{t('chains.needs.how4')}</li>
        </ol>
        {bundle ? <Text as="p">{t('chains.needs.bundleNote')}</Text> : null}
      </MessageBarBody>
    </MessageBar>
  );
}

export function IseExport() {
  const styles = useStyles();
  const { t } = useTranslation();
  const count = useChainsStore((s) => checkedNeeds(s.state, s.overrides).length);
  const bundle = useChainsStore((s) => s.bundle);
  const setBundle = useChainsStore((s) => s.setBundle);
  const exportForIse = useChainsStore((s) => s.exportForIse);
  const error = useChainsStore((s) => s.exportError);
  return (
    <>
      <div className={styles.row}>
        <RadioGroup layout="horizontal" value={bundle ? 'bundle' : 'each'} onChange={(_event, data) => setBundle(data.value === 'bundle')} aria-label={t('chains.needs.bundleChoice')}>
          <Radio value="each" label={t('chains.needs.oneEach')} />
          <Radio value="bundle" label={t('chains.needs.bundle')} />
        </RadioGroup>
        <Button appearance="primary" icon={<ArrowExportRegular />} disabled={count === 0} onClick={() => void exportForIse()} data-testid="export-ise">
          {t('chains.needs.export', { count })}
        </Button>
      </div>
      {error ? <ChainsErrorNotice error={error} /> : null}
      <ExportDone />
    </>
  );
}
