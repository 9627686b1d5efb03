"""Write the seed as LibreOffice publishes it: ``seed.pdf`` (the Word table with ruling lines,
exported to PDF), ``seed-protected.pdf`` (the same, with an owner password that forbids
copying, as many government PDFs are), ``seed.doc`` (Word 97) and ``seed.xls`` (Excel 97).

The Word and Excel files are made from the seed's text by ``tests/conversions.py`` (merged
cells where the seed has them), then converted by LibreOffice, so the reader under test never
writes its own fixtures. LibreOffice's output carries dates, so it is not byte-identical from
run to run: the files are committed. Needs LibreOffice (Debian: libreoffice-writer-nogui,
libreoffice-calc-nogui)::

    .venv/bin/python tests/data/pdf/make_seed_formats.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.conftest import SEED  # noqa: E402
from tests.conversions import to_docx, to_xlsx  # noqa: E402

PROTECTED = {
    "RestrictPermissions": {"type": "boolean", "value": "true"},
    "PermissionPassword": {"type": "string", "value": "owner"},
    "Changes": {"type": "long", "value": "0"},
    "EnableCopyingOfContent": {"type": "boolean", "value": "false"},
}


def _convert(source: Path, target: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--convert-to", target, "--outdir", str(out), str(source)],
            check=True, capture_output=True,
        )  # fmt: skip


def main() -> None:
    import docx

    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        word, excel = work / "seed.docx", work / "seed.xlsx"
        to_docx(text, word)
        document = docx.Document(str(word))
        document.tables[0].style = "Table Grid"  # ruling lines, as published tables have
        document.save(str(word))
        to_xlsx(text, excel)
        _convert(word, "pdf", work)
        shutil.copy(work / "seed.pdf", HERE / "seed.pdf")
        _convert(word, "pdf:writer_pdf_Export:" + json.dumps(PROTECTED), work / "protected")
        shutil.copy(work / "protected" / "seed.pdf", HERE / "seed-protected.pdf")
        _convert(word, "doc:MS Word 97", work)
        shutil.copy(work / "seed.doc", HERE / "seed.doc")
        _convert(excel, "xls:MS Excel 97", work)
        shutil.copy(work / "seed.xls", HERE / "seed.xls")


if __name__ == "__main__":
    main()
