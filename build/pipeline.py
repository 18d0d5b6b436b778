"""The build: sources folder in, data package out — streamed, cached, parallel.

1. Every source file is hashed; its extraction is taken from the cache when the file,
   its manifest entry and the code are unchanged, else computed (serially, on local
   cores or on a Dask cluster) and stored with its rows rendered. A file that cannot be
   read is reported with its path and reason and left out; the rest of the build goes on.
2. Reports are written in report-id order, one at a time, so memory does not grow
   with the collection. Glued cells are settled with another copy of the report as it
   is written; what needs more than the cached rows is prepared ahead on the same cores.
   A report made from what it was made from at the last build into the same folder is
   copied from the package in place (see package.splice).
3. When nothing changed since the last build into the same folder (same files, same
   code, outputs in place) the build stops at once: after listing the folder when no
   file was touched, after hashing the touched ones otherwise.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import ExtractionCache, Failures, code_version, entry_key
from .executors import Outcome, Task, execute, order_preserving_map, read_regular_file, warm_pool
from .extraction.extract import Extraction
from .extraction.organs import organ_id
from .package.files import load_template
from .package.render import Columns, header, render_resources, schema_fields
from .package.rows import RowMaker, load_extraction, with_build_id
from .package.splice import Placed, Signature, placements, signature
from .package.writer import DESCRIPTOR, PackageWriter, part_name
from .progress import Progress
from .readers.doc import converter
from .sources.manifest import LEFT_OUT, ManifestError, edition_conflicts, entry_problems, read_manifest
from .sources.manifest import NAME as MANIFEST
from .state import Head, Record, State, output_stamps, outputs_in_place, read_head, read_state, state_path, write_state
from .tables.assemble import indicator_rows, report_rows
from .tables.copies import Copies, copy_key, copy_keys, has_glued
from .tables.organs import OrganRows
from .tables.panel import crosswalk_rows
from .tables.renderings import group as rendering_groups

SKIPPED = {MANIFEST, LEFT_OUT, "README.md", "README"}
WHOLE = ("indicators", "organs", "crosswalk")  # resources written whole, not report by report


@dataclass(slots=True)
class Indexed:
    """What the build keeps of a report between its extraction and its writing."""

    name: str
    key: str
    report_id: str
    copies: list[list[Any]]
    glued: bool
    part_of: str  # the report this file is an attachment of (from the manifest)
    own_id: str  # the id its extraction gave it; ``report_id`` is the build's (unique) one
    rendering_of: str = ""  # the file of the report's best rendering, when this is another one (see renderings)
    edition: int = 0  # set by the build for a distinct report of an organ and year that has one already
    named_by: str = ""  # the file of another rendering whose metadata the report takes (see renderings)


@dataclass
class BuildResult:
    """What a build made and says: the descriptor written, the files left out with their
    reasons, warnings, and how it went (reports extracted, each phase's time, its index)."""

    descriptor: Path
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source file, reason)
    warnings: list[str] = field(default_factory=list)
    extracted: int = 0  # reports extracted in this run (not taken from the cache)
    unchanged: bool = False  # nothing to do: the package in place is current
    cache: ExtractionCache = field(default_factory=ExtractionCache)
    indexed: list[Indexed] | None = None  # None: still in the build's record (see index)
    record: Path | None = None
    # Wall-clock seconds of each phase: "index" (listing, hashing, cache look-ups), "extract"
    # (extracting and storing what changed) and "write" (the package and the record); a
    # build that finds nothing changed has only "index".
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def index(self) -> list[Indexed]:
        """Every report built, in file order. A build that found nothing changed did not
        read it from its record (costly with many reports: docs/performance.md); it is read
        here when asked."""
        if self.indexed is None:
            state = read_state(self.record) if self.record else None
            self.indexed = list(_remembered(state.files).values()) if state else []
        return self.indexed

    @property
    def extractions(self) -> list[Extraction]:
        """Every file's extraction as extracted, under the id the build gave it (before
        copies settle glued cells or attachments join their page; loaded from the cache for
        inspection and tests, not for the build itself, which never holds them all)."""
        loaded = [_final(self.cache.get(i.key), i) for i in self.index]
        return [x for x in loaded if x is not None]


@dataclass(frozen=True)
class _Store:
    """Stores a fresh extraction and its rows, rendered under the report's own id, in the
    cache where it was made, and leaves only what the build's index keeps: with
    --jobs the parent process then neither receives nor re-pickles whole extractions,
    and the writing step mostly copies text."""

    root: Path
    fields: dict[str, Columns]
    template_hash: str

    def __call__(self, outcome: Outcome) -> Outcome:
        x = outcome.extraction
        if x is None:
            return outcome
        cache = ExtractionCache(self.root)
        cache.put(
            outcome.task.key,
            x,
            {"meta": (str(x.report["report_id"]), self.template_hash), **render_resources(report_rows(x), self.fields)},
        )
        return Outcome(outcome.task, None, kept=_summary(x))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while the build indexes or writes every file: it
    otherwise walks the growing index again and again (docs/performance.md).
    What was made meanwhile is then set aside from it (gc.freeze; the build's end puts it
    back): turned on again, its first collection would otherwise walk all of it at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def source_files(sources: Path) -> tuple[dict[str, os.DirEntry[str]], list[tuple[str, str]]]:
    """Every report file below ``sources``, by its path relative to it, in name order, and
    what was passed over, with the reason (a person should hear of it).

    Sources are regular files inside the folder: a symbolic link is never followed (it may
    point anywhere, or in a loop), nor is anything that is not a regular file or folder read;
    a name that is not valid UTF-8 cannot be named in the package. Hidden files and folders
    are skipped. os.scandir rather than pathlib: pathlib objects are costly at 100,000 files
    (docs/performance.md)."""
    found: dict[str, os.DirEntry[str]] = {}
    passed: list[tuple[str, str]] = []

    def visit(folder: str, prefix: str) -> None:
        """Sort what ``folder`` (named ``prefix`` in the package) holds into ``found`` and
        ``passed``, going down into its subfolders."""
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as error:
            passed.append((prefix or ".", f"the folder cannot be listed ({error.strerror or error})"))
            return
        for entry in listed:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                name.encode("utf-8")
            except UnicodeEncodeError:
                shown = os.fsencode(name).decode("utf-8", "backslashreplace")
                passed.append((prefix + shown, "its name is not valid UTF-8: rename it"))
                continue
            if entry.is_symlink():
                passed.append(
                    (
                        prefix + name,
                        "a symbolic link: not followed (sources are regular files inside the sources folder)",
                    )
                )
            elif entry.is_dir(follow_symlinks=False):
                visit(entry.path, f"{prefix}{name}/")
            elif not entry.is_file(follow_symlinks=False):
                passed.append((prefix + name, "not a regular file"))
            elif name not in SKIPPED:
                found[prefix + name] = entry

    visit(str(sources), "")
    return dict(sorted(found.items())), sorted(passed)


def _summary(x: Extraction) -> tuple[str, list[list[Any]], bool]:
    """What the build's index keeps of an extraction: its id, copy keys, unsettled runs."""
    return str(x.report["report_id"]), copy_keys(x), has_glued(x)


def _indexed(task: Task, summary: tuple[str, list[list[Any]], bool]) -> Indexed:
    report_id, copies, glued = summary
    return Indexed(task.name, task.key, report_id, copies, glued, (task.entry or {}).get("part_of", ""), report_id)


def _remembered(known: dict[str, Record]) -> dict[str, Indexed]:
    """The reports ``known`` as the last build into the same folder left them in its
    record (their copy keys decoded in one call: one per report took longer)."""
    copies = json.loads(f"[{','.join(r.copies for r in known.values())}]")
    return {
        name: Indexed(name, r.key, r.report_id, c, r.glued, r.part_of, r.own_id)
        for (name, r), c in zip(known.items(), copies)
    }


def _final(x: Extraction | None, item: Indexed) -> Extraction | None:
    return with_build_id(x, item.report_id) if x is not None else None


def _renderings(index: list[Indexed], tasks: dict[str, Task], cache: ExtractionCache, each_file: bool) -> None:
    """Mark the files that are other renderings of a report whose best rendering is another
    file (see tables.renderings): they are written as part of that report, under the id of
    the rendering that names it (``named_by``). With ``each_file`` none is: every file is a report."""

    def listed(item: Indexed) -> str | None:
        entry = tasks[item.name].entry
        return entry["report_id"] if entry else None

    for item in index:
        item.rendering_of, item.edition, item.named_by = "", 0, ""
    if each_file:
        return
    for members in rendering_groups(index, listed, _organ_year, lambda item: load_extraction(cache, tasks, item)):
        primary = members[0]
        for other in members[1:]:
            other.rendering_of = primary.name
        # What the report is comes from a file the manifest describes, else one whose organ was read.
        named = next((m for m in members if listed(m) is not None), None) or next(
            (m for m in members if _organ_year(m) is not None), primary
        )
        if named is not primary:
            primary.named_by = named.name
    by_name = {item.name: item for item in index}
    _editions([i for i in index if not i.rendering_of and not i.part_of], listed, tasks, by_name)


def _organ_year(item: Indexed) -> tuple[str, Any] | None:
    """The organ (its stable id) and year of a file whose text or manifest names its organ."""
    key = copy_key(item, "organ")
    return (organ_id(key[1], item.own_id), key[2]) if key is not None else None


def _editions(reports: list[Indexed], listed: Any, tasks: dict[str, Task], by_name: dict[str, Indexed]) -> None:
    """Number the distinct reports of one organ and year that the manifest does not: they
    printed other statistics than the first (see renderings), so the build says they are
    distinct with editions 2, 3 … after those the manifest gives, in file order."""

    def naming(item: Indexed) -> Indexed:  # the file whose organ, year and manifest entry the report has
        return by_name[item.named_by] if item.named_by else item

    by_organ: dict[tuple[str, Any], list[Indexed]] = {}
    for item in reports:
        key = _organ_year(naming(item))
        if key is not None:
            by_organ.setdefault(key, []).append(item)
    for members in by_organ.values():
        if len(members) < 2:
            continue
        taken = {int(e.get("edition") or 1) for i in members if (e := tasks[naming(i).name].entry)}
        for item in sorted(members, key=lambda i: i.name):
            if listed(naming(item)) is None:
                item.edition = next(n for n in range(1, len(members) + len(taken) + 1) if n not in taken)
                taken.add(item.edition)


def _unique_ids(index: list[Indexed]) -> None:
    """Two reports with the same id get -2, -3 … in file order, never an id another file has
    (decided afresh each build from the ids the files' extractions gave them). A report
    takes the id of the rendering that names it, and its other renderings take its id."""
    own = {item.name: item.own_id for item in index}
    for item in index:
        item.report_id = own[item.named_by] if item.named_by else item.own_id
    used = {item.report_id for item in index}
    seen: set[str] = set()
    last: dict[str, int] = {}  # the suffix last given to each id: the next is above it (thousands may share one)
    for item in (i for i in index if not i.rendering_of):
        if item.report_id in seen:
            n = last.get(item.report_id, 1) + 1
            while f"{item.report_id}-{n}" in used:
                n += 1
            last[item.report_id] = n
            item.report_id = f"{item.report_id}-{n}"
            used.add(item.report_id)
        seen.add(item.report_id)
    primary = {item.name: item.report_id for item in index}
    for item in index:
        if item.rendering_of:
            item.report_id = primary[item.rendering_of]


def _listing(sources: Path, files: dict[str, os.DirEntry[str]]) -> str:
    """A digest of all a build reads from the sources folder short of the files' bytes:
    each file's name, size and modification and change times, the manifest's bytes, and
    the Word 97 converter when there are .doc files. "" when a file cannot be looked at."""
    sha = hashlib.sha256()
    try:
        sha.update((sources / MANIFEST).read_bytes())
    except FileNotFoundError:
        pass
    if any(name.lower().endswith(".doc") for name in files):
        sha.update(converter().encode())
    stats = ((name, file.stat()) for name, file in files.items())
    try:
        sha.update("\n".join(f"{n}\0{s.st_size}\0{s.st_mtime_ns}\0{s.st_ctime_ns}" for n, s in stats).encode())
    except OSError:
        return ""
    return sha.hexdigest()


def _fingerprint(file: os.DirEntry[str], previous: Record | None) -> tuple[str, tuple[int, int, int]]:
    """The file's SHA-256, re-read unless its size and its modification and change times
    are those of the last build (the change time cannot be set back by hand)."""
    stat = file.stat()
    stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    if previous and previous.stamp == stamp:
        return previous.sha256, stamp
    return hashlib.sha256(read_regular_file(file.path)).hexdigest(), stamp


class BuildBusy(RuntimeError):
    """Another build is writing into the same output folder."""


@contextmanager
def _one_build(cache: ExtractionCache, out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` (a file beside the build's record, locked with flock: the
    system drops it when the process ends, however it ends) or say who holds it."""
    import fcntl

    path = state_path(cache.root, out).with_suffix(".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildBusy(
                f"another build is writing into {out} ({holder}); wait for it to finish, or build into another folder"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(
    sources: Path,
    out: Path,
    jobs: int = 1,
    executor: str = "local",
    scheduler: str | None = None,
    cache: ExtractionCache | None = None,
    each_file: bool = False,
) -> BuildResult:
    """Build the package of ``sources`` into ``out``. ``each_file``: every file is a report
    of its own (renderings of one report not joined), to score each form's reader. One
    build per output folder at a time: a second raises BuildBusy."""
    cache = cache or ExtractionCache()
    own_freeze = gc.get_freeze_count() == 0  # a caller's own frozen objects stay frozen
    try:
        with _one_build(cache, out):
            return _build(sources, out, jobs, executor, scheduler, cache, each_file)
    finally:
        if own_freeze:
            gc.unfreeze()  # what gc_paused set aside goes back to the cycle collector


def _build(
    sources: Path,
    out: Path,
    jobs: int,
    executor: str,
    scheduler: str | None,
    cache: ExtractionCache | None,
    each_file: bool,
) -> BuildResult:
    """The build, under the output folder's lock (see build): stop at once when the listing,
    or else the files' hashes, show nothing changed; otherwise index every file (from the
    record, the cache or a failure remembered), extract the rest, then write the package and
    the record."""
    started = time.perf_counter()
    cache = cache or ExtractionCache()
    warnings: list[str] = []
    try:
        manifest = read_manifest(sources)
    except ManifestError as error:
        manifest = {}
        warnings.append(f"{error}; building from the texts alone")
    template = load_template()
    template_hash = hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()[:16]
    version = template_hash + code_version() + ("-each-file" if each_file else "")
    record_path = state_path(cache.root, out)
    folder = str(sources.resolve())

    with ExitStack() as workers:  # the extraction's worker processes, when it has any
        with gc_paused():  # 100,000 files make 100,000s of objects, none of them cyclic garbage
            files, passed = source_files(sources)
            listing = _listing(sources, files)
            head = read_head(record_path)
            if (
                head
                and listing
                and (head.version, head.sources, head.listing) == (version, folder, listing)
                and outputs_in_place(out, head)
            ):
                return BuildResult(
                    out / DESCRIPTOR,
                    head.errors,
                    warnings,
                    unchanged=True,
                    cache=cache,
                    record=record_path,
                    seconds=_since(started, "index"),
                )
            pool = warm_pool(jobs) if executor == "local" and jobs > 1 else None
            if pool is not None:  # not waited for: the workers leave while the package is written
                workers.callback(pool.shutdown, wait=False, cancel_futures=True)
            state = read_state(record_path) if head else None
            same_build = state is not None and (state.head.version, state.head.sources) == (version, folder)
            previous = state.files if state is not None and same_build else {}
            in_place = state is not None and bool(previous) and outputs_in_place(out, state.head)
            errors: list[tuple[str, str]] = list(passed)
            conflicts = edition_conflicts(manifest)
            retry = False  # a file could not be read: the next build must look at the folder again
            fresh: dict[str, Record] = {}
            tasks: dict[str, Task] = {}
            for name, file in files.items():
                entry = manifest.get(name)
                problems = (entry_problems(entry) if entry else []) + ([conflicts[name]] if name in conflicts else [])
                if problems:
                    errors.append((name, f"its manifest entry is wrong: {'; '.join(problems)}"))
                    continue
                try:
                    sha, stamp = _fingerprint(file, previous.get(name))
                except OSError as error:
                    errors.append((name, str(error)))
                    retry = True
                    continue
                key = entry_key(sha, entry, name)
                tasks[name] = Task(name, file.path, entry, key)
                fresh[name] = Record(stamp, sha, key)
            errors += [
                (name, "listed in the manifest but not found in the sources folder")
                for name in sorted(set(manifest) - set(files))
            ]
            known = {n: previous[n] for n, f in fresh.items() if n in previous and previous[n].key == f.key}
            if state is not None and in_place and len(known) == len(fresh) == len(previous):
                # Files were touched, not changed: the package in place is current (its cache
                # entries are not needed); the record takes their new times.
                errors.sort()
                write_state(
                    record_path,
                    State(
                        state.head._replace(listing="" if retry else listing, errors=errors),
                        {n: r._replace(stamp=fresh[n].stamp) for n, r in known.items()},
                    ),
                )
                return BuildResult(
                    out / DESCRIPTOR,
                    errors,
                    warnings,
                    unchanged=True,
                    cache=cache,
                    indexed=list(_remembered(known).values()),
                    seconds=_since(started, "index"),
                )

            present = cache.keys()
            failures = Failures(cache.root)
            index = _remembered({n: r for n, r in known.items() if r.key in present})
            pending: list[Task] = []
            for name, task in tasks.items():
                if name in index:
                    continue
                if (
                    task.key in present and (cached := cache.get(task.key)) is not None
                ):  # built before, perhaps elsewhere
                    index[name] = _indexed(task, _summary(cached))
                elif (reason := failures.get(task.key)) is not None:  # failed for good before: not paid for again
                    errors.append((name, reason))
                else:
                    pending.append(task)

        seconds = _since(started, "index")
        extracted = 0
        store = _Store(cache.root, schema_fields(template), template_hash)
        with Progress(len(pending), "extracting") as progress:
            for outcome in execute(pending, jobs, executor, scheduler, store, pool):
                progress.update()
                name = outcome.task.name
                if outcome.kept is None:
                    errors.append((name, outcome.error))
                    if outcome.lasting:  # remembered until the file, the code or a limit changes
                        failures.put(outcome.task.key, outcome.error)
                    else:  # perhaps a passing problem: the next build tries again
                        retry = True
                    continue
                extracted += 1
                index[name] = _indexed(outcome.task, outcome.kept)
    seconds.update(_since(started + sum(seconds.values()), "extract"))
    with gc_paused():  # the writing step holds as many objects as the index, and makes no cyclic garbage either
        ordered = [index[n] for n in sorted(index)]
        _renderings(ordered, tasks, cache, each_file)
        _unique_ids(ordered)
        fields = schema_fields(template)
        resources = [name for name in fields if name not in WHOLE]  # the ones each report writes to
        placed = (
            placements(
                (((r.report_id, r.key, r.depends), r.written) for r in previous.values() if r.written),
                [len(header(fields[name])) for name in resources],
            )
            if in_place
            else {}
        )
        if placed:  # CSVs may be edited in place: a build stopped midway must leave no record that trusts them
            record_path.unlink(missing_ok=True)
        descriptor, written = _write(
            ordered, out, cache, template, template_hash, tasks, jobs if executor == "local" else 1, resources, placed
        )
        for item in ordered:
            depends, layout = written.get(item.name, ("", ()))
            copies = known[item.name].copies if item.name in known else json.dumps(item.copies, ensure_ascii=False)
            stamp, sha, key = fresh[item.name][:3]  # built whole: _replace took 0.4 s at 100,000 reports
            fresh[item.name] = Record(
                stamp, sha, key, item.report_id, item.own_id, copies, item.glued, item.part_of, depends, layout
            )
        errors.sort()
        head = Head(
            version,
            folder,
            hashlib.sha256(descriptor.read_bytes()).hexdigest(),
            "" if retry else listing,
            errors,
            output_stamps(out),
        )
        write_state(record_path, State(head, {n: fresh[n] for n in sorted(index)}))
    seconds.update(_since(started + sum(seconds.values()), "write"))
    return BuildResult(descriptor, errors, warnings, extracted, cache=cache, indexed=ordered, seconds=seconds)


def _since(mark: float, phase: str) -> dict[str, float]:
    return {phase: time.perf_counter() - mark}


def _kept_parts(signatures: list[Signature], found: list[Placed | None], placed: dict[Signature, Placed]) -> set[str]:
    """The Parquet parts whose reports are all copied, and are those the part in place
    holds (none gone, none new): their files are kept as they are."""
    before: dict[str, list[Signature]] = {}
    for sig in placed:  # in id order
        before.setdefault(part_name(sig[0]), []).append(sig)
    now: dict[str, list[Signature]] = {}
    copied: dict[str, bool] = {}
    for sig, where in zip(signatures, found):
        name = part_name(sig[0])
        now.setdefault(name, []).append(sig)
        copied[name] = copied.get(name, True) and where is not None
    return {name for name, sigs in now.items() if copied[name] and before.get(name) == sigs}


def _write(
    index: list[Indexed],
    out: Path,
    cache: ExtractionCache,
    template: dict[str, Any],
    template_hash: str,
    tasks: dict[str, Task],
    jobs: int,
    resources: list[str],
    placed: dict[Signature, Placed],
) -> tuple[Path, dict[str, tuple[str, tuple[int, ...]]]]:
    """Write every report's rows in report-id order, settling its glued cells by copies as
    it goes; return the descriptor and, by file, what each report was made with and wrote
    (its bytes then rows in each of ``resources``).

    A report ``placed`` in the package in place is copied from it. The others' rows are
    rendered once and cached beside their extraction (with the schema they were rendered
    for), so they are mostly read back; the reports that need more work are prepared by
    ``jobs`` processes ahead of the writer (see package.rows). An entry the cache lost or
    that fails its checksum is extracted again on the spot."""
    ids = {item.report_id for item in index}
    attachments: dict[str, list[Indexed]] = {}
    for item in index:
        if item.part_of in ids and item.part_of != item.report_id:
            attachments.setdefault(item.part_of, []).append(item)
    renderings: dict[str, list[Indexed]] = {}
    for item in index:
        if item.rendering_of:
            renderings.setdefault(item.report_id, []).append(item)
    attached = {a.name for group in (*attachments.values(), *renderings.values()) for a in group}
    reports = sorted((i for i in index if i.name not in attached), key=lambda i: i.report_id)
    with PackageWriter(out, template, resources, edit=bool(placed)) as writer:  # a failure discards what it staged
        maker = RowMaker(cache, Copies(index), attachments, renderings, tasks, writer.fields, template_hash)
        writer.add("indicators", indicator_rows())
        signatures = [signature(item, maker.consulted(item)) for item in reports]
        found = [placed.get(sig) for sig in signatures]
        before = {sig[0]: where for sig, where in placed.items()}  # by report id: where a remade report's rows were
        todo = [item for item, where in zip(reports, found) if where is None]
        kept = _kept_parts(signatures, found, placed)
        written: dict[str, tuple[str, tuple[int, ...]]] = {}
        organs = OrganRows(list(writer.fields["reports"].names))
        at = resources.index("reports")
        part = None
        with (
            Progress(len(reports), "writing") as progress,
            closing(
                order_preserving_map(RowMaker.rows, maker, todo, [maker.needs_work(i) for i in todo], jobs)
            ) as made,
        ):
            for item, sig, where in zip(reports, signatures, found):
                if part_name(item.report_id) != part:
                    part = part_name(item.report_id)
                    writer.begin_part(part, part in kept)
                if where is None:
                    rows = next(made)
                    parts = [rows[name] for name in resources]
                    # Rows remade as they were (a file saved again, a page whose boilerplate changed)
                    # are the bytes in place: copied, so that a file left as it was is kept whole.
                    old = before.get(item.report_id)
                    offsets = old.offsets if old else (None,) * len(resources)
                    same = [
                        offset is not None and writer.holds(name, offset, text)
                        for name, (text, _), offset in zip(resources, parts, offsets)
                    ]
                    for name, (text, count), unchanged, offset in zip(resources, parts, same, offsets):
                        if unchanged and offset is not None:
                            writer.add_copied(name, offset, len(text), count)
                        else:
                            writer.add_rendered(name, text, count)
                    layout = (*(len(text) for text, _ in parts), *(count for _, count in parts))
                    organs.add(parts[at][0])
                else:
                    for name, offset, size, count in zip(resources, *where):
                        writer.add_copied(name, offset, size, count)
                    layout = (*where.sizes, *where.rows)
                    organs.add(writer.read_in_place("reports", where.offsets[at], where.sizes[at]))
                written[item.name] = (sig[2], layout)
                progress.update()
        writer.add("organs", organs.rows())
        writer.add("crosswalk", crosswalk_rows())
        return writer.close(), written
