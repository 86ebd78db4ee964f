/**
 * authentication.k8s.io/v1 and authorization.k8s.io/v1 messages (the reviews and token
 * requests kubectl sends as protobuf: `kubectl auth can-i`, `kubectl auth whoami`,
 * `kubectl create token`): field numbers and types as in
 * k8s.io/api authentication/v1 and authorization/v1, Go field order. Syntax: see
 * @wheelhouse/machinery's protobuf/descriptor.ts. The `extra` maps (of ExtraValue) are left
 * out: kubectl never sends them, and they have no bearing on an AlwaysAllow answer.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const AUTH_DESCRIPTORS: DescriptorTable = {
  FieldSelectorRequirement: 'key=1! operator=2! values=3:[]s',
  FieldSelectorAttributes: 'rawSelector=1 requirements=2:[]FieldSelectorRequirement',
  LabelSelectorAttributes: 'rawSelector=1 requirements=2:[]LabelSelectorRequirement',
  ResourceAttributes:
    'namespace=1 verb=2 group=3 version=4 resource=5 subresource=6 name=7 ' +
    'fieldSelector=8:*FieldSelectorAttributes labelSelector=9:*LabelSelectorAttributes',
  NonResourceAttributes: 'path=1 verb=2',
  SubjectAccessReviewSpec:
    'resourceAttributes=1:*ResourceAttributes nonResourceAttributes=2:*NonResourceAttributes ' +
    'user=3 groups=4:[]s uid=6',
  SelfSubjectAccessReviewSpec:
    'resourceAttributes=1:*ResourceAttributes nonResourceAttributes=2:*NonResourceAttributes',
  SubjectAccessReviewStatus: 'allowed=1:bool! denied=4:bool reason=2 evaluationError=3',
  SubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  LocalSubjectAccessReview: 'metadata=1:ObjectMeta spec=2:SubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  SelfSubjectAccessReview:
    'metadata=1:ObjectMeta spec=2:SelfSubjectAccessReviewSpec! status=3:SubjectAccessReviewStatus',
  SelfSubjectRulesReviewSpec: 'namespace=1',
  ResourceRule: 'verbs=1:[]s! apiGroups=2:[]s resources=3:[]s resourceNames=4:[]s',
  NonResourceRule: 'verbs=1:[]s! nonResourceURLs=2:[]s',
  SubjectRulesReviewStatus:
    'resourceRules=1:[]ResourceRule! nonResourceRules=2:[]NonResourceRule! incomplete=3:bool! evaluationError=4',
  SelfSubjectRulesReview: 'metadata=1:ObjectMeta spec=2:SelfSubjectRulesReviewSpec! status=3:SubjectRulesReviewStatus',
  UserInfo: 'username=1 uid=2 groups=3:[]s',
  SelfSubjectReviewStatus: 'userInfo=1:UserInfo',
  SelfSubjectReview: 'metadata=1:ObjectMeta status=2:SelfSubjectReviewStatus',
  TokenReviewSpec: 'token=1 audiences=2:[]s',
  TokenReviewStatus: 'authenticated=1:bool user=2:UserInfo audiences=4:[]s error=3',
  TokenReview: 'metadata=1:ObjectMeta spec=2:TokenReviewSpec! status=3:TokenReviewStatus',
  BoundObjectReference: 'kind=1 apiVersion=2 name=3 uid=4',
  TokenRequestSpec: 'audiences=1:[]s! expirationSeconds=4:*i64 boundObjectRef=3:*BoundObjectReference',
  TokenRequestStatus: 'token=1! expirationTimestamp=2:Time!',
  TokenRequest: 'metadata=1:ObjectMeta spec=2:TokenRequestSpec! status=3:TokenRequestStatus',
};
