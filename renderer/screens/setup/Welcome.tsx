import { useState, type FormEvent } from 'react';
import { Body1, Button, Caption1, Field, Input, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { BugRegular, ShieldKeyholeRegular, TaskListLtrRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useNavigationStore } from '../../state/navigation-store';
import { useSetupStore } from '../../state/setup-store';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  choices: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'stretch' },
  choice: styleRules.stackS,
  icon: { fontSize: '32px', color: tokens.colorBrandForeground1 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  field: { width: '100%' },
  grow: { flexGrow: 1 },
});

/** First run: no deployment yet. */
export function Welcome() {
  const styles = useStyles();
  const { t } = useTranslation();
  const create = useSetupStore((s) => s.create);
  const importDeployment = useSetupStore((s) => s.importDeployment);
  const go = useNavigationStore((s) => s.go);
  const [name, setName] = useState(() => t('setup.welcome.defaultName'));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void create(name);
  };
  return (
    <div className={styles.page} data-testid="setup-welcome">
      <Subtitle2 as="h2">{t('setup.welcome.title')}</Subtitle2>
      <Body1>{t('setup.welcome.body')}</Body1>
      <div className={styles.choices}>
        <Card className={styles.choice}>
          <TaskListLtrRegular className={styles.icon} aria-hidden />
          <Subtitle2 as="h3">{t('setup.welcome.start')}</Subtitle2>
          <form className={styles.form} onSubmit={onSubmit}>
            <Field className={styles.field} label={t('setup.welcome.nameLabel')} hint={t('setup.welcome.startHint')}>
              <Input value={name} onChange={(_e, data) => setName(data.value)} maxLength={120} data-testid="welcome-name" />
            </Field>
            <Button appearance="primary" type="submit" disabled={!name.trim()} data-testid="welcome-start">
              {t('setup.welcome.create')}
            </Button>
          </form>
          <Link onClick={() => void importDeployment()} data-testid="welcome-import">
            {t('setup.welcome.import')}
          </Link>
        </Card>
        <Card className={styles.choice}>
          <ShieldKeyholeRegular className={styles.icon} aria-hidden />
          <Subtitle2 as="h3">{t('setup.welcome.certificates')}</Subtitle2>
          <Caption1 className={styles.grow}>{t('setup.welcome.certificatesHint')}</Caption1>
          <div>
            <Button onClick={() => go('certificates')} data-testid="welcome-certificates">
              {t('setup.welcome.certificates')}
            </Button>
          </div>
        </Card>
        <Card className={styles.choice}>
          <BugRegular className={styles.icon} aria-hidden />
          <Subtitle2 as="h3">{t('setup.welcome.troubleshoot')}</Subtitle2>
          <Caption1 className={styles.grow}>{t('setup.welcome.troubleshootHint')}</Caption1>
          <div>
            <Button onClick={() => go('troubleshoot')} data-testid="welcome-troubleshoot">
              {t('setup.welcome.troubleshoot')}
            </Button>
          </div>
        </Card>
      </div>
    </div>
  );
}
