/// Scenario files compiled into the binary. `baseline` is `Models/baseline.yaml`, byte for byte
/// (a test keeps the two equal; regenerate with `scripts/embed-baseline`).
public enum EmbeddedScenarios {
    public static let baseline = #"""
# Baseline: the default district of the model brief (shared/design/MODEL.md).
# One district of 10,000 residents in 4 neighbourhoods, 40 intermediaries, 30 civil servants and
# 3 funders (a municipal scheme, a private foundation, a crowdfunding platform), over 10 years.
# This file is also compiled into `buurt` as the embedded default: `buurt run` with no file runs it.
# Every lever not named here keeps its registry default (`buurt params`).
name: baseline
description: "Default district: 10,000 residents, 4 neighbourhoods, 10 years of weekly ticks."
population:
  residents: 10000
  neighbourhoods: 4
  intermediaries: 40
  civil_servants: 30
  funders: 3
funding:
  grant_size: 10000        # euro per grant
  annual_budget: 100000    # euro per funder-year
  term_weeks: 52
  mode: competitive
bureaucracy:
  friction: 0.5            # 0 = none, 1 = maximal
succession:
  planning: 0.2            # share of intermediaries who mentor a successor
simulation:
  ticks: 520               # weeks (10 years)
  seed: 1
"""#
}
