"""Drives a listening Latchkey with python-gitlab, unmodified, as a user's script would.

Run by test/clients/python-gitlab.test.ts as `python3 python-gitlab.py <scenario>`, with the
context (URL, tokens, ids) as JSON in LATCHKEY_CLIENT_CONTEXT. Each scenario checks every step and
prints `ok <scenario>` last; any failed check or client error exits non-zero with the reason.
"""

import json
import os
import sys

import gitlab

CONTEXT = json.loads(os.environ.get("LATCHKEY_CLIENT_CONTEXT", "{}"))


def client(token):
    return gitlab.Gitlab(CONTEXT["url"], private_token=token, timeout=30)


def check(actual, expected, what):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def refused_with(status, call, what):
    try:
        call()
    except gitlab.exceptions.GitlabError as error:
        check(error.response_code, status, what)
        return
    raise AssertionError(f"{what}: expected HTTP {status}, the call succeeded")


def auth():
    alice = client(CONTEXT["alice_token"])
    alice.auth()
    check(alice.user.username, "alice", "gl.auth() as alice: gl.user.username")
    check(alice.user.id, CONTEXT["alice_id"], "gl.auth() as alice: gl.user.id")
    root = client(CONTEXT["root_token"])
    root.auth()
    check(root.user.username, "root", "gl.auth() as root: gl.user.username")
    refused_with(401, client("glpat-not-a-real-token-at-all").auth, "gl.auth() with an unknown token")


def projects():
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.create({"name": "Py Project", "description": "made by python-gitlab"})
    check(project.path_with_namespace, "alice/py-project", "projects.create: path_with_namespace")
    check(gl.projects.get(project.id).name, "Py Project", "projects.get(id): name")
    check(gl.projects.get("alice/py-project").id, project.id, "projects.get(path): id")
    for filters in ({"membership": True}, {"owned": True}, {"membership": True, "owned": True}):
        listed = [p.id for p in gl.projects.list(get_all=True, **filters)]
        check(project.id in listed, True, f"projects.list({filters}) includes the new project")
    paged = gl.projects.list(membership=True, per_page=1, get_all=True)
    check(len(paged) >= 1, True, "projects.list(per_page=1, get_all=True) follows the pages")
    seeded = gl.projects.create({"name": "py-readme", "description": "seeded", "initialize_with_readme": True})
    check(seeded.empty_repo, False, "projects.create(initialize_with_readme=True): empty_repo")
    check(seeded.files.raw("README.md", ref="main").decode(), "# py-readme\n\nseeded", "initialize_with_readme: README.md on main")
    check(seeded.branches.create({"branch": "dev", "ref": "main"}).name, "dev", "branches.create from the README's commit")
    seeded.delete()
    doomed = gl.projects.create({"name": "py-doomed"})
    doomed.delete()
    refused_with(404, lambda: gl.projects.get(doomed.id), "projects.get after delete")
    gl.projects.delete(project.id)
    refused_with(404, lambda: gl.projects.get(project.id), "projects.delete(id), then get")


def members():
    root = client(CONTEXT["root_token"])
    bob = root.users.create(
        {"username": "py-bob", "email": "py-bob@example.com", "name": "Py Bob", "password": "password-123"}
    )
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.create({"name": "py-members"})
    added = project.members.create({"user_id": bob.id, "access_level": gitlab.const.AccessLevel.DEVELOPER})
    check(added.access_level, 30, "members.create: access_level")
    listed = sorted((m.username, m.access_level) for m in project.members.list(get_all=True))
    check(listed, [("alice", 50), ("py-bob", 30)], "members.list")
    member = project.members.get(bob.id)
    member.access_level = gitlab.const.AccessLevel.MAINTAINER
    member.save()
    check(project.members.get(bob.id).access_level, 40, "member.save() with a new access_level")
    check(len(project.members_all.list(get_all=True)), 2, "members_all.list")
    member.delete()
    check([m.username for m in project.members.list(get_all=True)], ["alice"], "members.list after member.delete()")
    refused_with(404, lambda: project.members.get(bob.id), "members.get after delete")


def issues():
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.create({"name": "py-issues"})
    issue = project.issues.create({"title": "Py bug", "description": "found by python-gitlab"})
    check(issue.iid, 1, "issues.create: iid")
    check(issue.state, "opened", "issues.create: state")
    check([i.title for i in project.issues.list(get_all=True)], ["Py bug"], "issues.list")
    issue.description = "edited by python-gitlab"
    issue.save()
    check(project.issues.get(issue.iid).description, "edited by python-gitlab", "issue.save() with a new description")
    note = issue.notes.create({"body": "a note from python-gitlab"})
    check(note.body, "a note from python-gitlab", "notes.create: body")
    check([n.body for n in issue.notes.list(get_all=True)], ["a note from python-gitlab"], "notes.list")
    issue.state_event = "close"
    issue.save()
    check(issue.state, "closed", "issue.save() with state_event=close: state")
    check(project.issues.get(issue.iid).state, "closed", "issues.get after closing: state")
    check([i.iid for i in project.issues.list(state="closed", get_all=True)], [1], "issues.list(state='closed')")
    check(project.issues.list(state="opened", get_all=True), [], "issues.list(state='opened')")


def project_access_tokens():
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.create({"name": "py-tokens"})
    check(project.access_tokens.list(get_all=True), [], "access_tokens.list on a new project")
    created = project.access_tokens.create(
        {"name": "py bot", "scopes": ["api", "read_repository"], "expires_at": "2027-01-01", "access_level": 30}
    )
    check(created.name, "py bot", "access_tokens.create: name")
    check(created.scopes, ["api", "read_repository"], "access_tokens.create: scopes")
    check(created.access_level, 30, "access_tokens.create: access_level")
    check(created.expires_at, "2027-01-01", "access_tokens.create: expires_at")
    check(created.token.startswith("glpat-"), True, "access_tokens.create: token")
    listed = project.access_tokens.list(get_all=True)
    check([t.id for t in listed], [created.id], "access_tokens.list")
    check(hasattr(listed[0], "token"), False, "access_tokens.list never shows the token")

    bot = client(created.token)
    bot.auth()
    check(bot.user.id, created.user_id, "gl.auth() with the project access token")
    check(bot.user.bot, True, "gl.user.bot for the token's bot")

    # Rotation revokes the old token; presenting it again would be a reuse, which revokes the chain.
    rotated = gl.http_post(f"/projects/{project.id}/access_tokens/{created.id}/rotate")
    check(rotated["user_id"], created.user_id, "POST .../access_tokens/:id/rotate: user_id")
    check(rotated["token"] != created.token, True, "POST .../access_tokens/:id/rotate: a new token")
    as_rotated = client(rotated["token"])
    as_rotated.auth()
    check(as_rotated.user.id, created.user_id, "gl.auth() with the rotated token")

    itself = as_rotated.http_post(f"/projects/{project.id}/access_tokens/self/rotate")
    check(itself["user_id"], created.user_id, "POST .../access_tokens/self/rotate: user_id")
    as_itself = client(itself["token"])
    as_itself.auth()
    check(as_itself.user.id, created.user_id, "gl.auth() with the self-rotated token")

    listed = sorted((t.id, t.active) for t in project.access_tokens.list(get_all=True))
    check(listed, sorted([(created.id, False), (rotated["id"], False), (itself["id"], True)]), "access_tokens.list after rotations")
    project.access_tokens.delete(itself["id"])
    refused_with(401, as_itself.auth, "gl.auth() with a deleted project access token")
    refused_with(401, bot.auth, "gl.auth() with the first, rotated-away token")
    refused_with(404, lambda: project.access_tokens.delete(itself["id"]), "access_tokens.delete twice")


def personal_access_tokens():
    root = client(CONTEXT["root_token"])
    alice_user = root.users.get(CONTEXT["alice_id"])
    made = alice_user.personal_access_tokens.create({"name": "py extra", "scopes": ["read_api"]})
    check(made.scopes, ["read_api"], "users.get(id).personal_access_tokens.create: scopes")
    check(made.token.startswith("glpat-"), True, "users.get(id).personal_access_tokens.create: token")

    gl = client(CONTEXT["alice_token"])
    names = sorted(t.name for t in gl.personal_access_tokens.list(get_all=True))
    check(names, ["alice-token", "py extra"], "personal_access_tokens.list")
    shown = gl.http_get(f"/personal_access_tokens/{made.id}")
    check((shown["id"], shown["name"], shown["active"]), (made.id, "py extra", True), "GET /personal_access_tokens/:id")
    extra = client(made.token)
    me = extra.http_get("/personal_access_tokens/self")
    check(me["id"], made.id, "GET /personal_access_tokens/self")
    gl.personal_access_tokens.delete(made.id)
    refused_with(401, extra.auth, "gl.auth() with a deleted personal access token")
    names = sorted(t.name for t in gl.personal_access_tokens.list(get_all=True) if t.active)
    check(names, ["alice-token"], "personal_access_tokens.list: active tokens after delete")


def user_keys():
    gl = client(CONTEXT["alice_token"])
    gl.auth()
    key = gl.user.keys.create({"title": "py key", "key": CONTEXT["public_key"]})
    check(key.title, "py key", "user.keys.create: title")
    check(key.key, CONTEXT["public_key"], "user.keys.create: key")
    check([k.id for k in gl.user.keys.list(get_all=True)], [key.id], "user.keys.list")
    check(gl.user.keys.get(key.id).title, "py key", "user.keys.get")
    key.delete()
    check(gl.user.keys.list(get_all=True), [], "user.keys.list after delete")


def repository():
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.get(CONTEXT["repository_project"])
    check([b.name for b in project.branches.list(get_all=True)], ["main"], "branches.list")
    main = project.branches.get("main")
    check(main.commit["title"], "Initial commit", "branches.get('main'): commit title")
    check(main.default, True, "branches.get('main'): default")
    check(project.files.raw(file_path="README.md", ref="main"), b"# Seed\n", "files.raw(README.md)")
    check(project.files.raw(file_path="docs/guide.md", ref="main"), b"Read me.\n", "files.raw(docs/guide.md)")
    refused_with(404, lambda: project.files.raw(file_path="nope.md", ref="main"), "files.raw of a missing file")


def labels():
    gl = client(CONTEXT["alice_token"])
    project = gl.projects.create({"name": "py-labels"})
    bug = project.issues.create({"title": "Labelled", "labels": ["bug"]})
    check(bug.labels, ["bug"], "issues.create(labels=['bug']): labels")
    project.issues.create({"title": "Plain"})
    check([i.title for i in project.issues.list(labels=["bug"], get_all=True)], ["Labelled"], "issues.list(labels=['bug'])")


SCENARIOS = {f.__name__: f for f in (auth, projects, members, issues, project_access_tokens,
                                     personal_access_tokens, user_keys, repository, labels)}

if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "version":
        print(gitlab.__version__)
        sys.exit(0)
    SCENARIOS[sys.argv[1]]()
    print(f"ok {sys.argv[1]}")
