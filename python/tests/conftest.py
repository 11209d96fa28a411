"""Shared fixtures: small real runs and sweeps of the buurt executable (BUURT_BIN or PATH)."""

import os
import subprocess

import pytest

import buurt

SMALL = {"population.residents": 600, "population.intermediaries": 4, "population.civil_servants": 4}


@pytest.fixture(scope="session")
def exe():
    return buurt.executable()


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory, exe):
    """A `buurt run` with initiatives and network snapshots: every file kind of a run."""
    out = tmp_path_factory.mktemp("run") / "out"
    args = [exe, "run", "--ticks", "60", "--seed", "3", "--initiatives", "--network-every", "30", "--out", str(out),
            "--quiet"]
    for k, v in SMALL.items():
        args += ["--set", f"{k}={v}"]
    subprocess.run(args, check=True)
    return str(out)


@pytest.fixture(scope="session")
def saltelli_dir(tmp_path_factory, exe):
    """A Saltelli sweep (analysed): runs, timeseries, initiatives, points and sensitivity files."""
    d = tmp_path_factory.mktemp("saltelli")
    text = """name: py-saltelli
set: {population.residents: 500, population.intermediaries: 4, population.civil_servants: 4}
vary:
  bureaucracy.friction: {min: 0, max: 1}
  funding.mode: [competitive, collaborative]
  funding.use_it_or_lose_it: [true, false]
  funding.term_weeks: {min: 26, max: 104}
design: saltelli
samples: 4
replicates: 1
seed: 4
ticks: 40
initiatives: true
timeseries: {metrics: all, every: 10}
"""
    (d / "exp.yaml").write_text(text)
    out = d / "out"
    subprocess.run([exe, "sweep", str(d / "exp.yaml"), "--out", str(out), "--quiet"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([exe, "analyze", str(out)], check=True, stdout=subprocess.DEVNULL)
    return str(out)
