"""The drawing child: charts come back from another process, a bad spec is a clear error that
leaves the child usable, a dead child is replaced, and an idle one is stopped (clock injected)."""
import os
import signal
import sys
import time

import pytest

from portal.indicators import charts
from portal.indicators.drawer import Drawer, DrawingError
from portal.indicators.numbers import vega_locale

SPEC = charts.line([{"key": "halle-saale", "label": "Halle (Saale)", "points": [(2020, 1234.5), (2021, 2345.25)]}],
                   title="Einwohner", description="Zwei Jahre", source="Quelle: Test", unit="Personen", decimals=1, lang="de")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_for(condition, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def drawer():
    clock = Clock()
    drawer = Drawer(idle_seconds=60.0, clock=clock)
    drawer.clock = clock
    yield drawer
    drawer.close()


def test_a_chart_is_drawn_in_another_process_with_the_locale(drawer):
    svg = drawer.draw("svg", SPEC, vega_locale("de")).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and "2.400,0" in svg  # German grouping and decimal comma on the axis
    assert drawer.pid() not in (None, os.getpid())
    assert "altair" not in sys.modules  # the spec was built over there too
    png = drawer.draw("png", SPEC, vega_locale("en"), scale=2)
    assert png.startswith(b"\x89PNG")


def test_a_bad_spec_is_an_error_and_the_child_draws_on(drawer):
    drawer.draw("svg", SPEC, vega_locale("en"))
    pid = drawer.pid()
    with pytest.raises(DrawingError):
        drawer.draw("svg", charts.Chart("bar_chart", {"bars": "not a list"}), vega_locale("en"))
    assert "2,400.0" in drawer.draw("svg", SPEC, vega_locale("en")).decode()
    assert drawer.pid() == pid


def test_a_dead_child_is_replaced(drawer):
    drawer.draw("svg", SPEC, vega_locale("en"))
    first = drawer.pid()
    os.kill(first, signal.SIGKILL)
    assert wait_for(lambda: drawer.pid() is None)
    assert drawer.draw("svg", SPEC, vega_locale("en")).startswith(b"<svg")
    assert drawer.pid() not in (None, first)


def test_an_idle_child_is_stopped_and_its_memory_returned(drawer):
    drawer.draw("svg", SPEC, vega_locale("en"))
    pid = drawer.pid()
    drawer.clock.now += 59
    assert not drawer.close_if_idle() and drawer.pid() == pid
    drawer.draw("svg", SPEC, vega_locale("en"))  # a drawing restarts the idle time
    drawer.clock.now += 59
    assert not drawer.close_if_idle()
    drawer.clock.now += 1
    assert drawer.close_if_idle()
    assert drawer.pid() is None and wait_for(lambda: _gone(pid))


def test_a_page_whose_chart_cannot_be_drawn_keeps_its_table(tmp_path, monkeypatch):
    """The drawing process failing is a logged gap in the page, not a 500; the downloads of the
    picture answer 503 and the next view tries again."""
    from portal import create_app
    from portal.config import REPO_ROOT
    from portal.indicators import drawer as drawing

    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "PORTAL_CONTENT_DIR": str(REPO_ROOT / "content"),
                      "PORTAL_INDEX_DIR": str(tmp_path / "index"), "PORTAL_CHART_CACHE_DIR": str(tmp_path / "charts"),
                      "PORTAL_CONTENT_RELOAD_SECONDS": -1.0, "PORTAL_SEARCH_AUTOBUILD": False,
                      "PORTAL_SECRET_KEY": "test", "TESTING": True})

    def broken(*args, **kwargs):
        raise DrawingError("the drawing process stopped without an answer")

    monkeypatch.setattr(drawing.drawer, "draw", broken)
    client = app.test_client()
    page = client.get("/de/kennzahlen/arbeitslosenquote/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="values"' in html and 'class="chart-svg"' not in html
    assert client.get("/de/kennzahlen/arbeitslosenquote/export/chart.png").status_code == 503
    assert client.get("/de/kennzahlen/arbeitslosenquote/export/chart.svg").status_code == 503
    monkeypatch.undo()
    assert 'class="chart-svg"' in client.get("/de/kennzahlen/arbeitslosenquote/").get_data(as_text=True)
