import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Certificate {
  certFile: string;
  cert: string;
  key: string;
}

/** A self-signed certificate for `hostname`, made by openssl into `dir`; it is its own CA. */
export function selfSignedCertificate(dir: string, hostname: string): Certificate {
  const certFile = join(dir, `${hostname}.crt`);
  const keyFile = join(dir, `${hostname}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${hostname}`,
    '-addext', `subjectAltName=DNS:${hostname}`,
  ], { stdio: 'ignore' });
  return { certFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
