/**
 * The root-ca-cert-publisher's flag and the CA bundle it publishes, as kube-controller-manager
 * 1.32's startRootCACertPublisher picks it: the --root-ca-file (which must hold a PEM
 * certificate), else the CA data of the manager's kubeconfig, else nothing ("").
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FlagSpec } from '@wheelhouse/flags';
import { messageOf } from '../../workload/pod-control.js';

/** kube's --root-ca-file. */
export const ROOT_CA_FILE_FLAG = 'root-ca-file';

/** The publisher's own flags, with kube's text and default. */
export const ROOT_CA_PUBLISHER_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [ROOT_CA_FILE_FLAG]: {
    type: 'string',
    description:
      "If set, this root certificate authority will be included in service account's token secret. This must be a valid PEM-encoded CA bundle.",
    default: '',
    placeholder: 'FILE',
  },
};

const PEM_BLOCK = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/**
 * Checks that `pem` holds at least one parseable CERTIFICATE block (kube's certutil.ParseCertsPEM);
 * throws with the reason otherwise.
 */
export function checkCertsPem(pem: string): void {
  let found = 0;
  for (const block of pem.matchAll(PEM_BLOCK)) {
    if (block[1] !== 'CERTIFICATE' || /^[\w-]+:/m.test(block[2] ?? '')) continue;
    new X509Certificate(block[0]);
    found++;
  }
  if (found === 0) throw new Error('data does not contain any valid RSA or ECDSA certificates');
}

/**
 * The text of the --root-ca-file at `path` (kube's readCA). Throws
 * `error parsing root-ca-file at PATH: ...` when it cannot be read or holds no PEM certificate.
 */
export function readRootCaFile(path: string): string {
  try {
    const pem = readFileSync(path, 'utf8');
    checkCertsPem(pem);
    return pem;
  } catch (err) {
    throw new Error(`error parsing ${ROOT_CA_FILE_FLAG} at ${path}: ${messageOf(err)}`, { cause: err });
  }
}

/** The --root-ca-file from the controller's settings ("" when not given). */
export function rootCaFileOf(settings: Readonly<Record<string, unknown>> | undefined): string {
  const value = settings?.[ROOT_CA_FILE_FLAG];
  return typeof value === 'string' ? value : '';
}

/** Throws as {@link readRootCaFile} when a --root-ca-file is given and unusable. */
export function checkRootCaPublisherSettings(settings: Readonly<Record<string, unknown>>): void {
  const path = rootCaFileOf(settings);
  if (path) readRootCaFile(path);
}

/**
 * The CA bundle to publish: the --root-ca-file's text if one is given (throwing as
 * {@link readRootCaFile}), else `kubeconfigCaData`, else "".
 */
export function rootCaOf(settings: Readonly<Record<string, unknown>> | undefined, kubeconfigCaData?: string): string {
  const path = rootCaFileOf(settings);
  return path ? readRootCaFile(path) : (kubeconfigCaData ?? '');
}
