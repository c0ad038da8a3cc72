"""Public CNN / backprop documents the checker's coverage is measured on (issue 17): the fetch list.

The texts are not kept in the repository (several have no licence that allows it); each is named by
repository, commit and path, fetched into a git-ignored cache (:data:`CACHE`) and checked against
its SHA-256.  A document is taken from a local bare mirror first when ``CONVPROOF_MIRRORS`` names a
folder of them (``$CONVPROOF_MIRRORS/owner+name/repo``, read with ``git show COMMIT:PATH``; no mirror
when it is unset), otherwise from ``raw.githubusercontent.com`` at that commit.  Nothing here is executed or passed to a shell.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CACHE", "SHA256", "SOURCES", "Source", "ensure", "fetch_text"]

#: Cache folder (relative to the repository root; git-ignored).
CACHE = Path(".cache/public-docs")
#: Folder of bare mirrors (``CONVPROOF_MIRRORS``), or None: fetch from GitHub only.
MIRRORS = Path(os.environ["CONVPROOF_MIRRORS"]) if os.environ.get("CONVPROOF_MIRRORS") else None


@dataclass(frozen=True)
class Source:
    """One public document: where it lives, what it is and its licence."""

    id: str
    repo: str
    commit: str
    path: str
    licence: str
    language: str
    kind: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}/blob/{self.commit}/{self.path}"

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()

    def cached(self, cache: Path = CACHE) -> Path:
        return Path(cache) / f"{self.id}{self.suffix}"


_D2L = ("d2l-ai/d2l-en", "23d7a5aecceee57d1292c56e90cce307f183bb0a", "CC-BY-SA-4.0 (text)")
_CS231N = ("cs231n/cs231n.github.io", "3d84654b14608fbccdff2393485631aaacfc9dab", "MIT")
_HSE = ("esokolov/ml-course-hse", "0f10946e4ad79a9077fd80e9d31a9cdf27705cc1", "none stated (not redistributed)")
_MASHA = ("FUlyankin/deep_learning_masha_book", "9892438c4fcc67a865b215d576fe5c15b6b82c04",
          "none stated (not redistributed)")
_ULY = ("FUlyankin/deep_learning_pytorch", "ccd25c84609a911e2a3abd8316afe4b45dd57b19", "MIT")
_CHAPTER = "chapter_convolutional-neural-networks/"


def _src(ident, where, path, language, kind):
    repo, commit, licence = where
    return Source(ident, repo, commit, path, licence, language, kind)


SOURCES: tuple[Source, ...] = (
    _src("d2l-conv-layer", _D2L, _CHAPTER + "conv-layer.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-padding", _D2L, _CHAPTER + "padding-and-strides.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-channels", _D2L, _CHAPTER + "channels.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-pooling", _D2L, _CHAPTER + "pooling.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-lenet", _D2L, _CHAPTER + "lenet.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-why-conv", _D2L, _CHAPTER + "why-conv.md", "en", "textbook chapter (Markdown)"),
    _src("d2l-backprop", _D2L, "chapter_multilayer-perceptrons/backprop.md", "en", "textbook chapter (Markdown)"),
    _src("cs231n-convnets", _CS231N, "convolutional-networks.md", "en", "course notes (Markdown)"),
    _src("cs231n-backprop", _CS231N, "optimization-2.md", "en", "course notes, backprop (Markdown)"),
    _src("cs231n-case-study", _CS231N, "neural-networks-case-study.md", "en",
         "course notes, softmax and backprop worked in code and math (Markdown)"),
    Source("conv-arithmetic", "vdumoulin/conv_arithmetic", "af6f818b0bb396c26da79899554682a8a499101d",
           "conv_arithmetic.tex", "MIT", "en", "guide (LaTeX)"),
    _src("hse-lecture07-dl", _HSE, "2025-fall/lecture-notes/lecture07-deeplearning.tex", "ru",
         "university lecture notes (LaTeX)"),
    _src("hse-hw04-cnn", _HSE, "2025-fall/homework-theory/homework-theory-04-cnn.tex", "ru",
         "university problem sheet with CNN questions (LaTeX)"),
    _src("masha-conv-01", _MASHA, "problem_set_05_conv/problem_01.md", "ru", "problem book, convolutions (Markdown)"),
    _src("masha-conv-02", _MASHA, "problem_set_05_conv/problem_02.md", "ru", "problem book, convolutions (Markdown)"),
    _src("masha-conv-05", _MASHA, "problem_set_05_conv/problem_05.md", "ru", "problem book, convolutions (Markdown)"),
    _src("masha-conv-06", _MASHA, "problem_set_05_conv/problem_06.md", "ru", "problem book, convolutions (Markdown)"),
    _src("masha-conv-07", _MASHA, "problem_set_05_conv/problem_07.md", "ru", "problem book, convolutions (Markdown)"),
    _src("masha-backprop-04", _MASHA, "problem_set_03_backprop/problem_04.md", "ru",
         "problem book, worked backprop (Markdown)"),
    _src("masha-backprop-05", _MASHA, "problem_set_03_backprop/problem_05.md", "ru",
         "problem book, worked backprop (Markdown)"),
    Source("mazur-backprop", "vortune/actual-number-backpropagation", "0e5cf5ffb84ed8d5a06bd90f12a1d999ca6c241c",
           "A_Step_by_Step_Backpropagation_Example.md", "none stated (not redistributed)", "en",
           "worked backprop walkthrough with numbers (Markdown; M. Mazur's post)"),
    Source("kapylov-backprop", "Quargam/Neural-Networks-Course", "264f37e8278cf241968360eb8426ce8acfdd18e2",
           "homework_1/README.md", "none stated (not redistributed)", "ru",
           "course homework, backprop formulas (Markdown)"),
    _src("ulyankin-conv-nb", _ULY, "week06_conv_nets/conv_nn_solve.ipynb", "ru", "course notebook, CNNs (.ipynb)"),
    _src("ulyankin-modules-nb", _ULY, "homework/hw2_own_neural_network/homework_modules.ipynb", "ru",
         "course notebook, layers and their gradients (.ipynb)"),
)


#: SHA-256 of each document's bytes at its commit (checked after fetching).
SHA256 = {
    "d2l-conv-layer": "5f41b0ebf6844a96372e103e3dd0efe0341ea959532896a340be13d0c8c23275",
    "d2l-padding": "c0fec95a1a9e9e1b660f98f27b876e7caa3a53932601e5c5c9bb81be45b8e5d2",
    "d2l-channels": "3c2cc261f2351a373861af2582104addb9013bb0d222013af6d16b0749fc49dc",
    "d2l-pooling": "57b031b5fe27e3b398ebc5857506e8034f2df2b47a8f2351a9e4ed22019d2d89",
    "d2l-lenet": "6dfaae50762199fa53bc5fac21ba72f53a69de576fd5bd38a93d3d3a5b7f6701",
    "d2l-why-conv": "0fa140a9d25c984a7a41578dbd1a96a1aaa9ea0b35c297d581edff4a737e24ef",
    "cs231n-case-study": "b5d02e1e57874e6809b06a529e43d4c961568b0b0775101dc06071ec86311a39",
    "d2l-backprop": "665535325bff4f8ee3af5ac030388ccbbf7c4c95e56ef72a217b453bc9d72127",
    "cs231n-convnets": "725ee0ce429408655acee7f49b77d8ff241ad867d4a74db0867d95e86f150830",
    "cs231n-backprop": "f11216ba5f9611b039d11d614050c7ad7736df6b9f47ec83e5cfba2f336e366a",
    "conv-arithmetic": "4125b2eb9329c64f8b41ada22119ad228efad5327177631298204942b07175e2",
    "hse-lecture07-dl": "88c6a98ed5b8e9d46ff7ca0957e9148e8c34a014b9f986c931b2e388a1bffd98",
    "hse-hw04-cnn": "d6ef658e94c2cb67407dd9e966c44c3f7fa8df1aa3945ba75dc1a24811b6684d",
    "masha-conv-01": "4aaf8cddef1e27ed0bac58e5b886db56cd3066d49b816b230e4064cba4907ade",
    "masha-conv-02": "470ac6a169dac247df8429c3ada8d1e0224f8a248f7cd228e3c03e72564cea71",
    "masha-conv-05": "097be7fdca7a22cd5f235417fb00690761aac06d7d5e2b61a06b28787c977ab5",
    "masha-conv-06": "030b5276ead2df9402972b39440e6ec2600408e167ee4c9b4fb9e38bc0bdf731",
    "masha-conv-07": "c4798d492bdde78b9451093c4749b77bc06f44bf12944061e4c0a5e883aed428",
    "masha-backprop-04": "c77093d78ed4c0a070a6c3876809dbe4e23e5709e330731d6f8bebdb5254c237",
    "masha-backprop-05": "3e0273583623907415a3cd5bd19935d27980e6893a7719049e11f7a9b19b7047",
    "mazur-backprop": "af04f98210d4d779ab3e4b413343b2138e94667e2b929023f46ab152284a1c3e",
    "kapylov-backprop": "114621afd0036416ca02e3b7c3d1aa9413d36e182cc1aeb2e8248a6612d50b71",
    "ulyankin-conv-nb": "6c99336b07c6b62d7ba13d56a7a76c8d05be30903b62b0d89ac6f53e9a31b72f",
    "ulyankin-modules-nb": "15250bb5d216242a76d9c17d054b0faccc17b56e0ae0b234ad3b0f0354249ffb",
}


def _from_mirror(src: Source) -> bytes | None:
    if MIRRORS is None:
        return None
    owner, name = src.repo.split("/")
    git_dir = MIRRORS / f"{owner}+{name}" / "repo"
    if not git_dir.is_dir():
        return None
    done = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{src.commit}:{src.path}"],
                          capture_output=True, timeout=60, check=False)
    return done.stdout if done.returncode == 0 else None


def _from_github(src: Source) -> bytes:
    url = f"https://raw.githubusercontent.com/{src.repo}/{src.commit}/{src.path}"
    with urllib.request.urlopen(url, timeout=60) as reply:  # noqa: S310 (fixed https URL)
        return reply.read()


def fetch_text(src: Source) -> bytes:
    """The bytes of ``src`` at its commit (mirror first, then GitHub); ``OSError`` if neither has it."""
    data = _from_mirror(src)
    if data is None:
        data = _from_github(src)
    return data


def ensure(src: Source, cache: Path = CACHE) -> tuple[Path, str]:
    """Path of the cached copy of ``src`` (fetched if missing) and its SHA-256.

    A hash that differs from the recorded :data:`SHA256` is reported by the caller (the measurement
    names it), not hidden.
    """
    target = src.cached(cache)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(fetch_text(src))
    return target, hashlib.sha256(target.read_bytes()).hexdigest()
