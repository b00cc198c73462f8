"""The drawing process (run as a script by drawer.py): reads framed requests from stdin, builds each
chart's spec with charts.py and draws it with vl-convert, writes framed answers to stdout.

A frame is a 4-byte big-endian length and that many bytes. A request is JSON {"format": "svg"|"png",
"chart": {"function", "args"}, "locale": {...}, "scale": n}; an answer is one status byte (b"+"
drawn, b"!" failed) and the SVG text, the PNG bytes or the error message. The portal imports only the
framing functions from here.
"""
import importlib
import json
import struct
import sys
import types
from pathlib import Path


def read_frame(stream) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    size = struct.unpack(">I", head)[0]
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream, body: bytes) -> None:
    stream.write(struct.pack(">I", len(body)) + body)
    stream.flush()


def chart_module():
    """portal.indicators.charts without running the portal's package start-up (the whole web app's
    imports): this process registers the two packages bare, then imports the module itself."""
    folder = Path(__file__).resolve().parent
    for name, path in (("portal", folder.parent), ("portal.indicators", folder)):
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = [str(path)]
            sys.modules[name] = package
    return importlib.import_module("portal.indicators.charts")


def draw(request: dict) -> bytes:
    import vl_convert

    charts = chart_module()
    spec = charts.spec(charts.Chart(**request["chart"]))
    if request["format"] == "png":
        return vl_convert.vegalite_to_png(spec, scale=request.get("scale", 1), format_locale=request["locale"])
    return vl_convert.vegalite_to_svg(spec, format_locale=request["locale"]).encode("utf-8")


def main() -> None:
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (frame := read_frame(source)) is not None:
        try:
            answer = b"+" + draw(json.loads(frame))
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the asking worker
            answer = b"!" + f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")
        write_frame(sink, answer)


if __name__ == "__main__":
    main()
