from flask import Flask, jsonify

from probekit.probe import Probe


def install(app: Flask, probe: Probe, prefix: str = "/probe") -> None:
    app.add_url_rule(prefix + "/health", "probe_health", lambda: jsonify(probe.health()))
    app.add_url_rule(prefix + "/metrics", "probe_metrics", lambda: jsonify(probe.metrics()))
