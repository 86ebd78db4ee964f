import { describe, expect, it } from 'vitest';
import { defaultCSIDriver } from '../defaults/storage-csi.js';
import { csiDriverPrinter, csiNodePrinter, volumeAttachmentPrinter } from './storage-csi.js';

const now = new Date('2024-05-01T12:00:00Z');
const meta = { name: 'x', creationTimestamp: '2024-05-01T11:00:00Z' };

describe('storage CSI printers', () => {
  it("have kube-apiserver's columns", () => {
    expect(csiDriverPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'AttachRequired',
      'PodInfoOnMount',
      'StorageCapacity',
      'TokenRequests',
      'RequiresRepublish',
      'Modes',
      'Age',
    ]);
    expect(csiNodePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Drivers', 'Age']);
    expect(volumeAttachmentPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Attacher',
      'PV',
      'Node',
      'Attached',
      'Age',
    ]);
  });

  it('prints a defaulted CSIDriver, <unset> without token requests', () => {
    expect(csiDriverPrinter.cells(defaultCSIDriver({ metadata: meta }), now)).toEqual([
      'x',
      true,
      false,
      false,
      '<unset>',
      false,
      'Persistent',
      '60m',
    ]);
    const withTokens = defaultCSIDriver({
      metadata: meta,
      spec: { tokenRequests: [{ audience: 'a' }, { audience: 'b' }] },
    });
    expect(csiDriverPrinter.cells(withTokens, now)[4]).toBe('a,b');
    const emptyTokens = defaultCSIDriver({ metadata: meta, spec: { tokenRequests: [] } });
    expect(csiDriverPrinter.cells(emptyTokens, now)[4]).toBe('<unset>');
  });

  it('prints CSINode driver counts and VolumeAttachment targets', () => {
    expect(csiNodePrinter.cells({ metadata: meta, spec: { drivers: [{ name: 'a' }, { name: 'b' }] } }, now)).toEqual([
      'x',
      2,
      '60m',
    ]);
    const va = {
      metadata: meta,
      spec: { attacher: 'ebs.csi.aws.com', nodeName: 'n1', source: { persistentVolumeName: 'pv-1' } },
      status: { attached: true },
    };
    expect(volumeAttachmentPrinter.cells(va, now)).toEqual(['x', 'ebs.csi.aws.com', 'pv-1', 'n1', true, '60m']);
  });
});
