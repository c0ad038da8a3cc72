"""Everything about the five lecture documents (the "seeds"), kept out of the general layers.

* :mod:`~convproof.seeds.seed000` -- seed 000's equations and remarks, transcribed as data;
  :mod:`~convproof.seeds.seed000_errata` (matrices and products compared entry by entry) and
  :mod:`~convproof.seeds.seed000_text` (sizes, shapes and rules of the text recomputed) decide the
  verdicts the ``lecture`` report renders;
* :mod:`~convproof.seeds.decimals` -- the one decimal classifier (:mod:`convproof.decimals`) in the
  errata's words;
* :mod:`~convproof.seeds.seed002`, :mod:`~convproof.seeds.seed002_graph`, :mod:`~convproof.seeds.seed003`,
  :mod:`~convproof.seeds.seed004` -- every worked value recomputed exactly, with verdicts;
* :mod:`~convproof.seeds.errata_file` -- the one writer of ``reports/errata/`` (``seed002.md`` /
  ``seed004.md`` from ``python -m convproof.seeds.seed002``; ``seeds.md`` / ``.json``, the checker's errata);
* :mod:`~convproof.seeds.documents` -- the seed folder, its files and the header of the checker's errata
  (built by :func:`convproof.check.errata.build_errata`, run by ``convproof build`` through
  :mod:`convproof.cli.seed_errata`, the layers above that may import the checker);
* :mod:`~convproof.seeds.statements` (+ ``statements_more``, ``statements_common``) -- the statements
  about :mod:`convproof.nn` and the seeds' examples, registered with :mod:`convproof.verify` on import
  (listed in :data:`convproof.verify.registry.STATEMENT_MODULES`);
* :mod:`~convproof.seeds.report_content` -- the ``fundamentals`` report's content, as data
  (:data:`convproof.reports.fundamentals.CONTENT_MODULE`); its data classes and LaTeX cell helpers are
  in :mod:`~convproof.seeds.report_blocks`.

Layer: above :mod:`convproof.verify` and :mod:`convproof.nn`, below :mod:`convproof.latex` and
:mod:`convproof.reports` (``tests/test_layout.py``).  Seed 002's convolution statements are in
:mod:`~convproof.seeds.seed002_conv`.
"""
