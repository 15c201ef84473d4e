import { Body1, Card, CardHeader, Subtitle2, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Screen } from '../../state/navigation-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalS },
});

/** An area whose feature has not landed yet: says what it will do, so the map of the app is clear. */
export function PlaceholderScreen({ screen }: { screen: Extract<Screen, 'setup' | 'chains' | 'troubleshoot'> }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const items = t(`placeholder.${screen}.items`, { returnObjects: true }) as string[];
  return (
    <section className={styles.page} data-testid={`screen-${screen}`}>
      <Title2 as="h1" id="screen-title">
        {t(`placeholder.${screen}.title`)}
      </Title2>
      <Body1>{t(`placeholder.${screen}.intro`)}</Body1>
      <Card>
        <CardHeader header={<Subtitle2 as="h2">{t('placeholder.comingTitle')}</Subtitle2>} />
        <ul className={styles.list}>
          {items.map((item) => (
            <li key={item}>
              <Body1>{item}</Body1>
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}
