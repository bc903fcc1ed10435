"""llama-cpp-python called directly, in a process of its own: the peer of the service in
``bench/embedded_throughput.py``.

It loads one GGUF with the settings given as a JSON argument, then answers one JSON line
per request on stdin (``{"messages": [...], "max_tokens": N}``) with one JSON line on
stdout (``{"content": ..., "completion_tokens": ...}``), temperature 0. Running it apart
from the benchmark's own process gives it the same footing as ``tierroute serve``: a
process (and session) of its own that the scheduler treats alike.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def main() -> None:
    from llama_cpp import Llama

    settings = json.loads(sys.argv[1])
    llm = Llama(verbose=False, logits_all=False, **settings)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        out: Any = llm.create_chat_completion(
            messages=request["messages"], max_tokens=request["max_tokens"], temperature=0.0
        )
        answer = {
            "content": out["choices"][0]["message"]["content"],
            "completion_tokens": out["usage"]["completion_tokens"],
        }
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
