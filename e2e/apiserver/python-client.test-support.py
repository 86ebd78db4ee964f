"""Drives the official Kubernetes Python client against the API server at argv[1].

Test support for python-client.test.ts: runs the steps a Python controller would
(create, paginated list, watch from a resourceVersion, patch, delete, errors) and prints
one JSON object describing what the client saw. Any unexpected exception exits non-zero
with its traceback on stderr.
"""

import json
import sys

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

NAMESPACE = "py-client"


def api_error(call):
    """Runs call, which must raise ApiException; returns what the client exposes of it."""
    try:
        call()
    except ApiException as e:
        body = json.loads(e.body)
        return {"status": e.status, "reason": body.get("reason"), "kind": body.get("kind")}
    raise AssertionError("no ApiException")


def main():
    cfg = client.Configuration()
    cfg.host = sys.argv[1]
    core = client.CoreV1Api(client.ApiClient(cfg))
    seen = {}

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=NAMESPACE)))
    for i in range(5):
        core.create_namespaced_config_map(
            NAMESPACE, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="cm-%d" % i), data={"i": str(i)})
        )

    # Pagination: limit + _continue until the server gives no token.
    names, pages, token = [], 0, None
    while True:
        kwargs = {"limit": 2}
        if token:
            kwargs["_continue"] = token
        page = core.list_namespaced_config_map(NAMESPACE, **kwargs)
        pages += 1
        names += [item.metadata.name for item in page.items]
        token = page.metadata._continue
        if not token:
            break
    seen["pages"] = pages
    seen["names"] = names

    # Changes after a resourceVersion, then a watch from it (the client sends watch=True).
    since = core.list_namespaced_config_map(NAMESPACE).metadata.resource_version
    core.create_namespaced_config_map(NAMESPACE, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="cm-new")))
    patched = core.patch_namespaced_config_map("cm-0", NAMESPACE, {"data": {"patched": "yes"}})
    seen["patched"] = patched.data
    core.delete_namespaced_config_map("cm-1", NAMESPACE)
    events = []
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_config_map, NAMESPACE, resource_version=since, timeout_seconds=30):
        events.append([event["type"], event["object"].metadata.name])
        if len(events) == 3:
            w.stop()
    seen["events"] = events

    seen["notFound"] = api_error(lambda: core.read_namespaced_config_map("missing", NAMESPACE))
    seen["alreadyExists"] = api_error(
        lambda: core.create_namespaced_config_map(
            NAMESPACE, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="cm-2"))
        )
    )
    seen["remaining"] = sorted(item.metadata.name for item in core.list_namespaced_config_map(NAMESPACE).items)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
