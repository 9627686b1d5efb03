"""One exception hierarchy for the whole library.

Every error a user can cause carries the file and line it concerns, so the CLI (and later the
API) can report it without a traceback. Exit codes are mapped in one place: ``EXIT_CODES``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EXIT_CODES",
    "CatalogueError",
    "FengongError",
    "IngestError",
    "MalformedSourceError",
    "ParameterError",
    "ReferenceDataError",
    "UnknownDepartmentError",
    "UnknownLegalSourceError",
    "exit_code",
]


@dataclass(frozen=True)
class Location:
    """Where in which file a problem sits (1-based line, optional 1-based column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class FengongError(Exception):
    """Base class: anything the user can fix by changing input or arguments."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        self.message = message
        self.location = location
        super().__init__(f"{location}: {message}" if location else message)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with every attribute, whatever the subclass's ``__init__`` takes: a build
        reads documents in worker processes and re-raises their errors unchanged."""
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(
    cls: type[FengongError], args: tuple[object, ...], state: dict[str, object]
) -> FengongError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class IngestError(FengongError):
    """A source document cannot be read or understood."""


class MalformedSourceError(IngestError):
    """The file's bytes or table structure are broken (encoding, column count, truncation)."""


class UnknownDepartmentError(IngestError):
    """A department named in a table is not in the registry (data/reference/departments.csv)."""

    def __init__(self, name: str, location: Location) -> None:
        self.name = name
        super().__init__(
            f"unknown department {name!r}: add it (or an alias) to data/reference/departments.csv "
            "(or departments/<place>.csv) or categories.csv",
            location,
        )


class UnknownLegalSourceError(IngestError):
    """A cited 《title》 is not in data/reference/documents.csv."""

    def __init__(self, title: str, location: Location) -> None:
        self.title = title
        super().__init__(
            f"unknown cited document 《{title}》: add it to data/reference/documents.csv", location
        )


class ReferenceDataError(FengongError):
    """A registry CSV is inconsistent (duplicate id, dangling reference, bad value)."""


class CatalogueError(FengongError):
    """A catalogue query (queries/*.rq) has a bad header or breaks a catalogue rule."""


class ParameterError(FengongError):
    """A value given for a catalogue query's parameter is missing, unknown or of the wrong type."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        self.parameter = parameter
        super().__init__(message)


#: Exit codes of the CLI: 0 success, 1 reserved for "ran fine, found problems" (validation),
#: 2 usage or input error. The most specific class listed wins.
EXIT_CODES: dict[type[FengongError], int] = {
    FengongError: 2,
}


def exit_code(err: FengongError) -> int:
    """The CLI exit code for ``err``.

    >>> exit_code(UnknownDepartmentError("区X局", Location("a.txt", 3)))
    2
    """
    for cls in type(err).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 2
