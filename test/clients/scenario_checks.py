"""What every python-gitlab scenario script shares: its context, a client per token, and checks.

The scripts run as `python3 test/clients/<script>.py <scenario>`, so this file, beside them, imports
as `scenario_checks`. LATCHKEY_CLIENT_CONTEXT holds the context as JSON (the URL, a project, tokens).
"""

import json
import os

import gitlab

CONTEXT = json.loads(os.environ.get("LATCHKEY_CLIENT_CONTEXT", "{}"))


def connect(token_name):
    return gitlab.Gitlab(CONTEXT["url"], private_token=CONTEXT[token_name], timeout=30)


def project_as(token_name):
    return connect(token_name).projects.get(CONTEXT["project"])


def check(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def refused_with(status, call, what, message=None):
    try:
        call()
    except gitlab.exceptions.GitlabError as error:
        check(error.response_code, status, f"{what}: status")
        if message is not None:
            check(error.error_message, message, f"{what}: message")
        return
    raise AssertionError(f"{what}: expected HTTP {status}, the call succeeded")
