"""The one version of the dataset, kept equal in pyproject.toml and datapackage.json."""

from __future__ import annotations

import json
import re
import tomllib

from ..paths import CITATION, PYPROJECT, TEMPLATE


class VersionMismatch(ValueError):
    """pyproject.toml and datapackage.json disagree on the version."""


def project_version() -> str:
    """The version both files state; raises VersionMismatch when they differ."""
    code = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    data = json.loads(TEMPLATE.read_text(encoding="utf-8"))["version"]
    cited = re.search(r"^version:\s*(\S+)", CITATION.read_text(encoding="utf-8"), re.M)
    stated = {"pyproject.toml": code, "datapackage.json": data, "CITATION.cff": cited.group(1) if cited else ""}
    if len(set(stated.values())) != 1:
        raise VersionMismatch(f"versions differ ({', '.join(f'{k}: {v}' for k, v in stated.items())}): make them equal")
    if not re.fullmatch(r"\d+\.\d+\.\d+", code):
        raise VersionMismatch(f"version {code} is not semantic (MAJOR.MINOR.PATCH)")
    return code
