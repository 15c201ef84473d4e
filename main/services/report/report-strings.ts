/**
 * Every string of the setup report, in English and Spanish. The wording of step names, states,
 * roles and ISE facts is the wizard's (renderer/i18n/{en,es}/setup.json and the App manifest
 * screen), copied rather than imported so main never depends on renderer files. Names of fields
 * in the ISE and Entra consoles stay in English in both languages, as the Spanish UI keeps them.
 */
import type { CloudName, IseNodeRole, LanguageSetting, MdmFields, ReportFormat, SetupStepId, SetupStepState } from '../../../preload/contract';

/** What to upgrade to, from the release table's target (main/services/entra/ise-versions.ts). */
function upgradeEn(target: string): string {
  return target === '3.3' ? 'Upgrade to 3.3 or later (3.4 and 3.5 are current releases); 3.1 Patch 8 and 3.2 Patch 4 also work.' : `Upgrade to ${target} or later, or to 3.3 and later (3.4, 3.5).`;
}

function upgradeEs(target: string): string {
  return target === '3.3' ? 'Actualice a 3.3 o posterior (3.4 y 3.5 son las versiones actuales); 3.1 Patch 8 y 3.2 Patch 4 también sirven.' : `Actualice a ${target} o posterior, o a 3.3 y posteriores (3.4, 3.5).`;
}

export type ReportLanguage = 'en' | 'es';

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

const en: ReportStrings = {
  lang: 'en',
  title: (deployment) => `Cisco ISE + Intune setup report: ${deployment}`,
  madeBy: (app, version, when) => `Made by ${app} ${version} on ${when}.`,
  publicOnly: 'Public values only: no private key, password or secret.',
  progress: (done, total) => `${done} of ${total} steps done`,
  sections: {
    values: 'Values',
    mdmForm: 'ISE External MDM form',
    nodes: 'ISE node certificates',
    cas: "CA certificates exported for ISE's trusted store",
    steps: 'Steps',
    findings: 'Open findings',
  },
  values: {
    deployment: 'Deployment',
    tenantId: 'Directory (tenant) ID',
    clientId: 'Application (client) ID',
    cloud: 'Microsoft cloud of the tenant',
    iseVersion: 'ISE version and patch',
    flow: 'Discovery flow',
    manifestFile: 'App manifest file',
    created: 'Created',
    updated: 'Last changed',
  },
  clouds: { public: 'Public cloud', usgov: 'Azure US Government' },
  flows: {
    graph: 'Microsoft Graph (ISE 3.1 Patch 3 and later)',
    legacy: 'Azure AD Graph (retired)',
    unknown: 'Unknown until the ISE version is recorded',
  },
  mdmFields: { autoDiscoveryUrl: 'Auto Discovery URL', clientId: 'Client ID', tokenIssuingUrl: 'Token Issuing URL', tokenAudience: 'Token Audience' },
  roles: { unassigned: 'Role not chosen', 'primary-pan': 'Primary PAN', 'secondary-pan': 'Secondary PAN', psn: 'Policy Service node', other: 'Other' },
  nodeColumns: {
    node: 'Node',
    role: 'Role',
    subject: 'Subject',
    iseSha1: 'SHA-1 in ISE (Fingerprint)',
    entraSha1: 'SHA-1 in Entra (Thumbprint)',
    expires: 'Expires',
  },
  caColumns: { name: 'Friendly Name', subject: 'Subject', iseSha1: 'SHA-1 in ISE (Fingerprint)', expires: 'Expires' },
  stepColumns: { step: 'Step', state: 'State', changed: 'Changed' },
  stepNames: {
    before: 'Before you start',
    trust: 'Trust Microsoft in ISE',
    register: 'Register the app in Entra',
    certificates: "Give the app ISE's certificates",
    mdm: 'Add the MDM server in ISE',
    device: 'Device identity (Intune GUID)',
    test: 'Test and troubleshoot',
  },
  states: { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', 'needs-attention': 'Needs attention' },
  notChanged: 'Not changed yet',
  expired: 'Expired',
  expiresSoon: 'Expires soon',
  unreadableCertificate: 'Unreadable certificate',
  noNodes: 'No node certificate recorded.',
  noCas: 'No CA certificate recorded.',
  noFindings: 'None.',
  severity: { blocking: 'Blocking', warning: 'Warning' },
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

const es: ReportStrings = {
  lang: 'es',
  title: (deployment) => `Informe de configuración de Cisco ISE + Intune: ${deployment}`,
  madeBy: (app, version, when) => `Generado por ${app} ${version} el ${when}.`,
  publicOnly: 'Solo valores públicos: ninguna clave privada, contraseña ni secreto.',
  progress: (done, total) => `${done} de ${total} pasos hechos`,
  sections: {
    values: 'Valores',
    mdmForm: 'Formulario External MDM de ISE',
    nodes: 'Certificados de los nodos ISE',
    cas: 'Certificados de CA exportados para el almacén de confianza de ISE',
    steps: 'Pasos',
    findings: 'Problemas abiertos',
  },
  values: {
    deployment: 'Implementación',
    tenantId: 'Directory (tenant) ID',
    clientId: 'Application (client) ID',
    cloud: 'Nube de Microsoft del inquilino',
    iseVersion: 'Versión y parche de ISE',
    flow: 'Flujo de detección',
    manifestFile: 'Archivo del manifiesto de la aplicación',
    created: 'Creada',
    updated: 'Último cambio',
  },
  clouds: { public: 'Nube pública', usgov: 'Azure US Government' },
  flows: {
    graph: 'Microsoft Graph (ISE 3.1 Patch 3 y posteriores)',
    legacy: 'Azure AD Graph (retirado)',
    unknown: 'Desconocido hasta que se anote la versión de ISE',
  },
  mdmFields: { autoDiscoveryUrl: 'Auto Discovery URL', clientId: 'Client ID', tokenIssuingUrl: 'Token Issuing URL', tokenAudience: 'Token Audience' },
  roles: { unassigned: 'Rol sin elegir', 'primary-pan': 'PAN primario', 'secondary-pan': 'PAN secundario', psn: 'Nodo de servicio de políticas', other: 'Otro' },
  nodeColumns: {
    node: 'Nodo',
    role: 'Función',
    subject: 'Sujeto',
    iseSha1: 'SHA-1 en ISE (Fingerprint)',
    entraSha1: 'SHA-1 en Entra (Thumbprint)',
    expires: 'Caduca',
  },
  caColumns: { name: 'Friendly Name', subject: 'Sujeto', iseSha1: 'SHA-1 en ISE (Fingerprint)', expires: 'Caduca' },
  stepColumns: { step: 'Paso', state: 'Estado', changed: 'Cambiado' },
  stepNames: {
    before: 'Antes de empezar',
    trust: 'Confiar en Microsoft en ISE',
    register: 'Registrar la aplicación en Entra',
    certificates: 'Dar a la aplicación los certificados de ISE',
    mdm: 'Añadir el servidor MDM en ISE',
    device: 'Identidad del dispositivo (GUID de Intune)',
    test: 'Probar y diagnosticar',
  },
  states: { 'not-started': 'Sin empezar', 'in-progress': 'En curso', done: 'Hecho', 'needs-attention': 'Requiere atención' },
  notChanged: 'Aún sin cambios',
  expired: 'Caducado',
  expiresSoon: 'Caduca pronto',
  unreadableCertificate: 'Certificado ilegible',
  noNodes: 'No hay ningún certificado de nodo anotado.',
  noCas: 'No hay ningún certificado de CA anotado.',
  noFindings: 'Ninguno.',
  severity: { blocking: 'Bloqueante', warning: 'Aviso' },
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

export const REPORT_STRINGS: Record<ReportLanguage, ReportStrings> = { en, es };

/**
 * The report's language from the app's language setting. 'system' follows the system locale as
 * the window does (renderer/i18n resolveLanguage: Spanish for any es-*, English otherwise); in
 * Electron's main process Intl's default locale is the application locale, the window's first
 * navigator.languages entry.
 */
export function resolveReportLanguage(setting: LanguageSetting, systemLocale: string = Intl.DateTimeFormat().resolvedOptions().locale): ReportLanguage {
  if (setting !== 'system') return setting;
  return systemLocale.toLowerCase().startsWith('es') ? 'es' : 'en';
}
