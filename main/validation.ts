/**
 * One argument schema per channel. Every call from the renderer (IPC or web bridge) passes
 * through these before it reaches a handler: the renderer is treated as untrusted input.
 */
import { z } from 'zod';
import type { Channel, Contract } from '../preload/contract';

const noArgs = z.tuple([]);
const text = (max: number) => z.string().max(max);

const settingsPatch = z
  .object({
    language: z.enum(['system', 'en', 'es']),
    theme: z.enum(['system', 'light', 'dark']),
    proxyUrl: text(2048),
    proxyUser: text(256),
    proxyPassword: text(1024),
    dataFolder: text(4096),
  })
  .partial()
  .strict();

type ArgsSchemas = { [K in Channel]: z.ZodType<Parameters<Contract[K]>> };

export const argumentSchemas: ArgsSchemas = {
  getSettings: noArgs,
  updateSettings: z.tuple([settingsPatch]),
  getAbout: noArgs,
  pickFolder: z.tuple([z.object({ title: text(200), defaultPath: text(4096) }).partial().strict()]),
  openExternal: z.tuple([z.object({ url: text(2048) }).strict()]),
};

/** A one-line description of what is wrong with the arguments, naming the field. */
export function describeArgumentError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The arguments are not valid.';
  // Tuple paths start with the argument index; the field name after it is what a reader needs.
  const path = issue.path.slice(1).join('.');
  if (issue.code === 'too_big' && issue.origin === 'array') return 'Too many arguments.';
  if (issue.code === 'too_small' && issue.origin === 'array') return 'An argument is missing.';
  if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')}.`;
  return path ? `${path}: ${issue.message}.` : `${issue.message}.`;
}
