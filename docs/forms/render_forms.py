"""Render page 1 of each published workbook to PNG, to look at the forms as they print.

    uv run python docs/forms/render_forms.py [OUT_FOLDER] [--quarter 2024-TW4] [--dest docs/forms]

OUT_FOLDER is the --out folder of a run (it holds one folder per quarter). Without it the bundled
demo is run first into a temporary warehouse and folder (``uv run sakip run``, with
SOURCE_DATE_EPOCH=1735689600 so the pages carry the same date every time).

Each workbook goes LibreOffice (headless) -> PDF -> ``pdftoppm -png -r 80`` page 1, written as
<workbook>_halaman1.png (80 dpi keeps the PNGs small). Needs soffice and pdftoppm (Debian:
libreoffice-calc-nogui, poppler-utils; .ci/run installs them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
EPOCH = "1735689600"  # 2025-01-01 00:00 UTC
PATTERNS = ("Evaluasi_Renja_*.xlsx", "LKj_*_Tabel.xlsx", "Temuan_*.xlsx")


def run_demo(tmp: Path) -> Path:
    """Run the bundled demo into a temporary warehouse; returns its out folder."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.setdefault("SAKIP_PSEUDONYM_KEY", "demo-key-not-secret")  # never create a real key here
    out = tmp / "out"
    subprocess.run(
        ["uv", "run", "sakip", "run", "--warehouse", str(tmp / "wh" / "sakip.duckdb"), "--out", str(out)],
        cwd=REPO,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def quarter_folder(out: Path, quarter: str | None) -> Path:
    """The quarter's folder, or the latest one holding an Evaluasi Renja form."""
    if quarter:
        folder = out / quarter
        if not folder.is_dir():
            sys.exit(f"{folder} does not exist")
        return folder
    folders = sorted(p.parent for p in out.glob("*/Evaluasi_Renja_*.xlsx"))
    if not folders:
        sys.exit(f"no Evaluasi_Renja_*.xlsx under {out}/<quarter>/")
    return folders[-1]


def render(books: list[Path], dest: Path, tmp: Path) -> list[Path]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        sys.exit("needs soffice (LibreOffice) and pdftoppm (poppler-utils)")
    pdfs = tmp / "pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdfs),
            *map(str, books),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for book in books:
        target = dest / f"{book.stem}_halaman1"
        subprocess.run(
            [
                pdftoppm,
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdfs / f"{book.stem}.pdf"),
                str(target),
            ],
            check=True,
        )
        written.append(target.with_suffix(".png"))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="the --out folder of a run (default: run the demo)")
    parser.add_argument("--quarter", help="e.g. 2024-TW4 (default: the latest with an Evaluasi Renja form)")
    parser.add_argument("--dest", type=Path, default=HERE, help="where the PNGs go (default: docs/forms)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="render-forms-") as name:
        tmp = Path(name)
        out = args.out.resolve() if args.out else run_demo(tmp)
        folder = quarter_folder(out, args.quarter)
        books = [book for pattern in PATTERNS for book in sorted(folder.glob(pattern))]
        for png in render(books, args.dest, tmp):
            print(png)


if __name__ == "__main__":
    main()
