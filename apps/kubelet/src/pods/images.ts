import { createHash } from 'node:crypto';
import { RUNTIME_VERSION } from '../nodes/node-config.js';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The image reference as a runtime reports it: registry and repository named in full, tag dropped. */
export function normalizeImage(image: string): string {
  const name = image.split('@')[0]!.replace(/:[^/:]+$/, '');
  const first = name.split('/')[0]!;
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return name;
  return name.includes('/') ? `docker.io/${name}` : `docker.io/library/${name}`;
}

/** A made-up but stable imageID: the normalized reference with a sha256 digest of the image. */
export function imageId(image: string): string {
  return `${normalizeImage(image)}@sha256:${sha256(image)}`;
}

/** A made-up but stable image size in bytes, between 5 MB and 200 MB. */
export function imageSize(image: string): number {
  return 5_000_000 + (parseInt(sha256(image).slice(0, 8), 16) % 195_000_000);
}

/** A made-up container ID, one per pod, container and restart: `wheelhouse-sim://<64 hex>`. */
export function containerId(podUid: string, container: string, restarts: number): string {
  const scheme = RUNTIME_VERSION.split(':')[0]!;
  return `${scheme}://${sha256(`${podUid}/${container}/${restarts}`)}`;
}
