"""The OCR models' elementwise tails folded (issue 21): the same function in fewer operations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

np = pytest.importorskip("numpy")
onnx = pytest.importorskip("onnx", reason="needs the [ocr] extra")
ort = pytest.importorskip("onnxruntime", reason="needs the [ocr] extra")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from govdisclosure.parse.readers import _lean as lean  # noqa: E402
from govdisclosure.parse.readers._lean import fold, lean_model  # noqa: E402


def _const(name: str, value: Any) -> Any:
    arr = np.asarray(value, dtype=np.float32)
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(arr, name))


def _graph(scale: float = 2.0) -> Any:
    """x -> conv 3x3 (padded) -> ·0.5 +0.25 -> hard-swish -> ·1.5 -0.2 -> conv 1x1 -> relu -> ·scale +0.1 ->
    conv 3x3 (padded) -> x·clip(x+2.5, 0, 6)/6 (not hard-swish) -> y, as paddle2onnx exports PP-OCRv4's blocks."""
    rng = np.random.default_rng(7)
    n = helper.make_node
    nodes = [
        _const("wa", rng.normal(size=(4, 2, 3, 3))),
        _const("ba", rng.normal(size=4)),
        n("Conv", ["x", "wa", "ba"], ["ca"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        _const("sa", [0.5]),
        n("Mul", ["sa", "ca"], ["ma"]),
        _const("ta", [0.25]),
        n("Add", ["ma", "ta"], ["u"]),
        _const("three", [3.0]),
        n("Add", ["u", "three"], ["u3"]),
        _const("zero", [0.0]),
        _const("six", [6.0]),
        n("Clip", ["u3", "zero", "six"], ["uc"]),
        n("Mul", ["u", "uc"], ["um"]),
        n("Div", ["um", "six"], ["h"]),
        _const("sb", [1.5]),
        n("Mul", ["sb", "h"], ["hb"]),
        _const("tb", [-0.2]),
        n("Add", ["hb", "tb"], ["hbt"]),
        _const("wb", rng.normal(size=(3, 4, 1, 1))),
        _const("bb", rng.normal(size=3)),
        n("Conv", ["hbt", "wb", "bb"], ["v"], kernel_shape=[1, 1]),
        n("Relu", ["v"], ["r"]),
        _const("sc", [scale]),
        n("Mul", ["r", "sc"], ["rc"]),
        _const("tc", [0.1]),
        n("Add", ["rc", "tc"], ["rct"]),
        _const("wc", rng.normal(size=(3, 3, 3, 3))),
        n("Conv", ["rct", "wc"], ["w"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        _const("two5", [2.5]),
        n("Add", ["w", "two5"], ["w3"]),
        n("Clip", ["w3", "zero", "six"], ["wcl"]),
        n("Mul", ["w", "wcl"], ["wm"]),
        n("Div", ["wm", "six"], ["y"]),
    ]
    graph = helper.make_graph(
        nodes,
        "blocks",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 5, 7])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 5, 7])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])


def _run(model: Any, x: Any) -> Any:
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # the graph as written
    return ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"]).run(
        None, {"x": x}
    )[0]


def _ops(model: Any) -> list[str]:
    return [n.op_type for n in model.graph.node if n.op_type != "Constant"]


def test_the_tails_are_folded_and_the_function_is_the_same() -> None:
    model = _graph()
    x = np.random.default_rng(1).normal(size=(1, 2, 5, 7)).astype(np.float32) * 3
    want = _run(model, x)
    # the scale after the first conv, the hard-swish, the scale and shift before the 1x1 conv, the scale
    # before the padded conv
    assert fold(model) == 4
    onnx.checker.check_model(model)
    assert _ops(model) == [
        "Conv",  # ·0.5 +0.25 in its weights
        "HardSigmoid",
        "Mul",  # x · HardSigmoid(x)
        "Conv",  # ·1.5 -0.2 in its weights: it pads nothing
        "Relu",
        "Add",  # ·2 +0.1 = 2·(y + 0.05): the shift stays before a padded conv (its border), the scale goes in
        "Conv",
        "Add",  # + 2.5: not hard-swish, left
        "Clip",
        "Mul",
        "Div",
    ]
    got = _run(model, x)
    assert got.shape == want.shape
    assert np.allclose(got, want, rtol=1e-5, atol=1e-5)
    assert fold(model) == 0  # nothing more to fold


def test_a_scale_of_zero_before_a_padded_conv_is_left() -> None:
    model = _graph(scale=0.0)
    x = np.random.default_rng(3).normal(size=(1, 2, 5, 7)).astype(np.float32)
    want = _run(model, x)
    assert fold(model) == 3
    assert _ops(model)[4:8] == ["Relu", "Mul", "Add", "Conv"]
    assert np.allclose(_run(model, x), want, rtol=1e-5, atol=1e-5)


def test_a_piece_used_twice_is_not_folded() -> None:
    # The conv's output is also read by another node: folding its scale would change that node's input.
    model = _graph()
    model.graph.node.append(helper.make_node("Identity", ["ca"], ["ca_too"]))
    model.graph.output.append(helper.make_tensor_value_info("ca_too", TensorProto.FLOAT, [1, 4, 5, 7]))
    x = np.random.default_rng(2).normal(size=(1, 2, 5, 7)).astype(np.float32)
    want = _run(model, x)
    assert fold(model) == 3  # the hard-swish and the two scales before convs; not the first conv's
    assert _ops(model)[:3] == ["Conv", "Mul", "Add"]
    assert np.allclose(_run(model, x), want, rtol=1e-5, atol=1e-5)


def test_a_model_that_cannot_be_rewritten_is_loaded_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", "")  # no cache: the bytes
    path = tmp_path / "m.onnx"
    path.write_bytes(_graph().SerializeToString())
    assert isinstance(lean_model(str(path)), bytes)
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not a model")
    assert lean_model(str(bad)) == str(bad)  # ONNX Runtime says what is wrong with it, as before
    assert lean_model(str(tmp_path / "missing.onnx")) == str(tmp_path / "missing.onnx")
    plain = tmp_path / "plain.onnx"
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])],
        "plain",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    plain.write_bytes(helper.make_model(graph).SerializeToString())
    assert lean_model(str(plain)) == str(plain)  # nothing to fold
    monkeypatch.setitem(sys.modules, "onnx", None)  # the package missing: the model as it is
    assert lean_model(str(path)) == str(path)


def test_a_model_rewritten_is_cached_and_read_from_the_cache_without_onnx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", str(cache))
    path = tmp_path / "m.onnx"
    path.write_bytes(_graph().SerializeToString())
    first = lean_model(str(path))
    assert isinstance(first, str)
    assert Path(first).parent == cache
    assert [p.name for p in cache.iterdir()] == [Path(first).name]  # no piece of a write left behind
    x = np.random.default_rng(4).normal(size=(1, 2, 5, 7)).astype(np.float32)
    folded = onnx.load(first)
    assert "HardSigmoid" in _ops(folded)
    assert np.allclose(_run(folded, x), _run(_graph(), x), rtol=1e-5, atol=1e-5)
    # another model (or another fold) has another name
    other = tmp_path / "other.onnx"
    other.write_bytes(_graph(scale=3.0).SerializeToString())
    assert lean_model(str(other)) != first
    with monkeypatch.context() as m:
        m.setattr(lean, "FOLD_VERSION", lean.FOLD_VERSION + 1)
        assert lean_model(str(path)) != first
    assert len(list(cache.iterdir())) == 3
    monkeypatch.setitem(sys.modules, "onnx", None)  # found in the cache: onnx is not needed
    assert lean_model(str(path)) == first


def test_the_cache_is_in_the_users_cache_folder_unless_told(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GOVDISCLOSURE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert lean.cache_dir() == tmp_path / "govdisclosure"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert lean.cache_dir() == Path.home() / ".cache" / "govdisclosure"
    monkeypatch.setenv("GOVDISCLOSURE_CACHE_DIR", "")
    assert lean.cache_dir() is None


@pytest.mark.parametrize("name", ["ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx"])
def test_rapidocrs_models_are_folded(name: str) -> None:
    rapidocr = pytest.importorskip("rapidocr_onnxruntime", reason="needs the [ocr] extra")
    path = Path(rapidocr.__file__).parent / "models" / name
    model = onnx.load(str(path))
    before = _ops(model)
    assert fold(model) > 0
    after = _ops(model)
    assert after.count("Conv") == before.count("Conv")

    def elementwise(ops: list[str]) -> int:
        return sum(op in ("Add", "Mul", "Div", "Clip", "HardSigmoid") for op in ops)

    assert elementwise(after) < 0.55 * elementwise(before)  # each a pass over a feature map
    onnx.checker.check_model(model)


def test_no_home_folder_means_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVDISCLOSURE_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert lean.cache_dir() is None
