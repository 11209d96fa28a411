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


def test_evaluator_batches_of_other_experiments_draw_other_seeds(tmp_path):
    """Under Evaluator a batch's sweep is seeded from the model's seed and its experiments, so
    experiment k of another batch does not reuse experiment k's seed, and the same batch repeats."""
    model = _tiny(tmp_path / "seeds")
    first = [{"behaviour.trust_gain": 0.05}, {"behaviour.trust_gain": 0.1}]
    other = [{"behaviour.trust_gain": 0.07}, {"behaviour.trust_gain": 0.1}]
    assert model.batch_seed(first) == model.batch_seed([dict(p) for p in first])
    assert model.batch_seed(first) != model.batch_seed(other)
    model.seed += 1
    assert model.batch_seed(first) != _tiny(tmp_path / "x").batch_seed(first)
    model = _tiny(tmp_path / "seeds2")
    with buurt.ema.Evaluator(model) as ev:
        ev.perform_experiments(scenarios=2)
        ev.perform_experiments(scenarios=2)
    runs = [buurt.load(str(tmp_path / "seeds2" / b)).runs for b in _batches(tmp_path / "seeds2")]
    assert len(runs) == 2
    assert runs[0]["seed"].iloc[0] != runs[1]["seed"].iloc[0], "the second batch's first experiment has its own seed"


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


def test_sequential_and_multiprocessing_give_distinct_experiments_distinct_deterministic_seeds(tmp_path):
    from ema_workbench import MultiprocessingEvaluator

    def seeds(out):
        return {b: int(buurt.load(str(out / b)).runs["seed"].iloc[0]) for b in _batches(out)}

    def trust(out):
        return {b: float(buurt.load(str(out / b)).runs["behaviour.trust_gain"].iloc[0]) for b in _batches(out)}

    model = _tiny(tmp_path / "seq")
    perform_experiments(model, scenarios=3, uncertainty_sampling_kwargs={"rng": 1})
    seq = seeds(tmp_path / "seq")
    assert len(set(seq.values())) == 3, "each experiment its own seed"
    # The seed follows from the experiment (its lever values and the model's seed), whichever process
    # runs it and in whatever order: a MultiprocessingEvaluator gives the same experiments the same seeds.
    model = _tiny(tmp_path / "mp")
    with MultiprocessingEvaluator(model, n_processes=2) as ev:
        ev.perform_experiments(scenarios=3, uncertainty_sampling_kwargs={"rng": 1})
    by_value = lambda out: {round(trust(out)[b], 6): s for b, s in seeds(out).items()}
    assert by_value(tmp_path / "mp") == by_value(tmp_path / "seq")
    p = _tiny(tmp_path / "x")
    point = {"behaviour.trust_gain": 0.05, "funding.term_weeks": 52}
    assert p.experiment_seed(point) == p.experiment_seed(dict(reversed(point.items())))
    assert p.experiment_seed(point) != p.experiment_seed({**point, "funding.term_weeks": 53})
    p.seed = 4
    assert p.experiment_seed(point) != model.experiment_seed(point)


def test_specs_mean_the_same_in_ema_and_salib():
    import buurt.salib as bs

    reg = buurt.params().set_index("name")
    # None: the plausible range of a lever the registry marks uncertain, the allowed range otherwise.
    for lever in ("behaviour.spark_rate", "behaviour.trust_gain", "funding.grant_size"):
        lo, hi = reg.loc[lever, "plausible_min"], reg.loc[lever, "plausible_max"]
        if not reg.loc[lever, "uncertain"]:
            assert (lo, hi) == (reg.loc[lever, "min"], reg.loc[lever, "max"])
        p = buurt.ema.parameter(lever)
        assert (p.lower_bound, p.upper_bound) == (lo, hi), lever
        assert bs.problem([lever])["bounds"] == [[lo, hi]], lever
    assert reg.loc["behaviour.spark_rate", "uncertain"] and reg.loc["behaviour.spark_rate", "plausible_max"] < 0.001
    # A tuple is a range, a list a set of values (checked), in both.
    p = buurt.ema.parameter("funding.grant_size", (2000, 50000))
    assert isinstance(p, RealParameter) and (p.lower_bound, p.upper_bound) == (2000, 50000)
    assert bs.problem({"funding.grant_size": (2000, 50000)})["bounds"] == [[2000, 50000]]
    for values in ([2000, 50000], np.array([2000, 50000])):
        p = buurt.ema.parameter("funding.grant_size", values)
        assert isinstance(p, CategoricalParameter) and [c.value for c in p.categories] == [2000.0, 50000.0]
        prob = bs.problem({"funding.grant_size": values})
        assert prob["bounds"] == [[0.0, 2.0]]
        assert list(bs.design(prob, [[0.3], [1.7], [2.0]])["funding.grant_size"]) == [2000.0, 50000.0, 50000.0]
    for bad in ([1, 10**9], (1, 10**9)):
        with pytest.raises(buurt.BuurtError, match="out of range|outside its range"):
            buurt.ema.parameter("funding.grant_size", bad)
        with pytest.raises(buurt.BuurtError, match="out of range|outside its range"):
            bs.problem({"funding.grant_size": bad})
    # A subset of a choice's options is honoured by both; a single value is a constant (set=).
    p = buurt.ema.parameter("funding.earmark", ["green", "health"])
    assert [c.value for c in p.categories] == ["green", "health"]
    prob = bs.problem({"funding.earmark": ["green", "health"]})
    assert prob["bounds"] == [[0.0, 2.0]] and list(bs.design(prob, [[0.1], [1.9]])["funding.earmark"]) == ["green", "health"]
    for bad, message in ((["colaborative", "competitive"], "not an option"), (["collaborative"], "constant")):
        with pytest.raises(buurt.BuurtError, match=message):
            buurt.ema.parameter("funding.mode", bad)
        with pytest.raises(buurt.BuurtError, match=message):
            bs.problem({"funding.mode": bad})
    # Flags: None is true and false; a list a subset; anything else is refused, in both.
    assert isinstance(buurt.ema.parameter("funding.use_it_or_lose_it"), BooleanParameter)
    assert isinstance(buurt.ema.parameter("funding.use_it_or_lose_it", ["false", True]), BooleanParameter)
    prob = bs.problem({"funding.use_it_or_lose_it": None})
    assert list(bs.design(prob, [[0.2], [1.2]])["funding.use_it_or_lose_it"]) == [False, True]
    for bad in ((0.2, 0.3), 0.5, "yes", [True]):
        with pytest.raises(buurt.BuurtError):
            buurt.ema.parameter("funding.use_it_or_lose_it", bad)
        with pytest.raises(buurt.BuurtError):
            bs.problem({"funding.use_it_or_lose_it": bad})
    # Integer ranges need whole ends, in both.
    with pytest.raises(buurt.BuurtError, match="whole-number"):
        buurt.ema.parameter("funding.term_weeks", (26.9, 104.9))
    with pytest.raises(buurt.BuurtError, match="whole-number"):
        bs.problem({"funding.term_weeks": (26.9, 104.9)})
    p = buurt.ema.parameter("funding.term_weeks", (26, 104))
    assert isinstance(p, IntegerParameter) and (p.lower_bound, p.upper_bound) == (26, 104)


def test_salib_integer_levels_are_equally_likely():
    import collections

    import buurt.salib as bs
    from SALib.sample import sobol as sample

    prob = bs.problem({"funding.rounds_per_year": (1, 4)})
    X = sample.sample(prob, 1024, calc_second_order=False, seed=1)
    counts = collections.Counter(bs.design(prob, X)["funding.rounds_per_year"])
    assert set(counts) == {1, 2, 3, 4}
    assert max(counts.values()) - min(counts.values()) <= 0.02 * len(X), counts


def test_optimize_refuses_categorical_and_boolean_levers_with_the_workaround(tmp_path):
    model = buurt.ema.model("opt", levers={"funding.mode": None, "funding.term_weeks": (26, 104)},
                            outcomes=["sustained_total_final"], kinds={"sustained_total_final": "max"},
                            set=SMALL, ticks=10, out=str(tmp_path), progress=False)
    with buurt.ema.Evaluator(model) as ev:
        with pytest.raises(buurt.BuurtError, match=r"funding\.mode.*IntegerParameter\('funding_mode', 0, 1"):
            ev.optimize(nfe=8, searchover="levers", epsilons=[1.0], population_size=4)
    assert model._batches == 0


def test_model_needs_outcomes():
    with pytest.raises(buurt.BuurtError, match="give outcomes"):
        buurt.ema.model(uncertainties=["behaviour.trust_gain"])
