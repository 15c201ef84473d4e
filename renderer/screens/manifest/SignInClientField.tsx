import { useState, type KeyboardEvent } from 'react';
import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SIGN_IN_CLIENT_ID, type ApiError } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { useAuditStore } from '../../state/audit-store';
import { useSettingsStore } from '../../state/settings-store';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS },
  actions: styleRules.row,
  saved: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', color: tokens.colorPaletteGreenForeground1 },
  mono: styleRules.monoFont,
});

/** What the admin signs in with, in a few words: the default's name, or the configured ID. */
export function useSignInAppName(): string {
  const { t } = useTranslation();
  const stored = useSettingsStore((state) => state.settings?.signInClientId ?? '');
  return stored ? t('audit.signInApp.ownName', { id: stored }) : t('audit.signInApp.defaultName');
}

/**
 * The public client the admin signs in with (Settings' signInClientId; empty = Microsoft Graph
 * Command Line Tools), with what the default is and how to register one's own. Main signs the
 * admin out when it changes: the token cache belongs to the client that made it. Not a form of
 * its own: it sits inside the audit's form, so Enter saves here instead of running the audit.
 */
export function SignInClientField() {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const stored = useSettingsStore((state) => state.settings?.signInClientId ?? '');
  const save = useSettingsStore((state) => state.save);
  const signedIn = useAuditStore((state) => state.signIn?.signedIn === true);
  const loadSignIn = useAuditStore((state) => state.loadSignIn);
  const [value, setValue] = useState(stored);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<'saved' | 'signed-out' | null>(null);
  const [saving, setSaving] = useState(false);

  const apply = async (next: string) => {
    const wasSignedIn = signedIn;
    setSaving(true);
    setOutcome(null);
    try {
      const failure = await save({ signInClientId: next });
      setError(failure);
      if (failure) return;
      setValue(useSettingsStore.getState().settings?.signInClientId ?? '');
      await loadSignIn();
      setOutcome(wasSignedIn && useAuditStore.getState().signIn?.signedIn !== true ? 'signed-out' : 'saved');
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void apply(value);
  };

  const message = errorText(error);
  const edited = value.trim() !== stored;
  return (
    <div className={styles.body}>
      <Field
        label={t('audit.signInApp.label')}
        hint={t('audit.signInApp.defaultHint', { id: DEFAULT_SIGN_IN_CLIENT_ID })}
        validationState={message ? 'error' : 'none'}
        validationMessage={message}
      >
        <Input
          value={value}
          onChange={(_event, data) => {
            setValue(data.value);
            setOutcome(null);
          }}
          onKeyDown={onKeyDown}
          placeholder={DEFAULT_SIGN_IN_CLIENT_ID}
          spellCheck={false}
          className={styles.mono}
          data-testid="sign-in-client"
        />
      </Field>
      <Caption1>{t('audit.signInApp.ownSteps')}</Caption1>
      {signedIn && edited ? (
        <MessageBar intent="warning" layout="multiline" data-testid="sign-in-client-warning">
          <MessageBarBody>{t('audit.signInApp.signedInWarning')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void apply(value)} disabled={saving || !edited} data-testid="sign-in-client-save">
          {t('audit.signInApp.save')}
        </Button>
        {stored ? (
          <Button onClick={() => void apply('')} disabled={saving} data-testid="sign-in-client-default">
            {t('audit.signInApp.useDefault')}
          </Button>
        ) : null}
        {outcome ? (
          <Text className={styles.saved} role="status" data-testid="sign-in-client-status">
            <CheckmarkCircleRegular aria-hidden /> {outcome === 'signed-out' ? t('audit.signInApp.signedOut') : t('audit.signInApp.saved')}
          </Text>
        ) : null}
      </div>
    </div>
  );
}
