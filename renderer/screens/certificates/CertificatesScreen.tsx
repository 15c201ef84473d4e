import { Body1, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, Title2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DeleteRegular, DocumentArrowUpRegular, FolderOpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useDropZone, useDropZoneStyles } from '../../components/useDropZone';
import { findCertificate, loadedCertificates, useCertificatesStore } from '../../state/certificates-store';
import { CertificateDetails, DETAIL_SECTIONS } from './CertificateDetails';
import { PageIndex, usePageAnchorClass } from '../../components/PageIndex';
import { ChainView } from './ChainView';
import { ExportMenu } from './ExportMenu';
import { FileList } from './FileList';
import { OpenFolderButton } from '../../components/OpenFolderButton';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minHeight: '100%', boxSizing: 'border-box' },
  toolbar: styleRules.row,
  columns: { display: 'grid', gridTemplateColumns: 'minmax(320px, 5fr) minmax(0, 7fr)', gap: tokens.spacingHorizontalL, alignItems: 'start' },
  left: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  empty: {
    display: 'grid',
    placeItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalXXXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    textAlign: 'center',
  },
  emptyIcon: { fontSize: '40px', color: tokens.colorBrandForeground1 },
});

export function CertificatesScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const files = useCertificatesStore((state) => state.files);
  const selected = useCertificatesStore((state) => state.selected);
  const checked = useCertificatesStore((state) => state.checked);
  const busy = useCertificatesStore((state) => state.busy);
  const error = useCertificatesStore((state) => state.error);
  const lastExport = useCertificatesStore((state) => state.lastExport);
  const openFiles = useCertificatesStore((state) => state.openFiles);
  const dropFiles = useCertificatesStore((state) => state.dropFiles);
  const clear = useCertificatesStore((state) => state.clear);
  const dropStyles = useDropZoneStyles();
  const { dragging, dropProps } = useDropZone((dropped) => void dropFiles(dropped));
  const chains = useCertificatesStore((state) => state.chains);
  const anchor = usePageAnchorClass();
  const certificates = loadedCertificates(files);
  const current = findCertificate(files, selected);

  return (
    <section
      className={mergeClasses(styles.page, dragging && dropStyles.dropping)}
      data-testid="screen-certificates"
      {...dropProps}
    >
      <Title2 as="h1" id="screen-title">
        {t('certs.title')}
      </Title2>
      <Body1>{t('certs.intro')}</Body1>
      <div className={styles.toolbar}>
        <Button appearance="primary" icon={<FolderOpenRegular />} onClick={() => void openFiles()} data-testid="open-files">
          {t('certs.open')}
        </Button>
        <ExportMenu disabled={certificates.length === 0} count={checked.length || certificates.length} />
        <Button icon={<DeleteRegular />} disabled={files.length === 0} onClick={clear}>
          {t('certs.clear')}
        </Button>
        {busy ? <Spinner size="tiny" label={t('certs.loading')} /> : <Text size={200}>{t('certs.dropHint')}</Text>}
      </div>
      {files.length > 0 ? (
        <PageIndex
          parts={[
            { id: 'cert-files', label: t('certs.files') },
            ...(chains ? [{ id: 'cert-chain', label: t('certs.chains.title') }] : []),
            ...(current ? DETAIL_SECTIONS.map((part) => ({ id: part.id, label: t(part.title) })) : []),
          ]}
        />
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {lastExport?.error ? <ErrorNotice error={lastExport.error} /> : null}
      {lastExport?.summary ? (
        <MessageBar intent="success" layout="multiline" data-testid="export-result">
          <MessageBarBody>
            <MessageBarTitle>{t('certs.export.done', { count: lastExport.summary.files.length, folder: lastExport.summary.folder })}</MessageBarTitle>
            {lastExport.summary.files.map((file) => (
              <div key={file.path}>
                {file.path}
                {file.backupPath ? ` — ${t('certs.export.backup', { path: file.backupPath })}` : ''}
              </div>
            ))}
            {lastExport.summary.files[0] ? <OpenFolderButton path={lastExport.summary.files[0].path} /> : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {files.length === 0 ? (
        <div className={styles.empty}>
          <DocumentArrowUpRegular className={styles.emptyIcon} aria-hidden />
          <Text weight="semibold">{t('certs.emptyTitle')}</Text>
          <Text>{t('certs.emptyBody')}</Text>
        </div>
      ) : (
        <div className={styles.columns}>
          <div className={styles.left}>
            <div id="cert-files" className={mergeClasses(anchor, styles.left)}>
              <FileList />
            </div>
            <div id="cert-chain" className={anchor}>
              <ChainView />
            </div>
          </div>
          {current ? <CertificateDetails certificate={current} /> : <Text>{t('certs.pick')}</Text>}
        </div>
      )}
    </section>
  );
}
