"""Parse READMEs the way dtool-lookup-server 0.17.2 stores them, for comparison without S3.

Run with .tools/venv-legacy/bin/python. Reads a JSON list of README texts on stdin; prints a
JSON list with, for each, {"readme": <relaxed Extended JSON of the stored value>} or
{"error": <exception class>} when the reference would refuse the dataset. The value goes
through dtool_lookup_server.utils' own steps: yaml.load with FullLoader, then
json.dumps(default=_json_serial) and json.loads (dates become ISO strings).
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")

import bson.json_util  # noqa: E402  (after the warning filters)
import yaml  # noqa: E402
from dtool_lookup_server.utils import _json_serial  # noqa: E402


def stored(text):
    try:
        value = json.loads(json.dumps(yaml.load(text, Loader=yaml.FullLoader), default=_json_serial))
    except (yaml.YAMLError, TypeError, ValueError) as error:
        return {"error": type(error).__name__}
    document = bson.json_util.dumps({"readme": value}, json_options=bson.json_util.RELAXED_JSON_OPTIONS)
    return json.loads(document)


def main():
    sys.stdout.reconfigure(encoding="utf-8")
    print(json.dumps([stored(text) for text in json.load(sys.stdin)], ensure_ascii=False))


if __name__ == "__main__":
    main()
