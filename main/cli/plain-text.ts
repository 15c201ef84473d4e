/**
 * What the command line prints stays in ASCII punctuation: Windows PowerShell 5.1 re-encodes a
 * native program's output with the console's code page (often 437 or 850) when it is redirected
 * or piped, and turns box-drawing characters, dashes and arrows into garbage. Letters (a
 * certificate's "Société", a Spanish path) are left as they are.
 */
const REPLACEMENTS: [RegExp, string][] = [
  [/[\u2014\u2013\u2012\u2010\u2011\u2212]/g, '-'],
  [/\u2192/g, '->'],
  [/\u2190/g, '<-'],
  [/\u2026/g, '...'],
  [/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"'],
  [/[\u2018\u2019\u201a]/g, "'"],
  [/[\u00a0\u2009\u202f]/g, ' '],
  [/[\u2500\u2501\u2504\u2505\u2508\u2509\u254c\u254d]/g, '-'],
  [/[\u2502\u2503\u2506\u2507\u250a\u250b\u254e\u254f]/g, '|'],
  [/[\u2500-\u257f]/g, '+'],
  [/\u2713|\u2714/g, 'OK'],
  [/\u2717|\u2718/g, 'X'],
  [/\u2022/g, '*'],
  [/\u00d7/g, 'x'],
];

export function plainPunctuation(text: string): string {
  return REPLACEMENTS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
