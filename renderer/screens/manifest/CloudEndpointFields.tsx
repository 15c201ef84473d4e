import { Field, Input, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CloudName } from '../../../preload/contract';

/** Which Microsoft cloud to talk to, and (folded away) other endpoints for sovereign or test setups. */
export interface CloudEndpoints {
  cloud: CloudName;
  authority: string;
  graph: string;
}

export const DEFAULT_CLOUD_ENDPOINTS: CloudEndpoints = { cloud: 'public', authority: '', graph: '' };

/** The channel arguments: empty overrides are left out so the cloud's own hosts apply. */
export function endpointArgs(value: CloudEndpoints): { cloud: CloudName; authority?: string; graph?: string } {
  const authority = value.authority.trim();
  const graph = value.graph.trim();
  return { cloud: value.cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) };
}

const useStyles = makeStyles({
  ids: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
});

/** Shared by the connection test and the audit; texts and test ids come from each section's namespace. */
export function CloudEndpointFields({ ns, value, onChange }: { ns: 'audit' | 'connection'; value: CloudEndpoints; onChange: (next: CloudEndpoints) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <>
      <Field label={t(`${ns}.cloud`)}>
        <RadioGroup layout="horizontal" value={value.cloud} onChange={(_e, d) => onChange({ ...value, cloud: d.value as CloudName })}>
          <Radio value="public" label={t(`${ns}.clouds.public`)} />
          <Radio value="usgov" label={t(`${ns}.clouds.usgov`)} />
        </RadioGroup>
      </Field>
      <details>
        <summary>{t(`${ns}.advanced`)}</summary>
        <div className={styles.ids}>
          <Field label={t(`${ns}.authority`)} hint={t(`${ns}.authorityHint`)}>
            <Input
              value={value.authority}
              onChange={(_e, d) => onChange({ ...value, authority: d.value })}
              spellCheck={false}
              placeholder="https://login.microsoftonline.com"
              data-testid={`${ns}-authority`}
            />
          </Field>
          <Field label={t(`${ns}.graph`)} hint={t(`${ns}.graphHint`)}>
            <Input
              value={value.graph}
              onChange={(_e, d) => onChange({ ...value, graph: d.value })}
              spellCheck={false}
              placeholder="https://graph.microsoft.com"
              data-testid={`${ns}-graph`}
            />
          </Field>
        </div>
      </details>
    </>
  );
}
