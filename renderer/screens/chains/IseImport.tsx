import { useState } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo, IseImportOutcome, IseTrustFlagRow } from '../../../preload/contract';
import { useChainsStore } from '../../state/chains-store';
import { useIseStore } from '../../state/ise-store';
import { certificateLabel, issuerLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  surface: { maxWidth: '860px', width: '95vw' },
  content: styleRules.stack,
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  mono: styleRules.mono,
  results: styleRules.plainList,
  result: styleRules.stackXXS,
  head: styleRules.row,
  flagColumn: { width: '34%' },
  valueColumn: { width: '110px' },
});

/** The name the CA gets in ISE: the Chains export's convention, as "What ISE needs" shows it. */
export function useFriendlyName(): (certificate: CertificateInfo) => string {
  const needs = useChainsStore((s) => s.state?.needs.certificates) ?? [];
  return (certificate) =>
    needs.find((entry) => entry.certificate.thumbprints.sha256 === certificate.thumbprints.sha256)?.friendlyName ?? certificateLabel(certificate);
}

function FlagValue({ row }: { row: IseTrustFlagRow }) {
  const { t } = useTranslation();
  if (row.value === 'per-certificate') return <Badge appearance="outline">{t('ise.import.perCertificate')}</Badge>;
  return (
    <Badge appearance="tint" color={row.value ? 'success' : 'informative'}>
      {row.value ? t('ise.import.on') : t('ise.import.off')}
    </Badge>
  );
}

/** "Import the missing CAs into ISE…": a confirmation listing what is sent and how, then the call. */
export function IseImportDialog({ missing }: { missing: CertificateInfo[] }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const flags = useIseStore((s) => s.state?.flags) ?? [];
  const busy = useIseStore((s) => s.busy);
  const importCas = useIseStore((s) => s.importCas);
  const friendlyName = useFriendlyName();
  const [open, setOpen] = useState(false);
  const [left, setLeft] = useState<Record<string, boolean>>({});
  const chosen = missing.filter((certificate) => !left[certificate.thumbprints.sha256]);

  const confirm = () => {
    setOpen(false);
    void importCas(chosen.map((certificate) => certificate.thumbprints.sha256));
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_event, data) => {
        setOpen(data.open);
        if (data.open) setLeft({});
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={busy === 'import' ? <Spinner size="tiny" /> : <ArrowUploadRegular />} disabled={busy !== null || missing.length === 0} data-testid="ise-import-open">
          {t('ise.import.open', { count: missing.length })}
        </Button>
      </DialogTrigger>
      <DialogSurface className={styles.surface} data-testid="ise-import-dialog">
        <DialogBody>
          <DialogTitle>{t('ise.import.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('ise.import.intro', { count: missing.length })}</Text>
            <ul className={styles.list} aria-label={t('ise.import.certificates')}>
              {missing.map((certificate) => {
                const ref = certificate.thumbprints.sha256;
                const name = friendlyName(certificate);
                return (
                  <li key={ref} data-testid="ise-import-item" data-name={name}>
                    <Checkbox
                      checked={!left[ref]}
                      onChange={() => setLeft({ ...left, [ref]: !left[ref] })}
                      label={
                        <span>
                          <Text weight="semibold">{name}</Text>{' '}
                          <Caption1>{t('ise.import.issuedBy', { cn: certificateLabel(certificate), issuer: issuerLabel(certificate) })}</Caption1>
                        </span>
                      }
                    />
                  </li>
                );
              })}
            </ul>
            <Text weight="semibold">{t('ise.import.flagsTitle')}</Text>
            <Table aria-label={t('ise.import.flagsTitle')} size="small" data-testid="ise-import-flags">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={styles.flagColumn}>{t('ise.import.flag')}</TableHeaderCell>
                  <TableHeaderCell className={styles.valueColumn}>{t('ise.import.value')}</TableHeaderCell>
                  <TableHeaderCell>{t('ise.import.reason')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {flags.map((row) => (
                  <TableRow key={row.flag} data-testid="ise-flag-row" data-flag={row.flag}>
                    <TableCell>
                      <div>{row.guiLabel}</div>
                      <Caption1 className={styles.mono}>{row.flag}</Caption1>
                    </TableCell>
                    <TableCell>
                      <FlagValue row={row} />
                    </TableCell>
                    <TableCell>
                      {i18n.exists(`ise.import.flags.${row.flag}.reason`) ? t(`ise.import.flags.${row.flag}.reason`) : row.reason}
                      {row.rule ? <Caption1> {i18n.exists(`ise.import.flags.${row.flag}.rule`) ? t(`ise.import.flags.${row.flag}.rule`) : row.rule}</Caption1> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Caption1>{t('ise.import.flagsNote')}</Caption1>
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button data-testid="ise-import-cancel">{t('ise.import.cancel')}</Button>
            </DialogTrigger>
            <Button appearance="primary" disabled={chosen.length === 0} onClick={confirm} data-testid="ise-import-confirm">
              {t('ise.import.confirm', { count: chosen.length })}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const OUTCOME_COLORS: Record<IseImportOutcome, 'success' | 'warning' | 'danger'> = {
  imported: 'success',
  'already-present': 'success',
  refused: 'warning',
  failed: 'danger',
};

/** What ISE answered for each CA, and whether reading ISE's store again shows them all. */
export function IseImportReportView() {
  const styles = useStyles();
  const { t } = useTranslation();
  const report = useIseStore((s) => s.report);
  if (!report) return null;
  return (
    <section className={styles.content} data-testid="ise-import-report" aria-label={t('ise.report.title')}>
      <Text weight="semibold">{t('ise.report.title')}</Text>
      <ul className={styles.results}>
        {report.results.map((result) => (
          <li key={result.sha256} className={styles.result} data-testid="ise-import-result" data-outcome={result.outcome} data-name={result.friendlyName}>
            <span className={styles.head}>
              <Badge appearance="filled" color={OUTCOME_COLORS[result.outcome]}>
                {t(`ise.report.outcome.${result.outcome}`)}
              </Badge>
              <Text weight="semibold">{result.friendlyName}</Text>
              <Caption1>{result.subjectCN}</Caption1>
            </span>
            {result.outcome === 'refused' || result.outcome === 'failed' ? <Caption1 data-testid="ise-import-message">{result.message}</Caption1> : null}
          </li>
        ))}
      </ul>
      {report.stopped ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('ise.report.stopped')}</MessageBarTitle>
            {report.stopped}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {report.confirmed ? (
        <MessageBar intent="success" data-testid="ise-import-confirmed">
          <MessageBarBody>{t('ise.report.confirmed')}</MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="warning" layout="multiline" data-testid="ise-import-unconfirmed">
          <MessageBarBody>
            <MessageBarTitle>{report.storeAfter ? t('ise.report.stillMissing', { count: report.stillMissing.length }) : t('ise.report.notReread')}</MessageBarTitle>
            {report.stillMissing.map((certificate) => certificateLabel(certificate)).join(', ')}
          </MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
