import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, Field, Input, MessageBar, MessageBarBody, Text, makeStyles } from '@fluentui/react-components';
import { KeyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, ExportSummary } from '../../../preload/contract';
import { api } from '../../api';
import { useErrorText } from '../../components/ErrorNotice';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  form: styleRules.stack,
});

/** Private-key export: only on explicit request, behind a warning and a passphrase. */
export function KeyExport({ keyId }: { keyId: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<ExportSummary | null>(null);
  const mismatch = confirm !== '' && confirm !== passphrase;

  const submit = async () => {
    const result = await api().exportPrivateKey({ keyId, passphrase });
    setPassphrase('');
    setConfirm('');
    if (!result.ok) return setError(result.error);
    setError(null);
    if (result.value) {
      setSaved(result.value);
      setOpen(false);
    }
  };

  return (
    <>
      <Dialog open={open} onOpenChange={(_event, data) => setOpen(data.open)}>
        <DialogTrigger disableButtonEnhancement>
          <Button icon={<KeyRegular />} data-testid="key-export-open">
            {t('certs.keyExport.open')}
          </Button>
        </DialogTrigger>
        <DialogSurface>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <DialogBody>
              <DialogTitle>{t('certs.keyExport.title')}</DialogTitle>
              <DialogContent className={styles.form}>
                <MessageBar intent="warning" layout="multiline">
                  <MessageBarBody>{t('certs.keyExport.warning')}</MessageBarBody>
                </MessageBar>
                <Field label={t('certs.keyExport.passphrase')} hint={t('certs.keyExport.passphraseHint')}>
                  <Input type="password" value={passphrase} onChange={(_event, data) => setPassphrase(data.value)} autoComplete="new-password" data-testid="key-passphrase" />
                </Field>
                <Field
                  label={t('certs.keyExport.confirm')}
                  validationState={mismatch || error ? 'error' : 'none'}
                  validationMessage={mismatch ? t('certs.keyExport.mismatch') : errorText(error)}
                >
                  <Input type="password" value={confirm} onChange={(_event, data) => setConfirm(data.value)} autoComplete="new-password" data-testid="key-passphrase-confirm" />
                </Field>
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button>{t('common.cancel')}</Button>
                </DialogTrigger>
                <Button type="submit" appearance="primary" disabled={passphrase === '' || confirm !== passphrase} data-testid="key-export-save">
                  {t('certs.keyExport.save')}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
      </Dialog>
      {saved ? <Text role="status">{t('certs.keyExport.saved', { path: saved.files[0]?.path ?? '' })}</Text> : null}
    </>
  );
}
