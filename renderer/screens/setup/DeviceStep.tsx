import { useState } from 'react';
import { Button, Field, Input, Subtitle2, Table, TableBody, TableCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, DocumentSearchRegular, ErrorCircleFilled, WarningFilled } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, DeviceCertificateCheck, OpenedFile } from '../../../preload/contract';
import { api } from '../../api';
import { Card } from '../../components/Card';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDate } from '../../components/dates';
import { ConfirmDone, StepFrame, type StepCheck } from './StepFrame';
import { certificateLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

/** What to paste in the Intune SCEP/PKCS profile (Cisco's MDM guide, Intune chapter). */
export const INTUNE_SAN_URI_VALUE = 'ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}';

const useStyles = makeStyles({
  value: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  label: { width: '200px', verticalAlign: 'top' },
  good: styleRules.ok,
  warn: { color: tokens.colorPaletteMarigoldForeground1 },
  bad: styleRules.bad,
  cell: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
});

type Verdict = 'good' | 'warn' | 'bad';

function Mark({ verdict }: { verdict: Verdict }) {
  const styles = useStyles();
  if (verdict === 'good') return <CheckmarkCircleFilled className={styles.good} aria-hidden />;
  if (verdict === 'warn') return <WarningFilled className={styles.warn} aria-hidden />;
  return <ErrorCircleFilled className={styles.bad} aria-hidden />;
}

/** Each point of the check: a label, a verdict and the sentence in the admin's language. */
function useRows(check: DeviceCertificateCheck): { key: string; verdict: Verdict; text: string }[] {
  const { t, i18n } = useTranslation();
  const { identity, certificate, issuer } = check;
  const rows: { key: string; verdict: Verdict; text: string }[] = [];
  rows.push(
    identity.problem === null
      ? { key: 'deviceId', verdict: 'good', text: t('setup.device.result.guid', { guid: identity.guid }) }
      : {
          key: 'deviceId',
          verdict: 'bad',
          text: t(`setup.device.problems.${identity.problem}`, { closest: identity.closest ?? '', uris: identity.uris.join(', '), value: INTUNE_SAN_URI_VALUE }),
        },
  );
  rows.push({
    key: 'clientAuth',
    verdict: check.clientAuth === 'missing' ? 'bad' : 'good',
    text: t(`setup.device.result.clientAuth.${check.clientAuth}`, { usages: certificate.extendedKeyUsage.join(', ') }),
  });
  rows.push({
    key: 'validity',
    verdict: certificate.status === 'valid' ? 'good' : 'bad',
    text: t(`setup.device.result.validity.${certificate.status}`, {
      date: formatDate(certificate.status === 'not-yet-valid' ? certificate.notBefore : certificate.notAfter, i18n.language),
      days: certificate.daysRemaining,
    }),
  });
  const issuerKey = !issuer.trustStoreLoaded ? 'notLoaded' : issuer.inTrustStore ? 'trusted' : 'untrusted';
  rows.push({ key: 'issuer', verdict: issuerKey === 'trusted' ? 'good' : issuerKey === 'notLoaded' ? 'warn' : 'bad', text: t(`setup.device.result.issuer.${issuerKey}`, { name: issuer.issuerName, match: issuer.matchedBy ?? '' }) });
  if (check.fn74227) {
    const releases = check.fn74227.map((release) => t('setup.device.result.release', { train: release.train, patch: release.patch })).join(', ');
    rows.push({ key: 'sid', verdict: 'warn', text: t('setup.device.result.sid', { sid: identity.sid ?? '', releases }) });
  }
  return rows;
}

function CheckResult({ check }: { check: DeviceCertificateCheck }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const rows = useRows(check);
  const name = certificateLabel(check.certificate);
  return (
    <Card data-testid="device-result">
      <Subtitle2 as="h3">{t('setup.device.result.title', { name })}</Subtitle2>
      {check.count > 1 ? <Text>{t('setup.device.result.which', { index: check.index + 1, count: check.count })}</Text> : null}
      <Table size="small" aria-label={t('setup.device.result.title', { name })}>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key} data-testid={`device-${row.key}`} data-verdict={row.verdict}>
              <TableCell className={styles.label}>{t(`setup.device.result.labels.${row.key}`)}</TableCell>
              <TableCell>
                <span className={styles.cell}>
                  <Mark verdict={row.verdict} />
                  <Text>{row.text}</Text>
                </span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

/** Step 5: the device GUID in the certificates' SAN (MDM API v3), and a check of one endpoint's certificate. */
export function DeviceStep() {
  const styles = useStyles();
  const { t } = useTranslation();
  const [check, setCheck] = useState<DeviceCertificateCheck | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [locked, setLocked] = useState<{ sourceId: string; file: string } | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);

  const adopt = async (opened: OpenedFile): Promise<void> => {
    if (!opened.ok) {
      if (opened.sourceId) {
        setLocked({ sourceId: opened.sourceId, file: opened.file });
        setError(null);
        return;
      }
      setError({ code: opened.error.code, message: opened.error.message, ...(opened.error.details ? { details: opened.error.details } : {}) });
      return;
    }
    setLocked(null);
    if (!opened.fileId) return;
    const result = await api().checkDeviceCertificate({ fileId: opened.fileId });
    if (result.ok) {
      setCheck(result.value);
      setError(null);
    } else setError(result.error);
  };

  const open = async () => {
    setBusy(true);
    try {
      const result = await api().openCertificateFiles();
      if (!result.ok) return setError(result.error);
      const [first] = result.value ?? [];
      if (first) await adopt(first);
    } finally {
      setBusy(false);
    }
  };

  const unlock = async () => {
    if (!locked) return;
    setBusy(true);
    try {
      const result = await api().unlockFile({ sourceId: locked.sourceId, password });
      setPassword('');
      if (!result.ok) return setError(result.error);
      await adopt(result.value);
    } finally {
      setBusy(false);
    }
  };

  const ready = check !== null && check.identity.guid !== null && check.clientAuth !== 'missing' && check.certificate.status === 'valid' && check.issuer.inTrustStore !== false;
  const stepCheck: StepCheck =
    check === null
      ? { intent: 'info', text: t('setup.device.checkNone') }
      : ready
        ? { intent: 'success', text: t('setup.device.checkOk', { guid: check.identity.guid }), action: <ConfirmDone step="device" label={t('setup.device.confirm')} /> }
        : { intent: 'warning', text: t('setup.device.checkProblems') };

  return (
    <StepFrame step="device" check={stepCheck}>
      <Card>
        <Subtitle2 as="h3">{t('setup.device.sanTitle')}</Subtitle2>
        <Text>{t('setup.device.sanAttribute')}</Text>
        <span className={styles.value}>
          <span className={styles.mono} data-testid="device-san-value">
            {INTUNE_SAN_URI_VALUE}
          </span>
          <CopyButton text={INTUNE_SAN_URI_VALUE} label={t('setup.device.sanTitle')} />
        </span>
      </Card>
      <Card>
        <Subtitle2 as="h3">{t('setup.device.iseTitle')}</Subtitle2>
        <Text>{t('setup.device.iseDoes')}</Text>
        <Text>{t('setup.device.sidNote')}</Text>
      </Card>
      <div className={styles.row}>
        <Button icon={<DocumentSearchRegular />} onClick={() => void open()} disabled={busy} data-testid="device-check">
          {t('setup.device.checkButton')}
        </Button>
      </div>
      {locked ? (
        <div className={styles.row}>
          <Field label={t('setup.device.password', { file: locked.file })}>
            <Input type="password" value={password} onChange={(_e, data) => setPassword(data.value)} data-testid="device-password" />
          </Field>
          <Button onClick={() => void unlock()} disabled={busy || password === ''} data-testid="device-unlock">
            {t('setup.device.unlock')}
          </Button>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {check ? <CheckResult check={check} /> : null}
    </StepFrame>
  );
}
