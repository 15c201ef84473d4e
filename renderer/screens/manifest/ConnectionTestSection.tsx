import { useState, type FormEvent } from 'react';
import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, DismissCircleRegular, PlayRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ConnectionStepName, ConnectionTestStep, StepFinding } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { explanationTexts } from '../troubleshoot/explanation-text';
import { useConnectionStore } from '../../state/connection-store';
import { useEntraStore } from '../../state/entra-store';
import { currentValues, useSetupStore } from '../../state/setup-store';
import { CloudEndpointFields, DEFAULT_CLOUD_ENDPOINTS, endpointArgs, type CloudEndpoints } from './CloudEndpointFields';
import { Card } from '../../components/Card';
import { Fold } from '../../components/Fold';
import { TenantIdsFields, readTenantIds } from './TenantIdsFields';
import { MonoValue } from '../../components/MonoValue';
import { styleRules } from '../../components/styles';

const STEPS: ConnectionStepName[] = ['form-values', 'graph-token', 'intune-discovery', 'intune-token', 'intune-read'];

/** The values as typed into ISE's External MDM form. */
export interface TypedFormValues {
  tokenUrl: string;
  discoveryUrl: string;
  audience: string;
}

const useStyles = makeStyles({
  form: styleRules.stack,
  ids: styleRules.tiles,
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  steps: styleRules.plainList,
  step: styleRules.stackXXS,
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  ok: styleRules.ok,
  bad: styleRules.bad,
  mono: styleRules.mono,
});

/**
 * A live finding's title and fix in the user's language: the Troubleshoot texts for the codes
 * both share, the connection test's own for INTUNE_NOT_DISCOVERED and INTUNE_REFUSED, and
 * main's English only for a code neither knows.
 */
function useLiveFindingText(): (finding: StepFinding, part: 'title' | 'remedy' | 'cause') => string | null {
  const { t, i18n } = useTranslation();
  return (finding, part) => {
    const key = [`troubleshoot.codes.${finding.code}.${part}`, `connection.codes.${finding.code}.${part}`].find((candidate) => i18n.exists(candidate));
    if (part === 'cause') return key && finding.messageIsCause ? t(key, { code: finding.aadsts ?? '' }) : null;
    return key ? t(key, { code: finding.aadsts ?? '' }) : finding[part];
  };
}

/** The code's cause in the window's language; a sentence about this failure as main wrote it (English). */
function FindingCause({ text, message }: { text: string | null; message: string }) {
  return text === null ? <div lang="en">{message}</div> : <div>{text}</div>;
}

function StepRow({ name, step, running }: { name: ConnectionStepName; step: ConnectionTestStep | undefined; running: boolean }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const findingText = useLiveFindingText();
  const icon = step ? (
    step.ok ? (
      <CheckmarkCircleRegular className={styles.ok} aria-hidden />
    ) : step.skipped ? null : (
      <DismissCircleRegular className={styles.bad} aria-hidden />
    )
  ) : running ? (
    <Spinner size="extra-tiny" />
  ) : null;
  return (
    <li className={styles.step} data-testid={`connection-step-${name}`}>
      <span className={styles.head}>
        {icon}
        <Text weight="semibold">{t(`connection.steps.${name}`)}</Text>
        {step && !step.skipped ? <Caption1>{t('connection.ms', { ms: Math.round(step.ms) })}</Caption1> : null}
        {step?.skipped ? <Caption1>{t('connection.skipped')}</Caption1> : null}
      </span>
      {step?.warnings?.map((warning) => (
        <MessageBar key={warning.code} intent="warning" layout="multiline" data-testid="connection-warning" data-code={warning.code}>
          <MessageBarBody>
            <MessageBarTitle>{t('connection.warning', { code: warning.code, title: findingText(warning, 'title') })}</MessageBarTitle>
            <div lang="en">{warning.message}</div>
            <div>{t('connection.remedy', { remedy: findingText(warning, 'remedy') })}</div>
          </MessageBarBody>
        </MessageBar>
      ))}
      {step?.finding ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('connection.finding', { code: step.finding.code, title: findingText(step.finding, 'title') })}</MessageBarTitle>
            <FindingCause text={findingText(step.finding, 'cause')} message={step.finding.message} />
            <div>{t('connection.remedy', { remedy: findingText(step.finding, 'remedy') })}</div>
            {explanationTexts(i18n, step.finding.explanations, step.finding.explanationPhrases).map((line, index) => (
              <div key={index} lang={line.translated ? undefined : 'en'}>
                {line.text}
              </div>
            ))}
            {step.finding.evidence.length ? (
              <Fold label={t('connection.evidence')}>
                {step.finding.evidence.map((line) => (
                  <div key={line} className={styles.mono}>
                    {line}
                  </div>
                ))}
                {step.finding.traceId ? (
                  <Caption1>{t('connection.trace', { trace: step.finding.traceId, correlation: step.finding.correlationId ?? '—' })}</Caption1>
                ) : null}
              </Fold>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
    </li>
  );
}

/**
 * Step 5 before ISE: the requests ISE makes, signed with a node's key kept in main. With the
 * three values as typed into ISE's form (prefilled with the current deployment's: the ones kept
 * with it, else step 4's), the test uses exactly those: the tenant and cloud from the Token
 * Issuing URL, the audience as typed. With a current deployment, values typed here are kept with
 * it when the test runs; values main refuses to keep are still tested, and the test says why
 * they cannot work.
 */
export function ConnectionTestSection() {
  const styles = useStyles();
  const { t } = useTranslation();
  const keys = useEntraStore((s) => s.keys);
  const { running, live, result, error, run, cancel } = useConnectionStore();
  const [keyId, setKeyId] = useState('');
  const [where, setWhere] = useState<CloudEndpoints>(DEFAULT_CLOUD_ENDPOINTS);
  const deploymentForm = useSetupStore((s) => currentValues(s)?.form ?? null);
  const keepForm = useSetupStore((s) => s.saveForm);
  const [typed, setTyped] = useState<TypedFormValues>(deploymentForm ?? { tokenUrl: '', discoveryUrl: '', audience: '' });
  const formGiven = typed.tokenUrl.trim() !== '' && typed.discoveryUrl.trim() !== '' && typed.audience.trim() !== '';
  const chosenKey = keys.find((key) => key.keyId === keyId)?.keyId ?? keys[0]?.keyId ?? '';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (chosenKey) {
      if (formGiven) void keepForm(typed);
      const ids = readTenantIds();
      void run({ tenant: ids.tenantId, clientId: ids.clientId, keyId: chosenKey, ...endpointArgs(ids.cloud, where), ...(formGiven ? { form: typed } : {}) });
    }
  };
  const stepResult = (name: ConnectionStepName) => result?.steps.find((step) => step.name === name) ?? live[name]?.result;
  const failed = result?.steps.find((step) => !step.ok && !step.skipped);

  return (
    <Card data-testid="connection-section">
      <Subtitle2 as="h2">{t('connection.title')}</Subtitle2>
      <Text>{t('connection.intro')}</Text>
      {keys.length === 0 ? (
        <Caption1>{t('connection.needKey')}</Caption1>
      ) : (
        <form className={styles.form} onSubmit={onSubmit}>
          <TenantIdsFields prefix="connection" />
          <div className={styles.ids}>
            <Field label={t('connection.key')}>
              <Select value={chosenKey} onChange={(_e, d) => setKeyId(d.value)} data-testid="connection-key">
                {keys.map((key) => (
                  <option key={key.keyId} value={key.keyId}>
                    {key.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label={t('connection.formTitle')} hint={t('connection.formHint')}>
            <div className={styles.ids}>
              {(
                [
                  ['tokenUrl', 'connection.tokenUrl'],
                  ['discoveryUrl', 'connection.discoveryUrl'],
                  ['audience', 'connection.audienceField'],
                ] as const
              ).map(([field, label]) => (
                <Field key={field} label={t(label)}>
                  <Input value={typed[field]} onChange={(_e, d) => setTyped({ ...typed, [field]: d.value })} spellCheck={false} data-testid={`connection-${field}`} />
                </Field>
              ))}
            </div>
          </Field>
          <CloudEndpointFields ns="connection" value={where} onChange={setWhere} />
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" icon={<PlayRegular />} disabled={running !== null} data-testid="connection-run">
              {t('connection.run')}
            </Button>
            {running ? (
              <Button onClick={() => void cancel()} data-testid="connection-cancel">
                {t('connection.cancel')}
              </Button>
            ) : null}
          </div>
        </form>
      )}
      {error ? <ErrorNotice error={error} ns="connection" /> : null}
      {running || result ? (
        <ol className={styles.steps} aria-label={t('connection.title')}>
          {STEPS.filter((name) => name !== 'form-values' || stepResult(name) || (running !== null && formGiven)).map((name) => (
            <StepRow key={name} name={name} step={stepResult(name)} running={running !== null && !stepResult(name)} />
          ))}
        </ol>
      ) : null}
      {result ? (
        <>
          <MessageBar intent={result.ok ? 'success' : 'error'} data-testid="connection-verdict">
            <MessageBarBody>{result.ok ? t('connection.passed') : t('connection.failed', { step: failed ? t(`connection.steps.${failed.name}`) : '' })}</MessageBarBody>
          </MessageBar>
          <Caption1>
            {t('connection.signedWith', { cn: result.certificate.subjectCN, sha1: result.certificate.sha1 })}{' '}
            {result.endpoint ? <span data-testid="connection-endpoint">{t('connection.endpoint', { provider: result.endpoint.providerName, uri: '' })}<MonoValue value={result.endpoint.uri} /></span> : null}
          </Caption1>
          {result.audiences.intune ? <Caption1 data-testid="connection-token-audience">{t('connection.audience', { audience: result.audiences.intune })}</Caption1> : null}
          <Caption1>{t('connection.imitates')}</Caption1>
        </>
      ) : null}
    </Card>
  );
}
