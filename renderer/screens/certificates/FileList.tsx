import { useState } from 'react';
import { Badge, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { DismissRegular, KeyRegular, LockClosedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { useCertificatesStore, type FileEntry } from '../../state/certificates-store';
import { StatusBadge } from './StatusBadge';
import { certificateLabel, issuerLabel } from '../../../preload/labels';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
  file: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: tokens.spacingVerticalS,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  fileHeader: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  fileName: { flexGrow: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: tokens.fontWeightSemibold },
  certificates: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column' },
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    paddingRight: tokens.spacingHorizontalS,
  },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  pick: {
    flexGrow: 1,
    minWidth: 0,
    textAlign: 'start',
    justifyContent: 'flex-start',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    fontWeight: tokens.fontWeightRegular,
  },
  names: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: '100%' },
  // Badges keep their size: the names beside them shrink and end in an ellipsis instead.
  badge: { flexShrink: 0, whiteSpace: 'nowrap' },
  unlock: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', marginTop: tokens.spacingVerticalS },
});

function PasswordPrompt({ entry }: { entry: FileEntry }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const unlock = useCertificatesStore((state) => state.unlock);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const message = errorText(error);
  return (
    <form
      className={styles.unlock}
      onSubmit={async (event) => {
        event.preventDefault();
        setError(await unlock(entry.id, password));
        setPassword('');
      }}
    >
      <Field label={t('certs.password')} validationState={message ? 'error' : 'none'} validationMessage={message}>
        <Input type="password" value={password} onChange={(_event, data) => setPassword(data.value)} autoComplete="off" data-testid="pfx-password" />
      </Field>
      <Button type="submit" appearance="primary" icon={<LockClosedRegular />} data-testid="pfx-unlock">
        {t('certs.unlock')}
      </Button>
    </form>
  );
}

function FileItem({ entry }: { entry: FileEntry }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const selected = useCertificatesStore((state) => state.selected);
  const checked = useCertificatesStore((state) => state.checked);
  const select = useCertificatesStore((state) => state.select);
  const toggleChecked = useCertificatesStore((state) => state.toggleChecked);
  const remove = useCertificatesStore((state) => state.remove);
  const { result } = entry;
  const name = result.file.split(/[\\/]/).pop() ?? result.file;

  return (
    <li className={styles.file} data-testid="cert-file">
      <div className={styles.fileHeader}>
        <Text className={styles.fileName} title={result.file}>
          {name}
        </Text>
        {result.ok ? <Caption1>{t(`certs.format.${result.format}`)}</Caption1> : null}
        <Button appearance="subtle" size="small" icon={<DismissRegular />} aria-label={t('certs.removeFile', { name })} onClick={() => remove(entry.id)} />
      </div>
      {result.ok ? (
        <>
          <ul className={styles.certificates}>
            {result.certificates.map((certificate) => {
              const ref = certificate.info.thumbprints.sha256;
              const label = certificateLabel(certificate.info);
              return (
                <li key={ref} className={mergeClasses(styles.row, selected === ref && styles.selected)}>
                  <Checkbox checked={checked.includes(ref)} onChange={() => toggleChecked(ref)} aria-label={t('certs.include', { name: label })} />
                  <Button
                    appearance="transparent"
                    className={styles.pick}
                    aria-pressed={selected === ref}
                    onClick={() => select(ref)}
                    data-testid="cert-row"
                  >
                    <span className={styles.names}>{label}</span>
                    <Caption1 className={styles.names}>{t('certs.issuedBy', { issuer: issuerLabel(certificate.info) })}</Caption1>
                  </Button>
                  {certificate.hasPrivateKey ? (
                    <Badge appearance="tint" color="important" icon={<KeyRegular />} className={styles.badge}>
                      {t('certs.key')}
                    </Badge>
                  ) : null}
                  <StatusBadge info={certificate.info} />
                </li>
              );
            })}
          </ul>
          {result.problems.map((problem) => (
            <MessageBar key={`${problem.blockIndex}-${problem.code}`} intent="warning" layout="multiline">
              <MessageBarBody>
                {problem.blockIndex !== null ? <strong>{t('certs.block', { n: problem.blockIndex + 1 })} </strong> : null}
                {errorText({ code: problem.code, message: problem.message })}
              </MessageBarBody>
            </MessageBar>
          ))}
        </>
      ) : (
        result.sourceId && result.error.code === 'PFX_PASSWORD_REQUIRED' ? (
          // A password request is not a failure: asked in place, in a neutral colour.
          <MessageBar intent="info" layout="multiline" icon={<LockClosedRegular />} data-testid="file-password">
            <MessageBarBody>
              <MessageBarTitle>{t('certs.passwordNeeded', { name })}</MessageBarTitle>
              <PasswordPrompt entry={entry} />
            </MessageBarBody>
          </MessageBar>
        ) : (
          <>
            <MessageBar intent="error" layout="multiline" data-testid="file-error">
              <MessageBarBody>
                <MessageBarTitle>{t('certs.notLoaded')}</MessageBarTitle>
                {errorText(result.error)}
              </MessageBarBody>
            </MessageBar>
            {result.sourceId ? <PasswordPrompt entry={entry} /> : null}
          </>
        )
      )}
    </li>
  );
}

export function FileList() {
  const styles = useStyles();
  const files = useCertificatesStore((state) => state.files);
  return (
    <ul className={styles.list}>
      {files.map((entry) => (
        <FileItem key={entry.id} entry={entry} />
      ))}
    </ul>
  );
}
