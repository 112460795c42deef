"""Create frozen dtool datasets with dtoolcore itself, the library behind `dtool create`.

Faster than one `dtool` command per step (each costs a Python start-up), and the result is the
same: dtoolcore writes through the storage broker of the base URI (disk or dtool-s3).

Reads a JSON list on stdin, one object per dataset:
  {"name": str, "base_uri": "file:///abs/dir" | "s3://bucket", "readme": str,
   "items": [{"path": "/abs/file", "relpath": "a/b.txt"}], "tags": [str],
   "annotations": {name: JSON text}}   (text, so that 2.0 stays a float as in Python)
Prints a JSON list of the frozen datasets' URIs, in the same order.
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")

import dtoolcore  # noqa: E402  (after the warning filters)


def create(spec):
    proto = dtoolcore.create_proto_dataset(spec["name"], spec["base_uri"], spec.get("readme", ""))
    for item in spec.get("items", []):
        proto.put_item(item["path"], item["relpath"])
    for tag in spec.get("tags", []):
        proto.put_tag(tag)
    for name, text in spec.get("annotations", {}).items():
        proto.put_annotation(name, json.loads(text))
    proto.freeze()
    return proto.uri


def main():
    specs = json.load(sys.stdin)
    print(json.dumps([create(spec) for spec in specs]))


if __name__ == "__main__":
    main()
