import type { ReactNode } from 'react';
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldCheckmarkRegular, WarningRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { IseConnectionInfo } from '../../../preload/contract';
import { CopyButton } from '../../components/CopyButton';
import { useIseStore } from '../../state/ise-store';
import { CertificateDetails } from '../certificates/CertificateDetails';
import { StatusBadge } from '../certificates/StatusBadge';
import { colonHex, utcDate } from './IseText';
import { Fold } from '../../components/Fold';
import { certificateLabel, issuerLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  review: styleRules.stackS,
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, max-content) minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: styleRules.muted,
  value: { margin: 0, overflowWrap: 'anywhere', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  mono: styleRules.mono,
  actions: styleRules.row,
});

function Fact({ term, children }: { term: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div style={{ display: 'contents' }}>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{children}</dd>
    </div>
  );
}

function Fingerprint({ hex, label, testId }: { hex: string; label: string; testId: string }) {
  const styles = useStyles();
  return (
    <>
      <span className={styles.mono} data-testid={testId} data-value={hex}>
        {colonHex(hex)}
      </span>
      <CopyButton text={hex} label={label} />
    </>
  );
}

/** ISE's admin certificate as the first handshake showed it, and what the pin says about it. */
export function IseCertificateReview({ info }: { info: IseConnectionInfo }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const busy = useIseStore((s) => s.busy);
  const trust = useIseStore((s) => s.trust);
  const certificate = info.certificate;
  const sha256 = certificate.thumbprints.sha256;
  return (
    <section className={styles.review} data-testid="ise-certificate" data-pin-state={info.pinState} aria-label={t('ise.cert.title', { target: info.target })}>
      <Text weight="semibold">{t('ise.cert.title', { target: info.target })}</Text>
      <dl className={styles.facts}>
        <Fact term={t('ise.cert.subject')}>
          <span data-testid="ise-cert-cn">{certificateLabel(certificate)}</span>
          <StatusBadge info={certificate} />
        </Fact>
        <Fact term={t('ise.cert.issuer')}>
          {certificate.selfSigned ? t('ise.cert.selfSigned') : issuerLabel(certificate)}
        </Fact>
        <Fact term={t('ise.cert.validity')}>{t('ise.cert.validityRange', { from: utcDate(certificate.notBefore), to: utcDate(certificate.notAfter) })}</Fact>
        <Fact term={t('ise.cert.sha256')}>
          <Fingerprint hex={sha256} label={t('ise.cert.sha256')} testId="ise-cert-sha256" />
        </Fact>
        <Fact term={t('ise.cert.sha1')}>
          <Fingerprint hex={certificate.thumbprints.sha1} label={t('ise.cert.sha1')} testId="ise-cert-sha1" />
        </Fact>
      </dl>
      <Fold label={t('ise.cert.details')}>
        <CertificateDetails certificate={{ index: 0, info: certificate, hasPrivateKey: false, keyId: null }} />
      </Fold>

      {info.pinState === 'trusted' ? (
        <MessageBar intent="success" data-testid="ise-pin-trusted">
          <MessageBarBody>{t('ise.pin.trusted', { target: info.target })}</MessageBarBody>
        </MessageBar>
      ) : null}

      {info.pinState === 'new' ? (
        <MessageBar intent="info" layout="multiline" data-testid="ise-pin-new">
          <MessageBarBody>
            <MessageBarTitle>{t('ise.pin.newTitle')}</MessageBarTitle>
            {t('ise.pin.newText')}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {info.pinState === 'changed' ? (
        <MessageBar intent="error" layout="multiline" role="alert" icon={<WarningRegular />} data-testid="ise-pin-changed">
          <MessageBarBody>
            <MessageBarTitle>{t('ise.pin.changedTitle', { target: info.target })}</MessageBarTitle>
            <div>{t('ise.pin.changedText')}</div>
            <dl className={styles.facts}>
              <Fact term={t('ise.pin.oldPin')}>
                <span className={styles.mono} data-testid="ise-old-pin">
                  {colonHex(info.pinnedSha256 ?? '')}
                </span>
              </Fact>
              <Fact term={t('ise.pin.newCertificate')}>
                <span className={styles.mono} data-testid="ise-new-pin">
                  {colonHex(sha256)}
                </span>
              </Fact>
            </dl>
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {info.pinState !== 'trusted' ? (
        <div className={styles.actions}>
          <Button
            appearance={info.pinState === 'changed' ? 'secondary' : 'primary'}
            icon={busy === 'trust' ? <Spinner size="tiny" /> : <ShieldCheckmarkRegular />}
            disabled={busy !== null}
            onClick={() => void trust()}
            data-testid="ise-trust"
          >
            {info.pinState === 'changed' ? t('ise.pin.replace', { host: info.target }) : t('ise.pin.trust', { host: info.target })}
          </Button>
          {info.pinState === 'changed' ? <Badge appearance="tint" color="danger">{t('ise.pin.replaceNote')}</Badge> : null}
        </div>
      ) : null}
    </section>
  );
}
