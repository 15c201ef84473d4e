import { useState, type FormEvent } from 'react';
import { Badge, Button, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IseVersionInfo } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { api } from '../../api';
import { currentDeployment, currentValues, useSetupStore } from '../../state/setup-store';
import { StepFrame, type StepCheck } from './StepFrame';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap' },
  field: { flexGrow: 1, maxWidth: '360px' },
  button: { marginTop: '26px' },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS, margin: 0, alignItems: 'center' },
  term: styleRules.muted,
  value: { margin: 0 },
  notes: styleRules.stackS,
});

/** Whether the version lets the integration work fully (Graph discovery and compliance data). */
export function versionWorks(info: IseVersionInfo): boolean {
  return info.flow === 'graph' && info.complianceApi;
}

function VersionFacts({ info }: { info: IseVersionInfo }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const label = info.label;
  // What to upgrade to comes from main's table of releases (main/services/entra/ise-versions.ts).
  const upgrade = info.upgradeTo === null ? '' : info.upgradeTo === '3.3' ? t('setup.before.upgrade33') : t('setup.before.upgradePatch', { target: info.upgradeTo });
  const warnings = [
    info.flow === 'legacy' ? t('setup.before.legacyWarning', { label, upgrade }) : null,
    info.complianceApi ? null : t(info.flow === 'graph' ? 'setup.before.complianceWarningGraph' : 'setup.before.complianceWarning', { label, upgrade }),
    info.fn74227 ? t('setup.before.fnWarning', { label, fix: info.fn74227Fix ?? '' }) : null,
  ].filter((text): text is string => text !== null);
  const notes = [info.flow === 'graph' ? t('setup.before.upgradeNote') : null, info.release === 'newer' ? t('setup.before.newerNote', { label }) : null].filter(
    (text): text is string => text !== null,
  );
  return (
    <>
      <dl className={styles.facts} data-testid="version-facts">
        <dt className={styles.term}>{t('setup.before.flow')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color={info.flow === 'graph' ? 'success' : 'danger'} data-testid="version-flow">
            {t(`setup.before.${info.flow}`)}
          </Badge>
        </dd>
        <dt className={styles.term}>{t('setup.before.compliance')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color={info.complianceApi ? 'success' : 'danger'}>
            {t(info.complianceApi ? 'setup.before.yes' : 'setup.before.no')}
          </Badge>
        </dd>
        <dt className={styles.term}>{t('setup.before.tokens')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color="informative" data-testid="version-tokens">
            {t(info.tokenEndpoint === 'v2' ? 'setup.before.tokensV2' : 'setup.before.tokensV1')}
          </Badge>
        </dd>
        <dt className={styles.term}>{t('setup.before.guid')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color={info.guidLookup ? 'success' : 'warning'}>
            {t(info.guidLookup ? 'setup.before.yes' : 'setup.before.no')}
          </Badge>
        </dd>
        <dt className={styles.term}>{t('setup.before.upgradeTo')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color={info.upgradeTo ? 'danger' : 'success'} data-testid="version-upgrade">
            {info.upgradeTo ? (info.upgradeTo === '3.3' ? '3.3+' : `${info.upgradeTo}+ / 3.3+`) : t('setup.before.upgradeNone')}
          </Badge>
        </dd>
        <dt className={styles.term}>{t('setup.before.fn')}</dt>
        <dd className={styles.value}>
          <Badge appearance="tint" color={info.fn74227 ? 'warning' : 'success'}>
            {t(info.fn74227 ? 'setup.before.fnApplies' : 'setup.before.fnNot')}
          </Badge>
        </dd>
      </dl>
      <div className={styles.notes}>
        {warnings.map((warning) => (
          <MessageBar key={warning} intent="warning" layout="multiline">
            <MessageBarBody>{warning}</MessageBarBody>
          </MessageBar>
        ))}
        {notes.map((note) => (
          <MessageBar key={note} intent="info" layout="multiline">
            <MessageBarBody>{note}</MessageBarBody>
          </MessageBar>
        ))}
      </div>
    </>
  );
}

/** Step 0: the ISE version decides the flow, and what to watch for. */
export function BeforeStep() {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const deployment = useSetupStore(currentDeployment);
  // Main's reading of the stored version (DeploymentValues); a version being typed is read on Check.
  const info = useSetupStore((s) => currentValues(s)?.version ?? undefined);
  const patch = useSetupStore((s) => s.patch);
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!deployment) return null;
  const value = draft ?? deployment.iseVersion;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const version = value.trim();
    if (!version) return;
    const answer = await api().describeIseVersion({ version });
    const result = answer.ok ? answer.value : answer.error;
    if (!('flow' in result)) {
      setProblem(t(`setup.errors.${result.code}`, { defaultValue: errorText(result) ?? '' }) as string);
      return;
    }
    setProblem(null);
    setDraft(null);
    // Main sets step 0 by the release (done, or needs attention).
    await patch({ iseVersion: version });
  };

  const known = info && 'flow' in info ? info : null;
  const check: StepCheck = !known
    ? { intent: 'info', text: t('setup.before.checkEmpty') }
    : versionWorks(known)
      ? { intent: 'success', text: t('setup.before.checkOk', { label: known.label }) }
      : { intent: 'warning', text: t('setup.before.checkAttention', { label: known.label }) };

  return (
    <StepFrame step="before" check={check}>
      <form className={styles.form} onSubmit={(event) => void onSubmit(event)}>
        <Field
          className={styles.field}
          label={t('setup.before.versionLabel')}
          hint={problem ? undefined : t('setup.before.versionHint')}
          validationState={problem ? 'error' : 'none'}
          validationMessage={problem ?? undefined}
        >
          <Input value={value} onChange={(_e, data) => setDraft(data.value)} placeholder="3.2 Patch 4" spellCheck={false} data-testid="ise-version" />
        </Field>
        <Button className={styles.button} type="submit" appearance="primary" data-testid="ise-version-check">
          {t('setup.before.checkButton')}
        </Button>
      </form>
      {known ? <VersionFacts info={known} /> : null}
    </StepFrame>
  );
}
