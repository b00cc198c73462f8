"""The regional education monitoring's data side: data.csv -> series, breakdowns, aggregates, ranks
-> chart specs, SVG, exports. Knows no request and no template; views stay thin.

Importing the package registers its data.csv reader with the content loader (the content package
sits below and only calls what it is given), so every load, the check included, reads the values.
"""
from __future__ import annotations

from ..content import loader as _loader
from .csvdata import read_bundle_data

_loader.register_bundle_reader("indicators", read_bundle_data)


def init_app(app) -> None:
    """Register the catalogue-wide check with `flask content check` and the chart cache folder."""
    from ..content import cli
    from . import catalogue, drawer, render
    from . import cli as indicators_cli

    cli.register_check(catalogue.check)
    render.configure(app.config, app.instance_path)
    drawer.configure(app.config)
    indicators_cli.init_app(app)
