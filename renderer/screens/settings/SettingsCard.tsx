import type { ReactNode } from 'react';
import { CardHeader, Subtitle2, makeStyles } from '@fluentui/react-components';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  body: styleRules.stack,
});

export function SettingsCard({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card role="region" aria-labelledby={id}>
      <CardHeader header={<Subtitle2 as="h2" id={id}>{title}</Subtitle2>} />
      <div className={styles.body}>{children}</div>
    </Card>
  );
}
