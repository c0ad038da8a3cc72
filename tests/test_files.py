"""``convproof.files``: plain stems, output targets checked up front, atomic writes."""

import os
import stat

import pytest

from convproof.errors import ConvProofError
from convproof.files import check_dir, check_file, check_stem, replacing, write_text

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.parametrize("stem", ["conv", "lecture-ru", "my_layer.v2", "a+b", "7"])
def test_plain_stems_pass(stem):
    assert check_stem(stem, "--stem") == stem


@pytest.mark.parametrize("stem", [
    "-pdflatex=touch X; true #", "-foo", "../x", "/tmp/x", "a/b", "a\\b", "", ".", "..", ".hidden",
    "x.", "sp ace", "semi;colon", "a" * 101, "ü", "a\x00b", None, 3,
], ids=repr)
def test_unsafe_stems_are_refused_naming_the_argument(stem):
    with pytest.raises(ConvProofError, match=r"^--stem=.*plain file name"):
        check_stem(stem, "--stem")


def test_check_dir_creates_and_refuses_files_and_unwritable_places(tmp_path):
    assert check_dir(tmp_path / "new" / "deep", "-o").is_dir()
    (tmp_path / "file").write_text("x")
    for target, rule in [(tmp_path / "file", "not a folder"), (tmp_path / "file" / "sub", "is a file, not a folder"),
                         ("/proc/convproof-x", "cannot"), ("/dev/full", "not a folder"),
                         (tmp_path / ("n" * 300), "cannot use this path"), ("", "must name a folder")]:
        with pytest.raises(ConvProofError, match=rf"^-o=.*{rule}"):
            check_dir(target, "-o")


@pytest.mark.skipif(ROOT, reason="root writes into read-only folders")
def test_check_dir_refuses_a_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ConvProofError, match="cannot write into the folder"):
            check_dir(ro, "-o")
    finally:
        ro.chmod(stat.S_IRWXU)


def test_check_file_refuses_devices_folders_and_long_names(tmp_path):
    assert check_file(tmp_path / "a" / "out.xml", "--junit") == tmp_path / "a" / "out.xml"
    (tmp_path / "dir.xml").mkdir()
    for target, rule in [("/dev/full", "not a regular file"), (tmp_path / "dir.xml", "not a regular file"),
                         (tmp_path / ("n" * 300 + ".xml"), "longer than 255 bytes"), ("", "must name a file"),
                         ("/proc/convproof-x.xml", "cannot"), (str(tmp_path) + "/", "must name a file")]:
        with pytest.raises(ConvProofError, match=rf"^--junit=.*{rule}"):
            check_file(target, "--junit")
    with pytest.raises(ConvProofError, match="does not exist"):
        check_file(tmp_path / "missing" / "x.md", "--fix", create_parent=False)


def test_write_text_is_atomic_and_leaves_no_temporary_file(tmp_path):
    path = write_text(tmp_path / "a.md", "one\n")
    write_text(path, "two\n")
    assert path.read_text(encoding="utf-8") == "two\n"
    assert sorted(os.listdir(tmp_path)) == ["a.md"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = write_text(tmp_path / "fig.png", "old")
    with pytest.raises(RuntimeError):
        with replacing(path) as tmp:
            with open(tmp, "w") as fh:
                fh.write("half")
            raise RuntimeError("drawing failed")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["fig.png"]
