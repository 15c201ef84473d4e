import { useEffect, useState } from 'react';
import { Badge, Caption1, Checkbox, Radio, RadioGroup, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IseGeneration, PermissionRow } from '../../../preload/contract';
import { api } from '../../api';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  list: styleRules.plainList,
  row: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalS },
  text: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingTop: tokens.spacingVerticalXS },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
});

/** The API permissions to set on the app registration, ticked off while in the portal; in the wizard, for the deployment's ISE release. */
export function PermissionsSection({ initialGeneration = 'graph' }: { initialGeneration?: IseGeneration } = {}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [generation, setGeneration] = useState<IseGeneration>(initialGeneration);
  const [rows, setRows] = useState<PermissionRow[]>([]);
  const [ticked, setTicked] = useState<string[]>([]);

  useEffect(() => {
    let current = true;
    void api()
      .getPermissionChecklist({ generation })
      .then((result) => {
        if (current && result.ok) setRows(result.value);
      });
    return () => {
      current = false;
    };
  }, [generation]);

  return (
    <Card data-testid="permissions-section">
      <Subtitle2 as="h2">{t('manifest.permissions.title')}</Subtitle2>
      <Text>{t('manifest.permissions.intro')}</Text>
      <RadioGroup layout="horizontal" value={generation} onChange={(_e, d) => setGeneration(d.value as IseGeneration)} aria-label={t('manifest.permissions.generation')}>
        <Radio value="graph" label={t('manifest.mdm.graph')} />
        <Radio value="legacy" label={t('manifest.mdm.legacy')} />
      </RadioGroup>
      <ul className={styles.list}>
        {rows.map((row) => (
          <li key={row.id} className={styles.row}>
            <Checkbox
              checked={ticked.includes(row.id)}
              onChange={() => setTicked(ticked.includes(row.id) ? ticked.filter((id) => id !== row.id) : [...ticked, row.id])}
              aria-label={row.api ? `${row.api}: ${row.permission}` : row.permission}
            />
            <span className={styles.text}>
              <span className={styles.badges}>
                <Text weight="semibold">{row.api ? `${row.api} — ${row.permission}` : row.permission}</Text>
                {row.type ? <Badge appearance="outline">{row.type}</Badge> : null}
                <Badge appearance="tint" color={row.requirement === 'required' || row.requirement === 'action' ? 'brand' : row.requirement === 'retired' ? 'danger' : 'informative'}>
                  {t(`manifest.permissions.requirement.${row.requirement}`)}
                </Badge>
                {row.unconfirmed ? <Badge appearance="filled" color="warning">{t('manifest.permissions.unconfirmed')}</Badge> : null}
              </span>
              {row.alternatives.length ? <Caption1>{t('manifest.permissions.oneOf', { list: row.alternatives.join(', ') })}</Caption1> : null}
              {row.note ? <Caption1>{t(`manifest.permissions.notes.${row.noteKey}`, { defaultValue: row.note })}</Caption1> : null}
              <Caption1>{t('manifest.permissions.source', { source: t(`manifest.permissions.sources.${row.sourceKey}`, { defaultValue: row.source }) })}</Caption1>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
