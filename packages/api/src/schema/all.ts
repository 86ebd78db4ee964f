/**
 * Loads every schema module so that every named schema is in `apiSchemas` (some, such as
 * autoscaling/v1 Scale, are otherwise only referenced as types). Import for side effects.
 */
import './meta-v1.js';
import './core-v1-pod.js';
import './core-v1-node.js';
import './core-v1-service.js';
import './core-v1-config.js';
import './core-v1-componentstatus.js';
import './core-v1-replication.js';
import './core-v1-quota.js';
import './apps-v1.js';
import './autoscaling-v1.js';
import './autoscaling-v1-hpa.js';
import './autoscaling-v2.js';
import './batch-v1.js';
import './batch-v1-cronjob.js';
import './authentication-v1.js';
import './authorization-v1.js';
import './coordination-v1.js';
import './policy-v1.js';
import './scheduling-v1.js';
import './node-v1.js';
import './discovery-v1.js';
import './rbac-v1.js';
import './core-v1-persistentvolume.js';
import './storage-v1.js';
