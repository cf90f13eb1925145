"""A bot managing a project's webhooks with python-gitlab (`project.hooks`), unmodified, against a listening Latchkey.

Run by test/clients/python-gitlab-hooks.test.ts as `python3 python-gitlab-hooks.py <scenario>`, with
the context as JSON in LATCHKEY_CLIENT_CONTEXT: the URL, a project, a Maintainer and a Developer
project access token with scope `api`. Each scenario checks every step and prints `ok <scenario>` last.
"""

import sys

from scenario_checks import CONTEXT, connect, project_as, check, refused_with


def crud():
    project = project_as("maintainer_token")
    hook = project.hooks.create(
        {"url": "https://hooks.example.com/ci", "token": "py-secret", "issues_events": True, "push_events": False}
    )
    check((hook.url, hook.push_events, hook.issues_events, hook.enable_ssl_verification), ("https://hooks.example.com/ci", False, True, True), "hooks.create")
    check(hasattr(hook, "token"), False, "hooks.create never returns the token")
    check(hook.alert_status, "executable", "hooks.create: alert_status")

    fetched = project.hooks.get(hook.id)
    check((fetched.id, fetched.project_id, fetched.issues_events), (hook.id, project.id, True), "hooks.get")
    fetched.note_events = True
    fetched.tag_push_events = True
    fetched.save()
    again = project.hooks.get(hook.id)
    check((again.note_events, again.tag_push_events, again.issues_events), (True, True, True), "hook.save() keeps what it did not change")

    second = project.hooks.create({"url": "https://hooks.example.com/second"})
    check(second.push_events, True, "push_events is on by default")
    check([h.id for h in project.hooks.list(get_all=True)], [hook.id, second.id], "hooks.list")
    check([h.id for h in project.hooks.list(per_page=1, page=2)], [second.id], "hooks.list, page 2")

    project.hooks.delete(second.id)
    refused_with(404, lambda: project.hooks.get(second.id), "hooks.get after delete")
    again.delete()
    check(project.hooks.list(get_all=True), [], "hooks.list after hook.delete()")


def refusals():
    project = project_as("maintainer_token")
    refused_with(422, lambda: project.hooks.create({"url": "ftp://example.com/"}), "an ftp URL", "Invalid url given")
    refused_with(422, lambda: project.hooks.create({"url": "javascript:alert(1)"}), "a javascript URL", "Invalid url given")
    hook = project.hooks.create({"url": "https://hooks.example.com/guarded"})
    developer = project_as("developer_token")
    refused_with(403, lambda: developer.hooks.list(get_all=True), "a Developer lists hooks", "403 Forbidden")
    refused_with(403, lambda: developer.hooks.create({"url": "https://evil.example/"}), "a Developer adds a hook", "403 Forbidden")
    refused_with(403, lambda: developer.hooks.delete(hook.id), "a Developer deletes a hook", "403 Forbidden")


def test_trigger():
    gl = connect("maintainer_token")
    project = gl.projects.get(CONTEXT["project"])
    hook = project.hooks.create({"url": CONTEXT["receiver"], "token": "py-test-secret"})
    answer = gl.http_post(f"/projects/{project.id}/hooks/{hook.id}/test/push_events")
    check(answer, {"message": "201 Created"}, "POST hooks/:id/test/push_events")
    refused_with(
        422,
        lambda: gl.http_post(f"/projects/{project.id}/hooks/{hook.id}/test/merge_requests_events"),
        "a test without merge requests",
        "Ensure the project has merge requests.",
    )


SCENARIOS = {"crud": crud, "refusals": refusals, "test_trigger": test_trigger}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print(f"ok {sys.argv[1]}")
