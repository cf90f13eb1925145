"""A release bot's repository work with python-gitlab, unmodified, against a listening Latchkey.

Run by test/clients/python-gitlab-repository.test.ts as `python3 python-gitlab-repository.py
<scenario>`, with the context as JSON in LATCHKEY_CLIENT_CONTEXT: the URL, a project seeded by a
real git push (README.md and docs/guide.md on main), a Maintainer and a Developer project access
token with scope `api`. Each scenario checks every step and prints `ok <scenario>` last.
"""

import json
import os
import sys

import gitlab

CONTEXT = json.loads(os.environ.get("LATCHKEY_CLIENT_CONTEXT", "{}"))


def project_as(token_name):
    gl = gitlab.Gitlab(CONTEXT["url"], private_token=CONTEXT[token_name], timeout=30)
    return gl.projects.get(CONTEXT["project"])


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


def tags():
    project = project_as("maintainer_token")
    head = project.commits.get("main").id
    light = project.tags.create({"tag_name": "v1.0.0", "ref": "main"})
    check((light.name, light.commit["id"]), ("v1.0.0", head), "tags.create (lightweight)")
    annotated = project.tags.create({"tag_name": "v1.1.0", "ref": head, "message": "Release 1.1.0"})
    check((annotated.message, annotated.commit["id"]), ("Release 1.1.0", head), "tags.create (annotated)")
    project.tags.create({"tag_name": "scratch", "ref": "main"})
    check(sorted(t.name for t in project.tags.list(get_all=True)), ["scratch", "v1.0.0", "v1.1.0"], "tags.list")
    check(sorted(t.name for t in project.tags.list(search="^v1", get_all=True)), ["v1.0.0", "v1.1.0"], "tags.list(search=^v1)")
    check(project.tags.get("v1.1.0").message, "Release 1.1.0", "tags.get")
    refused_with(400, lambda: project.tags.create({"tag_name": "v1.0.0", "ref": "main"}), "tags.create again", "Tag v1.0.0 already exists")
    project.tags.get("scratch").delete()
    project.tags.delete("v1.0.0")
    check([t.name for t in project.tags.list(get_all=True)], ["v1.1.0"], "tags.list after delete")
    refused_with(404, lambda: project.tags.get("scratch"), "tags.get after delete")


def releases():
    project = project_as("maintainer_token")
    release = project.releases.create(
        {
            "tag_name": "v2.0.0",
            "ref": "main",
            "name": "Two",
            "description": "* everything",
            "assets": {"links": [{"name": "linux binary", "url": "https://example.com/app-linux", "link_type": "package"}]},
        }
    )
    check((release.tag_name, release.name, release.description), ("v2.0.0", "Two", "* everything"), "releases.create")
    check(project.tags.get("v2.0.0").commit["id"], project.commits.get("main").id, "releases.create made the tag from ref")
    project.releases.create({"tag_name": "v1.0.0", "ref": "main", "description": "first", "released_at": "2020-01-01T00:00:00Z"})
    check([r.tag_name for r in project.releases.list(get_all=True)], ["v2.0.0", "v1.0.0"], "releases.list")
    shown = project.releases.get("v2.0.0")
    check([link["name"] for link in shown.assets["links"]], ["linux binary"], "releases.get: asset links")
    shown.name = "Two, final"
    shown.description = "Done."
    shown.save()
    check((project.releases.get("v2.0.0").name, project.releases.get("v2.0.0").description), ("Two, final", "Done."), "release.save()")
    extra = shown.links.create({"name": "checksums", "url": "https://example.com/SHA256SUMS"})
    check(sorted(link.name for link in shown.links.list(get_all=True)), ["checksums", "linux binary"], "release.links.list")
    shown.links.delete(extra.id)
    check([link.name for link in shown.links.list(get_all=True)], ["linux binary"], "release.links.list after delete")
    refused_with(409, lambda: project.releases.create({"tag_name": "v2.0.0", "description": "again"}), "releases.create again")
    project.releases.delete("v2.0.0")
    refused_with(404, lambda: project.releases.get("v2.0.0"), "releases.get after delete")
    check(project.tags.get("v2.0.0").name, "v2.0.0", "the tag outlives its release")



SCENARIOS = {f.__name__: f for f in (tags, releases)}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print(f"ok {sys.argv[1]}")
