/**
 * Hints while an ID is being typed (before it is saved): the stored IDs are checked by main
 * (DeploymentValues.tenantProblem / clientProblem, from the same rules as ISE's form values).
 */
import type { IdProblem } from '../../preload/contract';
import { DOMAIN_NAME, GUID } from '../../preload/rules';

export type { IdProblem };

/** A pasted ID as ISE needs it: trimmed, without the braces some tools add, a GUID in lowercase as the portal shows it. */
export function cleanId(text: string): string {
  const value = text.trim().replace(/^\{(.*)\}$/, '$1').trim();
  return GUID.test(value) ? value.toLowerCase() : value;
}

export function tenantProblem(text: string): IdProblem | null {
  const value = cleanId(text);
  if (value === '') return 'empty';
  // A verified domain also works as the tenant in the token URL (DOMAIN.md "Values for ISE's External MDM form").
  return GUID.test(value) || DOMAIN_NAME.test(value) ? null : 'notTenant';
}

export function clientProblem(text: string): IdProblem | null {
  const value = cleanId(text);
  if (value === '') return 'empty';
  return GUID.test(value) ? null : 'notGuid';
}
