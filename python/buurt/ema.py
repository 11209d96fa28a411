"""Buurt in the EMA Workbench (ema-workbench 3.x).

    import buurt.ema
    from ema_workbench import perform_experiments
    from ema_workbench.analysis import prim

    model = buurt.ema.model(
        uncertainties=["behaviour.trust_gain", "behaviour.spark_rate"],
        levers={"funding.grant_size": (2000, 50000), "funding.mode": None},
        outcomes=["sustained_total_final", "mean_trust_institutions_final", "active_initiatives"],
        set={"population.residents": 2000}, ticks=260)
    with buurt.ema.Evaluator(model) as evaluator:            # the whole batch: ONE buurt sweep
        experiments, outcomes = evaluator.perform_experiments(scenarios=200, policies=4)

Parameters take their kind and range from the lever registry (`buurt params`): real levers become
RealParameter, integer levers IntegerParameter, flags BooleanParameter, choices CategoricalParameter
(the options, or the subset given). A (low, high) pair narrows a range; None keeps the registry's.
The Workbench's names are identifiers (`funding_grant_size`); each parameter's `variable_name` is
the lever (`funding.grant_size`).

Outcomes: a summary column of runs.csv (`<metric>_final`, `<metric>_mean`) is a ScalarOutcome; a
bare metric name (`active_initiatives`) is an ArrayOutcome with the metric's time series (every
`every` weeks and the last; `model.ticks_kept` holds the weeks). With replicates > 1 an outcome is the
mean over the replicates. `kinds` may mark scalar outcomes to maximize or minimize for optimisation
({"sustained_total_final": "max"}); otherwise they are INFO.

`Evaluator` hands every experiment of a `perform_experiments` (or of an optimisation generation) to
one `buurt sweep` through a design file, so runs go parallel over all cores, are resumable, and can
be sharded; the plain SequentialEvaluator and the MultiprocessingEvaluator also work (one
single-point sweep per experiment). Every batch gets a new folder `out/batch-NNNN` (made with
os.mkdir, so processes and repeated runs into the same `out` never share one); `model.last_batch`
names the last.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from ema_workbench import (ArrayOutcome, BooleanParameter, CategoricalParameter, IntegerParameter, RealParameter,
                           ScalarOutcome)
from ema_workbench.em_framework.evaluators import BaseEvaluator
from ema_workbench.em_framework.model import AbstractModel

from ._cli import BuurtError, lever_specs, metric_specs, summary_columns
from ._run import sweep

__all__ = ["BuurtModel", "Evaluator", "model", "parameter", "identifier"]


def identifier(lever: str) -> str:
    """The Workbench name of a lever: `funding.grant_size` -> `funding_grant_size`."""
    return re.sub(r"\W", "_", lever)


def parameter(lever: str, spec=None):
    """A Workbench parameter for a lever, with kind and range from the registry.
    `spec`: None (the registry's range or options), (low, high), or a list of options/values."""
    reg = lever_specs().get(lever)
    if reg is None:
        raise BuurtError(f"unknown lever '{lever}' (see buurt.params())")
    name, kind = identifier(lever), reg["kind"]
    if kind == "choice":
        options = list(spec) if spec is not None else reg["options"]
        for o in options:
            if o not in reg["options"]:
                raise BuurtError(f"'{o}' is not an option of {lever} ({' | '.join(reg['options'])})")
        return CategoricalParameter(name, options, variable_name=lever)
    if kind == "flag":
        return BooleanParameter(name, variable_name=lever)
    if spec is not None and not (isinstance(spec, tuple) and len(spec) == 2):
        return CategoricalParameter(name, list(spec), variable_name=lever)
    lo, hi = (reg["min"], reg["max"]) if spec is None else spec
    if not (reg["min"] <= lo < hi <= reg["max"]):
        raise BuurtError(f"range {lo}..{hi} of {lever} is outside its range {reg['min']}..{reg['max']}")
    if kind == "integer":
        return IntegerParameter(name, int(lo), int(hi), variable_name=lever)
    return RealParameter(name, float(lo), float(hi), variable_name=lever)


def _items(levers) -> list[tuple[str, object]]:
    if levers is None:
        return []
    if isinstance(levers, Mapping):
        return list(levers.items())
    return [(n, None) for n in levers]


class BuurtModel(AbstractModel):
    """A Workbench model whose experiments are Buurt runs; `run_batch` runs many as one sweep."""

    def __init__(self, name: str = "buurt", *, scenario: str | None = None, set: Mapping | None = None,
                 replicates: int = 1, seed: int = 1, ticks: int | None = None, every: int = 4,
                 out: str | None = None, threads: int | None = None, progress: bool = True):
        super().__init__(name)
        self.scenario_file = scenario
        self.fixed = dict(set or {})
        self.replicates, self.seed, self.ticks, self.every = int(replicates), int(seed), ticks, int(every)
        self.out = out or tempfile.mkdtemp(prefix="buurt-ema-")
        self.threads, self.progress = threads, progress
        self._batches = 0   # batches this model object has run (in this process)
        self.last_batch: str | None = None
        self.ticks_kept: np.ndarray | None = None
        self.last_results = None

    # Outcome bookkeeping.
    def _series_metrics(self) -> list[str]:
        return [v for o in self.outcomes for v in o.variable_name if v in metric_specs()]

    def run_batch(self, points: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
        """Runs design points (lever -> value) as one `buurt sweep`; returns, per point, each outcome
        variable's value (scalar columns: replicate mean; time series: replicate mean per kept week)."""
        if not points:
            return []
        number, out = self._new_batch_folder()
        self._batches += 1
        self.last_batch = out
        levers = sorted({k for p in points for k in p}, key=list(lever_specs()).index)
        missing = [(i, k) for i, p in enumerate(points) for k in levers if k not in p]
        if missing:
            raise BuurtError(f"experiment {missing[0][0]} has no value for {missing[0][1]}")
        design = pd.DataFrame([{k: p[k] for k in levers} for p in points], columns=levers)
        series = self._series_metrics()
        res = sweep(design=design, out=out, scenario=self.scenario_file, set=self.fixed, replicates=self.replicates,
                    seed=self.seed, ticks=self.ticks, timeseries=series or None, every=self.every,
                    threads=self.threads, name=f"{self.name}-batch-{number}", progress=self.progress)
        self.last_results = res
        runs = res.runs
        scalars = [v for o in self.outcomes for v in o.variable_name if v not in series]
        for v in scalars:
            if v not in runs.columns:
                raise BuurtError(f"outcome '{v}' is neither a column of runs.csv nor a metric (see buurt.metrics())")
        means = runs.groupby("point_id", sort=True)[scalars].mean() if scalars else None
        wide = None
        if series:
            ts = res.timeseries_wide.merge(runs[["run_id", "point_id"]], on="run_id")
            wide = ts.groupby(["point_id", "tick"], sort=True)[series].mean()
            self.ticks_kept = np.asarray(sorted(ts["tick"].unique()))
        results = []
        for p in range(len(points)):
            values: dict[str, object] = {}
            for v in scalars:
                values[v] = float(means.loc[p, v])
            for v in series:
                values[v] = wide.loc[p][v].to_numpy(dtype=float)
            results.append(values)
        return results

    def _new_batch_folder(self) -> tuple[int, str]:
        """A new, empty folder `batch-NNNN` under `out`, the lowest number not taken yet. os.mkdir is
        atomic, so the processes of a MultiprocessingEvaluator (each with its own copy of this model)
        and later runs into the same `out` never share a folder."""
        os.makedirs(self.out, exist_ok=True)
        taken = [int(m.group(1)) for f in os.listdir(self.out) if (m := re.fullmatch(r"batch-(\d+)", f))]
        number = max(taken, default=0)
        while True:
            number += 1
            path = os.path.join(self.out, f"batch-{number:04d}")
            try:
                os.mkdir(path)
            except FileExistsError:
                continue
            return number, path

    def experiment_point(self, scenario, policy, constants=None) -> dict[str, object]:
        """The lever values of one experiment (Workbench names mapped to levers)."""
        point: dict[str, object] = {}
        for params, sample in ((self.uncertainties, scenario), (self.levers, policy)):
            for par in params:
                if sample is not None and par.name in sample:
                    point[par.variable_name[0]] = sample[par.name]
                elif par.default is not None:
                    point[par.variable_name[0]] = par.default
        for c in self.constants:
            point[c.variable_name[0]] = c.value
        return point

    def run_model(self, scenario, policy, constants) -> None:
        """One experiment (the SequentialEvaluator's path): a one-point sweep."""
        point = self.experiment_point(scenario, policy, constants)
        self.policy = policy
        self.outcomes_output = self.run_batch([point])[0]


class Evaluator(BaseEvaluator):
    """Evaluates all experiments of a batch as ONE `buurt sweep` per model (parallel, resumable)."""

    def initialize(self):
        """Nothing to start: the sweep uses all cores itself."""

    def finalize(self):
        """Nothing to stop."""

    def evaluate_experiments(self, experiments: Iterable, callback: Callable, **kwargs):
        """Collects the experiments, runs them per model as one sweep, and reports each to the callback."""
        experiments = list(experiments)
        models = {m.name: m for m in self._msis}
        by_model: dict[str, list] = {}
        for e in experiments:
            by_model.setdefault(e.model_name, []).append(e)
        for name, batch in by_model.items():
            model = models[name]
            if not isinstance(model, BuurtModel):
                raise BuurtError(f"buurt.ema.Evaluator runs Buurt models only; {name} is a {type(model).__name__}")
            points = [model.experiment_point(e.scenario, e.policy) for e in batch]
            for e, raw in zip(batch, model.run_batch(points)):
                model.outcomes_output = raw
                callback(e, dict(model.outcomes_output))
                model.reset_model()


def model(name: str = "buurt", *, scenario: str | None = None, uncertainties=None, levers=None,
          outcomes: Sequence[str] = ("sustained_total_final",), kinds: Mapping[str, str] | None = None,
          set: Mapping | None = None, replicates: int = 1, seed: int = 1, ticks: int | None = None,
          every: int = 4, out: str | None = None, threads: int | None = None, progress: bool = True) -> BuurtModel:
    """A Workbench model of Buurt (see the module's documentation)."""
    m = BuurtModel(name, scenario=scenario, set=set, replicates=replicates, seed=seed, ticks=ticks, every=every,
                   out=out, threads=threads, progress=progress)
    m.uncertainties = [parameter(k, v) for k, v in _items(uncertainties)]
    m.levers = [parameter(k, v) for k, v in _items(levers)]
    both = {p.variable_name[0] for p in m.uncertainties} & {p.variable_name[0] for p in m.levers}
    if both:
        raise BuurtError(f"{', '.join(sorted(both))}: both an uncertainty and a lever")
    kinds = dict(kinds or {})
    made = []
    metrics = metric_specs()
    for o in outcomes:
        base = summary_columns().get(o, (o,))[0]
        if o in metrics:
            made.append(ArrayOutcome(o))
        elif base in metrics and base != o:
            kind = {"max": ScalarOutcome.MAXIMIZE, "min": ScalarOutcome.MINIMIZE}.get(kinds.pop(o, "info"),
                                                                                       ScalarOutcome.INFO)
            made.append(ScalarOutcome(o, kind=kind))
        else:
            raise BuurtError(f"outcome '{o}' is not a metric or one of its summary columns, e.g. <metric>_final, _mean, _lastyear (see buurt.metrics())")
    if kinds:
        raise BuurtError(f"kinds given for outcomes that are not scalar outcomes of this model: {', '.join(kinds)}")
    m.outcomes = made
    return m
