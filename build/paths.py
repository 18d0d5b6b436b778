"""The repository's own files, named in one place: the package template, the expectation
suites, the history and citation a release carries, the bench's templates. They exist in a
checkout of the repository (where `make` runs); an installed package that is not a checkout
has none of them but the suites."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = REPO_ROOT / "datapackage.json"  # the descriptor every build starts from
# Great Expectations suites, one per resource: validation/ in a checkout; an installed package
# carries a copy (pyproject.toml ships validation/ as ogidata.suites).
SUITES = _INSTALLED if (_INSTALLED := Path(__file__).resolve().parent / "suites").is_dir() else REPO_ROOT / "validation"
PYPROJECT = REPO_ROOT / "pyproject.toml"
CHANGELOG = REPO_ROOT / "CHANGELOG.md"
CITATION = REPO_ROOT / "CITATION.cff"
SOURCES = REPO_ROOT / "sources"
CORPUS = REPO_ROOT / "tests" / "fixtures" / "corpus"
