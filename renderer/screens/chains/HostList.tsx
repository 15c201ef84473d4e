import { useState } from 'react';
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, SpinButton, Subtitle2, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowDownloadRegular, DeleteRegular, DismissCircleRegular, PlayRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useChainsStore } from '../../state/chains-store';
import { useSettingsStore } from '../../state/settings-store';
import { useChainsErrorText } from './ChainsText';
import { HostStatus } from './HostStatus';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  header: styleRules.header,
  options: { display: 'flex', gap: tokens.spacingHorizontalXL, alignItems: 'flex-end', flexWrap: 'wrap' },
  timeout: { width: '220px' },
  list: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column' },
  item: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, padding: `${tokens.spacingVerticalXS} 0`, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: styleRules.row,
  host: {
    flexGrow: 1,
    flexBasis: '220px',
    minWidth: 0,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase300,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  add: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap' },
  addField: { flexGrow: 1, maxWidth: '560px' },
  addButton: { marginTop: '26px' },
});

function HostRow({ target }: { target: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useChainsErrorText();
  const run = useChainsStore((s) => s.runs[target]);
  const result = useChainsStore((s) => s.state?.results.find((entry) => entry.target === target));
  const error = useChainsStore((s) => s.hostErrors[target]);
  const fetchHost = useChainsStore((s) => s.fetchHost);
  const cancel = useChainsStore((s) => s.cancel);
  const removeHost = useChainsStore((s) => s.removeHost);
  const host = target.replace(/:443$/, '');
  return (
    <li className={styles.item} data-testid="host-row" data-target={target}>
      <div className={styles.row}>
        <span className={styles.host} title={target}>
          {host}
        </span>
        <HostStatus run={run} result={result} />
        {run ? (
          <Button size="small" icon={<DismissCircleRegular />} onClick={() => void cancel(target)} aria-label={t('chains.hosts.cancelNamed', { host })} data-testid="host-cancel">
            {t('common.cancel')}
          </Button>
        ) : (
          <Button size="small" icon={<PlayRegular />} onClick={() => void fetchHost(target)} aria-label={t('chains.hosts.fetchNamed', { host })} data-testid="host-fetch">
            {t('chains.hosts.fetch')}
          </Button>
        )}
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} aria-label={t('chains.hosts.removeNamed', { host })} onClick={() => void removeHost(target)} />
      </div>
      {error ? (
        <MessageBar intent="error" layout="multiline" data-testid="host-error">
          <MessageBarBody>{errorText(error, { target, host })}</MessageBarBody>
        </MessageBar>
      ) : null}
    </li>
  );
}

function AddHost() {
  const styles = useStyles();
  const { t } = useTranslation();
  const addHost = useChainsStore((s) => s.addHost);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<'invalid' | 'duplicate' | null>(null);
  return (
    <form
      className={styles.add}
      onSubmit={(event) => {
        event.preventDefault();
        const reason = addHost(text);
        setProblem(reason);
        if (!reason) setText('');
      }}
    >
      <Field
        className={styles.addField}
        label={t('chains.hosts.addLabel')}
        hint={problem ? undefined : t('chains.hosts.addHint')}
        validationState={problem ? 'error' : 'none'}
        validationMessage={problem ? t(`chains.hosts.${problem}`) : undefined}
      >
        <Input value={text} onChange={(_event, data) => setText(data.value)} placeholder="fef.msub03.manage.microsoft.com" data-testid="host-input" />
      </Field>
      <Button className={styles.addButton} type="submit" icon={<AddRegular />} data-testid="host-add">
        {t('chains.hosts.add')}
      </Button>
    </form>
  );
}

export function HostList() {
  const styles = useStyles();
  const { t } = useTranslation();
  const hosts = useChainsStore((s) => s.hosts) ?? [];
  const timeoutSeconds = useChainsStore((s) => s.timeoutSeconds);
  const aia = useChainsStore((s) => s.aia);
  const setTimeoutSeconds = useChainsStore((s) => s.setTimeoutSeconds);
  const setAia = useChainsStore((s) => s.setAia);
  // A setting of its own (main reads it when fetching): AIA into the local network is opt-in.
  const aiaPrivate = useSettingsStore((s) => s.settings?.chainAiaPrivate ?? false);
  const saveSettings = useSettingsStore((s) => s.save);
  const fetchAll = useChainsStore((s) => s.fetchAll);
  const allRunning = useChainsStore((s) => hosts.length > 0 && hosts.every((host) => s.runs[host]));
  return (
    <Card data-testid="hosts-card">
      <div className={styles.header}>
        <Subtitle2 as="h2">{t('chains.hosts.title')}</Subtitle2>
        <Button appearance="primary" icon={<ArrowDownloadRegular />} disabled={hosts.length === 0 || allRunning} onClick={() => void fetchAll()} data-testid="fetch-all">
          {t('chains.hosts.fetchAll')}
        </Button>
      </div>
      <Text>{t('chains.hosts.intro')}</Text>
      <div className={styles.options}>
        <Field label={t('chains.hosts.timeout')} className={styles.timeout}>
          <SpinButton
            min={1}
            max={120}
            value={timeoutSeconds}
            onChange={(_event, data) => {
              const value = data.value ?? Number.parseFloat(data.displayValue ?? '');
              if (Number.isFinite(value)) setTimeoutSeconds(value);
            }}
            data-testid="timeout"
          />
        </Field>
        <Field hint={t('chains.hosts.aiaHint')}>
          <Switch checked={aia} onChange={(_event, data) => setAia(data.checked)} label={t('chains.hosts.aia')} data-testid="aia" />
        </Field>
        <Field hint={t('chains.hosts.aiaPrivateHint')}>
          <Checkbox
            checked={aiaPrivate}
            disabled={!aia}
            onChange={(_event, data) => void saveSettings({ chainAiaPrivate: data.checked === true })}
            label={t('chains.hosts.aiaPrivate')}
            data-testid="aia-private"
          />
        </Field>
      </div>
      <ul className={styles.list} aria-label={t('chains.hosts.listLabel')}>
        {hosts.map((target) => (
          <HostRow key={target} target={target} />
        ))}
      </ul>
      <AddHost />
    </Card>
  );
}
