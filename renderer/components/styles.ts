import { tokens } from '@fluentui/react-components';

/**
 * Style rules the screens share, written once and used as values in their makeStyles
 * (`mono: styleRules.mono`), so that a value looks the same on every screen.
 */
export const styleRules = {
  /** A value as Entra, ISE or a file has it (thumbprint, ID, URL, path): monospace, a size smaller, wrapped anywhere. */
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  /** Monospace at the surrounding size. */
  monoFont: { fontFamily: tokens.fontFamilyMonospace },
  /** A column of blocks. */
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  stackS: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  stackXXS: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  /** A list without bullets, its items spaced as a column. */
  plainList: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  plainListXXS: { margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  /** Buttons or chips in a row that wraps. */
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  /** A card's title on the left and its actions on the right. */
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  /** Cards side by side while they fit. */
  tiles: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: tokens.spacingHorizontalM },
  /** A label beside its value. */
  muted: { color: tokens.colorNeutralForeground3 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
} as const;
