"""One backend of each kind per router, even when worker threads ask for it at once (two
embedded backends would load the model twice, and llama.cpp's output suppression, entered
from two threads, once left the CLI's stdout on /dev/null)."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from router.backends import Backends
from tests.conftest import TIERROUTE


def test_threads_asking_at_once_get_one_backend() -> None:
    backends = Backends()
    got: list[object] = []
    start = threading.Barrier(8)

    def ask() -> None:
        start.wait()
        got.append(backends.for_model("embedded/smollm2-135m-instruct"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and len({id(b) for b in got}) == 1


def test_a_concurrent_embedded_batch_prints_its_summary_to_a_pipe(tmp_path: Path) -> None:
    source = tmp_path / "tickets.jsonl"
    source.write_text(
        "".join(
            f'{{"id": "t{i}", "body": "How do I reset my password, attempt {i}?"}}\n'
            for i in range(4)
        )
    )
    out = tmp_path / "answers.jsonl"
    done = subprocess.run(
        [str(TIERROUTE), "batch", str(source), "-o", str(out), "--concurrency", "4"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("answered 4"), (done.stdout, done.stderr[-500:])
