import { useState, type FormEvent } from 'react';
import { Button, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ApiError, MdmFlow, MdmValues } from '../../../preload/contract';
import { api } from '../../api';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Card } from '../../components/Card';
import { CopyAllButton } from '../../components/CopyButton';
import { deploymentFlow, useSetupStore } from '../../state/setup-store';
import { TenantIdsFields, readTenantIds } from './TenantIdsFields';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  form: styleRules.stack,
  ids: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalM },
  fields: { display: 'grid', gridTemplateColumns: 'minmax(160px, max-content) minmax(0, 1fr)', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalS, margin: 0 },
  term: styleRules.muted,
  value: { margin: 0, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

const FIELDS = ['autoDiscoveryUrl', 'clientId', 'tokenIssuingUrl', 'tokenAudience'] as const;

export function MdmSection() {
  const styles = useStyles();
  const { t } = useTranslation();
  const deploymentFlowName = useSetupStore(deploymentFlow);
  const [chosenFlow, setFlow] = useState<MdmFlow | null>(null);
  const flow = chosenFlow ?? deploymentFlowName;
  const [values, setValues] = useState<MdmValues | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const compute = async (nextFlow: MdmFlow = flow) => {
    const ids = readTenantIds();
    const result = await api().getMdmValues({ tenant: ids.tenantId, clientId: ids.clientId, flow: nextFlow });
    if (result.ok) {
      setValues(result.value);
      setError(null);
    } else {
      setValues(null);
      setError(result.error);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void compute();
  };

  const cleanups = values ? [...values.tenant.cleanupNotes, ...values.client.cleanupNotes].map((note) => t(`manifest.mdm.cleanup.${note.key}`, note.values)) : [];
  return (
    <Card data-testid="mdm-section">
      <Subtitle2 as="h2">{t('manifest.mdm.title')}</Subtitle2>
      <Text>{t('manifest.mdm.intro')}</Text>
      <form className={styles.form} onSubmit={onSubmit}>
        <TenantIdsFields prefix="mdm" showCloud={false} />
        <Field label={t('manifest.mdm.flow')}>
          <RadioGroup
            layout="horizontal"
            value={flow}
            onChange={(_e, d) => {
              setFlow(d.value as MdmFlow);
              if (values) void compute(d.value as MdmFlow);
            }}
          >
            <Radio value="graph" label={t('manifest.mdm.graph')} />
            <Radio value="legacy" label={t('manifest.mdm.legacy')} />
          </RadioGroup>
        </Field>
        <div>
          <Button appearance="primary" type="submit" data-testid="mdm-compute">
            {t('manifest.mdm.compute')}
          </Button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {values ? (
        <>
          {cleanups.length ? (
            <MessageBar intent="info" layout="multiline" data-testid="mdm-cleanups">
              <MessageBarBody>
                {t('manifest.mdm.cleaned')}
                <ul className={styles.list}>
                  {cleanups.map((cleanup) => (
                    <li key={cleanup}>{cleanup}</li>
                  ))}
                </ul>
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <dl className={styles.fields} data-testid="mdm-values">
            {FIELDS.map((field) => (
              <div key={field} style={{ display: 'contents' }}>
                <dt className={styles.term}>{t(`manifest.mdm.fields.${field}`)}</dt>
                <dd className={styles.value}>
                  {values[field]}
                  <CopyButton text={values[field]} label={t(`manifest.mdm.fields.${field}`)} />
                </dd>
              </div>
            ))}
          </dl>
          <div>
            <CopyAllButton text={FIELDS.map((field) => values[field]).join('\n')} testId="mdm-copy-all" />
          </div>
          {[values.flow === 'legacy' ? t('manifest.mdm.legacyWarning') : null, values.flow === 'legacy' && values.tenant.kind === 'domain' ? t('manifest.mdm.domainWarning') : null]
            .filter((warning): warning is string => warning !== null)
            .map((warning) => (
              <MessageBar key={warning} intent="warning" layout="multiline">
                <MessageBarBody>{warning}</MessageBarBody>
              </MessageBar>
            ))}
          <ul className={styles.list}>
            {[t(values.flow === 'graph' ? 'setup.mdm.flowGraph' : 'manifest.mdm.legacy'), t('setup.mdm.v1Note'), t('setup.mdm.guidance.pollingInterval')].map((note) => (
              <li key={note}>
                <Text size={200}>{note}</Text>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
