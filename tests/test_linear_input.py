"""Hostile text costs time linear in its size: each loader (.txt, .md, .html, .jsonl), the date finder and
the pipeline's tokenizer read 1 MB of input built to make backtracking regular expressions, parsers or
spaCy's affix search go quadratic, in seconds.

Each loader runs in its own subprocess (a runaway regular expression holds the GIL and cannot be
interrupted from a thread) that times every case; a quadratic regression at 1 MB takes minutes to hours
(``'**a ' * 40000``, 160 KB, once took 115 s), so the bounds below are loose for a slow machine and
still fail on one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SIZE = 1_000_000
# The slowest case, 1 MB of "<" (the stdlib parser's per-character cost), takes 3 s on an idle development
# machine and 6 s on a loaded one; the mildest quadratic found (unclosed "<!--" in the old HTML reading)
# would take ~10 minutes at 1 MB.
CASE_SECONDS = 30.0
LOADER_SECONDS = 180.0  # all cases of one loader (and the model's loading for the tokenizer)

#: Repeated to SIZE characters: unclosed emphasis, brackets, links, tags, comments and declarations.
PATTERNS = {
    "bold-unclosed": "**a ", "underscore-bold-unclosed": "__a ", "brackets": "[", "bang-brackets": "![",
    "angles": "<", "parens": "(", "underscores": "_", "stars": "*", "backticks": "`", "hashes": "#",
    "hash-space": "# ", "heading-blanks": "#" + " " * 60 + "x\n", "comment-open": "<!--", "tag-open": "<a ",
    "quoted-attribute": '<a b="', "end-tag-open": "</a ", "declaration": "<![", "bogus-comment": "<!x",
    "processing-instruction": "<?", "link-open": "[x](", "image-open": "![x](", "ref-link-open": "[x][",
    "ref-definition": "[a]: ", "bracket-lines": "[a\n", "quote-marks": "> ", "underline": "=", "entity": "&#",
    "label": "Published on " + "(" * 40, "mixed": "*_`[<(#!>]-=", "long-words": "(" * 101 + " ",
    "quotes": '"', "colons": ":",
}

_RUNNER = r"""
import json, pathlib, sys, tempfile, time
from extract.loaders import Article, Notice, Skipped, iter_articles
from extract.dates import find_publication_date, parse_date

suffix, size, patterns = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
folder = pathlib.Path(tempfile.mkdtemp())
if suffix == "tokenizer":
    from extract.pipeline import build_pipeline
    tokenize = build_pipeline().tokenizer
times = {}
for name, unit in patterns.items():
    body = (unit * (size // len(unit) + 1))[:size]
    start = time.perf_counter()
    if suffix == "dates":
        find_publication_date([body]), find_publication_date(body.splitlines()), parse_date(body)
    elif suffix == "tokenizer":
        assert tokenize(body).text == body
    else:
        path = folder / (name + suffix)
        if suffix == ".jsonl":
            fields = {"id": name, "text": body, "title": body, "url": body, "date": body}
            path.write_text(json.dumps(fields) + "\n", encoding="utf-8")
        else:
            path.write_text("Title line\n" + body, encoding="utf-8")
        start = time.perf_counter()
        items = [item for item in iter_articles([path]) if not isinstance(item, Notice)]  # a warning on the date
        assert len(items) == 1 and isinstance(items[0], (Article, Skipped)), items
    times[name] = round(time.perf_counter() - start, 3)
print(json.dumps(times))
"""


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl", "dates",
                                    pytest.param("tokenizer", marks=pytest.mark.model)])
def test_a_megabyte_of_hostile_input_is_read_in_seconds(suffix):
    budget = LOADER_SECONDS
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER, suffix, str(SIZE), json.dumps(PATTERNS)],
                              cwd=ROOT, capture_output=True, text=True, timeout=budget)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{suffix}: {len(PATTERNS)} cases of 1 MB took over {budget:.0f} s (a quadratic reading?)")
    assert done.returncode == 0, done.stderr[-3000:]
    times = json.loads(done.stdout.strip().splitlines()[-1])
    slow = {name: t for name, t in times.items() if t > CASE_SECONDS}
    assert not slow, f"{suffix}: over {CASE_SECONDS} s for 1 MB: {slow} (all: {times})"


def test_the_runner_catches_a_quadratic_reader():
    """The measure can fail: the Markdown stripping of old, run on the input that found it, blows the bound."""
    import re
    import time

    emphasis = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")  # the regular expression this file was written for
    start = time.perf_counter()
    emphasis.sub(r"\2", "**a " * 4000)  # 16 KB, a sixtieth of a case
    quadratic = time.perf_counter() - start
    start = time.perf_counter()
    from extract.markdown_text import strip_markdown

    strip_markdown("**a " * 4000)
    linear = time.perf_counter() - start
    # 1 MB is 62.5 times this input: a quadratic cost grows ~3900-fold, a linear one 62.5-fold.
    assert quadratic * 3900 > CASE_SECONDS > linear * 62.5


@pytest.mark.model
def test_cutting_long_runs_changes_nothing_else():
    """Text without a run over LONGEST_WORD is tokenized as the model does; with one, offsets still hold."""
    from extract.long_words import LONGEST_WORD
    from extract.pipeline import build_pipeline, extract_articles
    from extract.model import load_model

    bounded, plain = build_pipeline().tokenizer, load_model().tokenizer
    for path in sorted((ROOT / "data" / "demo").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert [t.text_with_ws for t in bounded(text)] == [t.text_with_ws for t in plain(text)]

    class Article:
        id, date = "junk.txt", None
        text = "(" * 50_000 + "\n\nRussia attacked Azerbaijan on Monday. " + "x" * (LONGEST_WORD + 1) + " end."

    ((_article, records),) = extract_articles([Article()], build_pipeline())
    assert records and all(Article.text[r["char_start"]:r["char_end"]] == r["sentence"] for r in records)
