"""Reading an uploaded file row by row (parse.iter_file): totals, line numbers, bad rows."""

import json

import pytest

from articles.ingest import parse


def test_jsonl_rows_come_one_at_a_time_with_the_line_of_each_bad_one():
    text = "\n".join(
        [
            json.dumps({"body": "one"}),
            "",
            "{oops",
            json.dumps(["not", "an object"]),
            '{"body": "two"}',
        ]
    )
    total, rows = parse.iter_file("a.jsonl", text)
    assert total == 4  # blank lines are not rows
    first = next(rows)  # nothing is read ahead
    assert isinstance(first, parse.RawItem) and first.body == "one"
    assert list(rows)[:2] == [
        "a.jsonl:3: invalid JSON (Expecting property name enclosed in double quotes)",
        "a.jsonl:4: expected a JSON object",
    ]


def test_a_line_separator_inside_a_json_string_stays_in_its_row():
    text = (
        json.dumps({"body": "before\u2028after"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"body": "next"})
    )
    total, rows = parse.iter_file("sep.jsonl", text)
    items = list(rows)
    assert total == 2 and [i.body for i in items] == ["before\u2028after", "next"]
    assert [i.body for i in parse.parse_jsonl(text, "sep.jsonl").items] == [
        "before\u2028after",
        "next",
    ]


def test_csv_counts_rows_not_lines_and_refuses_a_file_without_body():
    text = 'title,body\nA,"two\nlines"\nB,plain\nC,x,extra\n'
    total, rows = parse.iter_file("r.csv", text)
    rows = list(rows)
    assert total == 3
    assert [r.body for r in rows[:2]] == ["two\nlines", "plain"]
    assert rows[2] == "r.csv:5: more values than columns"
    with pytest.raises(parse.ParseError, match="needs a header row with at least a “body” column"):
        parse.iter_file("r.csv", "title\nA\n")
