"""Reading a workbook in a separate process with a memory limit.

.xls, .xlsb and .ods are not vetted cell by cell before reading (their structure is binary or
compressed in ways a quick scan cannot bound), so their reader runs here: if a crafted file
makes it allocate past the limit, only this process dies, and the run reports the file as
refused. The child prints the sheets as JSON on stdout.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path


def read_in_sandbox(path: Path, memory_bytes: int, timeout_s: float = 600) -> list[dict]:
    """The visible sheets of ``path`` as [{"sheet", "rows", "merged"}]; raises MemoryError when
    the reader ran out of its memory, RuntimeError for any other failure (with its message)."""

    def limit() -> None:  # runs in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    proc = subprocess.run(
        [sys.executable, "-m", "pipelines.core.ingest.sandbox", str(path)],
        capture_output=True,
        preexec_fn=limit,
        timeout=timeout_s,
        check=False,
    )
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")
        if proc.returncode < 0 or "MemoryError" in err or "memory allocation" in err:
            raise MemoryError(memory_bytes)
        raise RuntimeError((err.strip().splitlines() or ["?"])[-1][:300])
    return json.loads(proc.stdout)


def _main(path: str) -> None:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    from pipelines.core.ingest.cells import cell_text

    workbook = CalamineWorkbook.from_path(path)
    out = []
    for meta in workbook.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible:
            continue
        sheet = workbook.get_sheet_by_name(meta.name)
        rows = [[cell_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        merged = [[r0, c0, r1, c1] for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
        out.append({"sheet": meta.name, "rows": rows, "merged": merged})
    sys.stdout.write(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    _main(sys.argv[1])
