"""kg.stages.ingest under hostile input: fuzzed bytes and text, hand-made bad files, and ``kg build``
on a folder where good and bad files are mixed. Nothing crashes, each bad file gets one
message naming it, every good document is read."""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.stages.ingest import (
    MAX_LINE_PROBLEMS,
    clean_text,
    document_id,
    html_to_text,
    iter_documents,
    list_files,
    looks_like_html,
    read_documents,
)

NOTES = {"E109", "E132", "E133"}  # messages that are notes: the file was read
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def errors(problems: list[KGError]) -> list[KGError]:
    return [p for p in problems if p.code not in NOTES]


def check_document(doc) -> None:
    """What every document kg hands to spaCy and the store must be."""
    assert doc.text.strip()
    doc.text.encode("utf-8")  # no lone surrogates
    doc.name.encode("utf-8")
    assert not any(ch in doc.text for ch in "\x00\r\x0b\x0c\x1b\x7f")
    assert doc.id == document_id(doc.name, doc.text)


def read_one(data: bytes, name: str = "x.txt", **kwargs):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        docs, problems = read_documents([path], **kwargs)
        for p in problems:
            assert str(path) in str(p) or path.name in str(p), p  # each message names the file
    return docs, problems


# ---------------------------------------------------------------------------- fuzzing

NASTY = st.sampled_from(["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u202e", "\u200f", "\ufeff", "\r", "\r\n",
                         "\f", "\u2028", "<p>", "</div>", "<html>", "&amp;", "\ud800", "\udfff", "שלום ", "مرحبا ",
                         "\U0001f600", "e\u0301", "{", "\"text\":", "\\u0000", "\n\n", "   "])
TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=30).map("".join)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_never_crash_and_give_one_answer(data):
    docs, problems = read_one(data)
    assert len(docs) + len(errors(problems)) == 1  # a document or one message, never both, never none
    for doc in docs:
        check_document(doc)
    for p in errors(problems):
        assert p.code in {"E103", "E104", "E105"}, p


@FUZZ
@given(text=TEXT, suffix=st.sampled_from([".txt", ".md"]))
def test_hostile_text_is_read_or_refused_once(text, suffix):
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates make invalid UTF-8 here
    docs, problems = read_one(data, "x" + suffix)
    assert len(docs) + len(errors(problems)) == 1
    for doc in docs:
        check_document(doc)
        again, _ = read_one(data, "x" + suffix)
        assert again[0].id == doc.id  # the same file gives the same id


@FUZZ
@given(html=st.lists(st.one_of(st.sampled_from(["<p>", "</p>", "<script>x=1</script>", "<br>", "<div a='1'>",
                                                "<!--", "-->", "<![CDATA[", "<!", "&nbsp;", "&#0;", "&#xD800;",
                                                "<title>", "</title>", "<style>", "<", ">", "</"]),
                               st.text(max_size=20)), max_size=40).map("".join))
def test_html_stripping_never_crashes(html):
    text, title = html_to_text(html)
    assert isinstance(text, str) and (title is None or isinstance(title, str))
    docs, problems = read_one(("<html><body>" + html).encode("utf-8", "surrogatepass"))
    assert len(docs) + len(errors(problems)) == 1
    for doc in docs:
        check_document(doc)
        assert "<html>" not in doc.text and "<body>" not in doc.text


GOOD = st.fixed_dictionaries({"text": st.text(min_size=1, max_size=200).filter(str.strip)},
                             optional={"title": st.one_of(st.text(max_size=30), st.integers(), st.none(),
                                                          st.lists(st.integers(), max_size=2)),
                                       "date": st.one_of(st.text(max_size=12), st.integers(), st.none()),
                                       "url": st.one_of(st.text(max_size=30), st.dictionaries(st.text(), st.text())),
                                       "id": st.one_of(st.text(max_size=20), st.integers(), st.floats(),
                                                       st.booleans(), st.lists(st.text(), max_size=2))})
BAD_LINE = st.one_of(st.binary(min_size=1, max_size=200).filter(lambda b: b"\n" not in b and b.strip()),
                     st.sampled_from([b"[1, 2]", b"3", b'"text"', b"null", b'{"text": ""}', b'{"text": 5}',
                                      b'{"title": "no text"}', b'{"text": "unterminated', b"{" * 5000 + b"}" * 5000,
                                      b'{"text": "\\ud800 lone"', b"\x00\x00\x00", b"\xff\xfe{", b"[" * 100_000]))


@FUZZ
@given(lines=st.lists(st.one_of(GOOD.map(lambda r: ("good", r)), BAD_LINE.map(lambda b: ("bad", b))), max_size=25),
       blank=st.booleans())
def test_jsonl_keeps_every_good_line(lines, blank):
    out, good = [], 0
    for i, (kind, value) in enumerate(lines):
        if kind == "good":
            value = {**value, "text": f"{value['text']} #{i}"}  # distinct texts: no duplicates
            value.pop("id", None) if i % 2 else None
            out.append(json.dumps(value).encode())
            good += 1
        else:
            out.append(value)
        if blank:
            out.append(b"   ")
    docs, problems = read_one(b"\n".join(out), "crawl.jsonl")
    assert len(docs) == good  # no good line lost
    for doc in docs:
        check_document(doc)
    bad = errors(problems)
    if not good:
        assert len(bad) == 1 and bad[0].code in {"E107", "E110"}
    else:
        assert len(bad) <= MAX_LINE_PROBLEMS + 1
        assert all(p.code in {"E106", "E111"} for p in bad)


# ---------------------------------------------------------------------------- hand cases


HAND = {
    "empty.txt": (b"", "E103"),
    "blank.txt": (b"  \n\t\r\n \n", "E103"),
    "bom-only.txt": (b"\xef\xbb\xbf", "E103"),
    "nul.txt": (b"Putin met Xi.\x00\x00 in Beijing", "E105"),
    "random.txt": (bytes(range(256)) * 4, "E105"),
    "controls.txt": (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100, "E105"),
    "latin1.txt": ("Le président a rencontré Xi à Pékin.".encode("latin-1"), "E104"),
    "truncated-utf8.txt": ("Merkel traf Macron in Köln".encode()[:-3], "E104"),
    "utf16-broken.txt": (b"\xff\xfeP\x00u\x00\x00\xd8", "E104"),
    "jpeg.md": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(1000), "E105"),
    "deep.jsonl": (b"[" * 100_000 + b"\n", "E110"),
    "not-objects.jsonl": (b"[1, 2]\n\"text\"\n42\nnull\n", "E110"),
    "no-text.jsonl": (b'{"title": "x"}\n{"text": ""}\n{"text": ["a"]}\n', "E110"),
    "nothing.jsonl": (b"\n\n   \n", "E107"),
    "binary.jsonl": (bytes(range(256)) * 8, "E110"),
    "notes.pdf": (b"%PDF-1.4", "E102"),
    "big.txt": (b"word " * 30_000, "E108"),  # over the 100,000-byte limit used below
}

GOOD_FILES = {
    "plain.txt": ("Russia accused Ukraine of shelling the plant on Monday.\n", "Russia accused Ukraine"),
    "rtl.txt": ("\u202eبوتين التقى شي في بكين.\u202c Putin met Xi in Beijing. שלום\n", "Putin met Xi"),
    "crlf.md": ("# Talks\r\n\r\nMacron met Scholz in Berlin.\r\n", "Macron met Scholz in Berlin.\n"),
    "bom.txt": ("\ufeffModi visited Tokyo on Friday.", "Modi visited Tokyo"),
    "utf16.txt": ("Lula met Biden in Washington.", "Lula met Biden"),
    "ansi.txt": ("\x1b[1mBREAKING\x1b[0m: Egypt condemned the strike.\fPage 2: Turkey denied it.", "Page 2"),
    "page.txt": ("<!DOCTYPE html><html><head><title>Summit</title><script>var x = '<p>no</p>';</script>"
                 "<style>p { color: red }</style></head><body><nav><a href='/'>Home</a></nav>"
                 "<h1>Summit in Paris</h1><p>Emmanuel Macron met Olaf Scholz&nbsp;on Monday.</p>"
                 "<p>They agreed on aid to Ukraine.</p></body></html>", "Emmanuel Macron met Olaf Scholz"),
}


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in HAND.items():
        (folder / name).write_bytes(data)
    for name, (text, _) in GOOD_FILES.items():
        (folder / name).write_bytes(text.encode("utf-16" if name == "utf16.txt" else "utf-8"))
    lines = [b'{"id": "wire-1", "text": "Xi Jinping visited Moscow on Tuesday.", "date": "2024-05-01"}',
             b"{not json}", b"\xff\xfe garbage", b"[1]",
             json.dumps({"id": "wire-2", "text": "<html><body><p>Erdogan met Putin in Ankara.</p></body></html>",
                         "title": {"nested": True}, "url": 5}).encode(),
             json.dumps({"id": "wire-3", "text": "Lone \ud800 surrogate; Iran warned Israel.\u0000"}).encode(),
             b'{"text": "' + b"x" * 700_000 + b'"}']  # a huge line: over 6 x the limit, skipped unread
    (folder / "crawl.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    return folder


def test_hand_made_bad_files_get_one_message_each(tmp_path):
    folder = write_corpus(tmp_path / "in")
    problems: list[KGError] = []
    docs = list(iter_documents([folder], problems, max_doc_size=100_000))
    by_file: dict[str, list[str]] = {}
    for p in problems:
        name = Path(str(p).split("] ", 1)[1].split(":", 1)[0]).name
        by_file.setdefault(name, []).append(p.code)
    for name, (_, code) in HAND.items():
        assert by_file.get(name) == [code], (name, by_file.get(name))
    # the good files are all read, with their text
    names = {d.name: d for d in docs}
    for name, (_, snippet) in GOOD_FILES.items():
        assert snippet in names[name].text, name
    # trafilatura: the page's one <h1> is its headline; the navigation ("Home") is not article text
    assert names["page.txt"].title == "Summit in Paris" and "var x" not in names["page.txt"].text
    assert "color" not in names["page.txt"].text and "Home" not in names["page.txt"].text
    assert by_file["page.txt"] == ["E109"]  # read, with a note
    assert names["crlf.md"].title == "Talks"
    assert {"wire-1", "wire-2", "wire-3"} <= set(names)
    assert names["wire-2"].text == "Erdogan met Putin in Ankara." and names["wire-2"].title is None
    assert names["wire-2"].url == "5"
    assert names["wire-3"].text == "Lone \ufffd surrogate; Iran warned Israel. "
    assert names["wire-1"].date.isoformat() == "2024-05-01"
    crawl = sorted(by_file["crawl.jsonl"])
    assert crawl == ["E106", "E106", "E106", "E106", "E109"]
    assert any("line 7: line over the --max-doc-size" in str(p) for p in problems)
    for doc in docs:
        check_document(doc)


def test_undecodable_file_name_and_special_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad_name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(bad_name, "wb") as fh:
        fh.write(b"Putin met Xi.")
    os.mkfifo(folder / "pipe.txt")
    problems: list[KGError] = []
    docs = list(iter_documents([folder, folder / "pipe.txt"], problems))
    assert [d.name for d in docs] == ["caf\ufffd.txt"]
    check_document(docs[0])
    assert [p.code for p in problems] == ["E112"]  # listed once: a folder skips it, naming it fails


def test_many_bad_lines_are_summarised(tmp_path):
    path = tmp_path / "crawl.jsonl"
    path.write_text('{"text": "Russia invaded Ukraine."}\n' + "oops\n" * 500)
    docs, problems = read_documents([path])
    assert len(docs) == 1
    assert [p.code for p in problems] == ["E106"] * MAX_LINE_PROBLEMS + ["E111"]
    assert "490 more bad lines not listed (the first at line 12)" in str(problems[-1])


def test_clean_text_and_html_detection_keep_ordinary_text():
    text = "Russia said 3 < 4 and <b>bold</b> is fine.\nA\ttab stays."
    assert clean_text(text) == text and not looks_like_html(text)
    assert looks_like_html("<div><p>a</p><p>b</p><p>c</p><p>d</p></div>")
    assert html_to_text("<p>a</p><p>b</p><p>c</p><p>d</p>")[0] == "a\nb\nc\nd"  # trafilatura: a paragraph a line


# ---------------------------------------------------------------------------- size limits


@pytest.fixture(scope="module")
def fifty_mb(tmp_path_factory) -> Path:
    """A 50 MB single line (no line break), as a .txt and as one .jsonl record."""
    folder = tmp_path_factory.mktemp("big")
    line = b"news " * 10_000_000
    (folder / "line.txt").write_bytes(line)
    (folder / "line.jsonl").write_bytes(b'{"text": "' + line + b'"}\n{"text": "Small one."}\n')
    return folder


def test_fifty_mb_line_is_refused_by_size_without_reading_it(fifty_mb):
    tracemalloc.start()
    try:
        docs, problems = read_documents([fifty_mb / "line.txt"])  # default limit: 20 MB
        peak_txt = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        docs_j, problems_j = read_documents([fifty_mb / "line.jsonl"], max_doc_size=1_000_000)
        peak_jsonl = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert docs == [] and [p.code for p in problems] == ["E108"]
    assert "50,000,000 bytes, over the --max-doc-size limit of 20,000,000 bytes" in str(problems[0])
    assert peak_txt < 1_000_000  # decided from the file size: nothing read
    assert [d.text for d in docs_j] == ["Small one."]  # the next line is still read
    assert [p.code for p in problems_j] == ["E106"] and "line 1" in str(problems_j[0])
    assert peak_jsonl < 16_000_000  # the long line was skipped in 1 MiB pieces, never held whole


def test_fifty_mb_line_within_the_limit_is_read_whole(fifty_mb):
    docs, problems = read_documents([fifty_mb / "line.txt", fifty_mb / "line.jsonl"], max_doc_size=60_000_000)
    assert problems == []
    assert [len(d.text) for d in docs] == [50_000_000, 50_000_000, 10]  # never truncated


# ---------------------------------------------------------------------------- kg build, end to end


def test_build_reads_the_good_files_and_reports_each_bad_one_once(tmp_path, capsys):
    from kg.cli import app
    from kg.cli._app import run_command
    from kg.graph.store import KGStore

    folder = write_corpus(tmp_path / "in")
    out = tmp_path / "out"
    code = run_command(app, ["build", str(folder), "-o", str(out), "--no-png", "--max-doc-size", "100000"])
    captured = capsys.readouterr()
    assert code == 0, captured.err  # some documents were built: success, with the problems listed
    lines = [x for x in captured.err.splitlines() if x.startswith(("kg: [E", "kg: note: [E"))]
    for name, (_, code_) in HAND.items():
        mine = [x for x in lines if f"/{name}:" in x]
        assert len(mine) == 1 and f"[{code_}]" in mine[0], (name, mine)
    assert sum("crawl.jsonl" in x for x in lines) == 5
    expected = set(GOOD_FILES) | {"wire-1", "wire-2", "wire-3"}
    assert f"{len(expected)} documents" in captured.out
    with KGStore(out / "store", read_only=True) as store:
        assert set(store.document_ids()) == expected  # data lost: none
    # a rerun skips them all and reports the same problems again, once each
    assert run_command(app, ["build", str(folder), "-o", str(out), "--no-png", "--max-doc-size", "100000"]) == 0
    again = capsys.readouterr()
    assert f"{len(expected)} unchanged skipped" in again.out
    assert [x for x in again.err.splitlines() if x.startswith(("kg: [E", "kg: note: [E"))] == lines


def test_build_of_only_bad_files_fails(tmp_path, capsys):
    from kg.cli import app
    from kg.cli._app import run_command

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01")
    (folder / "b.txt").write_bytes(b"")
    assert run_command(app, ["build", str(folder), "-o", str(tmp_path / "out"), "--no-png"]) == 1
    err = capsys.readouterr().err
    assert "[E105]" in err and "[E103]" in err


def test_every_bad_entry_of_a_folder_is_named(tmp_path):
    """Issue 20, finding 10: a FIFO, a symbolic link loop and a dangling link were skipped without a word."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Putin met Xi in Beijing.")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    problems: list[KGError] = []
    docs = list(iter_documents([folder], problems))
    assert [d.name for d in docs] == ["good.txt"]
    assert sorted(str(p) for p in problems) == [
        f"[E112] {folder / 'pipe.txt'}: not a regular file (a pipe, socket or device)",
        f"[E127] {folder / 'gone.txt'}: a symbolic link to {folder / 'deleted.txt'}, which does not exist",
        f"[E127] {folder / 'loop.txt'}: a symbolic link that loops back on itself",
    ]


def test_a_link_out_of_the_folder_is_not_read_but_one_inside_and_a_named_one_are(tmp_path):
    """Found by a cold try: "passwd.txt -> /etc/passwd" in a folder was read and stored, without a word."""
    folder, outside = tmp_path / "in", tmp_path / "secret.txt"
    (folder / "sub").mkdir(parents=True)
    outside.write_text("Ivanov met Petrov in Moscow.")
    (folder / "story.txt").write_text("Putin met Xi in Beijing.")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "sub" / "again.txt").symlink_to(folder / "story.txt")  # inside the folder: read
    problems: list[KGError] = []
    docs = list(iter_documents([folder], problems))
    assert sorted(d.name for d in docs) == ["again.txt", "story.txt"]
    assert {d.text for d in docs} == {"Putin met Xi in Beijing."}
    assert [str(p) for p in problems] == [f"[E131] {folder / 'passwd.txt'}: a symbolic link to {outside}, outside "
                                          "the folder kg reads: not read (name the file itself to read it)"]
    assert [d.text for d in iter_documents([folder / "passwd.txt"])] == ["Ivanov met Petrov in Moscow."]


def test_a_named_link_loop_is_not_called_missing(tmp_path, capsys):
    from support import kg

    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert kg("build", tmp_path / "loop.txt", "--out", tmp_path / "out") != 0
    err = capsys.readouterr().err
    assert "[E127]" in err and "loops back on itself" in err and "no such file" not in err


@pytest.mark.parametrize("value, said", [("12345", "'text' is a number, not a string"),
                                         ('["a"]', "'text' is an array, not a string"),
                                         ("null", "'text' is null, not a string"), ('"  "', "'text' is empty")])
def test_a_jsonl_text_that_is_not_text_says_what_it_is(tmp_path, value, said):
    path = tmp_path / "crawl.jsonl"
    path.write_text('{"text": "Russia invaded Ukraine."}\n{"text": ' + value + '}\n')
    problems: list[KGError] = []
    assert len(list(iter_documents([path], problems))) == 1
    assert [str(p) for p in problems] == [f"[E106] {path}: line 2: {said}"]


def test_a_build_inside_the_folder_it_reads_is_not_read_back(tmp_path, capsys):
    """`kg build news/ -o news/out` twice: the second build finds nothing new and no problem (the
    store's RocksDB files and graph.ttl are kg's output, not news)."""
    from support import kg

    news = tmp_path / "news"
    news.mkdir()
    (news / "story.txt").write_text("Putin met Xi Jinping in Beijing on Monday.\n")
    assert kg("build", news, "-o", news / "out", "--no-png") == 0
    capsys.readouterr()
    assert kg("build", news, "-o", news / "out", "--no-png") == 0
    out, err = capsys.readouterr()
    assert "nothing new" in out + err and "input problem" not in out + err and "[E1" not in err
    assert list_files(news) == [news / "story.txt"]


def test_records_that_repeat_an_id_are_read_with_one_note(tmp_path):
    """Found by a cold try: two records with "id": "a" both became document a, without a word."""
    path = tmp_path / "crawl.jsonl"
    path.write_text('{"id": "a", "text": "Russia invaded Ukraine."}\n{"id": "b", "text": "Putin met Xi."}\n'
                    '{"id": "a", "text": "Iran attacked Israel."}\n{"id": "b", "text": "Xi met Putin."}\n')
    problems: list = []
    assert [d.name for d in iter_documents([path], problems)] == ["a", "b", "a", "b"]
    assert [str(p) for p in problems] == [
        f"[E132] {path}: 2 records repeat an earlier record's id (the first at line 3: 'a'); each is read, under "
        "that one name, so `kg remove` and later builds treat them as one document"]


def test_record_dates_are_read_in_the_forms_crawls_write_and_the_rest_get_one_note(tmp_path):
    """Found by reading: a 'date' of "05/01/2020" or "Jan 5th" was dropped without a word."""
    path = tmp_path / "crawl.jsonl"
    dates = ["2020-01-05T10:00:00Z", "Sun, 05 Jan 2020 10:00:00 +0000", "January 5, 2020", "05/01/2020", 2020]
    path.write_text("".join(json.dumps({"text": f"Putin met Xi on day {n}.", "date": d}) + "\n"
                            for n, d in enumerate(dates)))
    problems: list = []
    docs = list(iter_documents([path], problems))
    assert [d.date for d in docs] == [datetime.date(2020, 1, 5)] * 3 + [None, None]
    assert [str(p) for p in problems] == [
        f"[E133] {path}: 2 records have a 'date' that names no day (the first at line 4: '05/01/2020'); they are "
        "read without it (write ISO 8601: 2020-01-05)"]
