/**
 * Certificate parsing speed and coverage: this app's loader over every root of Node's bundle
 * plus the Microsoft fixtures, against node-forge (which fails on EC certificates) and
 * against the manual route of one `openssl x509 -fingerprint` process per certificate.
 * Goal (issue 3): every certificate parsed, under 500 µs per certificate in-process.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import forge from 'node-forge';
import { loadCertificateBytes } from '../../main/services/certs';
import type { BenchResult } from './types';
import { MICROSOFT_CA as FIXTURES } from '../support/fixture-paths';

const ROUNDS = 5;
const OPENSSL_SAMPLE = 30;

async function certificatePems(): Promise<string[]> {
  const pems = [...rootCertificates];
  for (const name of (await readdir(FIXTURES)).filter((file) => file.endsWith('.pem')).sort()) {
    const text = await readFile(join(FIXTURES, name), 'utf8');
    pems.push(...(text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? []));
  }
  return pems;
}

/** Fastest of several rounds, in µs per certificate (the first round also warms the JIT). */
function timePerCertificate(count: number, round: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    round();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1000);
  }
  return best / count;
}

function opensslFingerprint(pem: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile('/usr/bin/openssl', ['x509', '-noout', '-fingerprint', '-sha1'], (error) => (error ? reject(error) : resolvePromise()));
    child.stdin?.end(pem);
  });
}

export async function benchCertificates(): Promise<BenchResult[]> {
  const pems = await certificatePems();
  const inputs = pems.map((pem) => Buffer.from(pem));
  const now = new Date();

  let parsed = 0;
  const ours = timePerCertificate(inputs.length, () => {
    parsed = 0;
    for (const input of inputs) {
      const loaded = loadCertificateBytes(input, 'bench', { now });
      if (loaded.certificates[0]?.info.thumbprints.sha1) parsed++;
    }
  });

  let forgeFailures = 0;
  const forgeTime = timePerCertificate(pems.length, () => {
    forgeFailures = 0;
    for (const pem of pems) {
      try {
        const certificate = forge.pki.certificateFromPem(pem);
        const der = forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes();
        forge.md.sha1.create().update(der).digest().toHex();
      } catch {
        forgeFailures++;
      }
    }
  });

  const sample = pems.slice(0, OPENSSL_SAMPLE);
  const opensslStart = process.hrtime.bigint();
  for (const pem of sample) await opensslFingerprint(pem);
  const opensslTime = Number(process.hrtime.bigint() - opensslStart) / 1000 / sample.length;

  const reference = { name: 'certs: parse + describe + fingerprint (this app)', value: ours };
  return [
    { ...reference, unit: 'µs/cert', note: `${parsed} of ${pems.length} certificates (Node root bundle + fixtures); goal < 500 µs` },
    { name: 'certs: certificates parsed by this app', value: parsed, unit: 'certificates', note: `of ${pems.length}` },
    { name: 'certs: node-forge certificateFromPem + SHA-1', value: forgeTime, unit: 'µs/cert', reference, ratio: forgeTime / ours, note: `fails on ${forgeFailures} of ${pems.length}` },
    { name: 'certs: certificates node-forge fails on', value: forgeFailures, unit: 'certificates', note: 'EC keys: "OID is not RSA"' },
    { name: 'certs: one openssl x509 -fingerprint process per certificate', value: opensslTime, unit: 'µs/cert', reference, ratio: opensslTime / ours, note: `sequential, over ${sample.length} certificates` },
  ];
}
