/**
 * Where an error's text is looked up, first found wins: the screen's own `<ns>.errors.CODE` when
 * it has a namespace, then the shared `errors.CODE`; main's English message when neither exists.
 * ErrorNotice uses it; tests/unit/i18n/error-texts.test.ts checks every code main makes against it.
 */
export function errorTextKeys(code: string, ns?: string): string[] {
  return [...(ns ? [`${ns}.errors.${code}`] : []), `errors.${code}`];
}
