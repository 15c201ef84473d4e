import { useState } from 'react';
import { Field, Input, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CloudName, DeploymentPatch } from '../../../preload/contract';
import { PermissionsSection } from '../manifest/PermissionsSection';
import { currentDeployment, deploymentFlow, useSetupStore } from '../../state/setup-store';
import { cleanId, clientProblem, tenantProblem, type IdProblem } from '../../components/id-hints';
import { AuditSection } from '../manifest/AuditSection';
import { ChangeIdsElsewhere } from '../manifest/TenantIdsFields';
import { ConfirmDone, Embedded, StepFrame, type StepCheck } from './StepFrame';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  ids: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))', gap: tokens.spacingHorizontalL },
  mono: styleRules.monoFont,
});

interface IdFieldProps {
  label: string;
  hint: string;
  saved: string;
  validate: (text: string) => IdProblem | null;
  save: (value: string) => void;
  testId: string;
}

/** An ID pasted from the portal: checked as typed, saved (cleaned) when it is right. */
function IdField({ label, hint, saved, validate, save, testId }: IdFieldProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const value = draft ?? saved;
  const problem = touched || saved ? validate(value) : null;
  const commit = () => {
    setTouched(true);
    if (draft === null) return;
    if (!validate(draft) || draft.trim() === '') {
      const cleaned = cleanId(draft);
      if (cleaned !== saved) save(cleaned);
      setDraft(null);
    }
  };
  return (
    <Field label={label} hint={problem ? undefined : hint} validationState={problem ? 'error' : saved && !draft ? 'success' : 'none'} validationMessage={problem ? t(`setup.register.problems.${problem}`) : undefined}>
      <Input
        className={styles.mono}
        value={value}
        onChange={(_e, data) => setDraft(data.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
      />
    </Field>
  );
}

/** "Change" under the audit: the IDs are typed at the top of this step. */
function focusTenantField() {
  const field = document.querySelector<HTMLInputElement>('[data-testid="tenant-id"]');
  field?.scrollIntoView({ block: 'center' });
  field?.focus();
}

/** Step 2: the app registration's IDs, its permissions and admin consent. */
export function RegisterStep() {
  const styles = useStyles();
  const { t } = useTranslation();
  const deployment = useSetupStore(currentDeployment);
  // The release recorded in step 0 decides the permission set (main's table of releases).
  const flow = useSetupStore(deploymentFlow);
  const patch = useSetupStore((s) => s.patch);
  if (!deployment) return null;
  const saveId = (change: DeploymentPatch) => {
    // Main marks step 2 started.
    void patch(change);
  };
  const ready = !tenantProblem(deployment.tenantId) && !clientProblem(deployment.clientId);
  const check: StepCheck = ready
    ? { intent: 'success', text: t('setup.register.checkOk'), action: <ConfirmDone step="register" label={t('setup.register.confirm')} /> }
    : { intent: 'info', text: t('setup.register.checkMissing') };
  return (
    <StepFrame step="register" check={check}>
      <div className={styles.ids}>
        <IdField
          label={t('setup.register.tenant')}
          hint={t('setup.register.tenantHint')}
          saved={deployment.tenantId}
          validate={tenantProblem}
          save={(tenantId) => saveId({ tenantId })}
          testId="tenant-id"
        />
        <IdField
          label={t('setup.register.client')}
          hint={t('setup.register.clientHint')}
          saved={deployment.clientId}
          validate={clientProblem}
          save={(clientId) => saveId({ clientId })}
          testId="client-id"
        />
      </div>
      <Field label={t('setup.register.cloud')} hint={t('setup.register.cloudHint')}>
        <RadioGroup layout="horizontal" value={deployment.cloud} onChange={(_e, data) => saveId({ cloud: data.value as CloudName })} data-testid="cloud">
          <Radio value="public" label={t('setup.register.clouds.public')} />
          <Radio value="usgov" label={t('setup.register.clouds.usgov')} />
        </RadioGroup>
      </Field>
      <PermissionsSection key={flow} initialGeneration={flow} />
      <ChangeIdsElsewhere.Provider value={focusTenantField}>
        <Embedded>
          <AuditSection />
        </Embedded>
      </ChangeIdsElsewhere.Provider>
    </StepFrame>
  );
}
