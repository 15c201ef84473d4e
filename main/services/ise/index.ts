/** The ISE troubleshooting side's public API (plain Node: used by IPC handlers, the CLI and tests). */
export { diagnoseFiles, diagnoseStream, diagnoseText, type DiagnoseOptions, type LogFileInput } from './diagnose';
export { DIAGNOSIS_WORKER_LIMITS, diagnoseFilesInWorker, diagnoseStreamInWorker, type WorkerDiagnoseOptions } from './diagnose-in-worker';
export { renderDiagnosisText } from './render-text';
export { FINDINGS_CATALOG, aadstsLookupUrl, type CatalogEntry } from './findings-catalog';
export { extractThumbprints } from './thumbprints-in-text';
export { RELEVANCE_MARKERS } from './relevance';
export { DEFAULT_MAX_LINE_LENGTH } from './log-reader';
