"""A release bot's repository work with python-gitlab, unmodified, against a listening Latchkey.

Run by test/clients/python-gitlab-repository.test.ts as `python3 python-gitlab-repository.py
<scenario>`, with the context as JSON in LATCHKEY_CLIENT_CONTEXT: the URL, a project seeded by a
real git push (README.md and docs/guide.md on main), a Maintainer and a Developer project access
token with scope `api`. Each scenario checks every step and prints `ok <scenario>` last.
"""

import base64
import sys

from scenario_checks import CONTEXT, project_as, check, refused_with

FORBIDDEN_BRANCH = "403 Forbidden - You are not allowed to push into this branch"


def files():
    project = project_as("maintainer_token")
    created = project.files.create(
        {"file_path": "docs/new guide.md", "branch": "main", "content": "Hello\n", "commit_message": "Add a guide"}
    )
    check(created.file_path, "docs/new guide.md", "files.create: file_path")
    shown = project.files.get(file_path="docs/new guide.md", ref="main")
    check((shown.file_name, shown.size, shown.encoding), ("new guide.md", 6, "base64"), "files.get: name, size, encoding")
    check(shown.decode(), b"Hello\n", "files.get: decode()")
    check(shown.last_commit_id, project.commits.get("main").id, "files.get: last_commit_id is the branch head")
    shown.content = "Hello again\n"
    shown.save(branch="main", commit_message="Edit the guide")
    check(project.files.raw(file_path="docs/new guide.md", ref="main"), b"Hello again\n", "files.raw after save()")
    binary = bytes(range(256))
    project.files.create(
        {
            "file_path": "blob.bin",
            "branch": "main",
            "encoding": "base64",
            "content": base64.b64encode(binary).decode(),
            "commit_message": "Add a binary file",
        }
    )
    check(project.files.raw(file_path="blob.bin", ref="main"), binary, "files.raw of a base64-created binary file")
    refused_with(
        400,
        lambda: project.files.create({"file_path": "README.md", "branch": "main", "content": "x", "commit_message": "Again"}),
        "files.create of an existing file",
        "A file with this name already exists",
    )
    shown.delete(branch="main", commit_message="Remove the guide")
    refused_with(404, lambda: project.files.get(file_path="docs/new guide.md", ref="main"), "files.get after delete")
    titles = [c.title for c in project.commits.list(ref_name="main", get_all=True)]
    check(titles, ["Remove the guide", "Add a binary file", "Edit the guide", "Add a guide", "Initial commit"], "commits.list")


def commits():
    project = project_as("maintainer_token")
    commit = project.commits.create(
        {
            "branch": "main",
            "commit_message": "Rework the layout",
            "actions": [
                {"action": "create", "file_path": "src/app.txt", "content": "app\n"},
                {"action": "update", "file_path": "README.md", "content": "# Updated\n"},
                {"action": "move", "file_path": "guide.md", "previous_path": "docs/guide.md"},
                {"action": "create", "file_path": "bin/tool", "content": "#!/bin/sh\n"},
            ],
        }
    )
    check(commit.title, "Rework the layout", "commits.create: title")
    project.commits.create(
        {
            "branch": "main",
            "commit_message": "Tidy up",
            "actions": [
                {"action": "chmod", "file_path": "bin/tool", "execute_filemode": True},
                {"action": "delete", "file_path": "src/app.txt"},
            ],
        }
    )
    check(project.files.get(file_path="bin/tool", ref="main").execute_filemode, True, "chmod action: execute_filemode")
    check([c.title for c in project.commits.list(get_all=True)], ["Tidy up", "Rework the layout", "Initial commit"], "commits.list")
    # `path=` names the URL in python-gitlab's list(): the filter goes through query_parameters.
    touching = project.commits.list(query_parameters={"path": "guide.md"}, get_all=True)
    check([c.id for c in touching], [commit.id], "commits.list(query_parameters={'path': 'guide.md'})")
    shown = project.commits.get(commit.id)
    check((shown.id, shown.parent_ids), (commit.id, commit.parent_ids), "commits.get: id and parent_ids")
    check(project.commits.get("main").stats, {"additions": 0, "deletions": 1, "total": 1}, "commits.get('main'): stats")
    diff = {d["new_path"]: d for d in shown.diff(get_all=True)}
    check(sorted(diff), ["README.md", "bin/tool", "guide.md", "src/app.txt"], "commit.diff(): paths")
    check((diff["guide.md"]["renamed_file"], diff["guide.md"]["old_path"]), (True, "docs/guide.md"), "commit.diff(): the move")
    check(diff["src/app.txt"]["new_file"], True, "commit.diff(): a new file")
    refused_with(
        400,
        lambda: project.commits.create(
            {"branch": "main", "commit_message": "Nope", "actions": [{"action": "delete", "file_path": "missing.txt"}]}
        ),
        "commits.create deleting a missing file",
    )


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


def branches():
    project = project_as("maintainer_token")
    developer = project_as("developer_token")
    branch = project.branches.create({"branch": "release/1.x", "ref": "main"})
    check((branch.name, branch.protected), ("release/1.x", False), "branches.create")
    change = {"file_path": "one.txt", "branch": "release/1.x", "content": "1\n", "commit_message": "One"}
    check(developer.files.create(change).branch, "release/1.x", "a Developer commits to an unprotected branch")
    refused_with(403, lambda: developer.files.create({**change, "branch": "main"}), "a Developer commits to main", FORBIDDEN_BRANCH)

    rule = project.protectedbranches.create({"name": "release/*", "push_access_level": 40, "merge_access_level": 40})
    check([level["access_level"] for level in rule.push_access_levels], [40], "protectedbranches.create: push_access_levels")
    check(sorted(p.name for p in project.protectedbranches.list(get_all=True)), ["main", "release/*"], "protectedbranches.list")
    check(project.branches.get("release/1.x").protected, True, "branches.get: protected by the wildcard")
    two = {**change, "file_path": "two.txt"}
    refused_with(403, lambda: developer.files.create(two), "a Developer commits to a protected release branch", FORBIDDEN_BRANCH)
    project.protectedbranches.delete("release/*")
    check([p.name for p in project.protectedbranches.list(get_all=True)], ["main"], "protectedbranches.list after delete")
    check(developer.files.create(two).branch, "release/1.x", "a Developer commits once it is unprotected")

    developer.branches.delete("release/1.x")
    refused_with(404, lambda: project.branches.get("release/1.x"), "branches.get after delete")
    check([b.name for b in project.branches.list(get_all=True)], ["main"], "branches.list")


def repository():
    project = project_as("maintainer_token")
    top = [(e["type"], e["path"]) for e in project.repository_tree(ref="main", get_all=True)]
    check(top, [("tree", "docs"), ("blob", "README.md")], "repository_tree()")
    everything = sorted(e["path"] for e in project.repository_tree(recursive=True, per_page=2, get_all=True))
    check(everything, ["README.md", "docs", "docs/guide.md"], "repository_tree(recursive=True) across pages")
    check([e["name"] for e in project.repository_tree(path="docs", get_all=True)], ["guide.md"], "repository_tree(path=docs)")

    project.branches.create({"branch": "feature", "ref": "main"})
    project.files.create({"file_path": "feature.txt", "branch": "feature", "content": "new\n", "commit_message": "Add the feature"})
    compared = project.repository_compare("main", "feature")
    check([c["title"] for c in compared["commits"]], ["Add the feature"], "repository_compare: commits")
    check([(d["new_path"], d["new_file"]) for d in compared["diffs"]], [("feature.txt", True)], "repository_compare: diffs")
    same = project.repository_compare("main", "main")
    check((same["commits"], same["diffs"], same["compare_same_ref"]), ([], [], True), "repository_compare of one ref")


SCENARIOS = {f.__name__: f for f in (files, commits, tags, releases, branches, repository)}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    print(f"ok {sys.argv[1]}")
