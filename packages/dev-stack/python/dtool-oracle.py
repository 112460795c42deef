"""Print the MongoDB document the Python dtool lookup server would store for one dataset.

The judge of the interop tests: it computes the document with the reference code itself, run
from the pinned virtual environments that scripts/python-tools.mjs creates.

  default   dservercore.utils.generate_dataset_info(DataSet.from_uri(uri), base_uri), checked
            with dservercore.utils.dataset_info_is_valid, then stored the way dserver's Mongo
            search plugin stores it (dserver_search_plugin_mongo.utils_search.
            _register_dataset_descriptive_metadata: created_at/frozen_at become datetimes).
            Run with .tools/venv/bin/python.
  --legacy  dtool-lookup-server 0.17.2: README parsed as YAML, no number_of_items or
            size_in_bytes; dtool_lookup_server.utils._register_dataset_descriptive_metadata
            converts the dates. Run with .tools/venv-legacy/bin/python.

usage: python dtool-oracle.py [--legacy] [--canonical]
                              [--mongo-uri URI [--db NAME] [--collection NAME]] DATASET_URI BASE_URI

S3 access is configured the dtool way, by environment: DTOOL_S3_ENDPOINT_<bucket>,
DTOOL_S3_ACCESS_KEY_ID_<bucket>, DTOOL_S3_SECRET_ACCESS_KEY_<bucket>.

Without --mongo-uri the reference stores into a stand-in collection and the document is
passed through BSON, so it is exactly what MongoDB would hold (datetimes cut to milliseconds,
integers as int32/int64). With --mongo-uri the reference writes into that real collection and
the stored document is read back (without _id). Either way one JSON document is printed, in
the reference's key order, as MongoDB Extended JSON: relaxed by default (dates as
{"$date": "YYYY-MM-DDTHH:MM:SS.mmmZ"}, numbers as JSON numbers) or canonical with --canonical
(numbers as {"$numberInt": ...} / {"$numberLong": ...} / {"$numberDouble": ...}).

Exit status: 0 printed; 3 the reference would not register it, reason on stderr (not a frozen
dataset or none at all; a `dtool` object without S3 user metadata, as dtool-s3 reads admin
metadata from there only; invalid dataset info; with --legacy, a README that is not valid YAML);
2 usage; 1 anything else.
"""

import argparse
import datetime
import json
import sys
import warnings

# Deprecation noise (pkg_resources, utcfromtimestamp) from the reference code, not ours.
warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")

import bson  # noqa: E402  (after the warning filters)
import bson.json_util  # noqa: E402
import dtoolcore  # noqa: E402

NOT_REGISTERED = 3


class NotRegistered(Exception):
    """The reference would not store this dataset."""


class CapturingCollection:
    """Stands in for a pymongo collection: keeps the document the reference stores, as BSON."""

    def __init__(self):
        self.document = None

    def find_one(self, query, *args, **kwargs):
        return None

    def insert_one(self, document):
        self.document = bson.decode(bson.encode(document))

    def find_one_and_replace(self, query, document, *args, **kwargs):
        self.insert_one(document)


def load_dataset(uri):
    try:
        return dtoolcore.DataSet.from_uri(uri)
    except dtoolcore.DtoolCoreTypeError as error:
        raise NotRegistered("dtoolcore: {}".format(error))
    except KeyError as error:
        # dtool-s3 reads admin metadata from S3 user metadata only, never from the body.
        raise NotRegistered("dtoolcore: admin metadata has no {}".format(error))


def store_current(dataset, base_uri, collection):
    """dserver (dservercore 0.22 + dserver-search-plugin-mongo 0.4)."""
    import dservercore.utils
    from dserver_search_plugin_mongo.utils_search import _register_dataset_descriptive_metadata

    dataset_info = dservercore.utils.generate_dataset_info(dataset, base_uri)
    if not dservercore.utils.dataset_info_is_valid(dataset_info):
        raise NotRegistered("dservercore.utils.dataset_info_is_valid refused it")
    # dservercore.utils.register_dataset passes a copy to each plugin.
    _register_dataset_descriptive_metadata(collection, dataset_info.copy())


def store_legacy(dataset, base_uri, collection):
    """dtool-lookup-server 0.17.2 (README parsed as YAML)."""
    import yaml
    from dtool_lookup_server.utils import (
        generate_dataset_info,
        _register_dataset_descriptive_metadata,
    )

    try:
        dataset_info = generate_dataset_info(dataset, base_uri)
    except yaml.YAMLError as error:
        raise NotRegistered("the README is not valid YAML: {}".format(str(error).splitlines()[0]))
    if _register_dataset_descriptive_metadata(collection, dataset_info) is None:
        raise NotRegistered("dtool_lookup_server.utils.dataset_info_is_valid refused it")


def to_relaxed(value):
    """Plain JSON, except datetimes: {"$date": ISO 8601 with milliseconds, UTC}."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {"$date": value.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (value.microsecond // 1000)}
    if isinstance(value, dict):
        return {key: to_relaxed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_relaxed(item) for item in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return json.loads(bson.json_util.dumps(value, json_options=bson.json_util.RELAXED_JSON_OPTIONS))


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Print the document the Python dtool lookup server would store.")
    parser.add_argument("dataset_uri", help="e.g. s3://my-bucket/1a1f9fad-8589-413e-9602-5bbd66bfe675")
    parser.add_argument("base_uri", help="e.g. s3://my-bucket")
    parser.add_argument("--legacy", action="store_true", help="dtool-lookup-server 0.17.2 layout (README parsed as YAML)")
    parser.add_argument("--canonical", action="store_true", help="canonical Extended JSON (BSON number types)")
    parser.add_argument("--mongo-uri", help="let the reference write into this MongoDB and print what it stored")
    parser.add_argument("--db", default="dtool_info")
    parser.add_argument("--collection", default="datasets")
    return parser.parse_args(argv)


def main(argv):
    args = parse_arguments(argv)
    if args.mongo_uri:
        import pymongo

        client = pymongo.MongoClient(args.mongo_uri, uuidRepresentation="standard")
        collection = client[args.db][args.collection]
    else:
        client, collection = None, CapturingCollection()

    try:
        dataset = load_dataset(args.dataset_uri)
        (store_legacy if args.legacy else store_current)(dataset, args.base_uri, collection)
    except ImportError as error:
        venv = ".tools/venv-legacy" if args.legacy else ".tools/venv"
        print("dtool-oracle: {}; run this mode with {}/bin/python".format(error, venv), file=sys.stderr)
        return 1
    except NotRegistered as reason:
        print("dtool-oracle: not registered: {}".format(reason), file=sys.stderr)
        return NOT_REGISTERED

    if client is None:
        document = collection.document
    else:
        document = collection.find_one({"uri": dataset.uri}, {"_id": False})
        client.close()

    if args.canonical:
        text = bson.json_util.dumps(document, json_options=bson.json_util.CANONICAL_JSON_OPTIONS, ensure_ascii=False)
    else:
        text = json.dumps(to_relaxed(document), ensure_ascii=False, allow_nan=False)
    sys.stdout.reconfigure(encoding="utf-8")
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
