"""The summaries' measure in benchmarks/stories_eval.py: ROUGE-1, tilse's "agreement" variant."""

from __future__ import annotations

import pytest

from benchmarks.stories_eval import rouge_agreement


def test_agreement_counts_overlap_on_shared_dates_over_every_summary_of_both():
    predicted = {"2010-01-01": "oil reached the coast", "2010-01-03": "ships sailed"}
    reference = {"2010-01-01": "oil reached the Louisiana coast", "2010-01-02": "oil reached the coast"}
    # hits only on 01-01 (4 words); precision over all 6 predicted words, recall over all 9 reference words
    p, r = 4 / 6, 4 / 9
    assert rouge_agreement(predicted, reference) == pytest.approx(2 * p * r / (p + r))
    # the same words on a date the reference lacks count for nothing
    assert rouge_agreement({"2010-01-03": "oil reached the coast"}, reference) == 0.0


def test_content_words_leave_stop_words_out():
    predicted = {"2010-01-01": "the oil of the rig"}
    reference = {"2010-01-01": "the ships of the navy"}
    assert rouge_agreement(predicted, reference) == pytest.approx(0.6)  # "the", "of", "the" are hits
    assert rouge_agreement(predicted, reference, content_words=True) == 0.0
    p, r = 1 / 2, 1 / 2  # "oil rig" against "oil spill"
    assert rouge_agreement({"2010-01-01": "the oil rig"}, {"2010-01-01": "an oil spill"},
                           content_words=True) == pytest.approx(2 * p * r / (p + r))
