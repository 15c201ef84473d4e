/** The Chains screen's main-side state: the OS trust store completes and trusts chains. */
import { describe, expect, it } from 'vitest';
import { ChainsWorkbench, type FetchOptions } from '../../../main/services/workbench/chains-workbench';
import { useLab } from './lab';

const lab = useLab();

function options(extra: Partial<FetchOptions> = {}): FetchOptions {
  return {
    timeoutMs: 5000,
    aia: false,
    network: { mode: 'direct', proxyUrl: null, proxyPassword: undefined },
    dataFolder: '',
    signal: new AbortController().signal,
    onPhase: () => undefined,
    ...extra,
  };
}

describe('chains workbench', () => {
  it('cannot complete a private chain until the operating system trusts its root', async () => {
    const workbench = new ChainsWorkbench();
    const phases: string[] = [];
    const without = await workbench.fetch(lab().target('default'), options({ onPhase: (phase) => phases.push(phase) }));
    expect(without.verdict).toBe('incomplete');
    expect(phases).toEqual(expect.arrayContaining(['connecting', 'done']));
    const withOsRoot = await workbench.fetch(lab().target('default'), options({ systemRoots: [lab().pki.ecRoot.der] }));
    expect(withOsRoot.verdict).toBe('trusted');
    // One result per host: the second fetch replaced the first.
    expect(workbench.state().results).toHaveLength(1);
    expect(workbench.state().needs.certificates.map((need) => need.role).sort()).toEqual(['intermediate', 'root']);
  });

  it('removes a host and forgets what ISE needs for it', async () => {
    const workbench = new ChainsWorkbench();
    const result = await workbench.fetch(lab().target('default'), options());
    expect(workbench.remove(result.target).results).toEqual([]);
    expect(workbench.state().needs.certificates).toEqual([]);
  });

  it('offers the hosts every current release uses, and the Intune host discovery returned', () => {
    const workbench = new ChainsWorkbench();
    expect(workbench.state().presets).toEqual(['login.microsoftonline.com', 'graph.microsoft.com']);
    expect(workbench.state().discovered).toEqual([]);
    workbench.addDiscoveredEndpoint('https://fef.msub03.manage.microsoft.com/TrafficGateway/TrafficRoutingService/Intune/ComplianceRetrievalService');
    workbench.addDiscoveredEndpoint('https://fef.msub03.manage.microsoft.com/other');
    workbench.addDiscoveredEndpoint('https://127.0.0.1:8443/intune');
    workbench.addDiscoveredEndpoint('not a url');
    workbench.addDiscoveredEndpoint('http://plain.example.test/');
    expect(workbench.state().discovered).toEqual(['fef.msub03.manage.microsoft.com', '127.0.0.1:8443']);
  });
});
