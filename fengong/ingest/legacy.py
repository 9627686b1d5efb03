"""Legacy office files (.doc, .wps, .xls, .et, .rtf) read through LibreOffice.

Governments still publish attachments as Word 97 ``.doc``, Kingsoft WPS ``.wps`` / ``.et`` and
Excel 97 ``.xls``. LibreOffice headless converts each into a temporary ``.docx`` or ``.xlsx``
that :mod:`fengong.ingest.office` reads with its real merged cells; every provenance record and
error names the original file, and the digest is the original's.

What a file *is* decides, not its name: a ``.doc`` that is a Word page saved as HTML goes to
the HTML reader, one that is really a ``.docx`` to the Word reader, a PDF to the PDF reader.

LibreOffice is optional. It runs in its own process group with a wall-clock limit, a CPU limit
and an address-space limit, in a throw-away profile directory, on a copy of the file with a
fixed name; its output is read only if it exists and is a package. Where the system allows it
(root, or unprivileged user namespaces) it runs in a network namespace of its own
(:func:`fengong.confine.isolate_network`, as the query workers do), so a document's linked
images or fields cannot reach any host, loopback included. Without
LibreOffice, these files get an error saying what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from fengong.confine import child_limits
from fengong.errors import Location, MalformedSourceError
from fengong.ingest.reader import SourceText, read_bytes

__all__ = [
    "LEGACY_SUFFIXES",
    "MEDIA_TYPES",
    "convert_with_libreoffice",
    "find_libreoffice",
    "read_legacy",
    "sniff",
]

#: suffix → (what LibreOffice converts it to, the media type of the original)
LEGACY_SUFFIXES = {
    ".doc": "docx",
    ".wps": "docx",
    ".rtf": "docx",
    ".xls": "xlsx",
    ".et": "xlsx",
}
MEDIA_TYPES = {
    ".doc": "application/msword",
    ".wps": "application/vnd.ms-works",  # Kingsoft Writer (an OLE file like .doc)
    ".rtf": "application/rtf",
    ".xls": "application/vnd.ms-excel",
    ".et": "application/vnd.ms-excel",  # Kingsoft Spreadsheets (an OLE file like .xls)
}
SECONDS = float(os.environ.get("FENGONG_CONVERT_SECONDS", "120"))
MEMORY = int(os.environ.get("FENGONG_CONVERT_MEMORY", str(4 << 30)))  # bytes of address space
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """What the bytes are: ``ole`` (Word 97, Excel 97, WPS), ``zip`` (Office Open XML),
    ``pdf``, ``rtf``, ``html`` (a Word page saved as a web page, MHTML too), else ``unknown``.

    >>> sniff(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1..."), sniff(b"PK\\x03\\x04"), sniff(b"%PDF-1.7")
    ('ole', 'zip', 'pdf')
    >>> sniff(b"{\\\\rtf1\\\\ansi"), sniff(b"\\xef\\xbb\\xbf<html><body>"), sniff(b"MIME-Version: 1.0")
    ('rtf', 'html', 'html')
    """
    head = data[:1024]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if stripped.startswith((b"<html", b"<!doctype html", b"mime-version:")) or (
        stripped.startswith(b"<?xml") and b"<html" in head.lower()
    ):
        return "html"
    return "unknown"


def find_libreoffice() -> str | None:
    """The LibreOffice program: ``FENGONG_SOFFICE``, else ``soffice`` or ``libreoffice`` on
    the PATH."""
    chosen = os.environ.get("FENGONG_SOFFICE")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(data: bytes, suffix: str, target: str, name: str) -> bytes:
    """``data`` (a ``suffix`` file) converted to ``target`` (docx, xlsx, pdf) by LibreOffice."""
    program = find_libreoffice()
    if program is None:
        raise MalformedSourceError(
            f"reading a {suffix} file needs LibreOffice, which is not installed: install "
            "Debian's libreoffice-writer-nogui and libreoffice-calc-nogui (or set "
            "FENGONG_SOFFICE to the soffice program), or save the file as .docx / .xlsx",
            Location(name),
        )
    with tempfile.TemporaryDirectory(prefix="fengong-convert-") as tmp:
        work = Path(tmp)
        source = (
            work / f"source{suffix}"
        )  # a fixed name: the user's file name never reaches a shell
        source.write_bytes(data)
        out = work / "out"
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=child_limits(MEMORY, SECONDS),
            start_new_session=True,
            env={**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"},
        )
        try:
            _, err = process.communicate(timeout=SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise MalformedSourceError(
                f"LibreOffice did not convert the file within {SECONDS:.0f} s: stopped",
                Location(name),
            ) from None
        finally:
            if process.poll() is None:  # pragma: no cover - killed above
                os.killpg(process.pid, signal.SIGKILL)
        result = out / f"source.{target}"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            said = err.decode("utf-8", "replace").strip().splitlines()
            said = [line for line in said if "javaldx" not in line]
            raise MalformedSourceError(
                f"LibreOffice could not open it as a {suffix} file"
                + (f" (exit {process.returncode})" if process.returncode else "")
                + (f": {said[-1][:200]}" if said else ""),
                Location(name),
            )
        return result.read_bytes()


def read_legacy(path: Path, name: str) -> SourceText:
    """A legacy office file's paragraphs and table rows, read through a converted copy."""
    from fengong.ingest.html import read_html_bytes
    from fengong.ingest.office import read_docx_bytes, read_xlsx_bytes
    from fengong.ingest.pdf import read_pdf

    data = read_bytes(path, name)
    suffix = path.suffix.lower()
    kind = sniff(data)
    if kind == "html":  # a Word page saved as .doc: the HTML reader reads it as it is
        return read_html_bytes(_html_part(data, name), name, digest_of=data)
    if kind == "pdf":  # a PDF given an office suffix: the capped PDF reader, as any PDF
        return read_pdf(path, name)
    target = LEGACY_SUFFIXES[suffix]
    if kind == "zip":  # a .docx or .xlsx given an old suffix
        reader = read_docx_bytes if target == "docx" else read_xlsx_bytes
        return reader(data, name)
    if kind not in {"ole", "rtf"}:
        raise MalformedSourceError(
            f"not a {suffix} file: an old Word, Excel or WPS file is an OLE compound file "
            f"(it starts with {data[:8]!r})",
            Location(name),
        )
    converted = convert_with_libreoffice(data, ".rtf" if kind == "rtf" else suffix, target, name)
    reader = read_docx_bytes if target == "docx" else read_xlsx_bytes
    source = reader(converted, name)
    return replace(source, sha256=_digest(data), media_type=MEDIA_TYPES[suffix])


def _html_part(data: bytes, name: str) -> bytes:
    """The HTML of a web page saved by Word: the file itself, or for MHTML (a MIME message,
    "single file web page") its text/html part, decoded from quoted-printable or base64 and
    given its charset back in a meta tag."""
    if not data.lstrip().lower().startswith(b"mime-version:"):
        return data
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True)
            if isinstance(body, bytes):
                charset = (part.get_content_charset() or "utf-8").encode("ascii", "replace")
                return b'<meta charset="' + charset + b'">' + body
    raise MalformedSourceError("a web page archive (MHTML) without an HTML part", Location(name))


def _digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
