import { Component, type ReactNode } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { forgetFailedChunks } from './chunks';

const useStyles = makeStyles({
  details: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

function CouldNotShow({ error, retry }: { error: Error; retry: () => void }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" layout="multiline" role="alert" data-testid="part-failed">
      <MessageBarBody>
        <MessageBarTitle>{t('app.partFailed.title')}</MessageBarTitle>
        {t('app.partFailed.body')}
        <details>
          <summary>{t('errors.details')}</summary>
          <code className={styles.details}>{error.message}</code>
        </details>
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={retry} data-testid="part-retry">
          {t('app.partFailed.retry')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * Around a part whose code comes in a chunk of its own (a screen, a wizard step, the deployment
 * bar's menu and dialogs): when that code cannot be loaded (a damaged install) or the part stops
 * with an error, it says so in its place, with a retry, and the rest of the app keeps working,
 * instead of React unmounting the whole page. The chunk loaders fetch again after a failure.
 */
export class ChunkBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return <CouldNotShow error={this.state.error} retry={() => {
          forgetFailedChunks();
          this.setState({ error: null });
        }} />;
  }
}
