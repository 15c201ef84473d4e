import { createContext, useContext, useRef, useState } from 'react';
import { Button, Caption1, Field, Input, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkRegular, EditRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { CloudName } from '../../../preload/contract';
import { currentDeployment, tenantIds, useSetupStore, type TenantIds } from '../../state/setup-store';
import { clientProblem, tenantProblem, type IdProblem } from '../../components/id-hints';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  box: styleRules.stackS,
  ids: styleRules.tiles,
  shown: { display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXXS, margin: 0 },
  term: styleRules.muted,
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', minWidth: 0 },
  problem: { margin: 0, color: tokens.colorPaletteRedForeground1 },
  row: styleRules.row,
  mono: styleRules.monoFont,
});

/** The IDs the screens share, and where a change goes (the current deployment, else this session). */
export function useTenantIds(): TenantIds & { deploymentName: string | null; save: (ids: Partial<TenantIds>) => Promise<void> } {
  const tenantId = useSetupStore((s) => tenantIds(s).tenantId);
  const clientId = useSetupStore((s) => tenantIds(s).clientId);
  const cloud = useSetupStore((s) => tenantIds(s).cloud);
  const deploymentName = useSetupStore((s) => currentDeployment(s)?.name ?? null);
  const save = useSetupStore((s) => s.saveIds);
  return { tenantId, clientId, cloud, deploymentName, save };
}

/**
 * Inside a wizard step the IDs are typed in step 2 only: there the sections show them read-only,
 * and "Change" does what the step provides (focus step 2's fields, or go to step 2).
 */
export const ChangeIdsElsewhere = createContext<(() => void) | null>(null);

/** The IDs as they are at this moment (for a submit that follows a field's blur in the same click). */
export function readTenantIds(): TenantIds {
  return tenantIds(useSetupStore.getState());
}

function IdInput({ label, hint, saved, validate, save, testId, inputRef, onType }: {
  label: string;
  hint: string;
  saved: string;
  validate: (text: string) => IdProblem | null;
  save: (value: string) => void;
  testId: string;
  inputRef?: React.Ref<HTMLInputElement>;
  onType: () => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? saved;
  const problem = value.trim() ? validate(value) : null;
  const commit = () => {
    if (draft !== null && draft !== saved) save(draft);
    setDraft(null);
  };
  return (
    <Field label={label} hint={problem ? undefined : hint} validationState={problem ? 'error' : 'none'} validationMessage={problem ? t(`setup.register.problems.${problem}`) : undefined}>
      <Input
        ref={inputRef}
        className={styles.mono}
        value={value}
        onChange={(_e, data) => {
          setDraft(data.value);
          onType();
        }}
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

/**
 * The Directory (tenant) ID, Application (client) ID and cloud, typed once: shown read-only with
 * "Change" once both are there, the same values on every screen and in the deployment.
 */
export function TenantIdsFields({ prefix, showCloud = true }: { prefix: 'audit' | 'connection' | 'mdm'; showCloud?: boolean }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const ids = useTenantIds();
  const changeElsewhere = useContext(ChangeIdsElsewhere);
  const complete = ids.tenantId !== '' && ids.clientId !== '';
  // Fields while the IDs are missing, or typed or changed here: those stay until Done, so nothing
  // moves under the pointer; elsewhere the IDs show read-only as soon as they are complete.
  const [editing, setEditing] = useState(false);
  const tenantRef = useRef<HTMLInputElement>(null);
  const where = ids.deploymentName ? t('manifest.ids.keptWith', { name: ids.deploymentName }) : t('manifest.ids.keptSession');
  const cloudName = (cloud: CloudName) => t(`setup.register.clouds.${cloud}`);

  if (changeElsewhere || (complete && !editing)) {
    const tenantIssue = ids.tenantId ? tenantProblem(ids.tenantId) : null;
    const clientIssue = ids.clientId ? clientProblem(ids.clientId) : null;
    return (
      <div className={styles.box} data-testid={`${prefix}-ids`}>
        <dl className={styles.shown}>
          <dt className={styles.term}>{t('setup.register.tenant')}</dt>
          <dd className={styles.value} data-testid={`${prefix}-tenant-value`}>
            {ids.tenantId || '—'}
            {tenantIssue ? <Caption1 block className={styles.problem}>{t(`setup.register.problems.${tenantIssue}`)}</Caption1> : null}
          </dd>
          <dt className={styles.term}>{t('setup.register.client')}</dt>
          <dd className={styles.value} data-testid={`${prefix}-client-value`}>
            {ids.clientId || '—'}
            {clientIssue ? <Caption1 block className={styles.problem}>{t(`setup.register.problems.${clientIssue}`)}</Caption1> : null}
          </dd>
          {showCloud ? (
            <>
              <dt className={styles.term}>{t('setup.register.cloud')}</dt>
              <dd className={styles.value}>
                <Text>{cloudName(ids.cloud)}</Text>
              </dd>
            </>
          ) : null}
        </dl>
        <div className={styles.row}>
          <Button
            size="small"
            icon={<EditRegular />}
            onClick={() => {
              if (changeElsewhere) return changeElsewhere();
              setEditing(true);
              requestAnimationFrame(() => tenantRef.current?.focus());
            }}
            data-testid={`${prefix}-ids-change`}
          >
            {t('manifest.ids.change')}
          </Button>
          <Caption1>{where}</Caption1>
        </div>
      </div>
    );
  }
  return (
    <div className={styles.box} data-testid={`${prefix}-ids`}>
      <div className={styles.ids}>
        <IdInput
          inputRef={tenantRef}
          label={t('setup.register.tenant')}
          hint={t('setup.register.tenantHint')}
          saved={ids.tenantId}
          validate={tenantProblem}
          save={(tenantId) => void ids.save({ tenantId })}
          testId={`${prefix}-tenant`}
          onType={() => setEditing(true)}
        />
        <IdInput
          label={t('setup.register.client')}
          hint={t('setup.register.clientHint')}
          saved={ids.clientId}
          validate={clientProblem}
          save={(clientId) => void ids.save({ clientId })}
          testId={`${prefix}-client`}
          onType={() => setEditing(true)}
        />
      </div>
      {showCloud ? (
        <Field label={t('setup.register.cloud')}>
          <RadioGroup layout="horizontal" value={ids.cloud} onChange={(_e, data) => void ids.save({ cloud: data.value as CloudName })} data-testid={`${prefix}-cloud`}>
            <Radio value="public" label={cloudName('public')} />
            <Radio value="usgov" label={cloudName('usgov')} />
          </RadioGroup>
        </Field>
      ) : null}
      <div className={styles.row}>
        {complete ? (
          <Button size="small" icon={<CheckmarkRegular />} onClick={() => setEditing(false)} data-testid={`${prefix}-ids-done`}>
            {t('manifest.ids.done')}
          </Button>
        ) : null}
        <Caption1>{where}</Caption1>
      </div>
    </div>
  );
}
