/**
 * "Connect to ISE" in main: the pinned ISE admin certificate, one API session (the password lives
 * only inside the client, in memory), ISE's trust store as last read, and the gap against the
 * chains fetched on the Chains screen.
 */
import type { CertificateInfo, IseConnectionInfo, IseImportReport, IseState } from '../../../preload/contract';
import { ISE_TRUST_FLAG_ROWS, IseApiClient, friendlyNamesFor, importCasIntoIse, inspectIseCertificate, iseEndpoint, iseGapForChains, iseTarget, readIseTrustStore, trustIseCertificate, type PinStore } from '../ise/api';
import { ServiceError } from '../errors';
import type { ChainsWorkbench } from './chains-workbench';

export class IseWorkbench {
  #client: IseApiClient | null = null;
  #store: IseState['store'] = null;

  constructor(
    private readonly pins: PinStore,
    private readonly chains: ChainsWorkbench,
    private readonly now: () => Date = () => new Date(),
  ) {}

  inspect(host: string, port: number): Promise<IseConnectionInfo> {
    return inspectIseCertificate(iseTarget(host, port), this.pins, { now: this.now() });
  }

  /** Pins the certificate ISE presents now, only if it is the one the user looked at. */
  async trust(host: string, port: number, sha256: string): Promise<IseConnectionInfo> {
    const target = iseTarget(host, port);
    const info = await inspectIseCertificate(target, this.pins, { now: this.now() });
    if (info.certificate.thumbprints.sha256 !== sha256) {
      throw new ServiceError('ISE_CERT_CHANGED', `ISE at ${target.target} now presents a different certificate than the one you reviewed. Look at it again before trusting it.`);
    }
    await trustIseCertificate(this.pins, target, info.certificate, this.now());
    return inspectIseCertificate(target, this.pins, { now: this.now() });
  }

  async connect(host: string, port: number, username: string, password: string): Promise<IseState> {
    const target = iseTarget(host, port);
    const pin = await this.pins.get(target.target);
    const client = new IseApiClient(iseEndpoint(target, pin?.sha256 ?? null), username, password);
    this.#store = await readIseTrustStore(client, { now: this.now(), candidates: this.#chainCas() });
    this.#client = client;
    return this.state();
  }

  async refresh(): Promise<IseState> {
    this.#store = await readIseTrustStore(this.#requireClient(), { now: this.now(), candidates: this.#chainCas() });
    return this.state();
  }

  /** The CAs of the fetched chains: the store read exports only what could be a twin of one. */
  #chainCas(): CertificateInfo[] {
    return this.chains.state().needs.certificates.map((item) => item.certificate);
  }

  async importCas(refs: string[]): Promise<IseImportReport> {
    const client = this.#requireClient();
    const needed = this.chains.state().needs.certificates;
    const chosen = refs.map((ref) => {
      const found = needed.find((item) => item.certificate.thumbprints.sha256 === ref);
      if (!found) throw new ServiceError('CERTIFICATE_NOT_LOADED', 'A chosen CA certificate is not part of the fetched chains any more. Fetch again.');
      return found.certificate;
    });
    const report = await importCasIntoIse(client, friendlyNamesFor(chosen), { ...(this.#store ? { storeBefore: this.#store } : {}), now: this.now() });
    if (report.storeAfter) this.#store = report.storeAfter;
    return report;
  }

  disconnect(): IseState {
    this.#client = null;
    this.#store = null;
    return this.state();
  }

  state(): IseState {
    const store = this.#store;
    const fetched = this.chains.state().results.filter((result) => result.fetched);
    const gaps = store ? iseGapForChains(fetched.map((result) => ({ target: result.target, chain: result.chain })), store).gaps : [];
    return {
      connected: this.#client ? { host: this.#client.endpoint.host, port: this.#client.endpoint.port, username: this.#client.username } : null,
      store,
      gaps,
      flags: [...ISE_TRUST_FLAG_ROWS],
    };
  }

  #requireClient(): IseApiClient {
    if (!this.#client) throw new ServiceError('ISE_NOT_CONNECTED', 'Connect to ISE first (host, administrator user and password).');
    return this.#client;
  }
}
