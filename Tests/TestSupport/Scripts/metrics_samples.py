"""Fetches /metrics and parses it with prometheus_client's own parser; prints every sample as
one JSON object: {"NAME{label=value,...}": value}, labels sorted. A body the parser refuses
exits 1 with its error.

Usage: python3 metrics_samples.py http://127.0.0.1:PORT USER:PASSWORD
"""
import base64
import json
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families


def main():
    url, credentials = sys.argv[1], sys.argv[2]
    request = urllib.request.Request(url + "/metrics")
    request.add_header("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode())
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read().decode()
        content_type = answer.headers.get("Content-Type")
    samples = {"content-type": content_type}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            labels = ",".join("%s=%s" % item for item in sorted(sample.labels.items()))
            samples["%s{%s}" % (sample.name, labels)] = sample.value
    print(json.dumps(samples))


main()
