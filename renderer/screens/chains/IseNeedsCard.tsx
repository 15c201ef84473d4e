import { Badge, Button, Caption1, Checkbox, MessageBar, MessageBarBody, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, FolderOpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { IseNeededCertificate } from '../../../preload/contract';
import { CopyButton } from '../../components/CopyButton';
import { isNeededChecked, useChainsStore } from '../../state/chains-store';
import { iseMatch } from './chain-view';
import { StatusBadge } from '../certificates/StatusBadge';
import { ChainsErrorNotice, useChainsErrorText } from './ChainsText';
import { IseExport } from './IseExport';
import { Card } from '../../components/Card';
import { certificateLabel, issuerLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  header: styleRules.header,
  actions: styleRules.actions,
  checkColumn: { width: '44px' },
  roleColumn: { width: '120px' },
  hostsColumn: { width: '170px' },
  statusColumn: { width: '110px' },
  iseColumn: { width: '130px' },
  cell: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS, minWidth: 0 },
  mono: styleRules.mono,
  hosts: { margin: 0, padding: 0, listStyle: 'none' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  open: { justifyContent: 'flex-start', padding: 0, minWidth: 0, textAlign: 'start' },
  notes: styleRules.stackS,
});

function IseCell({ entry }: { entry: IseNeededCertificate }) {
  const { t } = useTranslation();
  const match = useChainsStore((s) => (s.state ? iseMatch(s.state, entry.certificate.thumbprints.sha256) : null));
  if (match === null) return null;
  if (match === 'missing') {
    return (
      <Badge appearance="filled" color="danger" data-testid="need-ise">
        {t('chains.node.missingInIse')}
      </Badge>
    );
  }
  return (
    <Badge appearance="filled" color="success" data-testid="need-ise">
      {t(match.matchedBy === 'sha1' ? 'chains.node.inIse' : 'chains.node.inIseTwin')}
    </Badge>
  );
}

function NeedRow({ entry }: { entry: IseNeededCertificate }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const ref = entry.certificate.thumbprints.sha256;
  const checked = useChainsStore((s) => (s.state ? isNeededChecked(s.state, s.overrides, ref) : false));
  const storeLoaded = useChainsStore((s) => s.state?.iseStore != null);
  const toggle = useChainsStore((s) => s.toggleNeeded);
  const showDetail = useChainsStore((s) => s.showDetail);
  const name = certificateLabel(entry.certificate);
  return (
    <TableRow data-testid="need-row" data-name={name}>
      <TableCell>
        <Checkbox checked={checked} onChange={() => toggle(ref)} aria-label={t('chains.needs.include', { name })} data-testid="need-check" />
      </TableCell>
      <TableCell>
        <div className={styles.cell}>
          <Button appearance="transparent" size="small" className={styles.open} onClick={() => showDetail(entry.certificate)} title={t('chains.node.open', { name })}>
            <Text weight="semibold">{name}</Text>
          </Button>
          <span>
            <span className={styles.mono} data-testid="friendly-name">
              {entry.friendlyName}
            </span>{' '}
            <CopyButton text={entry.friendlyName} label={t('chains.needs.friendlyName')} />
          </span>
        </div>
      </TableCell>
      <TableCell>{t(`chains.node.role.${entry.role}`)}</TableCell>
      <TableCell>
        <ul className={styles.hosts}>
          {entry.targets.map((target) => (
            <li key={target} className={styles.mono}>
              {target.replace(/:443$/, '')}
            </li>
          ))}
        </ul>
      </TableCell>
      <TableCell>
        <StatusBadge info={entry.certificate} />
      </TableCell>
      {storeLoaded ? (
        <TableCell>
          <IseCell entry={entry} />
        </TableCell>
      ) : null}
    </TableRow>
  );
}

/** Translated notes on cross-signed twins and inspected chains, built from the data (main's notes are English). */
function TwinNotes() {
  const styles = useStyles();
  const { t } = useTranslation();
  const needs = useChainsStore((s) => s.state?.needs.certificates) ?? [];
  const groups = new Map<string, IseNeededCertificate[]>();
  for (const entry of needs) {
    if (entry.twins.length === 0) continue;
    const key = [entry.certificate.thumbprints.sha256, ...entry.twins].sort().join('|');
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const inspected = (useChainsStore((s) => s.state?.results) ?? []).filter((result) => result.inspection);
  if (groups.size === 0 && inspected.length === 0) return null;
  return (
    <div className={styles.notes}>
      {inspected.map((result) => {
        const ca = result.chain.find((info) => info.thumbprints.sha256 === result.inspection?.proxyCa);
        return (
          <MessageBar key={result.target} intent="warning" layout="multiline" data-testid="inspection-note">
            <MessageBarBody>
              {t(ca?.isCA ? 'chains.needs.inspectionNote' : 'chains.needs.inspectionNoteNoCa', {
                hosts: result.target,
                name: !ca ? '' : ca.isCA ? certificateLabel(ca) : issuerLabel(ca),
                sha1: ca?.thumbprints.sha1Colon ?? '',
              })}
            </MessageBarBody>
          </MessageBar>
        );
      })}
      {[...groups.entries()].map(([key, group]) => (
        <MessageBar key={key} intent="info" layout="multiline" data-testid="twin-note">
          <MessageBarBody>
            {t('chains.needs.twinNote', {
              name: group[0]?.certificate.subjectCN ?? '',
              count: group.length,
              issuers: group.map((entry) => `${issuerLabel(entry.certificate)} (${entry.targets.join(', ')})`).join('; '),
            })}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}

function IseStoreSummary() {
  const { t } = useTranslation();
  const store = useChainsStore((s) => s.state?.iseStore);
  const missing = useChainsStore((s) => s.state?.missingInIse);
  const hasNeeds = useChainsStore((s) => (s.state?.needs.certificates.length ?? 0) > 0);
  const errorText = useChainsErrorText();
  if (!store) return null;
  const files = store.files.map((file) => file.split(/[\\/]/).pop() ?? file).join(', ');
  return (
    <>
      <Text data-testid="ise-store">{t('chains.needs.storeLoaded', { count: store.count, files })}</Text>
      {store.problems.map((problem) => (
        <MessageBar key={problem.file} intent="warning" layout="multiline">
          <MessageBarBody>{t('chains.needs.storeProblem', { file: problem.file, message: errorText(problem) })}</MessageBarBody>
        </MessageBar>
      ))}
      {hasNeeds && missing?.length === 0 ? (
        <MessageBar intent="success">
          <MessageBarBody>{t('chains.needs.allPresent')}</MessageBarBody>
        </MessageBar>
      ) : null}
    </>
  );
}

/** The CA certificates ISE must trust across the fetched hosts, compared with ISE's store, and their export. */
export function IseNeedsCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const needs = useChainsStore((s) => s.state?.needs.certificates) ?? [];
  const storeLoaded = useChainsStore((s) => s.state?.iseStore != null);
  const storeError = useChainsStore((s) => s.iseStoreError);
  const loadIseStore = useChainsStore((s) => s.loadIseStore);
  const clearIseStore = useChainsStore((s) => s.clearIseStore);
  return (
    <Card data-testid="ise-needs">
      <div className={styles.header}>
        <Subtitle2 as="h2">{t('chains.needs.title')}</Subtitle2>
        <div className={styles.actions}>
          <Button icon={<FolderOpenRegular />} onClick={() => void loadIseStore()} data-testid="load-ise-store">
            {t('chains.needs.loadStore')}
          </Button>
          {storeLoaded ? (
            <Button appearance="subtle" icon={<DismissRegular />} onClick={() => void clearIseStore()} data-testid="clear-ise-store">
              {t('chains.needs.clearStore')}
            </Button>
          ) : null}
        </div>
      </div>
      <Text>{t('chains.needs.intro')}</Text>
      {storeLoaded ? null : <Caption1>{t('chains.needs.loadStoreHint')}</Caption1>}
      {storeError ? <ChainsErrorNotice error={storeError} /> : null}
      <IseStoreSummary />
      {needs.length === 0 ? (
        <Caption1>{t('chains.needs.empty')}</Caption1>
      ) : (
        <>
          <Table aria-label={t('chains.needs.title')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell className={styles.checkColumn}>
                  <span className={styles.hidden}>{t('chains.needs.exportColumn')}</span>
                </TableHeaderCell>
                <TableHeaderCell>{t('chains.needs.certificate')}</TableHeaderCell>
                <TableHeaderCell className={styles.roleColumn}>{t('chains.needs.role')}</TableHeaderCell>
                <TableHeaderCell className={styles.hostsColumn}>{t('chains.needs.hosts')}</TableHeaderCell>
                <TableHeaderCell className={styles.statusColumn}>{t('chains.needs.status')}</TableHeaderCell>
                {storeLoaded ? <TableHeaderCell className={styles.iseColumn}>{t('chains.needs.ise')}</TableHeaderCell> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {needs.map((entry) => (
                <NeedRow key={entry.certificate.thumbprints.sha256} entry={entry} />
              ))}
            </TableBody>
          </Table>
          <TwinNotes />
          <IseExport />
        </>
      )}
    </Card>
  );
}
