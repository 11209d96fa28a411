#!/usr/bin/env python3
"""Opens a run's GraphML snapshots with networkx and checks them against the tidy CSVs:
as many nodes as residents, as many edges as the edge list holds for that tick, the node
attributes (group, role, neighbourhood) and edge attributes (trust in [0, 1], bridging iff the
groups differ).

    python3 scripts/check_network.py RUN_DIR
"""
import glob
import json
import sys

import networkx as nx
import pandas as pd


def fail(msg):
    print(f"check_network: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    out = sys.argv[1]
    residents = json.load(open(f"{out}/run.json"))["scenario"]["levers"]["population.residents"]
    edges = pd.read_csv(f"{out}/network_edges.csv")
    nodes = pd.read_csv(f"{out}/network_nodes.csv")
    files = sorted(glob.glob(f"{out}/network/tick-*.graphml"))
    if not files:
        fail("no GraphML snapshots")
    for path in files:
        tick = int(path.rsplit("-", 1)[1].split(".")[0])
        g = nx.read_graphml(path)
        e = edges[edges.tick == tick]
        if g.number_of_nodes() != residents:
            fail(f"{path}: {g.number_of_nodes()} nodes, expected {residents}")
        if g.number_of_edges() != len(e):
            fail(f"{path}: {g.number_of_edges()} edges, the edge list has {len(e)}")
        if len(nodes[nodes.tick == tick]) != residents:
            fail(f"network_nodes.csv has {len(nodes[nodes.tick == tick])} rows at tick {tick}")
        groups = nx.get_node_attributes(g, "group")
        for u, v, data in g.edges(data=True):
            if not 0 <= data["trust"] <= 1:
                fail(f"{path}: trust {data['trust']} out of range")
            if bool(data["bridging"]) != (groups[u] != groups[v]):
                fail(f"{path}: bridging flag wrong on {u}-{v}")
        roles = set(nx.get_node_attributes(g, "role").values())
        if not roles <= {"passive", "volunteer", "initiator", "intermediary"}:
            fail(f"{path}: unexpected roles {roles}")
    print(f"check_network: {len(files)} GraphML snapshots open in networkx {nx.__version__} with {residents} nodes "
          f"and the edge counts of network_edges.csv")


if __name__ == "__main__":
    main()
