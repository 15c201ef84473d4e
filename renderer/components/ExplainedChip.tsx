import type { ReactElement, ReactNode } from 'react';
import { Button, Popover, PopoverSurface, PopoverTrigger, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { styleRules } from './styles';

const useStyles = makeStyles({
  trigger: { flexShrink: 0, minWidth: 0, padding: 0, height: 'auto', maxWidth: '100%', border: 'none', backgroundColor: 'transparent', ':hover': { backgroundColor: 'transparent' } },
  surface: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: 'min(420px, 90vw)' },
  part: styleRules.stackXXS,
  heading: { fontWeight: tokens.fontWeightSemibold },
});

/**
 * A status chip that opens its reason and its fix in place (a popover), where the chip is: the
 * admin need not go to another screen to learn why a verdict is what it is.
 */
export function ExplainedChip({ chip, label, reason, fix, testId }: { chip: ReactElement; label: string; reason: ReactNode; fix: ReactNode | null; testId?: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <Popover withArrow positioning="below-start">
      <PopoverTrigger disableButtonEnhancement>
        <Button appearance="transparent" className={styles.trigger} aria-label={t('common.explainChip', { label })} data-testid={testId}>
          {chip}
        </Button>
      </PopoverTrigger>
      <PopoverSurface className={styles.surface} aria-label={label} data-testid={testId ? `${testId}-why` : undefined}>
        <div className={styles.part}>
          <Text className={styles.heading}>{t('common.why')}</Text>
          <Text>{reason}</Text>
        </div>
        {fix ? (
          <div className={styles.part}>
            <Text className={styles.heading}>{t('common.fix')}</Text>
            <Text>{fix}</Text>
          </div>
        ) : null}
      </PopoverSurface>
    </Popover>
  );
}
