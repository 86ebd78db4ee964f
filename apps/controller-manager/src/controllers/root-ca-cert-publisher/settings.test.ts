// --root-ca-file as kube-controller-manager reads it (readCA): the file's text when it holds a
// PEM certificate, a startup error naming the file otherwise; without it, the kubeconfig's CA.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseFlags } from '@wheelhouse/flags';
import { type TempDir, tempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromFlags, controllerManagerCommand } from '../../main.js';
import { checkRootCaPublisherSettings, readRootCaFile, rootCaOf } from './settings.js';

let dir: TempDir;
let caFile: string;
let ca: string;

/** Writes `text` to a file in the test's directory and returns its path. */
async function file(name: string, text: string): Promise<string> {
  const path = join(dir.path, name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  dir = await tempDir('root-ca-');
  caFile = join(dir.path, 'ca.pem');
  const key = join(dir.path, 'ca.key');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1'];
  await promisify(execFile)('openssl', [...args, '-subj', '/CN=wheelhouse-test-ca']);
  ca = await readFile(caFile, 'utf8');
});
afterAll(async () => {
  await dir?.cleanup();
});

describe('--root-ca-file', () => {
  it('is a flag of `wheelhouse controller-manager`, default ""', () => {
    const settingOf = (args: string[]) =>
      configFromFlags(parseFlags(controllerManagerCommand, args).flags).settings?.['root-ca-file'];
    expect(settingOf([])).toBe('');
    expect(settingOf(['--root-ca-file', caFile])).toBe(caFile);
  });

  it("is published as the file's text when it holds a PEM certificate", () => {
    expect(readRootCaFile(caFile)).toBe(ca);
    expect(rootCaOf({ 'root-ca-file': caFile }, 'kubeconfig CA')).toBe(ca);
    expect(() => checkRootCaPublisherSettings({ 'root-ca-file': caFile })).not.toThrow();
  });

  it('takes a bundle of several certificates, with text around them', async () => {
    const bundle = await file('bundle.pem', `# ours\n${ca}${ca}`);
    expect(readRootCaFile(bundle)).toBe(`# ours\n${ca}${ca}`);
  });

  it('is a startup error naming the file when it cannot be read', () => {
    const missing = join(dir.path, 'missing.pem');
    expect(() => checkRootCaPublisherSettings({ 'root-ca-file': missing })).toThrow(
      new RegExp(`^error parsing root-ca-file at ${missing}: .*no such file or directory`),
    );
  });

  it('is a startup error naming the file when it holds no certificate', async () => {
    const key = join(dir.path, 'ca.key');
    for (const path of [await file('empty.pem', ''), await file('text.pem', 'not a certificate\n'), key]) {
      expect(() => readRootCaFile(path)).toThrow(
        `error parsing root-ca-file at ${path}: data does not contain any valid RSA or ECDSA certificates`,
      );
    }
    const broken = await file('broken.pem', '-----BEGIN CERTIFICATE-----\nbm90IGRlcg==\n-----END CERTIFICATE-----\n');
    expect(() => readRootCaFile(broken)).toThrow(`error parsing root-ca-file at ${broken}: `);
  });

  it("falls back to the kubeconfig's CA, else to nothing", () => {
    expect(rootCaOf({ 'root-ca-file': '' }, 'kubeconfig CA')).toBe('kubeconfig CA');
    expect(rootCaOf(undefined, 'kubeconfig CA')).toBe('kubeconfig CA');
    expect(rootCaOf(undefined, undefined)).toBe('');
    expect(() => checkRootCaPublisherSettings({ 'root-ca-file': '' })).not.toThrow();
  });
});
