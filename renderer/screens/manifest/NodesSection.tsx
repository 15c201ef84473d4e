import { useState } from 'react';
import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, Subtitle2, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular, LockClosedRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { IseNodeRole, NodeWarning } from '../../../preload/contract';
import { formatDate } from '../../components/dates';
import { CopyButton } from '../../components/CopyButton';
import { ErrorNotice, useErrorText } from '../../components/ErrorNotice';
import { useEntraStore } from '../../state/entra-store';
import { StatusBadge } from '../certificates/StatusBadge';
import { Card } from '../../components/Card';
import { MonoValue } from '../../components/MonoValue';
import { styleRules } from '../../components/styles';

const ROLES: IseNodeRole[] = ['unassigned', 'primary-pan', 'secondary-pan', 'psn', 'other'];

const useStyles = makeStyles({
  header: styleRules.header,
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  cell: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  warnings: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  unlock: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end' },
  nameColumn: { width: '170px' },
  fill: { width: '100%', minWidth: 0 },
  roleColumn: { width: '200px' },
  removeColumn: { width: '48px' },
  hidden: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

function PendingFile({ index }: { index: number }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const pending = useEntraStore((state) => state.pending[index]);
  const unlock = useEntraStore((state) => state.unlockPending);
  const dismiss = useEntraStore((state) => state.dismissPending);
  const [password, setPassword] = useState('');
  if (!pending || pending.result.ok) return null;
  const { result } = pending;
  const name = result.file.split(/[\\/]/).pop() ?? result.file;
  // A .pfx that needs its password is asked in place, in a neutral colour: not a failure.
  const asking = Boolean(result.sourceId) && result.error.code === 'PFX_PASSWORD_REQUIRED';
  return (
    <MessageBar intent={asking ? 'info' : 'error'} layout="multiline" icon={asking ? <LockClosedRegular /> : undefined} data-testid="node-pending">
      <MessageBarBody>
        {asking ? <strong>{t('certs.passwordNeeded', { name })}</strong> : <><strong>{name}</strong>: {errorText(result.error)}</>}
        {result.sourceId ? (
          <form
            className={styles.unlock}
            onSubmit={(event) => {
              event.preventDefault();
              void unlock(result.sourceId ?? '', password);
            }}
          >
            <Field label={t('certs.password')}>
              <Input type="password" value={password} onChange={(_e, d) => setPassword(d.value)} autoComplete="off" data-testid="node-password" />
            </Field>
            <Button type="submit" icon={<LockClosedRegular />}>
              {t('certs.unlock')}
            </Button>
          </form>
        ) : null}
        <Button appearance="transparent" onClick={() => dismiss(index)}>
          {t('manifest.dismiss')}
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}

/** A node warning in the admin's language, from its code and parts (main's English only for a code not known here). */
function useWarningText(): (warning: NodeWarning) => string {
  const { t, i18n } = useTranslation();
  return (warning) => {
    const key = `manifest.nodeWarnings.${warning.code}`;
    if (!i18n.exists(key) && !i18n.exists(`${key}_other`)) return warning.message;
    const { node, role, date, ...rest } = warning.params;
    const named = role && role !== 'other' ? t('manifest.nodeWarnings.described', { node, role: t(`manifest.roles.${role}`) }) : String(node ?? '');
    return t(key, { ...rest, node: named, ...(date ? { date: formatDate(String(date), i18n.language) } : {}) });
  };
}

export function NodesSection() {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const warningText = useWarningText();
  const state = useEntraStore((s) => s.state);
  const assignments = useEntraStore((s) => s.assignments);
  const pending = useEntraStore((s) => s.pending);
  const nodesError = useEntraStore((s) => s.nodesError);
  const addNodeFiles = useEntraStore((s) => s.addNodeFiles);
  const updateNode = useEntraStore((s) => s.updateNode);
  const removeNode = useEntraStore((s) => s.removeNode);
  const nodes = state?.nodes ?? [];

  return (
    <Card data-testid="nodes-section">
      <div className={styles.header}>
        <Subtitle2 as="h2">{t('manifest.nodes.title')}</Subtitle2>
        <Button appearance="primary" icon={<AddRegular />} onClick={() => void addNodeFiles()} data-testid="add-node">
          {t('manifest.nodes.add')}
        </Button>
      </div>
      <Text>{t('manifest.nodes.intro')}</Text>
      {nodesError ? <ErrorNotice error={nodesError} /> : null}
      {pending.map((_p, index) => (
        <PendingFile key={index} index={index} />
      ))}
      {nodes.length ? (
        <Table aria-label={t('manifest.nodes.title')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell className={styles.nameColumn}>{t('manifest.nodes.name')}</TableHeaderCell>
              <TableHeaderCell className={styles.roleColumn}>{t('manifest.nodes.role')}</TableHeaderCell>
              <TableHeaderCell>{t('manifest.nodes.certificate')}</TableHeaderCell>
              <TableHeaderCell className={styles.removeColumn}>
                <span className={styles.hidden}>{t('manifest.nodes.remove')}</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {nodes.map((node, index) => (
              <TableRow key={`${state?.fileIds[index]}-${index}`} data-testid="node-row">
                <TableCell>
                  <Input
                    className={styles.fill}
                    aria-label={t('manifest.nodes.name')}
                    defaultValue={assignments[index]?.name ?? node.name}
                    onBlur={(event) => {
                      if (event.target.value !== assignments[index]?.name) void updateNode(index, { name: event.target.value });
                    }}
                    data-testid="node-name"
                  />
                </TableCell>
                <TableCell>
                  <Select className={styles.fill} aria-label={t('manifest.nodes.role')} value={node.role} onChange={(_e, data) => void updateNode(index, { role: data.value as IseNodeRole })} data-testid="node-role">
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`manifest.roles.${role}`)}
                      </option>
                    ))}
                  </Select>
                </TableCell>
                <TableCell>
                  <div className={styles.cell}>
                    <Text weight="semibold">
                      {node.certificate.subjectCN} <StatusBadge info={node.certificate} />
                    </Text>
                    <Caption1>{t('manifest.nodes.expires', { date: formatDate(node.certificate.notAfter, i18n.language) })}</Caption1>
                    <span>
                      <MonoValue value={node.certificate.thumbprints.sha1} />
                      <CopyButton text={node.certificate.thumbprints.sha1} label={t('certs.tp.sha1')} />
                    </span>
                    <div className={styles.warnings}>
                      {node.warnings.map((warning) => (
                        <MessageBar key={warning.code} intent={warning.severity === 'info' ? 'info' : warning.severity} layout="multiline" data-testid="node-warning" data-code={warning.code}>
                          <MessageBarBody>{warningText(warning)}</MessageBarBody>
                        </MessageBar>
                      ))}
                    </div>
                  </div>
                </TableCell>
                <TableCell>
                  <Button appearance="subtle" icon={<DeleteRegular />} aria-label={t('manifest.nodes.removeNamed', { name: node.name })} onClick={() => void removeNode(index)} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Caption1>{t('manifest.nodes.empty')}</Caption1>
      )}
    </Card>
  );
}
