"""Parses a Prometheus text exposition from stdin with the reference Python client's parser
(prometheus_client.parser.text_string_to_metric_families, Debian's python3-prometheus-client) and
prints its families as JSON. A malformed exposition makes the parser raise: exit code 1.

Run by test/metrics/metrics-endpoint.test.ts."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    return value if math.isfinite(value) else str(value)


families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append({
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
    })
print(json.dumps(families))
