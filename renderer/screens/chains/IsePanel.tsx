import { useEffect, useState, type FormEvent } from 'react';
import { Badge, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, Spinner, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowSyncRegular, PlugConnectedRegular, PlugDisconnectedRegular, CertificateRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { IseChainGap } from '../../../preload/contract';
import { api } from '../../api';
import { useChainsStore } from '../../state/chains-store';
import { missingCas, portNumber, useIseStore, type IseErrorStep } from '../../state/ise-store';
import { IseCertificateReview } from './IseCertificateReview';
import { IseImportDialog, IseImportReportView, useFriendlyName } from './IseImport';
import { IseErrorNotice } from './IseText';
import { Card } from '../../components/Card';
import { certificateLabel } from '../../../preload/labels';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  header: styleRules.header,
  form: styleRules.stack,
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  host: { flexGrow: 1, minWidth: '240px', maxWidth: '420px' },
  port: { width: '110px' },
  portInput: { width: '100%', minWidth: 0 },
  user: { minWidth: '200px', flexGrow: 1, maxWidth: '300px' },
  actions: styleRules.row,
  gaps: styleRules.plainList,
  gap: styleRules.stackXXS,
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  mono: styleRules.mono,
});

function StepError({ step }: { step: IseErrorStep }) {
  const error = useIseStore((s) => (s.error?.step === step ? s.error.error : null));
  return error ? <IseErrorNotice error={error} /> : null;
}

function GapRow({ gap }: { gap: IseChainGap }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const friendlyName = useFriendlyName();
  return (
    <li className={styles.gap} data-testid="ise-gap" data-target={gap.target} data-missing={gap.missing.length}>
      <Text weight="semibold" className={styles.mono}>
        {gap.target.replace(/:443$/, '')}
      </Text>
      <span className={styles.badges}>
        {gap.present.map((match) => (
          <Badge key={match.certificate.thumbprints.sha256} appearance="tint" color="success" data-testid="ise-gap-present">
            {t('ise.store.has', { name: certificateLabel(match.certificate) })}
          </Badge>
        ))}
        {gap.missing.map((certificate) => (
          <Badge key={certificate.thumbprints.sha256} appearance="filled" color="danger" data-testid="ise-gap-missing" title={friendlyName(certificate)}>
            {t('ise.store.lacks', { name: certificateLabel(certificate) })}
          </Badge>
        ))}
        {gap.present.length === 0 && gap.missing.length === 0 ? <Caption1>{t('ise.store.noCas')}</Caption1> : null}
      </span>
    </li>
  );
}

/** Connected: what was read, the gap per fetched host, the import, refresh and disconnect. */
function IseConnected() {
  const styles = useStyles();
  const { t } = useTranslation();
  const state = useIseStore((s) => s.state);
  const busy = useIseStore((s) => s.busy);
  const refresh = useIseStore((s) => s.refresh);
  const disconnect = useIseStore((s) => s.disconnect);
  if (!state?.connected) return null;
  const { connected, store, gaps } = state;
  const missing = missingCas(state);
  return (
    <section className={styles.form} data-testid="ise-connected" aria-label={t('ise.store.title')}>
      <MessageBar intent="success" data-testid="ise-connected-bar">
        <MessageBarBody>
          {t('ise.store.connected', { user: connected.username, target: `${connected.host}:${connected.port}` })}{' '}
          {store ? <span data-testid="ise-store-count">{t('ise.store.read', { count: store.entries.length, pages: store.pages })}</span> : null}
        </MessageBarBody>
      </MessageBar>
      {store?.exportProblem ? <Caption1>{t('ise.store.exportProblem', { problem: store.exportProblem })}</Caption1> : null}
      <div className={styles.actions}>
        <Button icon={busy === 'refresh' ? <Spinner size="tiny" /> : <ArrowSyncRegular />} disabled={busy !== null} onClick={() => void refresh()} data-testid="ise-refresh">
          {t('ise.store.refresh')}
        </Button>
        <Button appearance="subtle" icon={<PlugDisconnectedRegular />} disabled={busy !== null} onClick={() => void disconnect()} data-testid="ise-disconnect">
          {t('ise.store.disconnect')}
        </Button>
      </div>
      <StepError step="store" />
      <Text weight="semibold">{t('ise.store.gapTitle')}</Text>
      {gaps.length === 0 ? (
        <Caption1 data-testid="ise-no-gaps">{t('ise.store.noChains')}</Caption1>
      ) : (
        <>
          <ul className={styles.gaps}>
            {gaps.map((gap) => (
              <GapRow key={gap.target} gap={gap} />
            ))}
          </ul>
          {missing.length === 0 ? (
            <MessageBar intent="success" data-testid="ise-gap-closed">
              <MessageBarBody>{t('ise.store.allPresent')}</MessageBarBody>
            </MessageBar>
          ) : (
            <div className={styles.actions}>
              <IseImportDialog missing={missing} />
              <Caption1>{t('ise.store.missingCount', { count: missing.length })}</Caption1>
            </div>
          )}
        </>
      )}
      <StepError step="import" />
      <IseImportReportView />
    </section>
  );
}

/** User name and password; the password goes to main with the call and the field is emptied. */
function IseLogin() {
  const styles = useStyles();
  const { t } = useTranslation();
  const busy = useIseStore((s) => s.busy);
  const connect = useIseStore((s) => s.connect);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const host = useIseStore((s) => s.info?.host ?? '');
  const port = useIseStore((s) => s.info?.port ?? 443);
  const user = username.trim();
  const key = host && user ? `${host}:${port}:${user}` : '';
  const [savedFor, setSavedFor] = useState<{ key: string; saved: boolean }>({ key: '', saved: false });
  const saved = key !== '' && savedFor.key === key && savedFor.saved;
  useEffect(() => {
    // Whether main holds a password for this host and user (the password itself never comes back).
    if (!key) return undefined;
    let current = true;
    void api()
      .hasSavedIsePassword({ host, port, username: user })
      .then((result) => {
        if (current) setSavedFor({ key, saved: result.ok && result.value });
      });
    return () => {
      current = false;
    };
  }, [key, host, port, user]);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!user || (!password && !saved)) return;
    const sent = password;
    setPassword('');
    void connect(user, sent, remember).then((ok) => {
      if (ok && remember) setSavedFor({ key, saved: true });
    });
  };
  const forget = async () => {
    const result = await api().forgetIsePassword({ host, port, username: user });
    if (result.ok) setSavedFor({ key, saved: false });
  };
  return (
    <form className={styles.form} onSubmit={onSubmit} aria-label={t('ise.login.title')} data-testid="ise-login">
      <Caption1>{t('ise.login.hint')}</Caption1>
      <div className={styles.row}>
        <Field label={t('ise.login.username')} className={styles.user} required>
          <Input value={username} onChange={(_e, d) => setUsername(d.value)} autoComplete="username" spellCheck={false} data-testid="ise-username" />
        </Field>
        <Field label={t('ise.login.password')} className={styles.user} required={!saved} hint={saved ? t('ise.login.savedHint') : undefined}>
          <Input type="password" value={password} onChange={(_e, d) => setPassword(d.value)} autoComplete="current-password" data-testid="ise-password" />
        </Field>
      </div>
      <div className={styles.actions}>
        <Checkbox checked={remember} onChange={(_e, d) => setRemember(d.checked === true)} label={t('ise.login.remember')} data-testid="ise-remember" />
        {saved ? (
          <Button appearance="subtle" onClick={() => void forget()} data-testid="ise-forget">
            {t('ise.login.forget')}
          </Button>
        ) : null}
      </div>
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          icon={busy === 'connect' ? <Spinner size="tiny" /> : <PlugConnectedRegular />}
          disabled={busy !== null || !username.trim() || (!password && !saved)}
          data-testid="ise-connect"
        >
          {t('ise.login.connect')}
        </Button>
      </div>
    </form>
  );
}

/** "Connect to ISE": check and pin ISE's admin certificate, log in, read its trusted CAs, import the missing ones. */
export function IsePanel() {
  const styles = useStyles();
  const { t } = useTranslation();
  const host = useIseStore((s) => s.host);
  const port = useIseStore((s) => s.port);
  const info = useIseStore((s) => s.info);
  const busy = useIseStore((s) => s.busy);
  const connected = useIseStore((s) => s.state?.connected ?? null);
  const setHost = useIseStore((s) => s.setHost);
  const setPort = useIseStore((s) => s.setPort);
  const inspect = useIseStore((s) => s.inspect);
  const load = useIseStore((s) => s.load);
  // The gap follows the fetched chains: read main's view again whenever they change.
  const results = useChainsStore((s) => s.state?.results);
  useEffect(() => {
    void load();
  }, [load, results]);

  const portValue = portNumber(port);
  const onCheck = (event: FormEvent) => {
    event.preventDefault();
    if (host.trim() && portValue !== null) void inspect();
  };
  const connectedHere = connected !== null && info !== null && connected.host === info.host && connected.port === info.port;

  return (
    <Card data-testid="ise-panel">
      <div className={styles.header}>
        <Subtitle2 as="h2">{t('ise.title')}</Subtitle2>
        {connected ? (
          <Badge appearance="filled" color="success" data-testid="ise-status">
            {t('ise.status.connected', { target: `${connected.host}:${connected.port}` })}
          </Badge>
        ) : (
          <Badge appearance="outline" data-testid="ise-status">
            {t('ise.status.disconnected')}
          </Badge>
        )}
      </div>
      <Text>{t('ise.intro')}</Text>
      <form className={styles.row} onSubmit={onCheck} aria-label={t('ise.target.title')}>
        <Field label={t('ise.target.host')} className={styles.host} required>
          <Input value={host} onChange={(_e, d) => setHost(d.value)} spellCheck={false} placeholder="ise-pan.example.com" aria-describedby="ise-host-hint" data-testid="ise-host" />
        </Field>
        <Field label={t('ise.target.port')} className={styles.port} validationMessage={portValue === null ? t('ise.target.badPort') : undefined}>
          <Input className={styles.portInput} value={port} onChange={(_e, d) => setPort(d.value)} inputMode="numeric" data-testid="ise-port" />
        </Field>
        <Button
          type="submit"
          icon={busy === 'inspect' ? <Spinner size="tiny" /> : <CertificateRegular />}
          disabled={busy !== null || !host.trim() || portValue === null}
          data-testid="ise-check"
        >
          {t('ise.target.check')}
        </Button>
      </form>
      <Caption1 id="ise-host-hint">{t('ise.target.hostHint')}</Caption1>
      <StepError step="certificate" />
      {info ? <IseCertificateReview info={info} /> : null}
      {info?.pinState === 'trusted' && !connectedHere ? <IseLogin /> : null}
      <StepError step="login" />
      <IseConnected />
    </Card>
  );
}
