"""Releases: reproducible archives, diffs, verified downloads, loading in Python and R."""

from __future__ import annotations

import csv
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import ogidata
import pandas as pd
import pytest
from ogidata.release.archive import ReleaseError, release
from ogidata.release.diff import diff
from ogidata.release.download import DownloadError, download
from ogidata.release.version import project_version

from .conftest import SOURCES, serving

VERSION = ogidata.__version__  # the version a release of these sources is made as

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus" / "reports"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release(SOURCES, tmp_path_factory.mktemp("dist")).archive


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A web server on 127.0.0.1 serving a folder, stopped after the test."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    with serving(handler) as url:
        yield url, root


def test_versions_agree() -> None:
    assert project_version() == ogidata.__version__ == "0.2.0"


def test_archive_contents(released: Path) -> None:
    names = set(zipfile.ZipFile(released).namelist())
    stem = released.stem
    for name in (
        "datapackage.json",
        "data/facts.csv",
        "data/facts.parquet/henan.parquet",
        "data/indicators.parquet",
        "CODEBOOK.md",
        "CODEBOOK.html",
        "README.md",
        "CHANGELOG.md",
        "CITATION.cff",
        "SHA256SUMS",
        "validation/result.json",
        "figures/reports_by_year.svg",
        "figures/requests_by_outcome.svg",
    ):
        assert f"{stem}/{name}" in names
    assert released.name == f"ogidata-{VERSION}.zip"


def test_same_sources_same_archive(released: Path, tmp_path: Path) -> None:
    again = release(SOURCES, tmp_path)
    assert again.archive.read_bytes() == released.read_bytes()
    assert (tmp_path / f"ogidata-{VERSION}.zip.sha256").read_text().split()[0] == again.sha256


def test_a_release_is_never_overwritten(released: Path) -> None:
    with pytest.raises(ReleaseError, match="never overwritten"):
        release(SOURCES, released.parent)


def test_diff_between_releases(released: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    shutil.copy(CORPUS / "html_07.html", sources / "reports" / "html_07.html")  # a new report
    luyi = sources / "reports" / "henan-luyixian-gov-2019.txt"
    luyi.write_text(
        luyi.read_text(encoding="utf-8").replace("行政许可\t13428\t3206\t22156", "行政许可\t13428\t3206\t22157"),
        encoding="utf-8",
    )
    rows = list(csv.DictReader((sources / "manifest.csv").open(encoding="utf-8")))
    with (sources / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:  # drop Yeji
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in rows if r["report_id"] != "anhui-yejiqu-gov-2016")
    (sources / "reports" / "anhui-yejiqu-gov-2016.txt").unlink()
    newer = release(sources, tmp_path / "dist", previous=released).archive
    changes = diff(released, newer)
    assert changes.reports_added == ["fujian-pingtanxian-gov-2019"]
    assert changes.reports_removed == ["anhui-yejiqu-gov-2016"]
    assert changes.values_changed == ["henan-luyixian-gov-2019 active.licensing.decisions  (line 45): 22156 → 22157"]
    assert changes.indicators_added == [] and changes.indicators_removed == []
    assert changes.resources_added == [] and changes.columns_added == []
    text = zipfile.ZipFile(newer).read(f"{newer.stem}/CHANGELOG.md").decode()
    assert "Reports removed: 1 (anhui-yejiqu-gov-2016)" in text and "22156 → 22157" in text
    # The repository's history already holds this version's section: it is replaced, not repeated.
    assert text.count(f"\n## {VERSION} (") == 1 and "\n## 0.1.0 (2026-11-29)\n\nFirst release: 5 reports." in text


def test_diff_unpacks_an_archive_only_when_it_is_a_whole_release(released: Path, tmp_path: Path) -> None:
    """`ogidata diff` takes archives from anywhere: one with a member outside its folder, or
    altered since its SHA256SUMS, is refused with a message, and nothing is written outside."""
    from ogidata.cli import app
    from typer.testing import CliRunner

    top = released.stem
    outside = _rezipped(released, tmp_path / "outside.zip", {f"{top}/../../evil.txt": b"x"})
    facts = zipfile.ZipFile(released).read(f"{top}/data/facts.csv")
    altered = _rezipped(
        released, tmp_path / "altered.zip", {f"{top}/data/facts.csv": facts.replace(b",196,", b",197,", 1)}
    )
    runner = CliRunner()
    refused = runner.invoke(app, ["diff", str(released), str(outside)])
    assert refused.exit_code == 1 and "outside its folder: refused" in refused.output, refused.output
    assert not (tmp_path.parent / "evil.txt").exists() and not list(tmp_path.rglob("evil.txt"))
    refused = runner.invoke(app, ["diff", str(altered), str(released)])
    assert refused.exit_code == 1 and "data/facts.csv does not match its SHA-256" in refused.output, refused.output
    same = runner.invoke(app, ["diff", str(released), str(released)])
    assert same.exit_code == 0 and "Reports added: 0" in same.output, same.output


def test_download_verifies_and_caches(released: Path, server: tuple[str, Path], tmp_path: Path) -> None:
    url, root = server
    shutil.copy(released, root)
    shutil.copy(released.parent / f"{released.name}.sha256", root)
    cache = tmp_path / "cache"
    got = download(VERSION, url, cache)
    assert got == cache / released.name and got.read_bytes() == released.read_bytes()
    assert [p.name for p in cache.iterdir()] == [released.name]  # no temporary file left


def test_download_refuses_a_tampered_copy(released: Path, server: tuple[str, Path], tmp_path: Path) -> None:
    url, root = server
    data = bytearray(released.read_bytes())
    data[len(data) // 2] ^= 0xFF
    (root / released.name).write_bytes(bytes(data))
    shutil.copy(released.parent / f"{released.name}.sha256", root)
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError, match=rf"ogidata-{re.escape(VERSION)}\.zip: SHA-256 .* does not match"):
        download(VERSION, url, cache)
    assert list(cache.iterdir()) == []


def test_download_of_a_missing_release_is_an_error(server: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = server
    with pytest.raises(DownloadError, match="could not fetch the checksum of ogidata-9.9.9.zip"):
        download("9.9.9", url, tmp_path / "cache")


def test_load_with_declared_types(
    released: Path, server: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, root = server
    shutil.copy(released, root)
    shutil.copy(released.parent / f"{released.name}.sha256", root)
    monkeypatch.setenv("OGIDATA_CACHE", str(tmp_path / "cache"))
    for source in (released, VERSION):
        facts = ogidata.load("facts", source, url=url)
        assert str(facts["line"].dtype) == "Int64" and str(facts["value"].dtype) == "Float64"
        reports = ogidata.load("reports", source, url=url)
        assert pd.api.types.is_datetime64_any_dtype(reports["published"])
        luyi = reports.set_index("report_id").loc["henan-luyixian-gov-2019"]
        assert pd.isna(luyi["published"]) and luyi["year"] == 2019
        granted = facts[(facts["report_id"] == "henan-luyixian-gov-2019") & (facts["indicator"] == "requests.granted")]
        assert granted[["applicant", "value"]].values.tolist() == [["total", 196.0]]


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed (make test installs it as root)")
def test_r_reads_every_resource_with_declared_types(released: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(released) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / released.stem
    script = Path(__file__).resolve().parent / "read_package.R"
    done = subprocess.run(["Rscript", str(script), str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        done.stdout.count("ok ")
        == len(json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"])
        == 10
    )


def _unpacked_folders(cache: Path) -> list[str]:
    return sorted(p.name for p in (cache / "unpacked").iterdir())


def test_load_never_trusts_a_partial_or_altered_unpack(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load killed mid-unpack (no marker: the folder is never used), a file deleted or
    edited since: each is unpacked again and verified, so the facts are all there."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("OGIDATA_CACHE", str(cache))
    whole = len(ogidata.load("facts", released))
    (folder,) = (cache / "unpacked").iterdir()
    package = folder / released.stem
    assert (folder / ".ogidata-complete").exists() and len(whole_facts := ogidata.load("facts", released)) == whole

    (folder / ".ogidata-complete").unlink()  # as if the unpacking had been killed before its last step
    (package / "data" / "facts.csv").unlink()
    (cache / "unpacked" / ".partial-0123.abc").mkdir()  # and another killed before it was renamed
    assert len(ogidata.load("facts", released)) == whole and _unpacked_folders(cache) == [folder.name]

    facts_csv = package / "data" / "facts.csv"
    facts_csv.write_text(facts_csv.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # cut short since
    assert ogidata.load("facts", released).equals(whole_facts)


def _rezipped(released: Path, into: Path, change: dict[str, bytes]) -> Path:
    """A copy of the release archive with some members' bytes replaced or added."""
    with zipfile.ZipFile(released) as source, zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, change.pop(info.filename, source.read(info)))
        for name, data in change.items():
            out.writestr(name, data)
    return into


def _listed_too(released: Path, into: Path, added: dict[str, bytes], info: zipfile.ZipInfo | None = None) -> Path:
    """The release archive with members added and listed in its SHA256SUMS with their true hashes."""
    import hashlib

    top = released.stem
    sums = zipfile.ZipFile(released).read(f"{top}/SHA256SUMS").decode()
    sums += "".join(f"{hashlib.sha256(data).hexdigest()}  {name[len(top) + 1 :]}\n" for name, data in added.items())
    _rezipped(released, into, {f"{top}/SHA256SUMS": sums.encode()})
    with zipfile.ZipFile(into, "a", zipfile.ZIP_DEFLATED) as out:
        for name, data in added.items():
            out.writestr(info if info is not None and info.filename == name else name, data)
    return into


def test_load_refuses_an_altered_or_bombed_archive(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member that is not what SHA256SUMS says, one it does not list, one beside the release
    folder or outside it, a SHA256SUMS naming a file outside, a link, zip bombs of one member
    and of many small ones: each refused with its reason, before anything is written, and
    nothing kept in the cache."""
    from ogidata.release.unpack import UnpackError

    cache = tmp_path / "cache"
    monkeypatch.setenv("OGIDATA_CACHE", str(cache))
    top = released.stem
    facts = zipfile.ZipFile(released).read(f"{top}/data/facts.csv")
    assert b",196," in facts
    altered = _rezipped(
        released, tmp_path / "altered.zip", {f"{top}/data/facts.csv": facts.replace(b",196,", b",197,", 1)}
    )
    with pytest.raises(UnpackError, match="data/facts.csv does not match its SHA-256 in SHA256SUMS"):
        ogidata.load("facts", altered)
    extra = _rezipped(released, tmp_path / "extra.zip", {f"{top}/data/extra.csv": b"a\n1\n"})
    with pytest.raises(UnpackError, match=r"the archive's files are not the ones SHA256SUMS lists \(data/extra.csv\)"):
        ogidata.load("facts", extra)
    stray = _rezipped(released, tmp_path / "stray.zip", {"junk.bin": b"x"})  # beside the release folder
    with pytest.raises(UnpackError, match="does not hold one release folder"):
        ogidata.load("facts", stray)
    outside = _rezipped(released, tmp_path / "outside.zip", {f"{top}/../../evil.txt": b"x"})
    with pytest.raises(UnpackError, match=r"a member named '.*/\.\./\.\./evil.txt', outside its folder"):
        ogidata.load("facts", outside)
    sums = zipfile.ZipFile(released).read(f"{top}/SHA256SUMS")
    lying = _rezipped(
        released, tmp_path / "lying.zip", {f"{top}/SHA256SUMS": sums + b"0" * 64 + b"  ../../etc/passwd\n"}
    )
    with pytest.raises(UnpackError, match=r"'\.\./\.\./etc/passwd', outside its folder"):
        ogidata.load("facts", lying)
    link = zipfile.ZipInfo(f"{top}/data/link.csv")
    link.external_attr = 0o120777 << 16  # a symbolic link, as zip records one
    linked = _listed_too(released, tmp_path / "link.zip", {f"{top}/data/link.csv": b"/etc/passwd"}, link)
    with pytest.raises(UnpackError, match="holds a symbolic link"):
        ogidata.load("facts", linked)
    # Zip bombs, listed in SHA256SUMS as a forger would: one member of 64 MB of zeros, and
    # 300 members of 1 MB each (none over the per-member ratio's 1 MB threshold).
    bomb = _listed_too(released, tmp_path / "bomb.zip", {f"{top}/data/zeros.csv": bytes(64 << 20)})
    assert bomb.stat().st_size < released.stat().st_size + 200_000
    with pytest.raises(
        UnpackError,
        match=r"data/zeros.csv unpacks [\d,]+ times larger than it is packed, over the "
        r"limit of 200 \(OGIDATA_MAX_RELEASE_RATIO\): a zip bomb",
    ):
        ogidata.load("facts", bomb)
    many = _listed_too(
        released, tmp_path / "many.zip", {f"{top}/data/zeros-{k}.csv": bytes(1 << 20) for k in range(300)}
    )
    with pytest.raises(UnpackError, match=r"the archive unpacks [\d,]+ times larger than it is packed"):
        ogidata.load("facts", many)
    unpacked = sum(info.file_size for info in zipfile.ZipFile(released).infolist())
    monkeypatch.setenv("OGIDATA_MAX_RELEASE_UNPACKED_MB", str(unpacked / 2 / (1 << 20)))
    with pytest.raises(UnpackError, match=rf"would unpack to {unpacked:,} bytes, over the limit of [\d.]+ MB"):
        ogidata.load("facts", released)
    assert _unpacked_folders(cache) == []


@pytest.mark.slow
def test_an_installed_wheel_loads_and_validates_a_release_outside_the_checkout(
    released: Path, server: tuple[str, Path], tmp_path: Path
) -> None:
    """`pip install ogidata` (the wheel, its core dependencies only) into a fresh environment,
    run from a folder that is not a checkout: it downloads a release from a local server,
    verifies it and loads it with the schema's types; the build's libraries are not there.
    With the `validate` extra it validates the downloaded release by the suites it carries."""
    import sys

    url, root = server
    shutil.copy(released, root)
    shutil.copy(released.parent / f"{released.name}.sha256", root)
    # Built from a copy: setuptools builds in ./build, which here is the package itself.
    repo, source = Path(__file__).resolve().parents[1], tmp_path / "source"
    shutil.copytree(repo / "build", source / "build", ignore=shutil.ignore_patterns("*.so", "__pycache__", ".*"))
    shutil.copytree(repo / "validation", source / "validation")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(repo / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source), "-w", str(tmp_path / "wheel")],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "wheel").glob("ogidata-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import importlib.util, ogidata\n"
        f"facts = ogidata.load('facts', {VERSION!r}, url={url!r})\n"
        "print(len(facts), facts['value'].dtype, facts['line'].dtype)\n"
        "print(*(importlib.util.find_spec(m) is None for m in ('pdfplumber', 'great_expectations', 'matplotlib')))\n"
    )
    env = {**os.environ, "OGIDATA_CACHE": str(tmp_path / "cache")}
    done = subprocess.run(
        [str(python), "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    )
    expected = len(ogidata.load("facts", released))
    assert done.stdout.splitlines() == [f"{expected} Float64 Int64", "True True True"]
    ogidata_command = tmp_path / "venv" / "bin" / "ogidata"
    shown = subprocess.run(
        [str(ogidata_command), "download", VERSION, "--url", url],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.startswith("verified ")
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"{wheel}[validate]"], check=True, capture_output=True)
    (package,) = (tmp_path / "cache" / "unpacked").glob("*/ogidata-*")
    checked = subprocess.run(
        [str(ogidata_command), "validate", str(package), "--out", str(tmp_path / "checked")],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    from ogidata.validate import validate

    here = validate(package)  # the checkout's suites on the same release: the same verdict
    assert here.ok and checked.stdout.splitlines()[0] == here.summary().splitlines()[0]
    assert checked.stdout.startswith(f"{here.evaluated} expectations evaluated") and here.evaluated > 100


def test_a_load_stopped_by_sigterm_leaves_no_partial_unpack(released: Path, tmp_path: Path) -> None:
    """`ogidata.load` in a program of its own (no `ogidata` command, no handler of its own),
    stopped by SIGTERM mid-unpack: its partial folder is removed on the way out."""
    import signal
    import sys
    import time

    script = (
        "import time, ogidata\n"
        "from ogidata.release import unpack\n"
        "unpack._verify = lambda *args: time.sleep(60)  # hold the unpacking open\n"
        f"ogidata.load('facts', {str(released)!r})\n"
    )
    cache = tmp_path / "cache"
    process = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "OGIDATA_CACHE": str(cache)})
    deadline = time.monotonic() + 60
    while not list((cache / "unpacked").glob(".partial-*/*/datapackage.json")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list((cache / "unpacked").glob(".partial-*")), "the unpacking never began"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert list((cache / "unpacked").iterdir()) == []
