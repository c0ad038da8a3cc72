"""Soundness audit of the equation checker: a corpus with known truth (:mod:`.corpus`),
systematic single mutations of LaTeX equations (:mod:`.mutate`) and the harness that runs
:mod:`convproof.check` on both and counts false holds, false alarms and survivors
(:mod:`.harness`; ``python -m convproof.audit`` writes ``reports/check/mutation.md``).

Layer: above :mod:`convproof.check` (it imports check, numeric, geometry), below the CLI.
"""

from .corpus import CorpusDocument, corpus, document

__all__ = ["CorpusDocument", "corpus", "document"]
