import { useEffect, useState } from 'react';
import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

/**
 * Copies through main (the sandboxed page has no clipboard permission); `copied` is true for two
 * seconds after a copy that worked.
 */
export function useCopy(text: string): { copied: boolean; copy: () => Promise<void> } {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return { copied, copy: async () => setCopied((await api().copyText({ text })).ok) };
}

/** Copies `text` and says so. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const { copied, copy } = useCopy(text);
  const name = copied ? t('common.copied') : t('common.copyWhat', { what: label });
  return (
    <Tooltip content={name} relationship="label">
      <Button
        appearance="subtle"
        size="small"
        icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
        onClick={copy}
      />
    </Tooltip>
  );
}

/** Copies several values at once (one per line), with its own label and confirmation. */
export function CopyAllButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const { copied, copy } = useCopy(text);
  return (
    <Button
      size="small"
      icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
      onClick={copy}
      data-testid={testId}
    >
      {copied ? t('common.copiedAll') : t('common.copyAll')}
    </Button>
  );
}
