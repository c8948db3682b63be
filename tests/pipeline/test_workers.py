"""Worker processes of ``kg build --workers N`` (issue 20, finding 9): they die with the build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import PARAGRAPHS

from kg.graph.store import KGStore


def make_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        (folder / f"doc{i:03d}.txt").write_text(f"{PARAGRAPHS[i % 6]} {PARAGRAPHS[(i + 1) % 6]} Item {i}.\n")
    return folder


linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


def _alive_children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` and that are not zombies (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@linux
def test_workers_die_with_a_killed_build_and_leave_the_store_usable(tmp_path):
    corpus = make_corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus), "-o",
                             str(out), "--no-png", "--workers", "2", "--batch-size", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers = _alive_children(proc.pid)
            time.sleep(0.05)
        assert len(workers) == 2, proc.stderr.read().decode() if proc.poll() is not None else "no workers"
        proc.send_signal(signal.SIGKILL)  # the build alone, as the OOM killer or `kill -9 PID` would
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if _alive(w)]
    finally:
        proc.kill()
        proc.wait()
        for w in _alive_children(proc.pid) + [w for w in workers if _alive(w)]:
            os.kill(w, signal.SIGKILL)
    assert left == [], "workers outlived the build"
    # the lock the killed build held is no obstacle: the next build finishes the corpus
    again = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus), "-o",
                            str(out), "--no-png"], capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    with KGStore(out / "store") as store:
        assert len(store.document_ids()) == 60


@linux
def test_a_child_whose_parent_is_gone_already_exits():
    # die_with_parent(pid of a process that is not our parent): the parent it was told of is gone
    code = "import os\nfrom kg.pipeline.workers import die_with_parent\ndie_with_parent(os.getppid() + 10**6)\nprint('alive')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "alive" not in out.stdout


def test_the_vocabulary_keeps_words_up_to_its_budget_then_batches_are_read_in_memory_zones(monkeypatch):
    """Batches add their new words to spaCy's vocabulary (and tokenizer cache) until it has grown by
    VOCAB_BUDGET strings; after that each batch is read in a memory zone that frees what it added;
    what is read is the same either way."""
    from kg.pipeline import workers
    from kg.records import Document
    from kg.stages.events import Lexicon
    from kg.stages.nlp import load_model

    nlp, lexicon = load_model(), Lexicon.load()
    text = "Zorvakian envoy Qelmira Ostavenko met the Vrintashi delegation in Brastovia on Monday."
    docs = [Document(id="v" * 64, name="v.txt", text=text)]
    monkeypatch.setattr(workers, "_BASE_STRINGS", {})
    monkeypatch.setattr(workers, "VOCAB_BUDGET", 10**9)
    before = len(nlp.vocab.strings)
    kept = workers.extract_batch(nlp, docs, lexicon)
    grown = len(nlp.vocab.strings)
    assert grown > before and "Qelmira" in nlp.vocab.strings  # outside a zone: its words stay

    other = [Document(id="w" * 64, name="w.txt", text=text.replace("Qelmira Ostavenko", "Yuvenka Darrowitz"))]
    monkeypatch.setattr(workers, "VOCAB_BUDGET", 0)  # budget spent: a zone per batch
    zoned = workers.extract_batch(nlp, other, lexicon)
    assert len(nlp.vocab.strings) == grown and "Yuvenka" not in nlp.vocab.strings
    again = workers.extract_batch(nlp, docs, lexicon)
    assert [m.text for m in again[0][0].mentions] == [m.text for m in kept[0][0].mentions]
    assert "Yuvenka Darrowitz" in [m.text for m in zoned[0][0].mentions]
