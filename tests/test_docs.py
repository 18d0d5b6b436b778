"""The documents stay true: the reference generated from build/data is the one committed,
the README stays a README, and every document it links to exists."""

from __future__ import annotations

import re

from ogidata.release.docs import reference

from .conftest import REPO


def test_the_indicator_reference_is_current() -> None:
    """docs/indicators.md is what `ogidata reference` writes from build/data: a label alias or
    prose pattern added without regenerating it fails here."""
    assert (REPO / "docs" / "indicators.md").read_text(encoding="utf-8") == reference()
    assert "| requests.denied.other_law |" in reference() and "其他法律法规禁止公开" in reference()  # an alias


def test_the_readme_is_short_and_its_links_hold() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n") <= 250
    assert readme.startswith("# ogidata") and "make        #" in readme and "make test   #" in readme
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert {"docs/data.md", "docs/usage.md", "docs/dev/README.md", "docs/performance.md"} <= set(links)
    assert all((REPO / link).exists() for link in links), [link for link in links if not (REPO / link).exists()]


def test_every_relative_link_in_the_documents_holds() -> None:
    """A moved or renamed document breaks no link: README, CONTRIBUTING and every page of docs/."""
    pages = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            is_path = re.fullmatch(r"[\w./-]+", target) is not None  # not a regular expression in a table
            if is_path and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} → {target}")
    assert len(pages) > 10 and not broken, broken
