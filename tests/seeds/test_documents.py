"""The seed folder as files (convproof/seeds/documents.py)."""

from convproof.seeds.documents import DEFAULT_DIR, ERRATA_HEADER, has_seeds, seed_files


def test_seed_files_are_the_txt_files_sorted(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()                      # a folder named like a seed is not one
    assert [p.name for p in seed_files(tmp_path)] == ["a.txt", "b.txt"]
    assert has_seeds(tmp_path)


def test_no_seeds_in_a_missing_or_empty_folder(tmp_path):
    assert not has_seeds(tmp_path)
    assert not has_seeds(tmp_path / "missing")
    assert seed_files(tmp_path / "missing") == []


def test_the_header_names_where_the_errata_come_from():
    assert ERRATA_HEADER.startswith("# Errata of the seed documents")
    assert "convproof build" in ERRATA_HEADER and "seeds/documents.py" in ERRATA_HEADER
    assert DEFAULT_DIR.replace("\\", "/") == "../shared/seeds"
