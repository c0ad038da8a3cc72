"""The checker's errata of the seed documents: ``python -m convproof.cli.seed_errata [SEEDS_DIR] [OUT_DIR]``
(defaults: ``../shared/seeds`` beside the repository, ``reports/errata``), also run by ``convproof build``.

Writes ``seeds.md`` and ``seeds.json``: :func:`convproof.check.errata.build_errata` over the seed files
and header of :mod:`convproof.seeds.documents`, written by :mod:`convproof.seeds.errata_file`.
Exit code 2 (nothing written) when the folder is missing or holds no seed document.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    from ..check.errata import build_errata
    from ..seeds.documents import ERRATA_HEADER, has_seeds, seed_files
    from ..seeds.errata_file import write_errata

    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    seeds = Path(argv[0]) if argv else root.parent / "shared" / "seeds"
    out_dir = Path(argv[1]) if len(argv) > 1 else root / "reports" / "errata"
    if not seeds.is_dir():
        print(f"seeds directory not found: {seeds}", file=sys.stderr)
        return 2
    if not has_seeds(seeds):
        print(f"no seed documents (*.txt) in {seeds}; errata not written", file=sys.stderr)
        return 2
    md, data = build_errata(seed_files(seeds), ERRATA_HEADER)
    paths = write_errata(out_dir, "seeds", md, data)
    print(f"wrote {paths[0]} and {paths[1].name}: {data['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
