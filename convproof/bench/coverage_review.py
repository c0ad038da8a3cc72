"""Hand reviews of the checker's ``wrong`` verdicts on the public documents (:mod:`.coverage`).

Keys are ``(document id, notebook cell or None, line)``; values say whether the finding is a real
error (with the computation) or a false alarm.  A ``wrong`` without an entry is printed as
"NOT REVIEWED" in the report, so a new finding after a checker change cannot pass unnoticed.
"""

REVIEWS: dict = {}
