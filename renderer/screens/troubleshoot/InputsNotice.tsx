import { Link, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useNavigationStore } from '../../state/navigation-store';
import { useTroubleshootStore } from '../../state/troubleshoot-store';

const useStyles = makeStyles({
  link: { marginLeft: tokens.spacingHorizontalXS },
  file: { overflowWrap: 'anywhere' },
});

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** What the thumbprints are compared with: the App manifest screen's nodes and manifest, or nothing yet. */
export function InputsNotice() {
  const styles = useStyles();
  const { t } = useTranslation();
  const inputs = useTroubleshootStore((s) => s.inputs);
  const go = useNavigationStore((s) => s.go);
  if (!inputs) return null;
  const none = inputs.nodes.length === 0 && inputs.manifestFile === null;
  const link = (
    <Link className={styles.link} onClick={() => go('manifest')} data-testid="go-manifest">
      {t('troubleshoot.inputs.go')}
    </Link>
  );
  if (none) {
    return (
      <MessageBar intent="info" layout="multiline" data-testid="inputs-notice" data-loaded="false">
        <MessageBarBody>
          {t('troubleshoot.inputs.none')}
          {link}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="info" layout="multiline" data-testid="inputs-notice" data-loaded="true">
      <MessageBarBody>
        {inputs.nodes.length > 0 ? `${t('troubleshoot.inputs.nodes', { nodes: inputs.nodes.join(', ') })} ` : null}
        <span className={styles.file} title={inputs.manifestFile ?? undefined}>
          {inputs.manifestFile ? t('troubleshoot.inputs.manifest', { file: fileName(inputs.manifestFile) }) : t('troubleshoot.inputs.noManifest')}
        </span>
        {link}
      </MessageBarBody>
    </MessageBar>
  );
}
