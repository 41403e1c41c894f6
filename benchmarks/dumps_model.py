"""The learned line score of the dump span (`corpus_tools/clean/line_model.py`): train it, and
measure it by site the way `dumps_cv` measures the rules.

Run: `python -m benchmarks.dumps_model [--loso] [--write] [--verbose]`

Development pages only (70 readability + 12 html-id; the held-out pages are never read here).
Each page is run through `triage clean`'s path with a hook on `span.find_span` that records the
feature vectors of its lines (the features do not depend on the model); each line is labelled from
the expected article text alone, whatever our rules say of it:

- a line is story when its text (lowercased, whitespace folded) occurs in the expected text, or,
  for a line of eight words or more, when 90 % of its tokens occur there (innerText and the
  expected text break a paragraph differently).

A logistic regression (scikit-learn, standardised features, L2) is fitted on the labelled lines.
`--loso`: for each site (`dumps_cv.site`), fitted on the other sites' pages and scored on the
site's pages with the full cleaner; averaged over pages, beside the in-sample figure (fitted on
all pages) and the rules alone. Each setting of `span.LINE_MODEL` / `MODEL_COST` /
`MODEL_WEIGHT` in SETTINGS is scored. `--write` fits on all development pages and writes
`corpus_tools/clean/line_model.json` (what ships).
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections import Counter
from .dumps_cv import averages, patched, site
from .dumps_eval import htmlid_pages, ours, page_score, readability_pages

C = 1.0  # inverse L2 strength of the regression
SETTINGS = {  # label → patches of span's constants
    "rules alone": [],
    "replace, cost 0.3": [("LINE_MODEL", "replace"), ("MODEL_COST", 0.3)],
    "replace, cost 0.5": [("LINE_MODEL", "replace"), ("MODEL_COST", 0.5)],
    "add, cost 0.3": [("LINE_MODEL", "add"), ("MODEL_COST", 0.3)],
    "add, cost 0.5": [("LINE_MODEL", "add"), ("MODEL_COST", 0.5)],
    "filter 0.05": [("MODEL_FILTER", 0.05)],
    "filter 0.1": [("MODEL_FILTER", 0.1)],
    "filter 0.2": [("MODEL_FILTER", 0.2)],
    "add 0.5, filter 0.1": [("LINE_MODEL", "add"), ("MODEL_COST", 0.5), ("MODEL_FILTER", 0.1)],
    "add, cost 0.4": [("LINE_MODEL", "add"), ("MODEL_COST", 0.4)],
    "add, cost 0.7": [("LINE_MODEL", "add"), ("MODEL_COST", 0.7)],
    "replace, cost 0.7": [("LINE_MODEL", "replace"), ("MODEL_COST", 0.7)],
    "sides 0.1": [("MODEL_SIDES", 0.1)],
    "sides 0.2": [("MODEL_SIDES", 0.2)],
    "sides 0.3": [("MODEL_SIDES", 0.3)],
}


def _span():
    return importlib.import_module("corpus_tools.clean.span")


def _model():
    return importlib.import_module("corpus_tools.clean.line_model")


def labels(texts: list[str], expected: str) -> list[int]:
    """1 for a line of the story, by the expected text alone (see the module docstring)."""
    want = " " + " ".join(expected.lower().split()) + " "
    vocabulary = Counter(expected.lower().split())
    found = []
    for text in texts:
        tokens = text.lower().split()
        inside = f" {' '.join(tokens)} " in want
        if not inside and len(tokens) >= 8:
            inside = sum(t in vocabulary for t in tokens) >= 0.9 * len(tokens)
        found.append(int(inside))
    return found


def collect(pages) -> dict[str, tuple[list[list[float]], list[int]]]:
    """page → (feature vectors, labels) of its lines, as the cleaner sees them (pages that reach
    the span: 30 lines or more, not hard-wrapped)."""
    span = _span()
    found = {}
    for name, dump, expected in pages:
        seen = []
        with patched([(span, "RECORD", lambda texts, vectors: seen.append((texts, vectors))),
                      (span, "LINE_MODEL", "")]):
            ours(dump.read_text(encoding="utf-8"))
        if seen:
            texts, vectors = seen[-1]
            found[name] = (vectors, labels(texts, expected))
    return found


def fit(data: dict, names, exclude=(), c: float = C) -> dict:
    """The regression fitted on the lines of `names`, as line_model.json holds it (the features
    `exclude` names held at zero: weight 0)."""
    from sklearn.linear_model import LogisticRegression
    import numpy as np
    x = np.array([v for n in names if n in data for v in data[n][0]], dtype=float)
    y = np.array([label for n in names if n in data for label in data[n][1]])
    for name in exclude:
        x[:, _model().names().index(name)] = 0.0
    mean_, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean_) / scale, y)
    return {"features": _model().names(), "mean": [round(float(v), 6) for v in mean_],
            "scale": [round(float(v), 6) for v in scale], "weights": [round(float(v), 6) for v in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 6), "lines": int(len(y)), "story_share": round(float(y.mean()), 4)}


def score_with(model: dict | None, setting, pages) -> dict[str, tuple[float, float, float]]:
    span, line_model = _span(), _model()
    patches = [(span, name, value) for name, value in setting]
    if model is not None:
        patches.append((line_model, "load", lambda *a, **k: model))
    with patched(patches):
        return {name: page_score(ours(dump.read_text(encoding="utf-8")), expected) for name, dump, expected in pages}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dumps_model")
    parser.add_argument("--loso", action="store_true", help="leave one site out, each setting")
    parser.add_argument("--write", action="store_true", help="fit on all development pages, write line_model.json")
    parser.add_argument("--only", action="append", help="only the settings whose label holds this")
    parser.add_argument("--exclude", action="append", default=[], help="leave this feature out of the model")
    parser.add_argument("--C", type=float, default=C, help="inverse L2 strength")
    parser.add_argument("--verbose", action="store_true", help="per-page out-of-site F1 beside the rules'")
    args = parser.parse_args(argv)
    pages = readability_pages()[0] + htmlid_pages()[0]  # development pages only
    names = [p[0] for p in pages]
    readability = {p[0] for p in readability_pages()[0]}
    data = collect(pages)
    lines = sum(len(v[1]) for v in data.values())
    print(f"# Learned line score: {len(data)} of {len(pages)} development pages reach the span, {lines} lines, "
          f"{sum(sum(v[1]) for v in data.values()) / lines:.1%} story\n")
    whole = fit(data, names, args.exclude, args.C)
    if args.write:
        path = _model().MODEL
        path.write_text(json.dumps(whole, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.name}: {len(whole['weights'])} weights\n")
    results = {}
    if args.loso:
        sites = sorted({site(n) for n in names})
        models = {s: fit(data, [n for n in names if site(n) != s], args.exclude, args.C) for s in sites}
        print("| setting | in-sample P / R / F1 | leave one site out P / R / F1 | gap | readability LOSO F1 | html-id LOSO F1 |")
        print("|---|---|---|---:|---:|---:|")
        for label, setting in SETTINGS.items():
            if args.only and label != "rules alone" and not any(o in label for o in args.only):
                continue
            inside = score_with(whole, setting, pages)
            out: dict[str, tuple[float, float, float]] = {}
            for s in sites:
                out |= score_with(models[s], setting, [p for p in pages if site(p[0]) == s])
            a, b = averages(inside, names), averages(out, names)
            r = averages(out, [n for n in names if n in readability])[2]
            h = averages(out, [n for n in names if n not in readability])[2]
            print(f"| {label} | {a[0]:.3f} / {a[1]:.3f} / {a[2]:.3f} | {b[0]:.3f} / {b[1]:.3f} / **{b[2]:.3f}** | "
                  f"{a[2] - b[2]:+.3f} | {r:.3f} | {h:.3f} |")
            results[label] = {"in_sample": inside, "loso": out}
        if args.verbose:
            base = results["rules alone"]["loso"]
            for label in results:
                if label == "rules alone":
                    continue
                moved = sorted(((results[label]["loso"][n][2] - base[n][2], n) for n in names), key=lambda t: t[0])
                print(f"\n## {label}: pages whose F1 moves by 0.01 or more against the rules alone")
                for delta, n in moved:
                    if abs(delta) >= 0.01:
                        p, r, f = results[label]["loso"][n]
                        print(f"  {delta:+.3f}  F1 {f:.3f}  P {p:.3f}  R {r:.3f}  {n}")
    return {"model": whole, "results": results}


if __name__ == "__main__":
    main()
