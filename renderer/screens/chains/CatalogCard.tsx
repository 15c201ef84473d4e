import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry, CatalogGeneration } from '../../../preload/contract';
import { useChainsStore } from '../../state/chains-store';
import { StatusBadge } from '../certificates/StatusBadge';
import { ChainsErrorNotice, useChainsErrorText } from './ChainsText';
import { Card } from '../../components/Card';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalM },
  toolbar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  cell: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  roleColumn: { width: '130px' },
  statusColumn: { width: '150px' },
  dateColumn: { width: '120px' },
  originColumn: { width: '170px' },
  origin: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  expired: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  headerText: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline', flexWrap: 'wrap' },
  group: { backgroundColor: tokens.colorNeutralBackground2 },
});

/** Newest generation first; the admin's own files last. */
const GENERATIONS: CatalogGeneration[] = ['tls-g2', 'azure-2020', 'digicert', 'baltimore', 'user'];

/** Facts about known catalog files, in the user's language (main's notes are English). */
function noteKey(entry: CatalogEntry): string | null {
  if (entry.origin !== 'bundled') return null;
  if (entry.file === 'baltimore_cybertrust_root.pem') return 'chains.catalog.notes.baltimore';
  if (entry.file === 'microsoft_tls_rsa_root_g2.pem') return 'chains.catalog.notes.tlsRsaRootG2';
  if (entry.file.includes('_xsign')) return 'chains.catalog.notes.xsign';
  return null;
}

function CatalogRow({ entry }: { entry: CatalogEntry }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const key = noteKey(entry);
  const note = key ? t(key) : entry.note;
  const removeCatalogCa = useChainsStore((s) => s.removeCatalogCa);
  return (
    <TableRow data-testid="catalog-row" data-name={entry.name} data-status={entry.status}>
      <TableCell>
        <div className={styles.cell}>
          <Text weight="semibold">{entry.name}</Text>
          {note ? <Caption1>{note}</Caption1> : null}
        </div>
      </TableCell>
      <TableCell>{t(`chains.node.role.${entry.role}`)}</TableCell>
      <TableCell>
        <StatusBadge info={entry.certificate} />
      </TableCell>
      <TableCell>
        <span className={mergeClasses(entry.status === 'expired' && styles.expired)}>{entry.certificate.notAfter.slice(0, 10)}</span>
      </TableCell>
      <TableCell>
        <span className={styles.origin}>
          <Badge appearance="tint" color={entry.origin === 'user' ? 'brand' : 'informative'}>
            {t(entry.origin === 'user' ? 'chains.catalog.user' : 'chains.catalog.bundled')}
          </Badge>
          {entry.origin === 'user' ? (
            <Button
              size="small"
              appearance="subtle"
              icon={<DeleteRegular />}
              aria-label={t('chains.catalog.remove', { name: entry.name })}
              title={t('chains.catalog.remove', { name: entry.name })}
              onClick={() => void removeCatalogCa(entry.id)}
              data-testid="catalog-remove"
            />
          ) : null}
        </span>
      </TableCell>
    </TableRow>
  );
}

function AddResult() {
  const { t, i18n } = useTranslation();
  const errorText = useChainsErrorText();
  const added = useChainsStore((s) => s.catalogAdded);
  if (!added) return null;
  return (
    <>
      {added.added.length ? (
        <MessageBar intent="success" layout="multiline" data-testid="catalog-added">
          <MessageBarBody>{t('chains.catalog.added', { count: added.added.length })}</MessageBarBody>
        </MessageBar>
      ) : null}
      {added.skipped.map((skipped, index) => (
        <MessageBar key={`${index}-${skipped.file}`} intent="warning" layout="multiline" data-testid="catalog-skipped">
          <MessageBarBody>
            {t('chains.catalog.skipped', {
              file: skipped.file.split(/[\\/]/).pop() ?? skipped.file,
              reason: i18n.exists(`chains.catalog.skip.${skipped.code}`)
                ? t(`chains.catalog.skip.${skipped.code}`, { name: skipped.name ?? '', addedFrom: skipped.addedFrom ?? '' })
                : errorText({ code: skipped.code, message: skipped.reason }),
            })}
          </MessageBarBody>
        </MessageBar>
      ))}
    </>
  );
}

/** The offline Microsoft CA catalog, folded by default: what completes chains, and the user's additions. */
export function CatalogCard() {
  const styles = useStyles();
  const { t } = useTranslation();
  const catalog = useChainsStore((s) => s.catalog) ?? [];
  const error = useChainsStore((s) => s.catalogError);
  const addCatalogFiles = useChainsStore((s) => s.addCatalogFiles);
  // Expired CAs cannot validate anything any more: folded away unless asked for.
  const [showExpired, setShowExpired] = useState(false);
  const expired = catalog.filter((entry) => entry.status === 'expired').length;
  const shown = showExpired ? catalog : catalog.filter((entry) => entry.status !== 'expired');
  return (
    <Card data-testid="catalog">
      <Accordion collapsible>
        <AccordionItem value="catalog">
          <AccordionHeader as="h2" size="large" data-testid="catalog-toggle">
            <span className={styles.headerText}>
              {t('chains.catalog.title')}
              <Caption1>{t('chains.catalog.count', { count: catalog.length })}</Caption1>
            </span>
          </AccordionHeader>
          <AccordionPanel>
            <div className={styles.panel}>
              <Text>{t('chains.catalog.intro')}</Text>
              <div className={styles.toolbar}>
                <Button icon={<AddRegular />} onClick={() => void addCatalogFiles()} data-testid="catalog-add">
                  {t('chains.catalog.add')}
                </Button>
                {expired > 0 ? (
                  <Button appearance="subtle" onClick={() => setShowExpired(!showExpired)} aria-pressed={showExpired} data-testid="catalog-show-expired">
                    {showExpired ? t('chains.catalog.hideExpired', { count: expired }) : t('chains.catalog.showExpired', { count: expired })}
                  </Button>
                ) : null}
              </div>
              {error ? <ChainsErrorNotice error={error} /> : null}
              <AddResult />
              <Table aria-label={t('chains.catalog.title')} size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('chains.catalog.name')}</TableHeaderCell>
                    <TableHeaderCell className={styles.roleColumn}>{t('chains.catalog.role')}</TableHeaderCell>
                    <TableHeaderCell className={styles.statusColumn}>{t('chains.catalog.status')}</TableHeaderCell>
                    <TableHeaderCell className={styles.dateColumn}>{t('chains.catalog.validTo')}</TableHeaderCell>
                    <TableHeaderCell className={styles.originColumn}>{t('chains.catalog.origin')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {GENERATIONS.map((generation) => {
                    const entries = shown.filter((entry) => entry.generation === generation);
                    if (entries.length === 0) return null;
                    return [
                      <TableRow key={generation} className={styles.group} data-testid="catalog-group" data-generation={generation}>
                        <TableCell colSpan={5}>
                          <div className={styles.cell}>
                            <Text weight="semibold">{t(`chains.catalog.generations.${generation}.title`)}</Text>
                            <Caption1>{t(`chains.catalog.generations.${generation}.text`)}</Caption1>
                          </div>
                        </TableCell>
                      </TableRow>,
                      ...entries.map((entry) => <CatalogRow key={entry.id} entry={entry} />),
                    ];
                  })}
                </TableBody>
              </Table>
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </Card>
  );
}
