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


def test_the_indicator_contract_is_in_the_repository_and_is_the_specification() -> None:
    """docs/spec/INDICATORS.md, which the descriptor and the documents cite, is the project's
    specification (beside the repository in shared/spec/, where CI has it), not a paraphrase."""
    copy = (REPO / "docs" / "spec" / "INDICATORS.md").read_text(encoding="utf-8")
    assert "| `gb2021` | 2021 onward |" in copy
    spec = REPO.parent / "shared" / "spec" / "INDICATORS.md"
    if spec.exists():
        assert copy == spec.read_text(encoding="utf-8"), "copy shared/spec/INDICATORS.md to docs/spec/INDICATORS.md"
    ids = set(re.findall(r"`((?:legacy|active|requests|review|litigation)\.[a-z_.]+)`", copy))
    codebook = (REPO / "build" / "data" / "indicators.csv").read_text(encoding="utf-8")
    assert len(ids) > 50 and all(f"\n{i}," in codebook for i in ids), sorted(
        i for i in ids if f"\n{i}," not in codebook
    )
