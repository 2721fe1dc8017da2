"""extract.importers: relation JSONL and GDELT 2.0 events to (article, records) groups."""

from __future__ import annotations

import json
import zipfile

from extract.importers import GDELT_COLUMNS, Skipped, gdelt_record, import_gdelt, import_relations


def gdelt_line(event_id, a1, a2, code, quad, goldstein, sqldate, url, dateadded="20250705120000"):
    cols = [""] * 61
    values = {"GLOBALEVENTID": event_id, "SQLDATE": sqldate, "Actor1CountryCode": a1, "Actor2CountryCode": a2,
              "Actor1Name": a1 and f"{a1} NAME", "EventCode": code, "EventRootCode": code[:2], "QuadClass": str(quad),
              "GoldsteinScale": str(goldstein), "DATEADDED": dateadded, "SOURCEURL": url}
    for name, value in values.items():
        cols[GDELT_COLUMNS.index(name)] = value
    return "\t".join(cols)


def test_gdelt_columns_are_the_61_of_gdelt_2():
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[7] == "Actor1CountryCode" and GDELT_COLUMNS[17] == "Actor2CountryCode"
    assert GDELT_COLUMNS[29:31] == ["QuadClass", "GoldsteinScale"] and GDELT_COLUMNS[-1] == "SOURCEURL"


def test_gdelt_export_grouped_by_source_url(tmp_path):
    lines = [
        gdelt_line("1", "RUS", "AZE", "190", 4, -10, "20241225", "https://ex.org/a"),
        gdelt_line("2", "AZE", "TUR", "057", 1, 8, "20250704", "https://ex.org/b"),
        gdelt_line("3", "AZE", "RUS", "111", 3, -2, "20241226", "https://ex.org/a"),
        gdelt_line("4", "RUS", "RUS", "190", 4, -10, "20241225", "https://ex.org/c"),   # domestic
        gdelt_line("5", "", "AZE", "190", 4, -10, "20241225", "https://ex.org/c"),      # no actor1 country
        gdelt_line("6", "AZE", "ISR", "061", 2, 6.4, "20250101", ""),                   # no url: event id
        "1\t2\t3",                                                                      # malformed
    ]
    path = tmp_path / "20250705.export.CSV"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(import_gdelt(path, labels={"RUS": "Russia"}))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.reason for s in skipped] == ["line 4: domestic event (RUS)", "line 5: no country code for Actor1",
                                           "line 7: expected 61 tab-separated columns (GDELT 2.0 export) or a header, got 3"]
    groups = [i for i in items if not isinstance(i, Skipped)]
    assert [(a["id"], a["url"], a["date"], len(r)) for a, r in groups] == [
        ("https://ex.org/a", "https://ex.org/a", "2025-07-05", 2), ("https://ex.org/b", "https://ex.org/b", "2025-07-05", 1),
        ("gdelt:6", None, "2025-07-05", 1)]
    first = groups[0][1][0]
    assert (first["type"], first["polarity"], first["quad_class"], first["intensity"], first["date"]) == (
        "ASSAULT", -1, 4, -10.0, "2024-12-25")
    assert first["sentence"] == "GDELT event 1: RUS -> AZE, CAMEO 190, Goldstein -10"
    assert first["source"]["label"] == "Russia" and first["target"]["label"] == "AZE"
    assert [r["sentence_index"] for r in groups[0][1]] == [0, 1]
    assert groups[1][1][0]["type"] == "COOPERATE" and groups[1][1][0]["polarity"] == 1


def test_gdelt_headered_csv_and_zip(tmp_path):
    header = "GLOBALEVENTID,SQLDATE,Actor1CountryCode,Actor2CountryCode,EventCode,QuadClass,GoldsteinScale,SOURCEURL"
    body = ["9,20250301,TUR,AZE,042,1,1.9,https://ex.org/x", "10,2025,TUR,AZE,042,1,1.9,https://ex.org/y"]
    path = tmp_path / "events.csv"
    path.write_text("\n".join([header] + body) + "\n", encoding="utf-8")
    items = list(import_gdelt(path, labels={}))
    assert isinstance(items[0], Skipped) and "SQLDATE must be YYYYMMDD" in items[0].reason
    (art, recs), = items[1:]
    assert art["id"] == "https://ex.org/x" and art["date"] == "2025-03-01" and recs[0]["type"] == "CONSULT"
    z = tmp_path / "events.csv.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(path, "events.csv")
    assert len(list(import_gdelt(z, labels={}))) == 2


def test_gdelt_header_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("SQLDATE,QuadClass\n20250101,1\n", encoding="utf-8")
    (item,) = list(import_gdelt(path, labels={}))
    assert isinstance(item, Skipped) and "header lacks" in item.reason


def test_gdelt_record_quad_class_checked():
    row = {"GLOBALEVENTID": "1", "SQLDATE": "20250101", "Actor1CountryCode": "A", "Actor2CountryCode": "B",
           "QuadClass": "7", "GoldsteinScale": "1", "SOURCEURL": "u"}
    try:
        gdelt_record(row)
    except ValueError as exc:
        assert "QuadClass" in str(exc)
    else:
        raise AssertionError("QuadClass 7 accepted")


def test_relations_jsonl_grouped_with_bad_lines_skipped(tmp_path):
    def rec(article, date, s="AZE", t="TUR"):
        return {"article": article, "sentence": f"{s} and {t}.", "source": {"id": s, "label": s}, "target": {"id": t},
                "type": "ALIGN", "polarity": 1, "date": date}
    lines = [json.dumps(rec("a1", "2025-07-04")), "not json", json.dumps({"article": "a2"}),
             json.dumps(rec("a2", None)), json.dumps({**rec("a3", None), "polarity": 2}),
             json.dumps(rec("a1", "2025-07-04", "ISR")), ""]
    path = tmp_path / "rel.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(import_relations(path))
    assert [i.reason.split(":")[0] for i in items if isinstance(i, Skipped)] == ["line 2", "line 3", "line 5"]
    groups = [i for i in items if not isinstance(i, Skipped)]
    assert [(a["id"], a["date"], len(r)) for a, r in groups] == [("a1", "2025-07-04", 2), ("a2", None, 1)]
    assert json.loads(groups[0][0]["text"]) == groups[0][1]  # the hashed text: canonical JSON of the records
