"""schemathesis generates requests from /openapi.json: none may get a 5xx, and every answer's
status, media type and body must be the ones the schema documents (fixed seed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.servers import FengongServer


def test_generated_requests_get_documented_answers(seed_build_dir: Path, tmp_path: Path) -> None:
    with FengongServer(seed_build_dir / "fengong.nq") as server:
        binary = str(Path(sys.executable).with_name("schemathesis"))
        run = subprocess.run(
            [binary, "run", f"{server.base}/openapi.json", "--checks", "not_a_server_error,status_code_conformance,"
             "content_type_conformance,response_schema_conformance",
             "--max-examples", "25", "--seed", "20261129", "--workers", "2",
             "--report-dir", str(tmp_path)],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
    summary = "\n".join(run.stdout.splitlines()[-25:])
    assert run.returncode == 0, summary
    assert "Server error" not in run.stdout, summary
