"""briefgen upgrade: content written for schema 1 rewritten as schema 2, nothing else touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import ContentError, check_project
from briefgen.upgrade import upgrade
from tests.conftest import edit, snapshot
from tests.test_content import BRIEF, DOC, schema_1


def test_upgrade_deletes_the_lists_records_the_schema_and_keeps_the_rest(project: Path) -> None:
    schema_1(project)
    edit(project / DOC, "indicators: [example-exports-growth, example-exports-value]",
         "indicators:\n  - example-exports-growth   # block style, with a comment\n  - example-exports-value")  # fmt: skip
    before = (project / DOC).read_text()
    result = upgrade(project / "content")
    assert (result.schema, [p.name for p in result.changed]) == (
        1,
        ["example-2026.yaml", "brief.yaml"],
    )
    after = (project / DOC).read_text()
    assert "indicators:" not in after and "example-exports-growth" not in after
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert len(removed) == 3 and removed[0] == "indicators:"
    assert (project / BRIEF).read_text().splitlines()[1].startswith("schema: 2  #")
    assert check_project(project / "content", strict=True).project.brief.schema == 2
    assert upgrade(project / "content").changed == ()  # at schema 2: nothing to do


def test_upgrade_of_content_that_does_not_load_changes_nothing(project: Path) -> None:
    schema_1(project, listed="example-exports-growth")  # the list and the table disagree
    before = snapshot(project)
    with pytest.raises(ContentError):
        upgrade(project / "content")
    assert snapshot(project) == before
