"""kg.draw, the way in: files of the requested size and format, the same bytes from the same store, the
baselines, the command."""

from __future__ import annotations

import pytest
from draw_support import BASELINE, SMALL, png_size
from matplotlib.testing.compare import compare_images

from kg.cli import app
from kg.cli._app import run_command
from kg.use.draw import draw


def test_png_of_requested_pixel_size(seed_out, tmp_path):
    path = draw(seed_out, tmp_path / "g.png", size=(6, 4), dpi=50)
    assert path == tmp_path / "g.png"
    assert png_size(path) == (300, 200)


def test_same_input_same_bytes(seed_out, tmp_path):
    for name in ("a.png", "b.png"):
        draw(seed_out, tmp_path / name, **SMALL)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    for name in ("a.svg", "b.svg"):
        draw(seed_out, tmp_path / name, timeline=True, **SMALL)
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert (tmp_path / "a.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("name, kwargs", [
    ("overview", {}),
    ("focus_putin", {"focus": "Putin"}),
    ("timeline", {"timeline": True}),
])
def test_matches_baseline(mini, tmp_path, name, kwargs):
    expected = BASELINE / f"{name}.png"
    actual = draw(mini, tmp_path / f"{name}.png", **kwargs, **SMALL)
    assert expected.exists(), f"missing baseline {expected} (regenerate: python docs/make_images.py --baseline)"
    assert compare_images(str(expected), str(actual), tol=3) is None


def test_cli(seed_out, tmp_path):
    out = tmp_path / "focus.png"
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--focus", "Putin", "--size", "5x4", "--dpi", "40"]) == 0
    assert png_size(out) == (200, 160)
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "t.svg"), "--timeline"]) == 0
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--size", "big"]) == 2
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--focus", "Nobody"]) == 1
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "x.gif")]) == 2


def test_a_format_the_name_contradicts_or_an_empty_date_range_is_a_usage_error(seed_out, tmp_path, capsys):
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "x.png"), "--format", "svg"]) == 2
    assert "[E404] bad --format value 'svg': the output x.png says .png" in capsys.readouterr().err
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "y.png"), "--since", "2026", "--until", "2020"]) == 2
    assert "[E404] bad --until value '2020': it is before --since 2026" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists() and not (tmp_path / "y.png").exists()
