"""A team's admin script managing groups with python-gitlab (`gl.groups`, `group.members`,
`group.subgroups`, `group.projects`, `group.hooks`), unmodified, against a listening Latchkey.

Run by test/clients/python-gitlab-groups.test.ts as `python3 python-gitlab-groups.py <scenario>`,
with the context as JSON in LATCHKEY_CLIENT_CONTEXT: the URL, the personal tokens of an owner and of
a second user (`member_token`, `member_id`). Each scenario checks every step and prints `ok <scenario>` last.
"""

import sys

import gitlab

from scenario_checks import CONTEXT, connect, check, refused_with


def groups():
    gl = connect("owner_token")
    team = gl.groups.create({"name": "Py Team", "path": "py-team", "description": "made by python-gitlab"})
    check((team.name, team.path, team.full_path, team.visibility, team.parent_id), ("Py Team", "py-team", "py-team", "private", None), "groups.create")
    backend = gl.groups.create({"name": "Backend", "path": "backend", "parent_id": team.id})
    check((backend.full_path, backend.full_name), ("py-team/backend", "Py Team / Backend"), "groups.create with parent_id")
    fetched = gl.groups.get("py-team/backend")
    check(fetched.id, backend.id, "groups.get by full path")
    check([g.full_path for g in gl.groups.list(search="py-team", get_all=True)], ["py-team/backend", "py-team"], "groups.list(search=): by name, Backend first")
    check([g.id for g in team.subgroups.list(get_all=True)], [backend.id], "group.subgroups.list")
    check([g.id for g in team.descendant_groups.list(get_all=True)], [backend.id], "group.descendant_groups.list")

    api = gl.projects.create({"name": "api", "namespace_id": backend.id})
    check(api.path_with_namespace, "py-team/backend/api", "projects.create in a subgroup")
    check(gl.projects.get(api.id).name_with_namespace, "Py Team / Backend / api", "name_with_namespace: the whole group chain")
    check([p.id for p in team.projects.list(get_all=True)], [], "group.projects.list without subgroups")
    check([p.id for p in team.projects.list(include_subgroups=True, get_all=True)], [api.id], "group.projects.list(include_subgroups=True)")

    team.description = "changed"
    team.save()
    check(gl.groups.get(team.id).description, "changed", "group.save()")
    refused_with(400, lambda: gl.groups.create({"name": "Again", "path": "py-team"}), "a taken path")


def members():
    gl = connect("owner_token")
    team = gl.groups.create({"name": "Py Members", "path": "py-members"})
    sub = gl.groups.create({"name": "Sub", "path": "sub", "parent_id": team.id})
    project = gl.projects.create({"name": "svc", "namespace_id": sub.id})
    member_id = CONTEXT["member_id"]

    added = team.members.create({"user_id": member_id, "access_level": gitlab.const.DEVELOPER_ACCESS, "expires_at": "2027-06-30"})
    check((added.id, added.access_level, added.expires_at), (member_id, 30, "2027-06-30"), "group.members.create")
    check(sorted(m.access_level for m in team.members.list(get_all=True)), [30, 50], "group.members.list")
    check([m.id for m in sub.members.list(get_all=True)], [CONTEXT["owner_id"]], "a subgroup's direct members")
    check(sorted(m.id for m in sub.members_all.list(get_all=True)), sorted([CONTEXT["owner_id"], member_id]), "subgroup.members_all.list")
    check(project.members_all.get(member_id).access_level, 30, "project.members_all.get: inherited from the group")

    # The member reaches the project through the group, and sees it.
    as_member = connect("member_token")
    check(as_member.projects.get(project.id).path_with_namespace, "py-members/sub/svc", "the inherited member reads the project")

    member = team.members.get(member_id)
    member.access_level = gitlab.const.MAINTAINER_ACCESS
    member.save()
    check(team.members.get(member_id).access_level, 40, "member.save()")
    refused_with(400, lambda: team.members.delete(CONTEXT["owner_id"]), "removing the last Owner")
    team.members.delete(member_id)
    refused_with(404, lambda: as_member.projects.get(project.id), "the removed member")


def access_tokens():
    """group.access_tokens (python-gitlab 3.12: list, create, delete), and the token at work on a subgroup's project."""
    gl = connect("owner_token")
    team = gl.groups.create({"name": "Py Tokens", "path": "py-tokens"})
    sub = gl.groups.create({"name": "Sub", "path": "sub", "parent_id": team.id})
    project = gl.projects.create({"name": "svc", "namespace_id": sub.id})
    made = team.access_tokens.create({"name": "renovate", "scopes": ["api"], "access_level": gitlab.const.DEVELOPER_ACCESS, "expires_at": "2027-06-30"})
    check((made.name, made.scopes, made.access_level, made.expires_at, made.active), ("renovate", ["api"], 30, "2027-06-30", True), "group.access_tokens.create")
    check([t.id for t in team.access_tokens.list(get_all=True)], [made.id], "group.access_tokens.list")
    check([t.id for t in sub.access_tokens.list(get_all=True)], [], "a subgroup lists only its own tokens")

    bot = gitlab.Gitlab(CONTEXT["url"], private_token=made.token)
    check(bot.projects.get(project.id).path_with_namespace, "py-tokens/sub/svc", "the group token reads a subgroup's project")
    issue = bot.projects.get(project.id, lazy=True).issues.create({"title": "from the group bot"})
    check(issue.author["username"].startswith(f"group_{team.id}_bot_"), True, "the issue's author is the group's bot")

    refused_with(400, lambda: team.access_tokens.create({"name": "x", "scopes": ["api"], "access_level": 60}), "an unknown access level")
    team.access_tokens.delete(made.id)
    check([t.active for t in team.access_tokens.list(get_all=True)], [False], "the revoked token is listed, inactive")
    check(gl.projects.get(project.id).issues.get(issue.iid).author["username"], "ghost", "the revoked bot's issue belongs to the Ghost User")


def hooks():
    """group.hooks (python-gitlab 3.12: create, list, get, save, delete), as GitLab's group webhooks API."""
    gl = connect("owner_token")
    team = gl.groups.create({"name": "Py Hooks", "path": "py-hooks"})
    hook = team.hooks.create({"url": "https://hooks.example.com/team", "token": "s3cret", "issues_events": True, "push_events": False})
    check((hook.url, hook.group_id, hook.issues_events, hook.push_events), ("https://hooks.example.com/team", team.id, True, False), "group.hooks.create")
    check(hasattr(hook, "token"), False, "the hook's token is never shown")
    check([h.id for h in team.hooks.list(get_all=True)], [hook.id], "group.hooks.list")
    fetched = team.hooks.get(hook.id)
    fetched.merge_requests_events = True
    fetched.url = "https://hooks.example.com/changed"
    fetched.save()
    again = team.hooks.get(hook.id)
    check((again.url, again.merge_requests_events, again.issues_events), ("https://hooks.example.com/changed", True, True), "hook.save()")
    refused_with(422, lambda: team.hooks.create({"url": "not a url"}), "an invalid URL")
    member = connect("member_token")
    refused_with(404, lambda: member.groups.get(team.id, lazy=True).hooks.list(), "a stranger to the private group")
    team.hooks.delete(hook.id)
    check(team.hooks.list(get_all=True), [], "group.hooks.delete")


SCENARIOS = {"groups": groups, "members": members, "access_tokens": access_tokens, "hooks": hooks}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print(f"ok {sys.argv[1]}")
