import { describe, expect, it } from 'vitest';
import { defaultCSIDriver } from '../defaults/storage-csi.js';
import type { CSIDriver, CSINode, VolumeAttachment } from '../schema/storage-v1-csi.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import {
  validateCSIDriver,
  validateCSIDriverUpdate,
  validateCSINode,
  validateVolumeAttachment,
  validateVolumeAttachmentUpdate,
} from './storage-csi.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);

describe('CSIDriver defaults and validation', () => {
  const driver = (spec: CSIDriver['spec'] = {}): CSIDriver =>
    defaultCSIDriver({ metadata: { name: 'ebs.csi.aws.com' }, spec });

  it("fills kube's defaults and accepts the result", () => {
    expect(driver().spec).toEqual({
      attachRequired: true,
      podInfoOnMount: false,
      storageCapacity: false,
      fsGroupPolicy: 'ReadWriteOnceWithFSType',
      volumeLifecycleModes: ['Persistent'],
      requiresRepublish: false,
      seLinuxMount: false,
    });
    expect(validateCSIDriver(driver())).toEqual([]);
  });

  it('refuses unknown modes and policies, duplicate audiences and short token lifetimes', () => {
    const d = driver({
      fsGroupPolicy: 'Sometimes',
      volumeLifecycleModes: ['Persistent', 'Forever'],
      tokenRequests: [{ audience: 'a', expirationSeconds: 60 }, { audience: 'a' }],
    });
    expect(messages(validateCSIDriver(d))).toEqual([
      'spec.fsGroupPolicy: Unsupported value: "Sometimes": supported values: "File", "None", "ReadWriteOnceWithFSType"',
      'spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
      'spec.tokenRequests[1].audience: Duplicate value: "a"',
      'spec.volumeLifecycleModes: Unsupported value: "Forever": supported values: "Persistent", "Ephemeral"',
    ]);
  });

  it('keeps attachRequired immutable (under kube\'s "attachedRequired" path)', () => {
    const old = driver();
    expect(messages(validateCSIDriverUpdate(driver({ attachRequired: false }), old))).toEqual([
      'spec.attachedRequired: Invalid value: false: field is immutable',
    ]);
  });
});

describe('CSINode validation', () => {
  it('checks driver names, node IDs and topology keys', () => {
    const node: CSINode = {
      metadata: { name: 'node-1' },
      spec: {
        drivers: [
          { name: 'ebs.csi.aws.com', nodeID: 'i-1', topologyKeys: ['topology.ebs.csi.aws.com/zone'] },
          { name: 'ebs.csi.aws.com', nodeID: '' },
        ],
      },
    };
    expect(messages(validateCSINode(node))).toEqual([
      'spec.drivers[1].nodeID: Required value',
      'spec.drivers[1].name: Duplicate value: "ebs.csi.aws.com"',
    ]);
  });
});

describe('VolumeAttachment validation', () => {
  const va = (spec: VolumeAttachment['spec']): VolumeAttachment => ({ metadata: { name: 'csi-123' }, spec });

  it('accepts an attachment of a persistent volume to a node', () => {
    const ok = va({ attacher: 'ebs.csi.aws.com', nodeName: 'node-1', source: { persistentVolumeName: 'pv-1' } });
    expect(validateVolumeAttachment(ok)).toEqual([]);
  });

  it('needs an attacher and exactly one source, and keeps the spec read-only', () => {
    expect(messages(validateVolumeAttachment(va({ attacher: 'csi', nodeName: 'n' })))).toEqual([
      'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
    ]);
    const old = va({ attacher: 'csi', nodeName: 'n', source: { persistentVolumeName: 'a' } });
    const next = va({ attacher: 'csi', nodeName: 'n', source: { persistentVolumeName: 'b' } });
    expect(messages(validateVolumeAttachmentUpdate(next, old))).toEqual([
      'spec: Invalid value: storage.VolumeAttachmentSpec{...}: field is immutable',
    ]);
  });
});
