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
