/**
 * networking.k8s.io/v1 messages (Ingress, for `kubectl create ingress`): field numbers and
 * types as in k8s.io/api networking/v1, Go field order. Syntax: see @wheelhouse/machinery's
 * protobuf/descriptor.ts.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const NETWORKING_DESCRIPTORS: DescriptorTable = {
  Ingress: 'metadata=1:ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
  IngressSpec: 'ingressClassName=4:*s defaultBackend=1:*IngressBackend tls=2:[]IngressTLS rules=3:[]IngressRule',
  IngressTLS: 'hosts=1:[]s secretName=2',
  IngressStatus: 'loadBalancer=1:IngressLoadBalancerStatus',
  IngressLoadBalancerStatus: 'ingress=1:[]IngressLoadBalancerIngress',
  IngressLoadBalancerIngress: 'ip=1 hostname=2 ports=4:[]IngressPortStatus',
  IngressPortStatus: 'port=1:i32! protocol=2! error=3:*s',
  IngressRule: 'host=1 -=2:IngressRuleValue',
  IngressRuleValue: 'http=1:*HTTPIngressRuleValue',
  HTTPIngressRuleValue: 'paths=1:[]HTTPIngressPath!',
  HTTPIngressPath: 'path=1 pathType=3:*s! backend=2:IngressBackend!',
  IngressBackend: 'service=4:*IngressServiceBackend resource=3:*TypedLocalObjectReference',
  IngressServiceBackend: 'name=1! port=2:ServiceBackendPort',
  ServiceBackendPort: 'name=1 number=2:i32',
};
