"""dserver (dservercore + the Mongo search and retrieve plugins) as the tests and the local stack run it.

Used as the Flask app of both the server and dserver's own `flask` CLI:

    FLASK_APP=<this file> flask user add dtool-notify
    python <this file> serve --port 5001      serve (threaded Werkzeug server) until SIGTERM
    python <this file> provision SPEC.json    base URIs, users, permissions in one process; prints
                                              {"tokens": {user: token}} (dserver's own helpers, as
                                              its `flask` CLI calls them, without a start-up per step)

One start-up failure is let through on purpose: the Mongo search plugin creates a `$**` text
index (for free-text search) every time it starts, and FerretDB 1.24 refuses text indexes.
Everything but `free_text` search works without it, so that one refusal is logged and
start-up goes on; any other index failure still stops dserver. The SQL tables are created
at start-up (dservercore ships no migrations).
"""

import argparse
import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", message="pkg_resources is deprecated")

import pymongo  # noqa: E402
import pymongo.collection  # noqa: E402
import pymongo.errors  # noqa: E402

_create_index = pymongo.collection.Collection.create_index


_told_about_text_index = []


def _create_index_tolerating_ferretdb(self, keys, *args, **kwargs):
    try:
        return _create_index(self, keys, *args, **kwargs)
    except pymongo.errors.OperationFailure as error:
        if keys == [("$**", pymongo.TEXT)]:
            if _told_about_text_index:
                return None
            _told_about_text_index.append(True)
            print("dserver_app: the MongoDB server refused the search plugin's $** text index "
                  "(FerretDB 1.24 has no text indexes); free_text search is unavailable: {}".format(error),
                  file=sys.stderr, flush=True)
            return None
        raise


pymongo.collection.Collection.create_index = _create_index_tolerating_ferretdb

from dservercore import create_app, sql_db  # noqa: E402

app = create_app()
with app.app_context():
    sql_db.create_all()


def provision(spec_path):
    """Registers base URIs and users and grants permissions (idempotent); prints a token per user."""
    from flask_jwt_extended import create_access_token
    from dservercore import utils

    with open(spec_path) as spec_file:
        spec = json.load(spec_file)
    with app.app_context():
        for base_uri in spec.get("base_uris", []):
            if not utils.base_uri_exists(base_uri):
                utils.register_base_uri(base_uri)
        for user in spec.get("users", []):
            if not utils.user_exists(user["username"]):
                utils.register_users([{"username": user["username"], "is_admin": user.get("admin", False)}])
        for base_uri in spec.get("base_uris", []):
            permissions = utils.get_permission_info(base_uri)
            for user in spec.get("users", []):
                for kind, key in (("search", "users_with_search_permissions"), ("register", "users_with_register_permissions")):
                    if base_uri in user.get(kind, []) and user["username"] not in permissions[key]:
                        permissions[key].append(user["username"])
            utils.register_permissions(base_uri, permissions)
        tokens = {user["username"]: create_access_token(identity=user["username"], expires_delta=False)
                  for user in spec.get("users", [])}
    print(json.dumps({"tokens": tokens}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, required=True)
    commands.add_parser("provision").add_argument("spec")
    options = parser.parse_args()
    if options.command == "provision":
        provision(options.spec)
        return
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print("dserver_app: listening on http://{}:{}".format(options.host, options.port), file=sys.stderr, flush=True)
    app.run(host=options.host, port=options.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
