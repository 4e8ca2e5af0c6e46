"""The Python module end to end on the shipped models: per-line control,
numpy strokes, every output format, stroke data as a style, errors as
exceptions, text models, and the GIL released while writing."""
import json
import os
import pathlib
import threading
import time

import numpy as np
import pytest

import seqgen

ROOT = pathlib.Path(__file__).resolve().parents[2]
PTB = ROOT / "models" / "ptb-char.safetensors"


@pytest.fixture(scope="module")
def hand():
    return seqgen.Hand()


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


def check_strokes(a):
    assert isinstance(a, np.ndarray) and a.dtype == np.float32
    assert a.ndim == 2 and a.shape[1] == 3 and a.shape[0] > 10
    assert np.isfinite(a).all()
    assert set(np.unique(a[:, 2])) <= {0.0, 1.0} and a[-1, 2] == 1.0


def test_three_lines_three_biases_and_colours(hand, tmp):
    png = tmp / "three.png"
    lines = hand.write(["one", "two", "six"], biases=[0.5, 1.0, 2.0], stroke_colors=["red", "green", "#0000ff"],
                       stroke_widths=[1.5, 2, 3], filename=str(png))
    assert len(lines) == 3
    for a in lines:
        check_strokes(a)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Same call, same handwriting; the per-line biases are used.
    again = hand.write(["one", "two", "six"], biases=[0.5, 1.0, 2.0])
    for a, b in zip(lines, again):
        np.testing.assert_array_equal(a, b)
    other = hand.write(["one", "two", "six"], biases=2.0)
    assert not np.array_equal(lines[0], other[0])


def test_jump_bias(hand):
    # The pen's moves between strokes at the line's bias (the paper's sampling) draw another line.
    [a] = hand.write(["jump"], seed=4)
    [b] = hand.write(["jump"], seed=4, jump_bias=0)
    check_strokes(b)
    assert a.shape != b.shape or (a != b).any()
    with pytest.raises(seqgen.Error, match="jump-bias must be >= 0"):
        hand.write(["a"], jump_bias=-1)


def test_rare_bias(hand):
    # Digits and capitals at the line's bias (the paper's sampling) draw another line.
    [a] = hand.write(["Call 0199"], seed=4)
    [b] = hand.write(["Call 0199"], seed=4, rare_bias=0)
    check_strokes(b)
    assert a.shape != b.shape or (a != b).any()
    with pytest.raises(seqgen.Error, match="rare-bias must be >= 0"):
        hand.write(["a"], rare_bias=-1)


def test_reader_and_its_word_check(hand):
    # Every word read worse than word_max=0 is drawn again: another line. With
    # no reader there is no word check.
    text = ["quiz at ten"]
    [a] = hand.write(text, seed=3, word_retries=0)
    [b] = hand.write(text, seed=3, word_retries=2, word_max=0)
    check_strokes(b)
    assert a.shape != b.shape or (a != b).any()
    [c] = hand.write(text, seed=3, reader="none")
    [d] = hand.write(text, seed=3, reader="none", word_retries=5, word_max=0)
    assert c.shape == d.shape and (c == d).all()
    # Unset, word_max is the reader's own threshold, or 0.5 for a reader without one.
    [e] = hand.write(text, seed=3, word_max=0.5)
    [f] = hand.write(text, seed=3)
    assert e.shape == f.shape and (e == f).all()
    with pytest.raises(seqgen.Error, match="word-retries must be >= 0"):
        hand.write(["a"], word_retries=-1)
    with pytest.raises(seqgen.Error, match="word-max must be >= 0"):
        hand.write(["a"], word_max=-1)
    with pytest.raises(seqgen.Error, match="no-such-reader"):
        hand.write(["a"], reader="no-such-reader.safetensors")


def test_one_value_or_one_per_line(hand):
    with pytest.raises(seqgen.Error, match="2 values for 3 lines"):
        hand.write(["a", "b", "c"], biases=[1, 2])
    with pytest.raises(seqgen.Error, match="one per line"):
        hand.write(["a", "b", "c"], stroke_colors=["red", "blue"])
    with pytest.raises(TypeError):
        hand.write(["a"], biases="high")


def test_outputs_by_extension_and_json_as_style(hand, tmp):
    for ext in ["svg", "pdf", "json", "gcode", "hpgl"]:
        p = tmp / f"page.{ext}"
        hand.write(["ink", "pen"], filename=str(p))
        assert p.stat().st_size > 100, ext
    assert "G21" in (tmp / "page.gcode").read_text()
    assert (tmp / "page.hpgl").read_text().startswith("IN;SP1;")
    # A written line's JSON is a style, and load_strokes gives it back.
    one = tmp / "line.json"
    [a] = hand.write(["handwriting"], filename=str(one))
    text, b = seqgen.load_strokes(str(one))
    assert text == "handwriting"
    np.testing.assert_allclose(a, b)
    assert set(json.loads(one.read_text())) == {"text", "strokes"}
    [styled] = hand.write(["styled"], styles=str(one))
    check_strokes(styled)
    texts, arrays = seqgen.load_strokes(str(tmp / "page.json"))
    assert texts == ["ink", "pen"] and len(arrays) == 2


def test_save_strokes_round_trip_and_bad_input(tmp):
    a = np.array([[0, 0, 0], [10, 5, 1], [20, 0, 0], [30, 5, 1]], dtype=np.float32)
    p = tmp / "s.json"
    seqgen.save_strokes(str(p), "hi", a)
    text, b = seqgen.load_strokes(str(p))
    assert text == "hi"
    np.testing.assert_array_equal(a, b)
    with pytest.raises(seqgen.Error, match="shape"):
        seqgen.save_strokes(str(p), "hi", np.zeros((4, 5)))
    with pytest.raises(seqgen.Error, match="not finite"):
        seqgen.save_strokes(str(p), "hi", np.array([[0, np.nan, 0]]))
    (tmp / "bad.json").write_text("{\"text\": 1")
    with pytest.raises(seqgen.Error, match="bad.json: not valid JSON"):
        seqgen.load_strokes(str(tmp / "bad.json"))


def test_errors_carry_the_message(hand, tmp):
    with pytest.raises(seqgen.Error, match="nope.safetensors"):
        seqgen.Hand(str(tmp / "nope.safetensors"))
    with pytest.raises(seqgen.Error, match="unknown output format"):
        hand.write(["a"], filename=str(tmp / "x.gif"))
    with pytest.raises(seqgen.Error, match=r"'%' \(U\+0025\) at line 1, position 3"):
        hand.write(["50% off"], unknown="error")
    with pytest.raises(seqgen.Error, match="weights: expected 'bf16' or 'int8', not 'int4'"):
        hand.write(["a"], weights="int4")
    assert isinstance(seqgen.Error("x"), RuntimeError)


def test_int8_weights_write_a_line(hand):
    [a] = hand.write(["hello"], weights="int8", seed=3)
    [b] = hand.write(["hello"], weights="bf16", seed=3)
    check_strokes(a)
    assert a.shape != b.shape or (a != b).any()  # another weight format, another line


def test_unknown_characters_skipped_with_a_warning(hand):
    with pytest.warns(UserWarning, match=r"skipped '@' \(U\+0040\) at line 1, position 9"):
        [a] = hand.write(["50% off @ café ½ ﬁne"])
    check_strokes(a)
    with pytest.warns(UserWarning, match=r"wrote a space for '%' \(U\+0025\) at line 1, position 3"):
        [b] = hand.write(["50% off @ café ½ ﬁne"], unknown="space")
    check_strokes(b)


def test_styles_and_shared_hand(hand):
    assert hand.styles == list(range(len(hand.styles))) and len(hand.styles) > 0
    # Two lines with a shared style are written in one batch with one prime:
    # the same as writing them with that style given explicitly.
    seed = 3
    default = hand.write(["same", "hand"], seed=seed)
    k = (seed + len(hand.styles) - 1) % len(hand.styles)
    explicit = hand.write(["same", "hand"], seed=seed, styles=k)
    for a, b in zip(default, explicit):
        np.testing.assert_array_equal(a, b)
    mixed = hand.write(["same", "hand"], seed=seed, styles=[k, "none"])
    assert len(mixed) == 2 and not np.array_equal(mixed[1], default[1])


def test_write_releases_the_gil(hand):
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    t0 = time.time()
    hand.write(["a line long enough to take a while"])
    took = time.time() - t0
    stop.set()
    t.join()
    # Holding the GIL, the ticker would not run at all while writing.
    assert len(ticks) > min(5, took * 100 / 4), (len(ticks), took)


def test_text_model():
    m = seqgen.TextModel(str(PTB))
    assert m.kind == "ptb-char"
    s = m.sample("the ", 60, 0.5, 1)
    assert len(s) == 60 and s == m.sample("the ", 60, 0.5, 1)
    text = " ".join(c for c in "the company said it expects sales to rise".replace(" ", "_"))
    bpc = m.evaluate(text)
    assert 0.5 < bpc < 4, bpc
    assert m.evaluate("q x z q x z q x z") > bpc + 1
    assert m.evaluate(text, dynamic=True) > 0
    assert m.evaluate(text) == bpc, "dynamic evaluation left the weights alone"
    with pytest.raises(seqgen.Error, match="not-there"):
        seqgen.TextModel("not-there.safetensors")
