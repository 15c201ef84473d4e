import { useState, type FormEvent } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

interface NameDialogProps {
  open: boolean;
  title: string;
  initial: string;
  submitLabel: string;
  /** Resolves to false when the name was refused (the screen shows why). */
  onSubmit: (name: string) => Promise<boolean>;
  onClose: () => void;
}

/** Asks for a deployment name (new or rename). */
export function NameDialog({ open, title, initial, submitLabel, onSubmit, onClose }: NameDialogProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [empty, setEmpty] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setEmpty(true);
    if (await onSubmit(name)) onClose();
  };
  return (
    <Dialog open={open} onOpenChange={(_e, data) => (data.open ? undefined : onClose())}>
      <DialogSurface aria-describedby={undefined}>
        <form onSubmit={(event) => void submit(event)}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              <Field
                label={t('setup.dialogs.name')}
                hint={empty ? undefined : t('setup.dialogs.nameHint')}
                validationState={empty ? 'error' : 'none'}
                validationMessage={empty ? t('setup.errors.DEPLOYMENT_NAME_EMPTY') : undefined}
              >
                <Input value={name} onChange={(_e, data) => setName(data.value)} maxLength={120} data-testid="deployment-name" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>
                {t('setup.dialogs.cancel')}
              </Button>
              <Button appearance="primary" type="submit" data-testid="deployment-name-submit">
                {submitLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Confirms deleting a deployment: nothing is removed without it. */
export function DeleteDialog({ open, name, onConfirm, onClose }: { open: boolean; name: string; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_e, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('setup.dialogs.deleteTitle')}</DialogTitle>
          <DialogContent>
            <Text>{t('setup.dialogs.deleteBody', { name })}</Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              {t('setup.dialogs.cancel')}
            </Button>
            <Button
              appearance="primary"
              onClick={() => {
                onConfirm();
                onClose();
              }}
              data-testid="delete-confirm"
            >
              {t('setup.dialogs.deleteConfirm')}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
