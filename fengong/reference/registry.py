"""Loading and cross-checking the reference registries (CSV files researchers edit).

Each CSV has one row per thing and a ``source`` column saying where its facts come from. The
loader rejects duplicates, dangling references and unknown kinds with the file and line, so a
typo in a registry fails the build instead of producing a quietly wrong graph.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from fengong.errors import Location, ReferenceDataError
from fengong.ingest.traditional import simplified
from fengong.reference.department_names import ChainPlace, DepartmentReading, read_name
from fengong.reference.divisions import Division, Divisions, load_divisions
from fengong.reference.functions import (
    ERAS,
    FORMS,
    GROUPS,
    KEY,
    LEVELS,
    Function,
    FunctionName,
    Vocabulary,
    normalise,
)

__all__ = [
    "Category",
    "CategoryMember",
    "DocumentSeries",
    "JurisdictionFound",
    "Organisation",
    "Place",
    "ReferenceDocument",
    "Reform",
    "Registry",
    "Slogan",
    "load_registry",
]

PLACE_KINDS = {
    "country", "province", "prefecture", "district", "subdistrict", "town", "cooperation-region",
    "unknown",
}  # fmt: skip
ORGANISATION_KINDS = {"agency", "collective", "subdistrict-office", "town-government"}
DOCUMENT_KINDS = {
    "law",
    "regulation",
    "local-rules",
    "catalogue",
    "guideline",
    "policy-opinion",
    "division-table",
    "notice",
    "reform-plan",
}
VERIFIED = {"verified", "unverified"}
REFORM_DATE_KINDS = {"approved", "published", "unveiled", "transferred", "deadline"}
ORGANISATION_LEVELS = {"country", "province", "prefecture", "district", "town", "subdistrict"}


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


#: organs of the national government or party centre: their documents are the country's
_NATIONAL = ("国务院", "中共中央", "国家", "中华人民共和国")
#: a name relative to its document's place (市政府, 区应急局, 县委办): it names no place itself
_RELATIVE_NAME = re.compile(r"^[省市区县州镇乡](?!场)")


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    label_zh: str
    label_en: str
    code: str
    within: str
    aliases: tuple[str, ...]
    status: str  # verified | unverified (the code and name against the source)
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions


@dataclass(frozen=True)
class Organisation:
    """An agency, a collective (各街道镇) or one of its members."""

    id: str
    kind: str
    short_label: str  # as tables write it: 区应急局
    official_name: str  # full name where a source gives it, else ""
    name_en: str
    jurisdiction: str
    aliases: tuple[str, ...]
    counterpart: str  # the municipal (or national) counterpart's id
    sub_organization_of: str
    member_of: str  # the collective it belongs to
    status: str  # verified | unverified: the official name against its source
    source: str
    line: int
    file: str = "departments.csv"  # or departments/<jurisdiction>.csv
    functions: tuple[str, ...] = ()  # keys of functions.csv: the registry's, else read from
    # its names (two or more: the names disagree, a violation)
    function_basis: str = ""  # registry | name | core | tail: how the function was found
    level: str = ""  # its jurisdiction's level (country, province, prefecture, district, town)
    generic: bool = False  # its name names no function by design (各有关部门, 成员单位)
    names_category: bool = False  # its name names a kind of department (发改部门, 公安机关)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.short_label, self.official_name, *self.aliases) if n)


@dataclass(frozen=True)
class Category:
    """A department category defined in a table's 注, scoped to one jurisdiction."""

    id: str
    jurisdiction: str
    label_zh: str
    label_en: str
    aliases: tuple[str, ...]
    note_term: str  # the term as the 注 defines it
    definition_en: str
    cites_document: str
    cites_article: str  # article number (第N条 → "N"), "" when the whole act is cited
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label_zh, *self.aliases, self.note_term)


@dataclass(frozen=True)
class CategoryMember:
    """An agency counted in a category: the note's listed term and the agency it maps to."""

    category: str
    listed_as: str
    agency: str  # "" when the listed kind of department has no agency in the jurisdiction
    status: str  # verified | unverified
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions


@dataclass(frozen=True)
class ReferenceDocument:
    """A legal source or related policy document (cited, applied, or higher-level)."""

    id: str
    kind: str
    title_zh: str
    title_en: str
    aliases: tuple[str, ...]
    number: str
    issuers: tuple[str, ...]
    date_issued: str
    date_in_force: str
    jurisdiction: str
    applies: tuple[str, ...]
    part_of: str
    status: str
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions

    @property
    def titles(self) -> tuple[str, ...]:
        return (self.title_zh, *self.aliases)


@dataclass(frozen=True)
class DocumentSeries:
    """A document-number series: 普安办〔YYYY〕N号 or 沪府令第N号, and who issues it."""

    prefix: str
    slug: str
    pattern: str  # organ-year-serial | decree-serial
    issuer: str
    jurisdiction: str
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions

    def regex(self) -> re.Pattern[str]:
        if self.pattern == "organ-year-serial":
            return re.compile(re.escape(self.prefix) + r"〔(\d{4})〕(\d+)号")
        return re.compile(re.escape(self.prefix) + r"第(\d+)号")


@dataclass(frozen=True)
class Reform:
    """An institutional reform at some levels of a jurisdiction: the former functions it
    ended there and the date their successors were in place (or due to be)."""

    id: str
    jurisdiction: str  # the place whose bodies (at ``levels``, within it) it reorganised
    levels: tuple[str, ...]  # country | province | prefecture | district | town | subdistrict
    functions: tuple[str, ...]  # former functions (functions.csv) it ended
    date: str  # YYYY-MM-DD
    dated_by: str  # what the date is: approved | published | unveiled | transferred | deadline
    label_zh: str
    label_en: str
    document: str  # the document that made it (documents.csv)
    status: str
    source: str
    line: int
    file: str = ""  # set when the row comes from a project's additions


@dataclass(frozen=True)
class Slogan:
    label_zh: str
    label_en: str
    line: int
    file: str = ""  # set when the row comes from a project's additions


@dataclass(frozen=True)
class JurisdictionFound:
    """The place a document names (None: unknown), places to add for it, and why not."""

    place: str | None
    new_places: tuple[Place, ...]
    reason: str


@dataclass
class Registry:
    """All registries, with lookups by the names documents use."""

    directory: Path
    places: dict[str, Place] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    category_members: list[CategoryMember] = field(default_factory=list)
    documents: dict[str, ReferenceDocument] = field(default_factory=dict)
    series: dict[str, DocumentSeries] = field(default_factory=dict)
    slogans: dict[str, Slogan] = field(default_factory=dict)
    reforms: dict[str, Reform] = field(default_factory=dict)
    _readings: dict[tuple[str, str, str], DepartmentReading] = field(
        default_factory=dict, repr=False
    )

    @cached_property
    def divisions(self) -> Divisions | None:
        """The national register of divisions (divisions.csv), read the first time a document
        names a place the project registry does not settle: builds of registered places, and
        the server, never pay for it."""
        path = self.directory / "divisions.csv"
        return load_divisions(path) if path.is_file() else None

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The functions of government and the names they go by (functions.csv,
        function_names.csv); empty when the registry has none."""
        return _vocabulary(self.directory)

    def chain(self, place: str) -> tuple[ChainPlace, ...]:
        """``place`` and the places above it, nearest first (the project registry's, else the
        national register's); empty for an unknown place."""
        found: list[ChainPlace] = []
        while place and len(found) < 10:
            own = self.places.get(place)
            if own is not None:
                if own.kind in ("unknown", "cooperation-region"):
                    break
                found.append(ChainPlace(own.id, own.label_zh, own.kind,
                                        (own.label_zh, *own.aliases)))  # fmt: skip
                place = own.within
                continue
            division = self.divisions.by_id(place) if self.divisions else None
            if division is None:
                break
            level = "district" if division.level == "county" else division.level
            found.append(ChainPlace(division.id, division.label_zh, level,
                                    self.divisions.names(division)))  # fmt: skip
            place = division.within
        return tuple(found)

    def _place_named(
        self, text: str, chain: tuple[ChainPlace, ...]
    ) -> tuple[ChainPlace, int] | None:
        """The division a name at the start of ``text`` names (济南市历城区…: 历城区) and
        where the name ends; a name several divisions share only inside the document's
        province."""
        if self.divisions is None:
            return None
        end, best = 0, None
        for found in self.divisions.find(text):
            if found.start != end:
                break
            candidates = found.candidates
            if len(candidates) > 1:
                ids = {p.id for p in chain}
                candidates = tuple(
                    c for c in candidates
                    if any(d.id in ids for d in self.divisions.path(c))
                )  # fmt: skip
            if len(candidates) != 1:
                break
            end, best = found.end, candidates[0]
        if best is None:
            return None
        place = self.chain(best.id)
        return (place[0], end) if place else None

    def reform_ending(self, function: str, place: str | None, level: str) -> Reform | None:
        """The reform that ended ``function`` for bodies of ``place`` (at ``level``): the
        nearest place's own reform first (上海市's before China's)."""
        chain = self.chain(place) if place else ()
        for p in chain:
            for reform in self.reforms.values():
                if (reform.jurisdiction == p.id and function in reform.functions
                        and level in reform.levels):  # fmt: skip
                    return reform
        return None

    def read_department(self, name: str, place: str, date: str = "") -> DepartmentReading:
        """What ``name``, written in a document of ``place`` dated ``date`` (YYYY-MM-DD, or ""
        when unknown), says of its function, jurisdiction and level (see
        :mod:`fengong.reference.department_names`)."""
        key = (name, place, date)  # names as written; read in simplified characters (省財政廳)
        cached = self._readings.get(key)
        if cached is not None:
            return cached
        chain = self.chain(place)

        def before(where: str | None, level: str, function: str) -> bool:
            reform = self.reform_ending(function, where, level) if date else None
            return reform is not None and date < reform.date

        reading = read_name(
            simplified((name,))[0],
            chain,
            self.vocabulary,
            lambda text: self._place_named(text, chain),
            before,
        )
        self._readings[key] = reading
        return reading

    def division_places(self, division: Division) -> tuple[Place, ...]:
        """A division of the national register and the divisions above it, as places, for
        those the project registry lacks (outermost first)."""
        assert self.divisions is not None
        return tuple(
            Place(
                id=d.id,
                kind="district" if d.level == "county" else d.level,
                label_zh=d.label_zh,
                label_en=d.label_en,
                code=d.code,
                within=d.within,
                aliases=(),
                status="unverified",
                source="data/reference/divisions.csv (national register of divisions, "
                "GB/T 2260 codes from cpca 0.5.5); named by the document",
                line=0,
            )
            for d in self.divisions.path(division)
            if d.id not in self.places
        )

    def find_jurisdiction(self, texts: Sequence[str], body: str = "") -> JurisdictionFound:
        """The place a document's issuer and title name (its text settles an ambiguous name):
        the most specific of the project registry's places and the national register's."""
        named = [
            place
            for place in self.places.values()
            if place.kind not in ("cooperation-region", "unknown", "country")
            and any(
                name and name in text for text in texts for name in (place.label_zh, *place.aliases)
            )
        ]
        best_own = max(named, key=lambda p: (self._depth(p.id), len(p.label_zh)), default=None)
        resolution = self.divisions.resolve(*texts, body) if self.divisions else None
        own_depth = self._depth(best_own.id) - 1 if best_own is not None else 0  # 1: province
        if resolution is not None and resolution.division is not None:
            division = resolution.division
            assert self.divisions is not None
            if len(self.divisions.path(division)) > own_depth:
                return JurisdictionFound(division.id, self.division_places(division), "")
        if best_own is not None:
            return JurisdictionFound(best_own.id, (), "")
        if resolution is not None and resolution.ambiguous:
            assert self.divisions is not None
            names = ", ".join(
                f"{c.label_zh} ({self.divisions.full_name(c)}, {c.code})"
                for c in resolution.candidates
            )
            return JurisdictionFound(None, (), f"the place named is ambiguous: {names}")
        if any(t.startswith(_NATIONAL) for t in texts):
            return JurisdictionFound("china", (), "")  # 国务院办公厅, 国家发展改革委, 中共中央
        shown = "; ".join(t[:40] for t in texts) or "(no issuer, no title)"
        return JurisdictionFound(None, (), f"no place of China is named in {shown}")

    def _depth(self, place: str) -> int:
        depth = 0
        while place and place in self.places and depth < 10:
            place, depth = self.places[place].within, depth + 1
        return depth

    def department(self, name: str, jurisdiction: str) -> Organisation | Category | None:
        """The organisation or category a table of ``jurisdiction`` means by ``name``."""
        for org in self.organisations.values():
            if org.jurisdiction == jurisdiction and name in org.names:
                return org
        for category in self.categories.values():
            if category.jurisdiction == jurisdiction and name in category.names:
                return category
        return None

    def organisation_by_name(self, name: str) -> Organisation | None:
        """An organisation by its official name or an alias, in any jurisdiction; else by its
        short label when only one organisation has it (国务院办公厅, never 区应急局), and the
        label names its place: 市政府 is every city's government, whichever one we register."""
        found = next(
            (o for o in self.organisations.values() if name in (o.official_name, *o.aliases)),
            None,
        )
        if found is None and not _RELATIVE_NAME.match(name):
            labelled = [o for o in self.organisations.values() if o.short_label == name]
            found = labelled[0] if len(labelled) == 1 else None
        return found

    def document_by_title(self, title: str) -> ReferenceDocument | None:
        return next((d for d in self.documents.values() if title in d.titles), None)

    def series_of(self, number: str) -> tuple[DocumentSeries, re.Match[str]] | None:
        """The series whose pattern the whole document number matches."""
        for series in self.series.values():
            match = series.regex().fullmatch(number)
            if match:
                return series, match
        return None

    def members_of(self, collective_id: str) -> list[Organisation]:
        return [o for o in self.organisations.values() if o.member_of == collective_id]


def _rows(path: Path, columns: Iterable[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their 1-based line numbers; the header must name ``columns``."""
    wanted = list(columns)
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise ReferenceDataError(
            f"cannot read registry: {err.strerror}", Location(str(path))
        ) from None
    with handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != wanted and reader.fieldnames != [
            c for c in wanted if c not in _OPTIONAL
        ]:
            raise ReferenceDataError(
                f"expected columns {','.join(wanted)}, found {','.join(reader.fieldnames or [])}",
                Location(str(path), 1),
            )
        for row in reader:
            if None in row or any(v is None for v in row.values()):
                raise ReferenceDataError(
                    "wrong number of fields", Location(str(path), reader.line_num)
                )
            yield reader.line_num, {k: v.strip() for k, v in row.items()}


def _check(condition: bool, message: str, path: Path, line: int) -> None:
    if not condition:
        raise ReferenceDataError(message, Location(str(path), line))


#: CSV column → record field, where they differ.
_RENAMED = {"short_label_zh": "short_label", "official_name_zh": "official_name",
            "official_name_status": "status", "function": "functions"}  # fmt: skip
_LISTS = {"aliases", "issuers", "applies", "functions", "levels", "replaced_by"}
#: Columns a registry file written before they existed may lack.
_OPTIONAL = {"function"}

#: Each registry file: its record type, its columns in order, the column that must be unique
#: (if any), and the columns whose values come from a closed list.
_FILES: dict[str, tuple[type, list[str], str | None, dict[str, set[str]]]] = {
    "jurisdictions.csv": (
        Place,
        ["id", "kind", "label_zh", "label_en", "code", "within", "aliases", "status", "source"],
        "id", {"kind": PLACE_KINDS, "status": VERIFIED},
    ),
    "departments.csv": (
        Organisation,
        ["id", "kind", "short_label_zh", "official_name_zh", "name_en", "jurisdiction", "function",
         "aliases", "counterpart", "sub_organization_of", "member_of", "official_name_status",
         "source"],
        "id", {"kind": ORGANISATION_KINDS, "official_name_status": VERIFIED},
    ),
    "categories.csv": (
        Category,
        ["id", "jurisdiction", "label_zh", "label_en", "aliases", "note_term", "definition_en",
         "cites_document", "cites_article", "source"],
        "id", {},
    ),
    "category_members.csv": (
        CategoryMember, ["category", "listed_as", "agency", "status", "source"], None,
        {"status": VERIFIED},
    ),
    "documents.csv": (
        ReferenceDocument,
        ["id", "kind", "title_zh", "title_en", "aliases", "number", "issuers", "date_issued",
         "date_in_force", "jurisdiction", "applies", "part_of", "status", "source"],
        "id", {"kind": DOCUMENT_KINDS, "status": VERIFIED},
    ),
    "document_series.csv": (
        DocumentSeries, ["prefix", "slug", "pattern", "issuer", "jurisdiction", "source"],
        "prefix", {"pattern": {"organ-year-serial", "decree-serial"}},
    ),
    "slogans.csv": (Slogan, ["label_zh", "label_en"], "label_zh", {}),
    "functions.csv": (
        Function,
        ["key", "label_zh", "label_en", "group", "broader", "era", "replaced_by", "note"],
        "key", {"group": GROUPS, "era": ERAS},
    ),
    "function_names.csv": (
        FunctionName, ["function", "name", "form", "level", "earlier", "note"], None,
        {"form": FORMS, "level": LEVELS},
    ),
    "reforms.csv": (
        Reform,
        ["id", "jurisdiction", "levels", "functions", "date", "dated_by", "label_zh", "label_en",
         "document", "status", "source"],
        "id", {"status": VERIFIED, "dated_by": REFORM_DATE_KINDS},
    ),
}  # fmt: skip


def _records(directory: Path, file: str, kind: str | None = None) -> Iterator[Any]:
    """Typed records of one registry file, checked row by row (file and line in every error);
    ``kind`` names the registry when the file is one of several (departments/<place>.csv)."""
    cls, columns, key, allowed = _FILES[kind or file]
    path = directory / file
    seen: set[str] = set()
    for line, row in _rows(path, columns):
        values: dict[str, object] = {"line": line}
        for column, value in row.items():
            if column in allowed:
                _check(value in allowed[column], f"{column} {value!r} is not one of "
                       f"{', '.join(sorted(allowed[column]))}", path, line)  # fmt: skip
            if column.startswith("date_"):
                _check(not value or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None,
                       f"date {value!r} is not YYYY-MM-DD", path, line)  # fmt: skip
            renamed = _RENAMED.get(column, column)  # where the record has that field
            field = renamed if renamed in cls.__dataclass_fields__ else column
            values[field] = _split(value) if field in _LISTS else value
        if "source" in row:
            _check(bool(row["source"]), "every row needs a source", path, line)
        if key is not None:
            _check(row[key] not in seen, f"duplicate {key} {row[key]!r}", path, line)
            seen.add(row[key])
        yield cls(**values)


def _department_files(directory: Path) -> list[str]:
    """departments.csv, then one file per jurisdiction under departments/ (sorted): each
    district's 区应急局 may live in its own registry file."""
    folder = directory / "departments"
    extra = sorted(f"departments/{p.name}" for p in folder.glob("*.csv")) if folder.is_dir() else []
    return ["departments.csv", *extra]


#: The registries a project folder may add rows to (its data/reference/, over the packaged
#: defaults). The vocabulary of functions, the series and the slogans are the package's own.
ADDABLE = ("jurisdictions.csv", "departments.csv", "categories.csv", "category_members.csv",
           "documents.csv", "reforms.csv")  # fmt: skip


def _layered(directory: Path, additions: Sequence[Path], file: str) -> Iterator[Any]:
    """The rows of ``file`` in the packaged registry, then in each addition that has the file;
    an added row names its file (absolute), so every error points at the row to mend."""
    yield from _records(directory, file)
    for extra in additions:
        if (extra / file).is_file():
            yield from (replace(r, file=str(extra / file)) for r in _records(extra, file))


def _keyed(rows: Iterable[Any], key: str, default: Path) -> dict[str, Any]:
    """Rows by ``key``; a key given twice (a project re-using a packaged id) is an error."""
    out: dict[str, Any] = {}
    for row in rows:
        k = getattr(row, key)
        if k in out:
            _check(False, f"duplicate {key} {k!r} (also in {out[k].file or default}:"
                   f"{out[k].line})", Path(row.file) if row.file else default, row.line)  # fmt: skip
        out[k] = row
    return out


def load_registry(directory: Path, additions: Sequence[Path] = ()) -> Registry:
    """Load every registry CSV under ``directory``, then the rows a project adds (its
    data/reference/ folders, ``additions``: see :data:`ADDABLE`), and check references between
    them all."""
    additions = tuple(a for a in additions if a.resolve() != directory.resolve())
    for extra in additions:  # a file the project may not extend is an error, not ignored
        for path in sorted(extra.glob("*.csv")):
            _check(path.name in (*ADDABLE, "alignments.csv"),
                   f"a project may add rows to {', '.join(ADDABLE)} (and keep its "
                   f"alignments.csv); {path.name} is the package's own", path, 1)  # fmt: skip
    reg = Registry(directory)
    reg.places = _keyed(_layered(directory, additions, "jurisdictions.csv"), "id",
                        directory / "jurisdictions.csv")  # fmt: skip
    layers = [(directory, n, n) for n in _department_files(directory)]
    layers += [(a, n, str(a / n)) for a in additions for n in _department_files(a)
               if (a / n).is_file()]  # fmt: skip
    for folder, name, shown in layers:
        for org in _records(folder, name, "departments.csv"):
            path = folder / name
            if org.id in reg.organisations:
                other = reg.organisations[org.id]
                _check(False, f"duplicate id {org.id!r} (also in {directory / other.file}:"
                       f"{other.line})", path, org.line)  # fmt: skip
            reg.organisations[org.id] = replace(org, file=shown)
    for org in reg.organisations.values():
        path = directory / org.file
        _check(org.status == "unverified" or bool(org.official_name),
               "a verified row needs its official name", path, org.line)  # fmt: skip
        _check(org.status == "verified" or not org.official_name,
               "an unverified official name must be left empty until a source gives it",
               path, org.line)  # fmt: skip
    reg.categories = _keyed(_layered(directory, additions, "categories.csv"), "id",
                            directory / "categories.csv")  # fmt: skip
    reg.category_members = list(_layered(directory, additions, "category_members.csv"))
    reg.documents = _keyed(_layered(directory, additions, "documents.csv"), "id",
                           directory / "documents.csv")  # fmt: skip
    reg.series = {s.prefix: s for s in _records(directory, "document_series.csv")}
    reg.slogans = {s.label_zh: s for s in _records(directory, "slogans.csv")}
    if (directory / "reforms.csv").is_file():
        reg.reforms = _keyed(_layered(directory, additions, "reforms.csv"), "id",
                             directory / "reforms.csv")  # fmt: skip
    _check_references(reg)
    _classify(reg)
    return reg


def _vocabulary(directory: Path) -> Vocabulary:
    """functions.csv and function_names.csv (an empty vocabulary without them), checked:
    keys, labels, references between functions, and no name listed twice in one form."""
    if not (directory / "functions.csv").is_file():
        return Vocabulary.of((), ())
    functions = list(_records(directory, "functions.csv"))
    keys = {f.key for f in functions}
    path = directory / "functions.csv"
    for f in functions:
        _check(KEY.fullmatch(f.key) is not None, f"key {f.key!r} is not lower-case-with-hyphens",
               path, f.line)  # fmt: skip
        _check(bool(f.label_zh and f.label_en),
               "every function needs its Chinese and English labels", path, f.line)  # fmt: skip
        _check(not f.replaced_by or f.era == "former", "only a former function is replaced",
               path, f.line)  # fmt: skip
        for ref in (f.broader, *f.replaced_by):
            _check(not ref or ref in keys, f"unknown function {ref!r}", path, f.line)
    names = []
    if (directory / "function_names.csv").is_file():
        path = directory / "function_names.csv"
        seen: set[tuple[str, str]] = set()
        for n in _records(directory, "function_names.csv"):
            for ref in (n.function, n.earlier):
                _check(not ref or ref in keys, f"unknown function {ref!r}", path, n.line)
            key = (normalise(n.name), n.form)
            _check(key not in seen, f"duplicate {n.form} {n.name!r}", path, n.line)
            seen.add(key)
            names.append(n)
    return Vocabulary.of(functions, names)


def _classify(reg: Registry) -> None:
    """Each organisation's function: the registry's ``function`` column (checked against the
    vocabulary), else what its names read as; and its level, its jurisdiction's."""
    vocabulary = reg.vocabulary
    for org in list(reg.organisations.values()):
        path = reg.directory / org.file
        for key in org.functions:
            _check(key in vocabulary.functions, f"unknown function {key!r} (not in "
                   "functions.csv)", path, org.line)  # fmt: skip
        chain = reg.chain(org.jurisdiction)
        level = chain[0].level if chain else ""
        functions, basis = org.functions, "registry" if org.functions else ""
        if not functions and vocabulary:
            readings = [reg.read_department(n, org.jurisdiction) for n in org.names]
            functions = tuple(sorted({k for r in readings for k in r.functions}))
            basis = next((r.basis for r in readings if r.functions), "")
        reg.organisations[org.id] = replace(
            org, functions=functions, function_basis=basis, level=level
        )


def _file(row: Any, default: Path) -> Path:
    """Where ``row`` was read: its own file when a project added it, else ``default``."""
    return Path(row.file) if row.file else default


def _check_references(reg: Registry) -> None:
    """Every id a row points to must exist; one name must not mean two things in one place."""
    d = reg.directory
    for p in reg.places.values():
        _check(
            not p.within or p.within in reg.places,
            f"unknown place {p.within!r}",
            _file(p, d / "jurisdictions.csv"),
            p.line,
        )
    for o in reg.organisations.values():
        path = d / o.file
        _check(
            o.jurisdiction in reg.places, f"unknown jurisdiction {o.jurisdiction!r}", path, o.line
        )
        for ref in (o.counterpart, o.sub_organization_of, o.member_of):
            _check(
                not ref or ref in reg.organisations, f"unknown organisation {ref!r}", path, o.line
            )
        _check(
            not o.member_of or reg.organisations[o.member_of].kind == "collective",
            f"{o.member_of!r} is not a collective",
            path,
            o.line,
        )
    for c in reg.categories.values():
        path = _file(c, d / "categories.csv")
        _check(
            c.jurisdiction in reg.places, f"unknown jurisdiction {c.jurisdiction!r}", path, c.line
        )
        _check(
            not c.cites_document or c.cites_document in reg.documents,
            f"unknown document {c.cites_document!r}",
            path,
            c.line,
        )
    for m in reg.category_members:
        _check(m.category in reg.categories, f"unknown category {m.category!r}",
               _file(m, d / "category_members.csv"), m.line)  # fmt: skip
        _check(
            not m.agency or m.agency in reg.organisations,
            f"unknown agency {m.agency!r}",
            _file(m, d / "category_members.csv"),
            m.line,
        )
    for doc in reg.documents.values():
        path = _file(doc, d / "documents.csv")
        _check(
            doc.jurisdiction in reg.places,
            f"unknown jurisdiction {doc.jurisdiction!r}",
            path,
            doc.line,
        )
        for ref in doc.issuers:
            _check(ref in reg.organisations, f"unknown issuer {ref!r}", path, doc.line)
        for ref in (*doc.applies, doc.part_of):
            _check(not ref or ref in reg.documents, f"unknown document {ref!r}", path, doc.line)
    for s in reg.series.values():
        path = d / "document_series.csv"
        _check(s.issuer in reg.organisations, f"unknown issuer {s.issuer!r}", path, s.line)
        _check(
            s.jurisdiction in reg.places, f"unknown jurisdiction {s.jurisdiction!r}", path, s.line
        )
    for r in reg.reforms.values():
        path = _file(r, d / "reforms.csv")
        _check(r.jurisdiction in reg.places, f"unknown jurisdiction {r.jurisdiction!r}", path,
               r.line)  # fmt: skip
        _check(r.document in reg.documents, f"unknown document {r.document!r}", path, r.line)
        _check(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.date) is not None,
               f"date {r.date!r} is not YYYY-MM-DD", path, r.line)  # fmt: skip
        for level in r.levels:
            _check(level in ORGANISATION_LEVELS, f"level {level!r} is not one of "
                   f"{', '.join(sorted(ORGANISATION_LEVELS))}", path, r.line)  # fmt: skip
        for key in r.functions:
            function = reg.vocabulary.functions.get(key)
            _check(function is not None and function.era == "former",
                   f"{key!r} is not a former function of functions.csv", path, r.line)  # fmt: skip
    seen: dict[tuple[str, str], str] = {}
    named: list[tuple[str, str, tuple[str, ...], int, str]] = [
        (o.id, o.jurisdiction, o.names, o.line, o.file) for o in reg.organisations.values()
    ] + [(c.id, c.jurisdiction, c.names, c.line, c.file or "categories.csv")
       for c in reg.categories.values()]  # fmt: skip
    for ident, place, names, line, file in named:
        for name in set(names):
            other = seen.setdefault((place, name), ident)
            _check(
                other == ident,
                f"name {name!r} means both {other!r} and {ident!r} in {place!r}",
                d / file,
                line,
            )
