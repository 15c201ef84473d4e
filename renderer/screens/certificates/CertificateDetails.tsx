import type { ReactNode } from 'react';
import { Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { LoadedCertificate } from '../../../preload/contract';
import { CopyButton } from '../../components/CopyButton';
import { certificateLabel } from '../../state/certificates-store';
import { KeyExport } from './KeyExport';
import { StatusBadge } from './StatusBadge';
import { Card } from '../../components/Card';
import { MonoValue } from '../../components/MonoValue';
import { usePageAnchorClass } from '../../components/PageIndex';

const useStyles = makeStyles({
  pane: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, max-content) minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  // Long unbroken values (thumbprints): each name above its value, which then has the card's whole width.
  stacked: { gridTemplateColumns: 'minmax(0, 1fr)', rowGap: 0, '& dd': { marginBottom: tokens.spacingVerticalS } },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  copyRow: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  block: { maxHeight: '140px', overflow: 'auto', margin: 0, whiteSpace: 'pre-wrap' },
});

type Fact = [string, ReactNode];

function Facts({ facts, stacked = false }: { facts: Fact[]; stacked?: boolean }) {
  const styles = useStyles();
  return (
    <dl className={mergeClasses(styles.facts, stacked && styles.stacked)}>
      {facts.map(([term, value]) => (
        <div key={term} style={{ display: 'contents' }}>
          <dt className={styles.term}>{term}</dt>
          <dd className={styles.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Copyable({ text, label, block = false }: { text: string; label: string; block?: boolean }) {
  const styles = useStyles();
  return (
    <span className={styles.copyRow}>
      {block ? (
        // Focusable so keyboard users can scroll it (it is capped in height).
        <pre className={`${styles.mono} ${styles.block}`} tabIndex={0} aria-label={label}>
          {text}
        </pre>
      ) : <MonoValue value={text} />}
      <CopyButton text={text} label={label} />
    </span>
  );
}

/** The sections the screen's in-page index jumps to, in order (ids and the keys of their titles). */
export const DETAIL_SECTIONS = [
  { id: 'cert-general', title: 'certs.general' },
  { id: 'cert-thumbprints', title: 'certs.thumbprints' },
  { id: 'cert-extensions', title: 'certs.extensions' },
  { id: 'cert-for-entra', title: 'certs.forEntra' },
] as const;

function Section({ part, children }: { part: (typeof DETAIL_SECTIONS)[number]; children: ReactNode }) {
  const { t } = useTranslation();
  const anchor = usePageAnchorClass();
  const title = t(part.title);
  return (
    <Card id={part.id} className={anchor}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      {children}
    </Card>
  );
}

const list = (values: string[], none: string) => (values.length ? values.join('\n') : none);

export function CertificateDetails({ certificate }: { certificate: LoadedCertificate }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const { info } = certificate;
  const none = t('certs.none');
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  const key = info.keyType === 'ec' ? `EC ${info.curve ?? ''}` : `${info.keyType.toUpperCase()} ${info.keySize ?? ''}`;
  const tp = info.thumbprints;

  return (
    <section className={styles.pane} aria-labelledby="cert-details-title" data-testid="cert-details">
      <div className={styles.heading}>
        <Subtitle2 as="h2" id="cert-details-title">
          {certificateLabel(info)}
        </Subtitle2>
        <StatusBadge info={info} />
      </div>
      <Section part={DETAIL_SECTIONS[0]}>
        <Facts
          facts={[
            [t('certs.subject'), info.subject],
            [t('certs.issuer'), info.issuer],
            [t('certs.serial'), <span className={styles.mono}>{info.serialNumber}</span>],
            [t('certs.validFrom'), date(info.notBefore)],
            [t('certs.validTo'), <>{date(info.notAfter)} <Text size={200}>({info.daysRemaining < 0 ? t('certs.expiredDaysAgo', { count: -info.daysRemaining }) : t('certs.daysRemaining', { count: info.daysRemaining })})</Text></>],
            [t('certs.keyType'), key.trim()],
            [t('certs.signature'), info.signatureAlgorithm],
            [t('certs.ca'), info.isCA ? t('certs.caYes', { path: info.pathLength ?? t('certs.unlimited') }) : t('certs.no')],
            [t('certs.selfSigned'), info.selfSigned ? t('certs.yes') : t('certs.no')],
          ]}
        />
      </Section>
      <Section part={DETAIL_SECTIONS[1]}>
        <Facts
          stacked
          facts={[
            [t('certs.tp.sha1'), <Copyable text={tp.sha1} label={t('certs.tp.sha1')} />],
            [t('certs.tp.sha1Colon'), <Copyable text={tp.sha1Colon} label={t('certs.tp.sha1Colon')} />],
            [t('certs.tp.sha1Base64'), <Copyable text={tp.sha1Base64} label={t('certs.tp.sha1Base64')} />],
            [t('certs.tp.sha1Base64Url'), <Copyable text={tp.sha1Base64Url} label={t('certs.tp.sha1Base64Url')} />],
            [t('certs.tp.sha256'), <Copyable text={tp.sha256} label={t('certs.tp.sha256')} />],
            [t('certs.tp.sha256Base64Url'), <Copyable text={tp.sha256Base64Url} label={t('certs.tp.sha256Base64Url')} />],
          ]}
        />
      </Section>
      <Section part={DETAIL_SECTIONS[2]}>
        <Facts
          facts={[
            [t('certs.san'), list(info.subjectAltNames, none)],
            ...(info.intuneDeviceId ? [[t('certs.intuneDeviceId'), <Copyable text={info.intuneDeviceId} label={t('certs.intuneDeviceId')} />] satisfies Fact] : []),
            [t('certs.keyUsage'), list(info.keyUsage, none)],
            [t('certs.eku'), list(info.extendedKeyUsage, none)],
            [t('certs.ski'), <span className={styles.mono}>{info.subjectKeyIdentifier ?? none}</span>],
            [t('certs.aki'), <span className={styles.mono}>{info.authorityKeyIdentifier ?? none}</span>],
            [t('certs.aia'), list(info.aiaIssuers, none)],
            [t('certs.ocsp'), list(info.ocspUrls, none)],
            [t('certs.crl'), list(info.crlUrls, none)],
            [t('certs.policies'), list(info.policies, none)],
          ]}
        />
      </Section>
      <Section part={DETAIL_SECTIONS[3]}>
        <Text size={200}>{t('certs.singleLineHint')}</Text>
        <Copyable text={info.base64Der} label={t('certs.singleLine')} block />
        <Text size={200}>{t('certs.pemHint')}</Text>
        <Copyable text={info.pem} label="PEM" block />
      </Section>
      {certificate.hasPrivateKey && certificate.keyId ? <KeyExport keyId={certificate.keyId} /> : null}
    </section>
  );
}
