import { Badge, Caption1, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CertificatePresence, Diagnosis, Finding, FindingSummary } from '../../../preload/contract';
import { useFindingText } from './FindingCard';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  card: styleRules.stackS,
  mono: styleRules.mono,
  cell: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS, paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  count: { width: '90px' },
  when: { width: '210px' },
});

/** The finding a summary row counts (several UNKNOWN_AADSTS rows differ by their code's occurrences). */
function findingOf(diagnosis: Diagnosis, row: FindingSummary): Finding | undefined {
  return diagnosis.findings.find(
    (finding) => finding.code === row.code && finding.count === row.count && finding.firstSeen === row.firstSeen && finding.lastSeen === row.lastSeen,
  );
}

function SummaryRow({ row, finding }: { row: FindingSummary; finding: Finding | undefined }) {
  const styles = useStyles();
  const findingText = useFindingText();
  return (
    <TableRow data-testid="summary-row" data-code={row.code}>
      <TableCell>
        <div className={styles.cell}>
          <span className={styles.mono}>{row.code === 'UNKNOWN_AADSTS' && finding?.aadsts ? finding.aadsts : row.code}</span>
          <Caption1>{findingText({ code: row.code, aadsts: finding?.aadsts ?? null }, 'title', row.title)}</Caption1>
        </div>
      </TableCell>
      <TableCell>{row.count}</TableCell>
      <TableCell className={styles.mono}>{row.firstSeen ?? '—'}</TableCell>
      <TableCell className={styles.mono}>{row.lastSeen ?? '—'}</TableCell>
    </TableRow>
  );
}

/** One row per finding, most recent first: how often and when. */
export function FindingsSummary({ diagnosis }: { diagnosis: Diagnosis }) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (diagnosis.summary.length === 0) return null;
  return (
    <Card className={styles.card} data-testid="summary">
      <Subtitle2 as="h3">{t('troubleshoot.summary.heading')}</Subtitle2>
      <Table aria-label={t('troubleshoot.summary.heading')} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('troubleshoot.summary.code')}</TableHeaderCell>
            <TableHeaderCell className={styles.count}>{t('troubleshoot.summary.count')}</TableHeaderCell>
            <TableHeaderCell className={styles.when}>{t('troubleshoot.summary.first')}</TableHeaderCell>
            <TableHeaderCell className={styles.when}>{t('troubleshoot.summary.last')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {diagnosis.summary.map((row, index) => (
            <SummaryRow key={`${row.code}-${index}`} row={row} finding={findingOf(diagnosis, row)} />
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

const PRESENCE_COLORS = { yes: 'success', no: 'danger', unknown: 'informative' } as const;

function presenceKey(presence: CertificatePresence): keyof typeof PRESENCE_COLORS {
  return presence.registered === null ? 'unknown' : presence.registered ? 'yes' : 'no';
}

/** The loaded ISE node certificates and whether the app holds each (how that was decided). */
export function CertificatesChecked({ diagnosis }: { diagnosis: Diagnosis }) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (diagnosis.certificates.length === 0) return null;
  return (
    <Card className={styles.card} data-testid="certificates-checked">
      <Subtitle2 as="h3">{t('troubleshoot.certificates.heading')}</Subtitle2>
      <Table aria-label={t('troubleshoot.certificates.heading')} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('troubleshoot.certificates.node')}</TableHeaderCell>
            <TableHeaderCell>{t('troubleshoot.certificates.certificate')}</TableHeaderCell>
            <TableHeaderCell>{t('troubleshoot.certificates.state')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {diagnosis.certificates.map((presence) => (
            <TableRow key={`${presence.certificate.node}-${presence.certificate.sha1}`} data-testid="presence-row">
              <TableCell>{presence.certificate.node}</TableCell>
              <TableCell>
                <div className={styles.cell}>
                  <span>{presence.certificate.subjectCN}</span>
                  <span className={styles.mono}>{presence.certificate.sha1}</span>
                  <Caption1>{t('troubleshoot.certificates.expires', { date: presence.certificate.notAfter.slice(0, 10) })}</Caption1>
                </div>
              </TableCell>
              <TableCell>
                <div className={styles.cell}>
                  <Badge appearance="tint" color={PRESENCE_COLORS[presenceKey(presence)]}>
                    {t(`troubleshoot.thumbprints.registered.${presenceKey(presence)}`)}
                  </Badge>
                  <Caption1>{t(`troubleshoot.certificates.basis.${presence.basis}`)}</Caption1>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
