import type { ReactNode } from 'react';
import { CardHeader, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { Card } from '../../components/Card';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
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
