import { useEffect, useState, type FormEvent } from 'react';
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
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircleRegular, DismissCircleRegular, PersonRegular, ShieldTaskRegular, WarningRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { AuditItem } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAuditStore, type AuditErrorPlace } from '../../state/audit-store';
import { CloudEndpointFields, DEFAULT_CLOUD_ENDPOINTS, endpointArgs, type CloudEndpoints } from './CloudEndpointFields';
import { SignInClientField, useSignInAppName } from './SignInClientField';
import { TenantIdsFields, readTenantIds } from './TenantIdsFields';
import { useEntraStore } from '../../state/entra-store';
import { Card } from '../../components/Card';
import { Fold } from '../../components/Fold';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  ids: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  items: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase500, letterSpacing: '0.1em' },
  surface: { maxWidth: '760px', width: '95vw' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

function ItemRow({ item }: { item: AuditItem }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const icon =
    item.status === 'pass' ? (
      <CheckmarkCircleRegular className={styles.pass} aria-label={t('audit.status.pass')} />
    ) : item.status === 'warn' ? (
      <WarningRegular className={styles.warn} aria-label={t('audit.status.warn')} />
    ) : (
      <DismissCircleRegular className={styles.fail} aria-label={t('audit.status.fail')} />
    );
  return (
    <li className={styles.item} data-testid={`audit-item-${item.id}`} data-status={item.status}>
      <span className={styles.head}>
        {icon}
        <Text weight="semibold">{item.label}</Text>
        {item.node ? <Badge appearance="outline">{item.node}</Badge> : null}
        {item.finding ? <Badge appearance="tint" color="danger">{item.finding}</Badge> : null}
      </span>
      <Caption1>{item.detail}</Caption1>
    </li>
  );
}

/** The plan's diff, confirmed before anything changes in Entra. */
function FixDialog() {
  const styles = useStyles();
  const { t } = useTranslation();
  const { plan, applying, applyPlan, closePlan } = useAuditStore();
  if (!plan) return null;
  return (
    <Dialog open modalType="alert" onOpenChange={(_e, data) => (!data.open && !applying ? closePlan() : undefined)}>
      <DialogSurface className={styles.surface} data-testid="audit-fix-dialog">
        <DialogBody>
          <DialogTitle>{t('audit.fix.title')}</DialogTitle>
          <DialogContent className={styles.content}>
            <Text>{t('audit.fix.intro', { app: plan.appId })}</Text>
            <Subtitle2 as="h3">{t('audit.fix.add', { count: plan.add.length })}</Subtitle2>
            <ul className={styles.list} data-testid="audit-fix-add">
              {plan.add.map((entry) => (
                <li key={entry.sha1}>
                  <Text weight="semibold">{entry.nodes.join(', ')}</Text> — {entry.subjectCN}{' '}
                  <span className={styles.mono}>{t('audit.fix.sha1', { sha1: entry.sha1 })}</span>{' '}
                  <Caption1>{t('audit.fix.until', { date: entry.notAfter.slice(0, 10) })}</Caption1>
                </li>
              ))}
            </ul>
            <Subtitle2 as="h3">{t('audit.fix.keep', { count: plan.keep.length })}</Subtitle2>
            <ul className={styles.list} data-testid="audit-fix-keep">
              {plan.keep.map((key) => (
                <li key={key.keyId}>
                  {key.displayName ?? key.keyId} <span className={styles.mono}>{key.sha1 ? t('audit.fix.sha1', { sha1: key.sha1 }) : key.keyId}</span>
                </li>
              ))}
            </ul>
            <MessageBar intent="info">
              <MessageBarBody>{t('audit.fix.noRemoval')}</MessageBarBody>
            </MessageBar>
          </DialogContent>
          <DialogActions>
            <Button onClick={closePlan} disabled={applying} data-testid="audit-fix-cancel">
              {t('audit.fix.cancel')}
            </Button>
            <Button appearance="primary" onClick={() => void applyPlan()} disabled={applying || plan.empty} icon={applying ? <Spinner size="extra-tiny" /> : undefined} data-testid="audit-fix-apply">
              {t('audit.fix.apply')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The app registration as Entra has it, read with an administrator's sign-in; and the fix for missing certificates. */
export function AuditSection() {
  const styles = useStyles();
  const { t } = useTranslation();
  const nodeCount = useEntraStore((s) => s.state?.nodes.length ?? 0);
  const { signingIn, prompt, signIn, auditing, audit, planning, fix, error, errorAt, startSignIn, cancelSignIn, loadSignIn, signOut, runAudit, preparePlan } = useAuditStore();
  const signInApp = useSignInAppName();
  const [where, setWhere] = useState<CloudEndpoints>(DEFAULT_CLOUD_ENDPOINTS);
  const [allowChanges, setAllowChanges] = useState(false);
  // A sign-in kept in main's encrypted cache (from before a restart) shows without signing in again.
  useEffect(() => {
    void loadSignIn();
  }, [loadSignIn]);

  const signInWith = (method: 'browser' | 'device-code') => {
    const ids = readTenantIds();
    void startSignIn({ tenant: ids.tenantId, ...endpointArgs(ids.cloud, where), access: allowChanges ? 'write' : 'read', method });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const ids = readTenantIds();
    void runAudit({ tenant: ids.tenantId, clientId: ids.clientId, ...endpointArgs(ids.cloud, where) });
  };
  // The audit reaches Microsoft like the connection test: its network errors are worded in connection.json.
  const errorFor = (at: AuditErrorPlace) => (error && errorAt === at ? <ErrorNotice error={error} ns="connection" /> : null);
  const missing = audit?.items.filter((item) => item.kind === 'certificate-registered' && item.status === 'fail') ?? [];

  return (
    <Card data-testid="audit-section">
      <Subtitle2 as="h2">{t('audit.title')}</Subtitle2>
      <Text>{t('audit.intro')}</Text>
      <form className={styles.form} onSubmit={onSubmit}>
        <TenantIdsFields prefix="audit" />
        <CloudEndpointFields ns="audit" value={where} onChange={setWhere} />

        <Subtitle2 as="h3">{t('audit.signIn.title')}</Subtitle2>
        {signIn?.signedIn && signIn.account ? (
          <>
            <div className={styles.actions} data-testid="audit-account">
              <PersonRegular aria-hidden />
              <Text>{t('audit.signIn.as', { user: signIn.account.username, tenant: signIn.account.tenantId })}</Text>
              <Button onClick={() => void signOut()} data-testid="audit-sign-out">
                {t('audit.signIn.signOut')}
              </Button>
            </div>
            {errorFor('sign-in')}
          </>
        ) : (
          <>
            <Caption1>{t('audit.signIn.hint')}</Caption1>
            <Checkbox checked={allowChanges} onChange={(_e, d) => setAllowChanges(d.checked === true)} label={t('audit.signIn.allowChanges')} data-testid="audit-allow-changes" />
            <div className={styles.actions}>
              <Button appearance="primary" onClick={() => signInWith('browser')} disabled={signingIn !== null} data-testid="audit-sign-in">
                {t('audit.signIn.browser')}
              </Button>
              <Button onClick={() => signInWith('device-code')} disabled={signingIn !== null} data-testid="audit-sign-in-device">
                {t('audit.signIn.deviceCode')}
              </Button>
              {signingIn ? (
                <>
                  <Spinner size="tiny" label={prompt ? t('audit.signIn.waitingCode') : t('audit.signIn.waitingBrowser')} />
                  <Button onClick={() => void cancelSignIn()} data-testid="audit-sign-in-cancel">
                    {t('audit.signIn.cancel')}
                  </Button>
                </>
              ) : null}
            </div>
            {errorFor('sign-in')}
            {prompt ? (
              <MessageBar intent="info" layout="multiline" data-testid="audit-device-code">
                <MessageBarBody>
                  <MessageBarTitle>{t('audit.signIn.codeTitle')}</MessageBarTitle>
                  <div>{t('audit.signIn.codeSteps', { url: prompt.verificationUri })}</div>
                  <div className={styles.code}>{prompt.userCode}</div>
                  <Caption1>{t('audit.signIn.codeExpires', { time: new Date(prompt.expiresOn).toLocaleTimeString() })}</Caption1>
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </>
        )}
        <Fold testId="audit-sign-in-app" label={t('audit.signInApp.summary', { app: signInApp })}>
          <SignInClientField />
        </Fold>

        <div className={styles.actions}>
          <Button type="submit" appearance={signIn?.signedIn ? 'primary' : 'secondary'} icon={<ShieldTaskRegular />} disabled={auditing || !signIn?.signedIn} data-testid="audit-run">
            {t('audit.run')}
          </Button>
          {auditing ? <Spinner size="tiny" label={t('audit.running')} /> : null}
          {nodeCount === 0 ? <Caption1>{t('audit.noNodes')}</Caption1> : null}
        </div>
        {errorFor('audit')}
      </form>
      {audit ? (
        <>
          <MessageBar intent={audit.ok ? 'success' : 'error'} data-testid="audit-verdict">
            <MessageBarBody>{audit.ok ? t('audit.passed') : t('audit.failed')}</MessageBarBody>
          </MessageBar>
          <ul className={styles.items} aria-label={t('audit.checklist')} data-testid="audit-items">
            {audit.items.map((item) => (
              <ItemRow key={item.id} item={item} />
            ))}
          </ul>
          {missing.length > 0 && audit.application ? (
            <div className={styles.actions}>
              <Button appearance="primary" onClick={() => void preparePlan()} disabled={planning} data-testid="audit-fix">
                {t('audit.fix.button', { count: missing.length })}
              </Button>
              {planning ? <Spinner size="tiny" /> : null}
            </div>
          ) : null}
          {errorFor('fix')}
        </>
      ) : null}
      {fix ? (
        <MessageBar intent="success" layout="multiline" data-testid="audit-fix-result">
          <MessageBarBody>
            <MessageBarTitle>{t('audit.fix.done', { count: fix.added.length })}</MessageBarTitle>
            <div>{t('audit.fix.reread', { count: fix.keys.length })}</div>
            <ul className={styles.list}>
              {fix.keys.map((key) => (
                <li key={key.keyId} className={styles.mono}>
                  {key.displayName ?? key.keyId} {key.sha1 ?? ''}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <FixDialog />
    </Card>
  );
}
