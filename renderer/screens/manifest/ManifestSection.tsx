import { useState } from 'react';
import { Badge, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, DismissRegular, DocumentArrowUpRegular, SaveEditRegular, SaveRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, KeyCredential, ManifestFormat } from '../../../preload/contract';
import { api } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { CopyButton } from '../../components/CopyButton';
import { useEntraStore } from '../../state/entra-store';
import { Card } from '../../components/Card';
import { OpenFolderButton } from '../../components/OpenFolderButton';
import { MonoValue } from '../../components/MonoValue';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  header: styleRules.header,
  actions: styleRules.actions,
  mono: styleRules.mono,
  json: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: '260px', overflow: 'auto', margin: 0 },
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  // The key ID and the name under it, so that neither runs into the other.
  cellStack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  diff: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

function credentialName(credential: KeyCredential): string {
  return 'displayName' in credential ? credential.displayName : credential.customKeyIdentifier;
}

/** Without a manifest: the entries to paste by hand, and the modern route (upload the .cer). */
function WithoutManifest() {
  const styles = useStyles();
  const { t } = useTranslation();
  const state = useEntraStore((s) => s.state);
  const [format, setFormat] = useState<ManifestFormat>('graph');
  const [uploadSaved, setUploadSaved] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const saveForUpload = async (sha256: string) => {
    // The public certificate only, as PEM .cer: what Certificates & secrets > Upload certificate takes.
    const result = await api().exportCertificates({ certificates: [sha256], format: 'pem', bundle: true });
    setUploadError(result.ok ? null : result.error);
    setUploadSaved(result.ok && result.value ? (result.value.files[0]?.path ?? null) : null);
  };
  if (!state || state.nodes.length === 0) return <Caption1>{t('manifest.file.needNodes')}</Caption1>;
  const json = JSON.stringify(state.keyCredentials[format], null, 2);
  return (
    <>
      <Text weight="semibold">{t('manifest.file.modernTitle')}</Text>
      <Text>{t('manifest.file.modernBody')}</Text>
      <ul className={styles.diff}>
        {state.portalUploads.map((upload, index) => {
          const sha256 = state.nodes[index]?.certificate.thumbprints.sha256;
          return (
            <li key={`${upload.portalThumbprint}-${index}`}>
              {upload.suggestedFileName} — {t('manifest.file.portalShows')} <span className={styles.mono}>{upload.portalThumbprint}</span>{' '}
              {sha256 ? (
                <Button size="small" icon={<ArrowDownloadRegular />} onClick={() => void saveForUpload(sha256)} data-testid="save-for-upload">
                  {t('manifest.file.saveCer')}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {uploadSaved ? <Text role="status">{t('manifest.file.cerSaved', { path: uploadSaved })}</Text> : null}
      {uploadError ? <ErrorNotice error={uploadError} /> : null}
      <Text weight="semibold">{t('manifest.file.handTitle')}</Text>
      <RadioGroup layout="horizontal" value={format} onChange={(_e, d) => setFormat(d.value as ManifestFormat)} aria-label={t('manifest.file.format')}>
        <Radio value="graph" label={t('manifest.format.graph')} />
        <Radio value="legacy" label={t('manifest.format.legacy')} />
      </RadioGroup>
      <div className={styles.row}>
        <pre className={styles.json} tabIndex={0} aria-label="keyCredentials" data-testid="keycred-json">
          {json}
        </pre>
        <CopyButton text={json} label="keyCredentials" />
      </div>
    </>
  );
}

export function ManifestSection() {
  const styles = useStyles();
  const { t } = useTranslation();
  const state = useEntraStore((s) => s.state);
  const saved = useEntraStore((s) => s.saved);
  const manifestError = useEntraStore((s) => s.manifestError);
  const openManifest = useEntraStore((s) => s.openManifest);
  const closeManifest = useEntraStore((s) => s.closeManifest);
  const save = useEntraStore((s) => s.save);
  const saveAs = useEntraStore((s) => s.saveAs);
  const manifest = state?.manifest ?? null;
  const merge = state?.merge ?? null;

  return (
    <Card data-testid="manifest-section">
      <div className={styles.header}>
        <Subtitle2 as="h2">{t('manifest.file.title')}</Subtitle2>
        <div className={styles.actions}>
          <Button icon={<DocumentArrowUpRegular />} onClick={() => void openManifest()} data-testid="open-manifest">
            {manifest ? t('manifest.file.openOther') : t('manifest.file.open')}
          </Button>
          {manifest ? (
            <Button icon={<DismissRegular />} onClick={() => void closeManifest()}>
              {t('manifest.file.close')}
            </Button>
          ) : null}
        </div>
      </div>
      <Text>{t('manifest.file.intro')}</Text>
      {manifestError && (manifestError.action === 'open' || manifestError.action === 'close') ? <ErrorNotice error={manifestError.error} /> : null}
      {saved ? (
        <MessageBar intent="success" layout="multiline" data-testid="manifest-saved">
          <MessageBarBody>
            <MessageBarTitle>{t('manifest.file.saved', { path: saved.path })}</MessageBarTitle>
            {saved.backupPath ? t('manifest.file.backup', { path: saved.backupPath }) : null} {t('manifest.file.uploadNext')}{' '}
            <OpenFolderButton path={saved.path} testId="manifest-open-folder" />
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {!manifest ? (
        <WithoutManifest />
      ) : (
        <>
          <Text>
            <span className={styles.mono}>{manifest.file}</span>{' '}
            <Badge appearance="tint" data-testid="manifest-format">
              {t(`manifest.format.${manifest.format}`)}
            </Badge>
          </Text>
          <Caption1>{t('manifest.file.evidence', { fields: manifest.formatEvidence.join(', ') })}</Caption1>
          {manifest.repairs.length ? (
            <MessageBar intent="info" layout="multiline" data-testid="manifest-repairs">
              <MessageBarBody>
                <MessageBarTitle>{t('manifest.file.repaired', { count: manifest.repairs.length })}</MessageBarTitle>
                {manifest.repairs.map((repair) => (
                  <div key={`${repair.kind}-${repair.line}`}>{t('manifest.file.repairLine', { line: repair.line, message: repair.message })}</div>
                ))}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <Text weight="semibold">{t('manifest.file.existing', { count: manifest.entries.length })}</Text>
          {manifest.entries.length ? (
            <Table size="small" aria-label={t('manifest.file.existing', { count: manifest.entries.length })}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('manifest.file.keyId')}</TableHeaderCell>
                  <TableHeaderCell>{t('manifest.file.thumbprint')}</TableHeaderCell>
                  <TableHeaderCell>{t('manifest.file.dates')}</TableHeaderCell>
                  <TableHeaderCell>{t('manifest.file.node')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {manifest.entries.map((entry) => (
                  <TableRow key={`${entry.index}-${entry.keyId}`}>
                    <TableCell>
                      <div className={styles.cellStack}>
                        <MonoValue value={entry.keyId ?? '—'} />
                        {entry.displayName ? <Caption1>{entry.displayName}</Caption1> : null}
                      </div>
                    </TableCell>
                    <TableCell>{entry.sha1 ? <MonoValue value={entry.sha1} /> : t('manifest.file.unknownThumbprint')}</TableCell>
                    <TableCell>
                      {(entry.startDate ?? '?').slice(0, 10)} → {(entry.endDate ?? '?').slice(0, 10)}{' '}
                      <Badge appearance="filled" color={entry.status === 'valid' ? 'success' : entry.status === 'unknown' ? 'informative' : 'danger'}>
                        {t(`manifest.status.${entry.status}`)}
                      </Badge>
                    </TableCell>
                    <TableCell>{entry.nodes.length ? entry.nodes.join(', ') : t('manifest.file.noNode')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
          {merge ? (
            <div data-testid="manifest-diff">
              <Text weight="semibold">{t('manifest.file.changes')}</Text>
              <ul className={styles.diff}>
                {merge.diff.added.map((added) => (
                  <li key={added.sha1}>
                    <Badge appearance="filled" color="success">
                      +
                    </Badge>{' '}
                    {t('manifest.file.adds', { name: credentialName(added.keyCredential), nodes: added.nodes.join(', ') })} <span className={styles.mono}>{added.sha1}</span>
                  </li>
                ))}
                {merge.diff.alreadyRegistered.map((already) => (
                  <li key={`already-${already.sha1}`}>{t('manifest.file.already', { nodes: already.nodes.join(', '), keyId: already.keyId ?? '?' })}</li>
                ))}
                <li>{t('manifest.file.kept', { count: merge.diff.unchanged.length })}</li>
              </ul>
            </div>
          ) : (
            <Caption1>{t('manifest.file.needNodes')}</Caption1>
          )}
          <div className={styles.actions}>
            <Button appearance="primary" icon={<SaveRegular />} disabled={!merge || merge.diff.added.length === 0} onClick={() => void save()} data-testid="save-manifest">
              {t('manifest.file.save')}
            </Button>
            <Button icon={<SaveEditRegular />} disabled={!merge || merge.diff.added.length === 0} onClick={() => void saveAs()} data-testid="save-manifest-as">
              {t('manifest.file.saveAs')}
            </Button>
          </div>
          {manifestError?.action === 'save' || manifestError?.action === 'saveAs' ? <ErrorNotice error={manifestError.error} /> : null}
        </>
      )}
    </Card>
  );
}
