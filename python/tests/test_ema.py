"""The Workbench adapter: registry-made parameters, one sweep per batch, (experiments, outcomes)."""

import os

import numpy as np
import pandas as pd
import pytest

import buurt
import buurt.ema
from conftest import SMALL
from ema_workbench import (ArrayOutcome, BooleanParameter, CategoricalParameter, IntegerParameter, RealParameter,
                           ScalarOutcome, perform_experiments)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return buurt.ema.model(
        "adapter", uncertainties={"behaviour.trust_gain": (0.01, 0.1), "funding.mode": None},
        levers={"funding.term_weeks": (26, 104), "funding.use_it_or_lose_it": None},
        outcomes=["sustained_total_final", "mean_trust_institutions_final", "active_initiatives"],
        kinds={"sustained_total_final": "max"}, set=SMALL, ticks=30, every=10, seed=2,
        out=str(tmp_path_factory.mktemp("ema")), progress=False)


def test_parameters_and_outcomes_come_from_the_registry(model):
    kinds = {p.variable_name[0]: type(p) for p in list(model.uncertainties) + list(model.levers)}
    assert kinds == {"behaviour.trust_gain": RealParameter, "funding.mode": CategoricalParameter,
                     "funding.term_weeks": IntegerParameter, "funding.use_it_or_lose_it": BooleanParameter}
    assert model.uncertainties["behaviour_trust_gain"].upper_bound == 0.1
    cats = [c.value for c in model.uncertainties["funding_mode"].categories]
    assert cats == list(buurt.params().set_index("name").loc["funding.mode", "options"])
    out = {o.name: o for o in model.outcomes}
    assert isinstance(out["active_initiatives"], ArrayOutcome)
    assert isinstance(out["sustained_total_final"], ScalarOutcome) and out["sustained_total_final"].kind == ScalarOutcome.MAXIMIZE
    with pytest.raises(buurt.BuurtError, match="not a metric"):
        buurt.ema.model(outcomes=["no_such_final"])
    with pytest.raises(buurt.BuurtError, match="outside its range"):
        buurt.ema.model(uncertainties={"bureaucracy.friction": (0, 2)})


def test_one_sweep_per_batch_and_workbench_shapes(model):
    before = model._batches
    with buurt.ema.Evaluator(model) as ev:
        experiments, outcomes = ev.perform_experiments(scenarios=6, policies=2)
    assert model._batches == before + 1, "the whole batch is one buurt sweep"
    assert len(experiments) == 12
    for col in ["behaviour_trust_gain", "funding_mode", "funding_term_weeks", "funding_use_it_or_lose_it",
                "scenario", "policy", "model"]:
        assert col in experiments.columns
    assert outcomes["sustained_total_final"].shape == (12,)
    assert outcomes["mean_trust_institutions_final"].dtype == float
    # Time series: 30 weeks kept every 10 -> ticks 0, 10, 20, 30.
    assert outcomes["active_initiatives"].shape == (12, 4)
    assert list(model.ticks_kept) == [0, 10, 20, 30]
    # The outcomes are those of the sweep's runs, in the experiments' order.
    runs = model.last_results.runs
    np.testing.assert_allclose(outcomes["sustained_total_final"], runs.sort_values("point_id")["sustained_total_final"])
    np.testing.assert_allclose(runs["behaviour.trust_gain"], experiments["behaviour_trust_gain"].round(6), atol=1e-9)
    assert list(runs["funding.mode"].astype(str)) == list(experiments["funding_mode"].astype(str))


def test_sequential_evaluator_and_prim_work_unchanged(model):
    from ema_workbench.analysis import feature_scoring, prim

    experiments, outcomes = perform_experiments(model, scenarios=3)  # SequentialEvaluator: a sweep per experiment
    assert len(experiments) == 3 and outcomes["active_initiatives"].shape == (3, 4)
    with buurt.ema.Evaluator(model) as ev:
        experiments, outcomes = ev.perform_experiments(scenarios=16)
    y = outcomes["mean_trust_institutions_final"] >= np.median(outcomes["mean_trust_institutions_final"])
    x = experiments[["behaviour_trust_gain", "funding_mode"]]  # levers are not sampled without policies
    box = prim.Prim(x, y, mass_min=0.1).find_box()
    assert 0 < box.coverage <= 1 and 0 < box.density <= 1
    scalar = {k: v for k, v in outcomes.items() if v.ndim == 1}
    scores = feature_scoring.get_feature_scores_all(x, scalar)
    assert scores.shape == (2, 2)


def _tiny(out, name="tiny"):
    return buurt.ema.model(
        name, uncertainties={"behaviour.trust_gain": (0.01, 0.1)}, levers={"funding.term_weeks": (26, 104)},
        outcomes=["sustained_total_final", "mean_trust_institutions_final"],
        kinds={"sustained_total_final": "max", "mean_trust_institutions_final": "max"},
        set=SMALL, ticks=20, seed=3, out=str(out), threads=1, progress=False)


def _batches(out):
    return sorted(f for f in os.listdir(out) if f.startswith("batch-") and not f.endswith(".inputs"))


def test_multiprocessing_evaluator_gives_each_process_its_own_folders(tmp_path):
    from ema_workbench import MultiprocessingEvaluator

    model = _tiny(tmp_path / "mp")
    with MultiprocessingEvaluator(model, n_processes=2) as ev:
        experiments, outcomes = ev.perform_experiments(scenarios=6)
    assert len(experiments) == 6
    assert outcomes["sustained_total_final"].shape == (6,)
    assert np.isfinite(outcomes["mean_trust_institutions_final"]).all()
    # One single-point sweep per experiment, each in a folder of its own, whichever process ran it.
    batches = _batches(tmp_path / "mp")
    assert batches == [f"batch-{i:04d}" for i in range(1, 7)]
    trust = sorted(buurt.load(str(tmp_path / "mp" / b)).runs["behaviour.trust_gain"].iloc[0] for b in batches)
    np.testing.assert_allclose(trust, sorted(experiments["behaviour_trust_gain"].round(6)), atol=1e-9)


def test_two_evaluations_into_the_same_folder(tmp_path):
    """A second run of a script into the same output folder (another, unseeded sample) adds batches
    beside the first run's instead of colliding with them."""
    out = tmp_path / "again"
    for k in (1, 2):
        model = _tiny(out)   # a new model object, as a second run of a script makes
        with buurt.ema.Evaluator(model) as ev:
            experiments, outcomes = ev.perform_experiments(scenarios=3)
        assert outcomes["sustained_total_final"].shape == (3,)
        assert model.last_batch == str(out / f"batch-{k:04d}")
        runs = buurt.load(model.last_batch).runs
        np.testing.assert_allclose(runs["behaviour.trust_gain"], experiments["behaviour_trust_gain"].round(6), atol=1e-9)
    assert _batches(out) == ["batch-0001", "batch-0002"]


def test_optimize_runs_generations_as_sweeps(tmp_path):
    model = _tiny(tmp_path / "opt")
    with buurt.ema.Evaluator(model) as ev:
        result = ev.optimize(nfe=16, searchover="levers", epsilons=[1.0, 0.01], population_size=8,
                             convergence_freq=8, filename="archives.tar.gz", directory=str(tmp_path))
    results = result[0] if isinstance(result, tuple) else result
    assert len(results) >= 1
    assert {"funding_term_weeks", "sustained_total_final", "mean_trust_institutions_final"} <= set(results.columns)
    assert results["funding_term_weeks"].between(26, 104).all()
    assert model._batches >= 2, "each generation is one sweep"
