/**
 * The App manifest screen's state in main: the ISE node certificates (files the certificate
 * workbench loaded, named and given a role by the admin), the loaded manifest with its original
 * text (so a save never loses an edit made elsewhere), and the merge computed from both.
 */
import { randomUUID } from 'node:crypto';
import type { DiagnosisContext, EntraState, IseNodeAssignment, KeyCredential, ManifestFormat, NodeCertificate, SavedManifest } from '../../../preload/contract';
import { readManifestBytes, checkIseNodes, describeExistingKeys, describeManifest, mergeKeyCredentials, parseManifestBytes, saveManifest, toKeyCredential, toPortalUpload, type ParsedManifest } from '../entra';
import { ServiceError } from '../errors';
import type { CertificateWorkbench } from './certificate-workbench';

interface LoadedManifest {
  path: string;
  parsed: ParsedManifest;
  originalText: string;
}

export class EntraWorkbench {
  #assignments: IseNodeAssignment[] = [];
  #manifest: LoadedManifest | null = null;
  /** keyCredentials shown without a manifest: generated once per node certificate so keyIds stay put. */
  readonly #previews = new Map<string, Record<ManifestFormat, KeyCredential>>();

  constructor(
    private readonly certificates: CertificateWorkbench,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setNodes(assignments: IseNodeAssignment[]): EntraState {
    for (const assignment of assignments) this.certificates.loadedFile(assignment.fileId);
    const names = assignments.map((a) => a.name.trim().toLowerCase());
    const duplicate = names.find((name, index) => name !== '' && names.indexOf(name) !== index);
    if (duplicate) throw new ServiceError('NODE_NAME_DUPLICATE', `Two nodes are called "${duplicate}". Give each ISE node its own name.`);
    this.#assignments = assignments;
    return this.state();
  }

  async openManifest(path: string): Promise<EntraState> {
    const bytes = await readManifestBytes(path);
    const parsed = parseManifestBytes(bytes);
    this.#manifest = { path, parsed, originalText: bytes.toString('utf8') };
    return this.state();
  }

  closeManifest(): EntraState {
    this.#manifest = null;
    return this.state();
  }

  /** Where the open manifest came from (for Save as's suggested name); null when none is open. */
  get manifestPath(): string | null {
    return this.#manifest?.path ?? null;
  }

  /**
   * The merged manifest written over the one opened (after a backup), or to `target` (Save as:
   * a backup too when that file exists). What was written becomes the open manifest.
   */
  async save(target?: string): Promise<SavedManifest> {
    const manifest = this.#manifest;
    if (!manifest) throw new ServiceError('MANIFEST_NOT_LOADED', 'Open the manifest downloaded from Entra first.');
    const merge = mergeKeyCredentials(manifest.parsed, this.#nodes(), { now: this.now() });
    if (merge.diff.added.length === 0) {
      throw new ServiceError('MANIFEST_NOTHING_TO_ADD', 'Every loaded ISE node certificate is already in this manifest: there is nothing to save.');
    }
    const path = target ?? manifest.path;
    const saved = await saveManifest(path, merge.text, path === manifest.path ? { now: this.now(), expectedText: manifest.originalText } : { now: this.now() });
    // What is on disk now is the merged manifest: further merges start from it.
    this.#manifest = { path, parsed: parseManifestBytes(Buffer.from(merge.text)), originalText: merge.text };
    return saved;
  }

  /** What the troubleshooter compares error texts with: the loaded nodes and manifest. */
  diagnosisContext(): DiagnosisContext {
    const state = this.state();
    return {
      certificates: state.nodes.map((node) => ({ name: node.name, role: node.role, file: node.file, certificate: node.certificate })),
      manifest: state.manifest ? { file: state.manifest.file, entries: state.manifest.entries } : null,
      now: this.now().toISOString(),
    };
  }

  state(): EntraState {
    const now = this.now();
    const manifest = this.#manifest;
    const registered = manifest ? describeExistingKeys(manifest.parsed, [], now) : undefined;
    const nodes = this.#nodes(registered);
    return {
      nodes,
      fileIds: this.#assignments.map((assignment) => assignment.fileId),
      manifest: manifest ? describeManifest(manifest.path, manifest.parsed, nodes, now) : null,
      merge: manifest && nodes.length ? mergeKeyCredentials(manifest.parsed, nodes, { now }) : null,
      keyCredentials: this.#previewCredentials(nodes),
      portalUploads: nodes.map((node) => toPortalUpload(node.certificate)),
    };
  }

  #nodes(registered?: ReturnType<typeof describeExistingKeys>): NodeCertificate[] {
    const inputs = this.#assignments.map((assignment) => ({
      name: assignment.name.trim() || 'ISE node',
      role: assignment.role,
      file: this.certificates.loadedFile(assignment.fileId),
    }));
    return checkIseNodes(inputs, { now: this.now(), ...(registered ? { registered } : {}) });
  }

  #previewCredentials(nodes: NodeCertificate[]): Record<ManifestFormat, KeyCredential[]> {
    const seen = new Set<string>();
    const result: Record<ManifestFormat, KeyCredential[]> = { graph: [], legacy: [] };
    for (const node of nodes) {
      const sha1 = node.certificate.thumbprints.sha1;
      if (seen.has(sha1)) continue; // nodes sharing a certificate need one entry
      seen.add(sha1);
      let preview = this.#previews.get(sha1);
      if (!preview) {
        const keyId = randomUUID();
        preview = { graph: toKeyCredential(node.certificate, 'graph', keyId), legacy: toKeyCredential(node.certificate, 'legacy', keyId) };
        this.#previews.set(sha1, preview);
      }
      result.graph.push(preview.graph);
      result.legacy.push(preview.legacy);
    }
    return result;
  }
}
