"""The README is what a newcomer follows: its Python examples run, its console examples match."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from convproof.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_examples_run():
    text = README.read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(blocks, {}, "README.md", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 5


def test_readme_opens_with_the_two_setup_commands():
    first_block = re.search(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S).group(1)
    lines = [ln.split("#")[0].strip() for ln in first_block.strip().splitlines()]
    assert lines == ['pip install . && convproof build', 'pip install -e ".[test]" && python -m pytest']


def test_readme_shape_console_example_matches(capsys):
    text = README.read_text(encoding="utf-8")
    block = re.search(r"\$ convproof shape --input 24 --kernel 3 --stride 2 --padding 1\n(.*?)\$", text,
                      flags=re.S).group(1)
    assert main(["shape", "--input", "24", "--kernel", "3", "--stride", "2", "--padding", "1"]) == 0
    assert capsys.readouterr().out.strip() == block.strip()
