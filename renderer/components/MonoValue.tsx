import { Fragment } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'normal', wordBreak: 'normal' },
  // One unbroken token (hex, base64, a GUID): never cut in the middle, its own box scrolls instead.
  whole: { display: 'inline-block', maxWidth: '100%', overflowX: 'auto', whiteSpace: 'nowrap', verticalAlign: 'bottom' },
});

/**
 * A long value (thumbprint, key ID, URL) in monospace that wraps only after its separators (":", "-"
 * of a thumbprint, "/" of a URL, spaces), never mid-byte nor leaving a "=" alone; a value without
 * separators stays on one line and scrolls in its own box.
 */
export function MonoValue({ value, className, testId }: { value: string; className?: string; testId?: string }) {
  const styles = useStyles();
  const parts = value.split(/(?<=[:/\s,;-])/);
  if (parts.length === 1) {
    return (
      // Focusable: when the value is wider than its place, the keyboard scrolls it too.
      <span className={mergeClasses(styles.mono, styles.whole, className)} tabIndex={0} data-testid={testId}>
        {value}
      </span>
    );
  }
  return (
    <span className={mergeClasses(styles.mono, className)} data-testid={testId}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </span>
  );
}
