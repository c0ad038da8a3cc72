"""LaTeX printing in lecture notation, matrix elision, documents, figures and PDF compiling."""
