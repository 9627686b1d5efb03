"""The command line: ``fengong build | reload | validate | stats | export`` (+ :mod:`fengong.cli_query`).

Exit codes: 0 success (validation: conforms, lower severities allowed); 1 validation found
findings at or above ``--severity``; 2 usage or input error (the message names the file and line).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fengong.catalogue import load_catalogue
from fengong.cli_common import (
    GraphOption,
    Lang,
    OutputOption,
    ProjectOption,
    emit,
    emit_bytes,
    fail,
)
from fengong.cli_progress import Progress
from fengong.cli_query import register
from fengong.client import Fengong
from fengong.diff import as_records, diff_documents, render_text
from fengong.errors import FengongError
from fengong.export import ASSIGNMENT_COLUMNS, assignment_rows, matrix_rows, to_csv, to_json
from fengong.figures import matrix_xlsx, network, plot, to_graphml
from fengong.graph import DEFAULT_BASE, Iris, Project
from fengong.graph.alignment import align_corpus, read_reviews, write_proposals
from fengong.graph.pipeline import collect_sources, skipped_files
from fengong.graph.publish import Published, notify_servers, publish
from fengong.graph.reading import DEFAULT_READ, ReadOptions
from fengong.graph.serialize import count_lines
from fengong.ingest.layout import SOURCE_SUFFIXES, Layout, read_document
from fengong.ingest.resolve import resolve_document
from fengong.project_init import init_project
from fengong.queries import load_query
from fengong.store import EmbeddedStore
from fengong.store.disk import DISK_FROM, disk_store, ready_count
from fengong.validate import Severity, ValidationReport, validate_build, written_report

__all__ = ["app", "main"]

app = typer.Typer(
    help="Fengong (分工): build and query the knowledge graph of policy division tables.",
    no_args_is_help=True,
    add_completion=False,
)
export_app = typer.Typer(help="Export tables from the built graph.", no_args_is_help=True)
app.add_typer(export_app, name="export")


def _project(root: Path | None) -> Project:
    return Project.discover(root)


def _store(project: Project, graph: Path | None) -> EmbeddedStore:
    path = graph or project.build / "fengong.nq"
    if not path.is_file():
        raise FengongError(f"no built graph at {path}: run `fengong build` first")
    on_disk = disk_store(path.parent) if path.name == "fengong.nq" else None
    return EmbeddedStore.on_disk(on_disk) if on_disk else EmbeddedStore.from_file(path)


SourcesArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders (default: data/sources).", show_default=False),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        help="The published build (default: data/build, a link into data/builds/).",
        show_default=False,
    ),
]
BaseOption = Annotated[str, typer.Option(envvar="FENGONG_BASE", help="Base of instance IRIs.")]
AllowInvalidOption = Annotated[
    bool,
    typer.Option(
        "--allow-invalid",
        help="Publish even when validation finds violations (to inspect a broken graph).",
    ),
]


LayoutOption = Annotated[
    Layout | None,
    typer.Option(
        help="Read every source in this layout instead of detecting it.", show_default=False
    ),
]
KeepGoingOption = Annotated[
    bool,
    typer.Option(
        "--keep-going",
        help="Leave out a document that cannot be read (saying why) and build the others.",
    ),
]


class StoreChoice(StrEnum):
    auto = "auto"
    memory = "memory"
    disk = "disk"


StoreOption = Annotated[
    StoreChoice,
    typer.Option(
        "--store",
        help="Also bulk-load the build into an on-disk store that servers and queries open "
        "read-only, one copy for every worker (disk); or not (memory); auto: from "
        f"{DISK_FROM:,} quads.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        envvar="FENGONG_SCHEDULER",
        help="Read the documents on this Dask cluster (tcp://host:8786); its workers need "
        "fengong and read access to the sources at the same paths. Default: a local cluster "
        "of one process per core (a few documents: this process).",
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse departments and cited documents the registries do not list "
        "(by default they are kept as unregistered, and the validation warns).",
    ),
]


def _publish(
    proj: Project,
    sources: list[Path] | None,
    out: Path | None,
    base: str,
    allow_invalid: bool,
    options: ReadOptions = DEFAULT_READ,
    store: StoreChoice = StoreChoice.auto,
    scheduler: str | None = None,
) -> Published:
    target = out or proj.build
    if not sources and not proj.sources.is_dir():
        raise fail(FengongError(
            f"no documents given, and {proj.sources} does not exist: name files or folders "
            "(fengong build my-docs/), or lay out a project with `fengong init`"
        ))  # fmt: skip
    paths = sources or [proj.sources]
    try:
        load_catalogue(*proj.catalogue_dirs)  # the project's own queries: found wrong now
    except FengongError as err:
        raise fail(err) from None
    for path in skipped_files(paths):
        typer.echo(f"skipped {path}: not a source file ({', '.join(sorted(SOURCE_SUFFIXES))})",
                   err=True)  # fmt: skip
    try:
        total = len(collect_sources(paths))
        with Progress(total) as progress:
            result = publish(proj, paths, target, Iris(base), allow_invalid, options,
                             progress.read, store.value, scheduler)  # fmt: skip
    except FengongError as err:
        raise fail(err) from None
    for error in result.build.refused:
        typer.echo(f"left out: {error}", err=True)
    if result.build.reused:
        typer.echo(f"{result.build.reused} unchanged document(s) taken from the previous build, "
                   f"{result.build.made} read")  # fmt: skip
    if result.build.delta is not None:
        gone, come = result.build.delta
        typer.echo(f"the previous build's files patched: {len(gone):,} quad(s) taken out, "
                   f"{len(come):,} put in")  # fmt: skip
    elif result.build.unpatched:
        typer.echo(f"every file written again: {result.build.unpatched}")
    for path in sorted(result.generation.iterdir()):
        typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    if result.store == "patched":
        typer.echo("the on-disk store is the previous one's, patched with what changed")
    if result.violations:
        typer.echo(f"warning: published with {result.violations} violation(s)", err=True)
    typer.echo(f"published {target} -> {result.generation.name}")
    return result


@app.command()
def build(
    sources: SourcesArgument = None,
    out: OutOption = None,
    base: BaseOption = DEFAULT_BASE,
    allow_invalid: AllowInvalidOption = False,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    keep_going: KeepGoingOption = False,
    store: StoreOption = StoreChoice.auto,
    scheduler: SchedulerOption = None,
    project: ProjectOption = None,
) -> None:
    """Parse the sources, compile the registries, reason, validate, and publish the graph.

    The build goes into a new folder under data/builds/ and data/build is switched to it only
    when every step passed: bad input, violations or a crash leave the previous build in place.
    """
    _publish(
        _project(project),
        sources,
        out,
        base,
        allow_invalid,
        ReadOptions(layout, strict, keep_going),
        store,
        scheduler,
    )


@app.command("init")
def init_command(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder.")],
    with_seed: Annotated[
        bool,
        typer.Option("--with-seed", help="Copy the seed, 普安办〔2020〕18号, into data/sources/."),
    ] = False,
) -> None:
    """Create a project folder: data/sources/, data/reference/ (rows added to the packaged
    registries), queries/ (named queries of your own), with commented examples."""
    try:
        written = init_project(folder, with_seed)
    except FengongError as err:
        raise fail(err) from None
    for path in written:
        typer.echo(f"wrote {path}")
    if not with_seed:
        typer.echo(f"next: put documents into {folder / 'data' / 'sources'}, then")
    typer.echo(f"next: cd {folder} && fengong build && fengong serve")


@app.command()
def reload(
    sources: SourcesArgument = None,
    out: OutOption = None,
    base: BaseOption = DEFAULT_BASE,
    allow_invalid: AllowInvalidOption = False,
    layout: LayoutOption = None,
    strict: StrictOption = False,
    keep_going: KeepGoingOption = False,
    store: StoreOption = StoreChoice.auto,
    scheduler: SchedulerOption = None,
    no_build: Annotated[
        bool, typer.Option("--no-build", help="Only tell the servers to reload.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Build and publish as `build` does, then tell running servers to switch to the new graph.

    Servers go on answering from the old graph until the new one is loaded (SIGHUP does the
    same: `kill -HUP <pid>`). Nothing is sent when the build fails.
    """
    proj = _project(project)
    if not no_build:
        _publish(proj, sources, out, base, allow_invalid, ReadOptions(layout, strict, keep_going),
                 store, scheduler)  # fmt: skip
    told = notify_servers(out or proj.build)
    pids = ", ".join(map(str, told)) or "none running"
    typer.echo(f"asked {len(told)} server(s) to reload: {pids}")


@app.command()
def stats(project: ProjectOption = None, graph: GraphOption = None) -> None:
    """Count what the built graph holds."""
    proj = _project(project)
    try:
        store = _store(proj, graph)
        typer.echo(f"quads: {len(store)}")
        for row in store.select(load_query(proj.queries, "export/stats")).records():
            typer.echo(f"{str(row['class']).rsplit('#', 1)[-1]}: {row['count']}")
        for row in store.select(load_query(proj.queries, "export/assignment-counts")).records():
            typer.echo(f"assignments {row['role']}/{row['basis']}: {row['count']}")
    except FengongError as err:
        raise fail(err) from None


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    turtle = "turtle"


class Engine(StrEnum):
    shacl = "shacl"
    sparql = "sparql"


class FailLevel(StrEnum):
    violation = "violation"
    warning = "warning"
    info = "info"


@app.command("validate")
def validate_command(
    lang: Annotated[Lang, typer.Option("--lang", help="Report language.")] = Lang.en,
    format: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.text,
    severity: Annotated[
        FailLevel, typer.Option("--severity", help="Lowest severity that makes validation fail.")
    ] = FailLevel.violation,
    engine: Annotated[
        Engine,
        typer.Option(
            help="pySHACL (reference) or the same checks as SPARQL on the embedded store."
        ),
    ] = Engine.shacl,
    build_dir: Annotated[
        Path | None,
        typer.Option("--build", help="Build folder (default: data/build).", show_default=False),
    ] = None,
    written: Annotated[
        bool,
        typer.Option(
            "--written",
            help="Show the report the build wrote (its validation.json) instead of checking "
            "again: at once, and without loading the graph (a 10M-quad build needs 4.5 GB). "
            "The default for builds of 5,000,000 quads or more.",
        ),
    ] = False,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Check a build of 5,000,000 quads or more again, in one store, rather than "
            "show the report its build wrote as it checked it.",
        ),
    ] = False,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Check the built graph against the packaged SHACL shapes; exit 1 if it fails."""
    proj = _project(project)
    folder = build_dir or proj.build
    try:
        if written and again:
            raise FengongError("--written shows the report the build wrote; --again checks "
                               "again: choose one")  # fmt: skip
        quads = 0 if written or again else _quads_in(folder)
        if written:
            report = _written_report(folder)
        elif quads >= DISK_FROM:
            report = _large_builds_report(folder, quads)
        else:
            report = validate_build(folder, proj.shapes, proj.queries, engine.value)
    except FengongError as err:
        raise fail(err) from None
    render = {
        ReportFormat.text: lambda: report.render_text(lang.value),
        ReportFormat.json: report.render_json,
        ReportFormat.turtle: report.render_turtle,
    }[format]
    emit(render(), output)
    if report.fails(Severity[severity.name.upper()]):
        raise typer.Exit(1)


def _written_report(folder: Path) -> ValidationReport:
    try:
        return written_report(folder)
    except FengongError as err:
        raise FengongError(f"{err}; without --written, `fengong validate` checks the graph "
                           "(below 5,000,000 quads)") from None  # fmt: skip


def _large_builds_report(folder: Path, quads: int) -> ValidationReport:
    """The report a large build wrote, and a word on stderr that it is that one."""
    again = (f"`fengong validate --again` checks its {quads:,} quads again in one store "
             "(about 4.5 GB at 10M quads)")  # fmt: skip
    try:
        report = written_report(folder)
    except FengongError as err:
        raise FengongError(f"{err}; {again}") from None
    typer.echo(
        f"{folder} holds {quads:,} quads: this is the report its build wrote as it checked "
        "them, with the build's checks and shapes (validation.json: the findings a check of "
        f"the whole graph gives). {again}, with --engine and the project's shapes now.",
        err=True,
    )
    return report


def _quads_in(folder: Path) -> int:
    """The quads of the build in ``folder``: its on-disk store's count, or fengong.nq's lines
    (0 when there is none: checking it says what is missing)."""
    store = disk_store(folder)
    count = ready_count(store) if store is not None else None
    if count is not None:
        return count
    try:
        return count_lines(folder / "fengong.nq")
    except OSError:
        return 0


RawOption = typer.Option(
    "--raw",
    help="CSV cells exactly as in the graph, even those a spreadsheet would run as a formula "
    "(=, +, -, @): for tools that read CSV as data. By default such a cell starts with '.",
)


class TableFormat(StrEnum):
    csv = "csv"
    json = "json"


@export_app.command("assignments")
def export_assignments(
    format: Annotated[
        TableFormat, typer.Option("--format", help="Output format.")
    ] = TableFormat.csv,
    expand: Annotated[bool, typer.Option(help="Add the agencies category mentions reach.")] = False,
    raw: Annotated[bool, RawOption] = False,
    output: OutputOption = None,
    project: ProjectOption = None,
    graph: GraphOption = None,
) -> None:
    """One row per department mention: document,section,measure,task,role,department,mention,
    basis,open_ended,source_line,jurisdiction,function."""
    proj = _project(project)
    try:
        rows = assignment_rows(_store(proj, graph), proj.queries, expand)
    except FengongError as err:
        raise fail(err) from None
    text = to_csv(ASSIGNMENT_COLUMNS, rows, raw) if format is TableFormat.csv else to_json(rows)
    emit(text, output)


class MatrixFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@export_app.command("matrix")
def export_matrix(
    fmt: Annotated[MatrixFormat, typer.Option("--format", help="csv, or xlsx (needs -o).")] = (
        MatrixFormat.csv
    ),
    raw: Annotated[bool, RawOption] = False,
    output: OutputOption = None,
    project: ProjectOption = None,
    graph: GraphOption = None,
) -> None:
    """Department × measure matrix: L lead, S support, L/S both."""
    proj = _project(project)
    try:
        store = _store(proj, graph)
        if fmt is MatrixFormat.xlsx:
            if output is None:
                raise FengongError("--format xlsx writes a file: give -o matrix.xlsx")
            emit_bytes(matrix_xlsx(store, proj.queries), output)  # whole or nothing
            return
        header, body = matrix_rows(store, proj.queries)
    except FengongError as err:
        raise fail(err) from None
    emit(to_csv(header, body, raw), output)


@export_app.command("graphml")
def export_graphml(
    output: OutputOption = None,
    project: ProjectOption = None,
    graph: GraphOption = None,
) -> None:
    """The lead → support collaboration network as GraphML (Gephi, yEd, networkx)."""
    proj = _project(project)
    try:
        text = to_graphml(network(Fengong(_store(proj, graph), proj)))
    except FengongError as err:
        raise fail(err) from None
    emit(text, output)


class PlotKind(StrEnum):
    matrix = "matrix"
    network = "network"
    workload = "workload"


review_app = typer.Typer(help="Lists for a researcher to review and feed back.")
app.add_typer(review_app, name="review")

#: data/reference/departments.csv's columns, the layout `review departments` writes
REGISTRY_COLUMNS = (
    "id", "kind", "short_label_zh", "official_name_zh", "name_en", "jurisdiction", "function",
    "aliases", "counterpart", "sub_organization_of", "member_of", "official_name_status",
    "source",
)  # fmt: skip


@review_app.command("departments")
def review_departments(
    output: OutputOption = None,
    project: ProjectOption = None,
    graph: GraphOption = None,
) -> None:
    """Departments whose names read as no function, as rows of data/reference/departments.csv
    (busiest first): fill in `function` (a key of functions.csv), check the names, and add the
    rows to data/reference/departments/<place>.csv; the next build reads them as registered."""
    from fengong.queries import load_query

    proj = _project(project)
    try:
        rows = _store(proj, graph).select(load_query(proj.queries, "review/departments"))
    except FengongError as err:
        raise fail(err) from None
    body = []
    for row in rows.records():
        place = str(row["place"]).rsplit("/place/", 1)[-1]
        label = str(row["label"])
        body.append(
            [f"{place}/", row["kind"], label, "", "", place, "", "", "", "", "", "unverified",
             f"{row['source'] or ''} ({row['tasks']} tasks); function to review"]
        )  # fmt: skip
    emit(to_csv(REGISTRY_COLUMNS, body), output)


@app.command("plot")
def plot_command(
    kind: Annotated[PlotKind, typer.Argument(help="matrix, network or workload.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="A .png or .svg file.")],
    project: ProjectOption = None,
    graph: GraphOption = None,
) -> None:
    """Draw the matrix heat map, the collaboration network or the workload bars."""
    proj = _project(project)
    if output.suffix not in {".png", ".svg"}:
        raise fail(FengongError(f"{output}: write a .png or .svg file"))
    try:
        plot(kind.value, Fengong(_store(proj, graph), proj), output)
    except FengongError as err:
        raise fail(err) from None
    typer.echo(f"wrote {output}")


register(app)


@app.command("align")
def align_command(
    sources: SourcesArgument = None,
    layout: LayoutOption = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Default: data/reference/alignments.csv.", show_default=False),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Propose which higher-level measure each measure implements, for review.

    Writes one row per measure of every source that cites another source (为贯彻落实《…》):
    the paired measure, the basis (numbering or text) and the text similarity, status
    `proposed`. Set a row's status to `confirmed` (with the right municipal_measure, or none)
    or `rejected`: the next build follows reviewed rows, and this command keeps them.
    """
    proj = _project(project)
    target = output or proj.reference / "alignments.csv"
    try:
        registry = proj.load_registry()
        docs = [
            resolve_document(read_document(path, path.name, layout)[1], registry)
            for path in collect_sources(sources or [proj.sources])
        ]
        reviews = read_reviews(target)
        links = align_corpus(docs, reviews)
        rows = write_proposals(links, target, reviews)
    except FengongError as err:
        raise fail(err) from None
    for link in links:
        pairs = len(link.pairs)
        typer.echo(
            f"{link.lower.name} implements {link.higher.name}: "
            f"{pairs} of {len(link.lower.table.measures)} measures paired, "
            f"{len(link.higher.table.measures) - len({p.right.ordinal for p in link.pairs})} "
            "higher measures not taken up"
        )
    typer.echo(f"wrote {target} ({rows} rows, {len(reviews)} reviewed)")


class DiffFormat(StrEnum):
    text = "text"
    csv = "csv"
    json = "json"


@app.command("diff")
def diff_command(
    first: Annotated[Path, typer.Argument(help="A source file (any layout).")],
    second: Annotated[Path, typer.Argument(help="Another version, or another district's.")],
    format: Annotated[DiffFormat, typer.Option("--format", help="Output format.")] = (
        DiffFormat.text
    ),
    layout: LayoutOption = None,
    output: OutputOption = None,
    project: ProjectOption = None,
) -> None:
    """Measures and assignments added, removed or changed from FIRST to SECOND.

    Measures are paired by number where the texts agree, else by the most similar text;
    each pair says which. Exit code 0 whether or not there are changes.
    """
    proj = _project(project)
    try:
        registry = proj.load_registry()
        docs = []
        for path in (first, second):
            _, table = read_document(path, path.name, layout)
            docs.append(resolve_document(table, registry))
    except FengongError as err:
        raise fail(err) from None
    changes = diff_documents(*docs)
    if format is DiffFormat.text:
        text = render_text(docs[0], docs[1], changes)
    elif format is DiffFormat.json:
        text = to_json(as_records(changes))
    else:
        text = to_csv(["kind", "left", "right", "detail"], as_records(changes))
    emit(text, output)


def _show_version(value: bool) -> None:
    if value:
        from fengong import __version__

        typer.echo(f"fengong {__version__}")
        raise typer.Exit


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    """Fengong (分工): build and query the knowledge graph of policy division tables."""


def main() -> None:
    app()
