/**
 * Every string of the setup report, in English and Spanish. The wording of step names, states,
 * roles and columns is the window's: taken from its catalogs (main/services/texts.ts), not copied.
 * The report's own sentences are here. ISE's field names stay in English in both languages (ISE's
 * GUI is not translated); Entra's are Microsoft's Spanish portal labels, as on the screens.
 */
import type { CloudName, IseNodeRole, MdmFields, ReportFormat, SetupStepId, SetupStepState } from '../../../preload/contract';
import { CATALOGS, resolveAppLanguage, type AppLanguage, type Catalog } from '../texts';

/** What to upgrade to, from the release table's target (main/services/entra/ise-versions.ts). */
function upgradeEn(target: string): string {
  return target === '3.3' ? 'Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.' : `Upgrade to ${target} or later, or to 3.3 and later (3.4, 3.5).`;
}

function upgradeEs(target: string): string {
  return target === '3.3' ? 'Actualice a 3.3 o posterior (3.4 y 3.5 son las versiones actuales); 3.1 Patch 8 y 3.2 Patch 4 también sirven.' : `Actualice a ${target} o posterior, o a 3.3 y posteriores (3.4, 3.5).`;
}

export type ReportLanguage = AppLanguage;

/** One language of the report. A key missing in either language is a type error. */
export interface ReportStrings {
  /** BCP 47 tag for `<html lang>` and Intl. */
  lang: ReportLanguage;
  title: (deployment: string) => string;
  madeBy: (app: string, version: string, when: string) => string;
  publicOnly: string;
  progress: (done: string, total: string) => string;
  sections: { values: string; mdmForm: string; nodes: string; cas: string; steps: string; findings: string };
  values: {
    deployment: string;
    tenantId: string;
    clientId: string;
    cloud: string;
    iseVersion: string;
    flow: string;
    manifestFile: string;
    created: string;
    updated: string;
  };
  clouds: Record<CloudName, string>;
  flows: { graph: string; legacy: string; unknown: string };
  mdmFields: Record<keyof MdmFields, string>;
  roles: Record<IseNodeRole, string>;
  nodeColumns: { node: string; role: string; subject: string; iseSha1: string; entraSha1: string; expires: string };
  caColumns: { name: string; subject: string; iseSha1: string; expires: string };
  stepColumns: { step: string; state: string; changed: string };
  stepNames: Record<SetupStepId, string>;
  states: Record<SetupStepState, string>;
  notChanged: string;
  expired: string;
  expiresSoon: string;
  unreadableCertificate: string;
  noNodes: string;
  noCas: string;
  noFindings: string;
  severity: { blocking: string; warning: string };
  findings: {
    stepNeedsAttention: (step: string) => string;
    versionMissing: string;
    versionUnreadable: (version: string) => string;
    /** `upgradeTo`: the release table's target (`3.3`, `3.1 Patch 8`, `3.2 Patch 4`). */
    legacyFlow: (label: string, upgradeTo: string) => string;
    noComplianceApi: (label: string, upgradeTo: string) => string;
    /** The same for a release that talks to Microsoft Graph (3.1 Patch 3 to 7, 3.2 Patch 0 to 3). */
    noComplianceApiGraph: (label: string, upgradeTo: string) => string;
    /** `fix`: the first patch of the release after those the notice lists. */
    fn74227: (label: string, fix: string) => string;
    idsMissing: string;
    noNodes: string;
    nodeExpired: (node: string, date: string) => string;
    nodeExpiresSoon: (node: string, date: string) => string;
  };
  /** The native Save dialog. */
  dialog: { title: string; html: string; pdf: string };
  /** The suggested file name, from a deployment name already made safe for file systems. */
  fileName: (stem: string, extension: ReportFormat) => string;
  /** The stem when nothing of the deployment name is left. */
  fileNameFallback: string;
}

/** What the report words as the window does: the same catalog entries, in either language. */
function fromCatalog(c: Catalog) {
  const { autoDiscoveryUrl, clientId, tokenIssuingUrl, tokenAudience } = c.setup.mdm.fields;
  const state = c.setup.state;
  return {
    sections: { mdmForm: c.manifest.mdm.title, nodes: c.manifest.nodes.title },
    legacyFlow: c.setup.before.legacy,
    values: {
      deployment: c.setup.bar.label,
      tenantId: c.setup.register.tenant,
      clientId: c.setup.register.client,
      cloud: c.setup.register.cloud,
      iseVersion: c.setup.before.versionLabel,
      flow: c.setup.before.flow,
    },
    nodeColumns: { node: c.setup.certificates.node, role: c.manifest.nodes.role, subject: c.certs.subject, expires: c.setup.certificates.expires },
    top: {
      clouds: c.setup.register.clouds,
      mdmFields: { autoDiscoveryUrl, clientId, tokenIssuingUrl, tokenAudience },
      stepNames: c.setup.steps.names,
      states: { 'not-started': state['not-started'], 'in-progress': state['in-progress'], done: state.done, 'needs-attention': state['needs-attention'] },
      notChanged: state.never,
      expired: c.certs.status.expired,
      severity: c.troubleshoot.finding.severity,
    },
  };
}

function english(c: Catalog): ReportStrings {
  const shared = fromCatalog(c);
  return {
    lang: 'en',
    title: (deployment) => `Cisco ISE + Intune setup report: ${deployment}`,
    madeBy: (app, version, when) => `Made by ${app} ${version} on ${when}.`,
    publicOnly: 'Public values only: no private key, password or secret.',
    progress: (done, total) => `${done} of ${total} steps done`,
    sections: {
      values: 'Values',
      ...shared.sections,
      cas: "CA certificates exported for ISE's trusted store",
      steps: 'Steps',
      findings: 'Open findings',
    },
    values: {
      ...shared.values,
      manifestFile: 'App manifest file',
      created: 'Created',
      updated: 'Last changed',
    },
    ...shared.top,
    flows: {
      graph: 'Microsoft Graph (ISE 3.1 Patch 3 and later)',
      legacy: shared.legacyFlow,
      unknown: 'Unknown until the ISE version is recorded',
    },
    roles: { ...c.manifest.roles, unassigned: 'Role not chosen' },
    nodeColumns: {
      ...shared.nodeColumns,
      iseSha1: 'SHA-1 in ISE (Fingerprint)',
      entraSha1: 'SHA-1 in Entra (Thumbprint)',
    },
    caColumns: { name: 'Friendly Name', subject: c.certs.subject, iseSha1: 'SHA-1 in ISE (Fingerprint)', expires: c.setup.certificates.expires },
    stepColumns: { step: 'Step', state: 'State', changed: 'Changed' },
    expiresSoon: 'Expires soon',
    unreadableCertificate: 'Unreadable certificate',
    noNodes: 'No node certificate recorded.',
    noCas: 'No CA certificate recorded.',
    noFindings: 'None.',
    findings: {
      stepNeedsAttention: (step) => `Step “${step}” needs attention.`,
      versionMissing: 'The ISE version is not recorded: step 0 tells which discovery flow and values apply.',
      versionUnreadable: (version) => `“${version}” is not an ISE version. Type it as ISE shows it under Administration > System > Deployment, for example “3.2 Patch 4” or “3.3”.`,
      legacyFlow: (label, upgradeTo) =>
        `ISE ${label} discovers Intune through Azure AD Graph, which is retired (blocked for new apps from 2024-08-31, fully off in 2025). ${upgradeEn(upgradeTo)}`,
      noComplianceApi: (label, upgradeTo) =>
        `Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE ${label} gets no compliance data. ${upgradeEn(upgradeTo)}`,
      noComplianceApiGraph: (label, upgradeTo) =>
        `Intune's legacy NAC API stopped on 2024-03-24 (Cisco's date; Microsoft says 2024-03-31): ISE ${label} gets no compliance data, although it talks to Microsoft Graph. ${upgradeEn(upgradeTo)}`,
      fn74227: (label, fix) =>
        `Cisco Field Notice FN74227 (certificates that carry a SID for strong mapping, enforced by Windows from 2025-02-11) lists ISE ${label}: certificate logins and the Intune integration fail with such certificates. ${fix} is the first patch of your release after those the notice lists.`,
      idsMissing: 'The tenant ID or the client ID is not recorded.',
      noNodes: 'No ISE node certificate is recorded.',
      nodeExpired: (node, date) => `The certificate of ${node} expired on ${date}.`,
      nodeExpiresSoon: (node, date) => `The certificate of ${node} expires on ${date}: renew it and register the new one.`,
    },
    dialog: { title: 'Save the setup report', html: 'Web page (HTML)', pdf: 'PDF document' },
    fileName: (stem, extension) => `${stem} setup report.${extension}`,
    fileNameFallback: 'deployment',
  };
}

function spanish(c: Catalog): ReportStrings {
  const shared = fromCatalog(c);
  return {
    lang: 'es',
    title: (deployment) => `Informe de configuración de Cisco ISE + Intune: ${deployment}`,
    madeBy: (app, version, when) => `Generado por ${app} ${version} el ${when}.`,
    publicOnly: 'Solo valores públicos: ninguna clave privada, contraseña ni secreto.',
    progress: (done, total) => `${done} de ${total} pasos hechos`,
    sections: {
      values: 'Valores',
      ...shared.sections,
      cas: 'Certificados de CA exportados para el almacén de confianza de ISE',
      steps: 'Pasos',
      findings: 'Problemas abiertos',
    },
    values: {
      ...shared.values,
      manifestFile: 'Archivo del manifiesto de la aplicación',
      created: 'Creada',
      updated: 'Último cambio',
    },
    ...shared.top,
    flows: {
      graph: 'Microsoft Graph (ISE 3.1 Patch 3 y posteriores)',
      legacy: shared.legacyFlow,
      unknown: 'Desconocido hasta que se anote la versión de ISE',
    },
    roles: { ...c.manifest.roles, unassigned: 'Rol sin elegir' },
    nodeColumns: {
      ...shared.nodeColumns,
      iseSha1: 'SHA-1 en ISE (Fingerprint)',
      entraSha1: 'SHA-1 en Entra (Thumbprint)',
    },
    caColumns: { name: 'Friendly Name', subject: c.certs.subject, iseSha1: 'SHA-1 en ISE (Fingerprint)', expires: c.setup.certificates.expires },
    stepColumns: { step: 'Paso', state: 'Estado', changed: 'Cambiado' },
    expiresSoon: 'Caduca pronto',
    unreadableCertificate: 'Certificado ilegible',
    noNodes: 'No hay ningún certificado de nodo anotado.',
    noCas: 'No hay ningún certificado de CA anotado.',
    noFindings: 'Ninguno.',
    findings: {
      stepNeedsAttention: (step) => `El paso «${step}» requiere atención.`,
      versionMissing: 'La versión de ISE no está anotada: el paso 0 indica qué flujo de detección y qué valores se aplican.',
      versionUnreadable: (version) => `«${version}» no es una versión de ISE. Escríbala como la muestra ISE en Administration > System > Deployment, por ejemplo «3.2 Patch 4» o «3.3».`,
      legacyFlow: (label, upgradeTo) =>
        `ISE ${label} detecta Intune a través de Azure AD Graph, que está retirado (bloqueado para aplicaciones nuevas desde el 2024-08-31 y apagado del todo en 2025). ${upgradeEs(upgradeTo)}`,
      noComplianceApi: (label, upgradeTo) =>
        `La API NAC heredada de Intune dejó de funcionar el 2024-03-24 (fecha de Cisco; Microsoft indica el 2024-03-31): ISE ${label} no obtiene datos de cumplimiento. ${upgradeEs(upgradeTo)}`,
      noComplianceApiGraph: (label, upgradeTo) =>
        `La API NAC heredada de Intune dejó de funcionar el 2024-03-24 (fecha de Cisco; Microsoft indica el 2024-03-31): ISE ${label} no obtiene datos de cumplimiento, aunque se comunica con Microsoft Graph. ${upgradeEs(upgradeTo)}`,
      fn74227: (label, fix) =>
        `El aviso de campo de Cisco FN74227 (certificados que llevan un SID para la asignación estricta, obligatoria en Windows desde el 2025-02-11) incluye ISE ${label}: los inicios de sesión con certificado y la integración con Intune fallan con esos certificados. ${fix} es el primer parche de su versión posterior a los que indica el aviso.`,
      idsMissing: 'El ID de inquilino o el ID de cliente no está anotado.',
      noNodes: 'No hay ningún certificado de nodo ISE anotado.',
      nodeExpired: (node, date) => `El certificado de ${node} caducó el ${date}.`,
      nodeExpiresSoon: (node, date) => `El certificado de ${node} caduca el ${date}: renuévelo y registre el nuevo.`,
    },
    dialog: { title: 'Guardar el informe de configuración', html: 'Página web (HTML)', pdf: 'Documento PDF' },
    fileName: (stem, extension) => `Informe de configuración de ${stem}.${extension}`,
    fileNameFallback: 'implementación',
  };
}

export const REPORT_STRINGS: Record<ReportLanguage, ReportStrings> = { en: english(CATALOGS.en), es: spanish(CATALOGS.es) };

/** The report's language: the app's (main/services/texts.ts). */
export const resolveReportLanguage = resolveAppLanguage;
