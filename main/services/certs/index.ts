/** The certificate core's public API (plain Node: used by IPC handlers, the CLI and tests). */
export { describeSeveralKeys, loadCertificateBytes, loadCertificateFile, loadCertificateFiles, type LoadOptions } from './load';
export { MAX_INPUT_BYTES } from './detect';
export { describeCertificate, describeKey, parseCertificate } from './describe';
export { computeThumbprints, decodeThumbprint, sameThumbprint } from './thumbprints';
export { buildChainReport } from './chains';
export { encodeCertificates, exportPrivateKey, planExport, writeExport, type ExportFile } from './export';
export { defaultBundleName, defaultFileNames, safeFileStem } from './file-names';
export { KeyVault } from './key-vault';
export { toPem } from './pem';
export { buildPkcs7, extractPkcs7Certificates } from './pkcs7';
export { openPkcs12 } from './pkcs12';
