import { useEffect } from 'react';
import { MessageBar, MessageBarBody, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useEntraStore } from '../../state/entra-store';
import type { EntraState } from '../../../preload/contract';
import { currentDeployment, useSetupStore } from '../../state/setup-store';
import { formatDate } from '../../components/dates';

import { ManifestSection } from '../manifest/ManifestSection';
import { NodesSection } from '../manifest/NodesSection';
import { ConfirmDone, Embedded, StepFrame, type StepCheck } from './StepFrame';
import { Card } from '../../components/Card';
import { MonoValue } from '../../components/MonoValue';

/** Every loaded node is on the app according to the opened manifest; null when that cannot be told (main marks the step done by the same rule). */
function nodesRegistered(state: EntraState | null): boolean | null {
  if (!state?.manifest || state.nodes.length === 0) return null;
  const manifest = state.manifest;
  return state.nodes.every((node) => manifest.entries.some((entry) => entry.status === 'valid' && entry.nodes.includes(node.name)));
}

const useStyles = makeStyles({
  value: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS, minWidth: 0 },
  nodeColumn: { width: '160px' },
  dateColumn: { width: '130px' },
});

/** Each node's SHA-1 as ISE's Fingerprint (colons) and Entra's Thumbprint (plain hex) show it. */
function Thumbprints() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const nodes = useEntraStore((s) => s.state?.nodes) ?? [];
  if (nodes.length === 0) return null;
  return (
    <Card data-testid="node-thumbprints">
      <Subtitle2 as="h3">{t('setup.certificates.thumbprintsTitle')}</Subtitle2>
      <Table size="small" aria-label={t('setup.certificates.thumbprintsTitle')}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.nodeColumn}>{t('setup.certificates.node')}</TableHeaderCell>
            <TableHeaderCell>{t('setup.certificates.ise')}</TableHeaderCell>
            <TableHeaderCell>{t('setup.certificates.entra')}</TableHeaderCell>
            <TableHeaderCell className={styles.dateColumn}>{t('setup.certificates.expires')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {nodes.map((node, index) => (
            <TableRow key={`${node.certificate.thumbprints.sha256}-${index}`}>
              <TableCell>{node.name}</TableCell>
              <TableCell>
                <span className={styles.value}>
                  <MonoValue value={node.certificate.thumbprints.sha1Colon} />
                  <CopyButton text={node.certificate.thumbprints.sha1Colon} label={`${node.name} ${t('setup.certificates.ise')}`} />
                </span>
              </TableCell>
              <TableCell>
                <span className={styles.value}>
                  <MonoValue value={node.certificate.thumbprints.sha1} testId="entra-thumbprint" />
                  <CopyButton text={node.certificate.thumbprints.sha1} label={`${node.name} ${t('setup.certificates.entra')}`} />
                </span>
              </TableCell>
              <TableCell>{formatDate(node.certificate.notAfter, i18n.language)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

/** Step 3: the App manifest screen's node certificates and manifest editor, inside the step. */
export function CertificatesStep() {
  const { t } = useTranslation();
  const entra = useEntraStore((s) => s.state);
  const error = useEntraStore((s) => s.error);
  const load = useEntraStore((s) => s.load);
  const manifestFile = useSetupStore((s) => currentDeployment(s)?.manifestFile ?? null);
  useEffect(() => {
    void load();
  }, [load]);

  const nodes = entra?.nodes ?? [];
  const registered = nodesRegistered(entra);
  const confirm = <ConfirmDone step="certificates" label={t('setup.certificates.confirm')} />;
  let check: StepCheck;
  if (nodes.length === 0) {
    check = { intent: 'info', text: t('setup.certificates.checkNoNodes') };
  } else if (registered === null) {
    check = { intent: 'info', text: t('setup.certificates.checkNoManifest'), action: confirm };
  } else if (registered) {
    check = { intent: 'success', text: t('setup.certificates.checkRegistered') };
  } else {
    const manifest = entra?.manifest;
    const names = nodes.filter((node) => !manifest?.entries.some((entry) => entry.status === 'valid' && entry.nodes.includes(node.name))).map((node) => node.name);
    check = { intent: 'warning', text: t('setup.certificates.checkNotRegistered', { names: names.join(', ') }), action: confirm };
  }
  return (
    <StepFrame step="certificates" check={check}>
      {error ? <ErrorNotice error={error} /> : null}
      {manifestFile && !entra?.manifest ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>{t('setup.certificates.savedManifest', { path: manifestFile })}</MessageBarBody>
        </MessageBar>
      ) : null}
      <Embedded>
        <NodesSection />
      </Embedded>
      <Thumbprints />
      <Embedded>
        <ManifestSection />
      </Embedded>
    </StepFrame>
  );
}
