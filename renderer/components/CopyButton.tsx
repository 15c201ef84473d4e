import { useEffect, useState } from 'react';
import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { api } from '../api';

/** Copies `text` through main (the sandboxed page has no clipboard permission) and says so. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  const name = copied ? t('common.copied') : t('common.copyWhat', { what: label });
  return (
    <Tooltip content={name} relationship="label">
      <Button
        appearance="subtle"
        size="small"
        icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
        onClick={async () => {
          const result = await api().copyText({ text });
          setCopied(result.ok);
        }}
      />
    </Tooltip>
  );
}

/** Copies several values at once (one per line), with its own label and confirmation. */
export function CopyAllButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      size="small"
      icon={copied ? <CheckmarkRegular /> : <CopyRegular />}
      onClick={async () => {
        const result = await api().copyText({ text });
        setCopied(result.ok);
      }}
      data-testid={testId}
    >
      {copied ? t('common.copiedAll') : t('common.copyAll')}
    </Button>
  );
}
