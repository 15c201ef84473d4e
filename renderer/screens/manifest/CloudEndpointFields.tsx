import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Field, Input, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CloudName } from '../../../preload/contract';
import { styleRules } from '../../components/styles';

/** Other endpoints (folded away) for sovereign or test setups; the cloud itself is one of the deployment's IDs. */
export interface CloudEndpoints {
  authority: string;
  graph: string;
}

export const DEFAULT_CLOUD_ENDPOINTS: CloudEndpoints = { authority: '', graph: '' };

/** The channel arguments: empty overrides are left out so the cloud's own hosts apply. */
export function endpointArgs(cloud: CloudName, value: CloudEndpoints): { cloud: CloudName; authority?: string; graph?: string } {
  const authority = value.authority.trim();
  const graph = value.graph.trim();
  return { cloud, ...(authority ? { authority } : {}), ...(graph ? { graph } : {}) };
}

const useStyles = makeStyles({
  ids: styleRules.tiles,
});

/** Shared by the connection test and the audit; texts and test ids come from each section's namespace. */
export function CloudEndpointFields({ ns, value, onChange }: { ns: 'audit' | 'connection'; value: CloudEndpoints; onChange: (next: CloudEndpoints) => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Accordion collapsible>
      <AccordionItem value="advanced">
        <AccordionHeader size="small">{t(`${ns}.advanced`)}</AccordionHeader>
        <AccordionPanel>
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
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
