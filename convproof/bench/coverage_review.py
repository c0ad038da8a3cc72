"""Hand reviews of the checker's ``wrong`` verdicts on the public documents (:mod:`.coverage`).

Keys are ``(document id, notebook cell or None, line)``; values say whether the finding is a real
error (with the computation) or a false alarm.  A ``wrong`` without an entry is printed as
"NOT REVIEWED" in the report, so a new finding after a checker change cannot pass unnoticed.
"""

_CS231N_CONV = (
    "FALSE ALARM (too strong): the standard formula, correct whenever the division is exact, and the notes "
    "state that condition themselves at line 123 ('Constraints on strides': (W - F + 2P)/S + 1 must be an "
    "integer, else the hyperparameters are invalid), 50 lines before this summary, outside the 300 characters "
    "of prose the size-formula check reads. Counterexample checked by hand: W_1=2, F=1, S=2, P=0 gives "
    "(2-1)/2+1 = 3/2, an invalid setting by the notes' own rule, not an error of the formula.")
_CS231N_POOL = (
    "FALSE ALARM (too strong): the pooling summary's (W_1 - F)/S + 1 is the same formula with P = 0; the notes' "
    "integer condition (line 123) applies, and the common settings they name (F=2, S=2; F=3, S=2) are exact "
    "only on suitable inputs, as with convolution. Counterexample W_1=2, F=1, S=2 gives 3/2: not a valid "
    "setting, not an error of the formula.")

_MAZUR_73 = (
    "REAL ERROR, correctly blamed: the exponent is mistyped, e^{-1.1059059067} for net_{o1} = 1.105905967 "
    "(0.4*0.593269992 + 0.45*0.596884378 + 0.6 = 1.1059059669); the finding's mismatch and --fix replace the "
    "exponent, and the stated out_{o1} = 0.75136507 is right (1/(1+e^{-1.105905967}) = 0.7513650695). The "
    "message used to call the inserted 0 a 'doubled digit' and to end with the unblamed 'claimed 0.75136507, "
    "expected 0.75136506' as if the result were wrong; check/blame.py now says 'extra digit' and puts that "
    "part in brackets as what the link gives as printed.")
_MAZUR_334 = (
    "REAL ERROR (an inconsistency between two lines): line 329 states dE_{o2}/dout_{h1} = -0.01904919, line 338 "
    "uses -0.019049119. The right value is -0.019049119: (out_{o2} - target) out_{o2} (1 - out_{o2}) w_7 = "
    "(0.772928465 - 0.99)(0.772928465)(0.227071535)(0.50) = -0.0190491185, so line 329 lost a digit. The sum at "
    "line 338 (0.055399425 - 0.019049119 = 0.036350306) is right; the checker reports the mismatch where the two "
    "values meet (line 334, the align block).")

REVIEWS: dict = {
    ("mazur-backprop", None, 73): _MAZUR_73,
    ("mazur-backprop", None, 334): _MAZUR_334,
    ("cs231n-convnets", None, 174): _CS231N_CONV,
    ("cs231n-convnets", None, 175): _CS231N_CONV,
    ("cs231n-convnets", None, 215): _CS231N_POOL,
    ("cs231n-convnets", None, 216): _CS231N_POOL,
}
