"""extract.actor_names: loading the name table and matching names to actors, on hand-made inputs.

The pipeline's own run on the table is in ``tests/test_evaluate_model.py`` (marker ``model``).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from extract.actor_names import (
    NAMES_PATH, NO_ACTOR, NameResult, NameRow, format_names_report, is_resolved, load_names, locate,
    mention_over, name_actor, score_names,
)
from extract.actors import actor_registry
from extract.evaluate import country_codes

HEADER = "name\texpected_id\tkind\tcategory\tcontext\tnote\n"


def write(tmp_path, *lines: str):
    path = tmp_path / "names.tsv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def mention(actor_id: str, start: int, end: int) -> dict:
    return {"id": actor_id, "start": start, "end": end}


# -- loading -------------------------------------------------------------------------------

def test_loader_skips_comments_and_header_and_keeps_notes(tmp_path):
    path = write(tmp_path, "# written by hand\n", HEADER,
                 "the Kremlin\tRUS\tstate\tmetonym\tThe Kremlin denied it.\t\n",
                 "us\t-\t-\tnot_actor\tHe told us so.\ta pronoun\n",
                 "\n")
    rows = load_names(path)
    assert rows == [NameRow("the Kremlin", "RUS", "state", "metonym", "The Kremlin denied it.", ""),
                    NameRow("us", NO_ACTOR, "-", "not_actor", "He told us so.", "a pronoun")]


def test_loader_accepts_rows_without_a_note_column(tmp_path):
    rows = load_names(write(tmp_path, HEADER, "Moscow\tRUS\tstate\tmetonym\tMoscow said no.\n"))
    assert rows[0].note == ""


def test_loader_names_the_line_of_a_row_missing_a_column(tmp_path):
    path = write(tmp_path, "# comment\n", HEADER, "Moscow\tRUS\tstate\tmetonym\tMoscow said no.\n",
                 "Ankara\tTUR\tstate\n")
    with pytest.raises(ValueError, match=r"names\.tsv:4: expected name"):
        load_names(path)


def test_loader_rejects_a_name_not_in_its_sentence(tmp_path):
    path = write(tmp_path, HEADER, "turkey\t-\t-\tnot_actor\tTurkey closed the border.\n")
    with pytest.raises(ValueError, match=r":2: 'turkey' is not in its context sentence"):
        load_names(path)


def test_locate_keeps_case_but_lets_a_leading_article_start_the_sentence():
    assert locate("Turkey", "Officials in Turkey said so.") == (13, 19)
    assert locate("turkey", "Turkey said so.") is None
    assert locate("the Holy See", "The Holy See called for calm.") == (0, 12)
    assert locate("a Syrian official", "A Syrian official said so.") == (0, 17)
    assert locate("Russia’s", "Russia's envoy left.") is None  # curly and straight apostrophes differ


# -- matching ------------------------------------------------------------------------------

def test_mention_over_takes_the_mention_that_overlaps_most():
    rels = [{"source": mention("RUS", 0, 6), "target": mention("UKR", 16, 23)},
            {"source": mention("USA", 28, 45), "target": mention("UKR", 16, 23)}]
    assert mention_over(rels, 16, 23)["id"] == "UKR"
    assert mention_over(rels, 24, 45)["id"] == "USA"   # partial overlap still counts
    assert mention_over(rels, 6, 16) is None            # touching is not overlapping
    assert mention_over([], 0, 6) is None


def test_mention_over_prefers_the_larger_overlap():
    rels = [{"source": mention("TUR", 0, 8), "target": mention("SYR", 10, 30)}]
    assert mention_over(rels, 5, 20)["id"] == "SYR"


def test_relations_decide_when_the_sentence_has_any():
    rels = [{"source": mention("TUR", 0, 6), "target": mention("IRQ", 11, 15)}]
    assert name_actor(rels, 11, 15, None) == (mention("IRQ", 11, 15), "relation")
    # a place outside every relation is no actor, whatever it would resolve to alone
    assert name_actor(rels, 45, 52, {"id": "IRQ"}) == (None, "outside relations")


def test_the_span_resolves_alone_when_the_sentence_has_no_relation():
    assert name_actor([], 0, 6, {"id": "RUS"}) == ({"id": "RUS"}, "token")
    assert name_actor([], 0, 6, None) == (None, "unresolved")


@pytest.mark.parametrize("expected, actor, ok", [
    ("RUS", "RUS", True), ("RUS", "UKR", False), ("RUS", None, False),
    ("INDPTYBJP", "IND", False),  # a party is not its state
    (NO_ACTOR, None, True), (NO_ACTOR, "IRQ", False),
])
def test_is_resolved(expected, actor, ok):
    assert is_resolved(expected, actor) is ok


def test_scores_by_category_and_failures():
    rows = [NameRow("Moscow", "RUS", "state", "metonym", "Moscow said no."),
            NameRow("Ankara", "TUR", "state", "metonym", "Ankara said no."),
            NameRow("Jordan", NO_ACTOR, "-", "not_actor", "Jordan Reyes spoke."),
            NameRow("IDF", "ISR", "state", "agency", "The IDF struck.")]
    results = [NameResult(rows[0], "RUS", via="token"), NameResult(rows[1], "TUR", via="relation"),
               NameResult(rows[2], "JOR", via="token"), NameResult(rows[3], None)]
    s = score_names(results)
    assert (s.resolved, s.total, s.share) == (2, 4, 0.5)
    assert s.by_category == {"agency": (0, 1), "metonym": (2, 2), "not_actor": (0, 1)}
    assert [f.row.name for f in s.failures] == ["Jordan", "IDF"]
    report = format_names_report(s)
    assert "actor names: 2/4 resolved (0.50)" in report
    assert "[not_actor] Jordan: - -> JOR (token)" in report
    assert "[agency] IDF: ISR -> - (unresolved)" in report


def test_an_empty_score_is_zero_not_an_error():
    assert score_names([]).share == 0.0


# -- the shipped table ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def table():
    return load_names()


def test_the_table_ships_inside_the_package_with_its_origin(table):
    text = NAMES_PATH.read_text(encoding="utf-8")
    assert "tests" not in NAMES_PATH.parts
    assert "MIT" in text and "did not open the project's" in text
    assert len(table) >= 320


def test_the_table_covers_every_kind_of_name(table):
    counts = Counter(r.category for r in table)
    for category in ("state", "abbreviation", "metonym", "demonym", "possessive", "tricky", "agency",
                     "party", "armed_group", "international_org", "leader", "ethnic_religious", "not_actor"):
        assert counts[category] >= 10, category
    assert any("’" in r.name for r in table)  # curly apostrophes


def test_rows_are_unique(table):
    keys = Counter((r.name, r.context) for r in table)
    assert not [k for k, n in keys.items() if n > 1]


def test_state_rows_name_iso_codes_and_other_ids_are_known_or_marked_proposed(table):
    registry = actor_registry()
    sector = re.compile(r"^[A-Z]{3}(BUS|OPP|REB|CVL|MED)$")
    for row in table:
        if row.kind == "state":
            assert re.fullmatch(r"[A-Z]{3}", row.expected), row
        if row.expected == NO_ACTOR:
            assert row.kind == "-" and row.category == "not_actor", row
        elif "proposed code" in row.note:
            assert row.expected not in registry, f"{row.name}: {row.expected} is known now; drop the note"
        elif row.kind == "state":
            assert row.expected in country_codes() or row.expected in registry, row
        else:
            assert row.expected in registry or sector.match(row.expected), row
