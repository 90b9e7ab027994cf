"""RapidOCR's models with their elementwise tails folded: the same functions, fewer passes over memory.

The detector and the recognizer (PP-OCRv4, exported by paddle2onnx at opset 12) spend 40% of their
time in elementwise operations, each a pass over a whole feature map, that ONNX Runtime does not fuse:

- after each convolution, a learnable scale and shift (``Mul`` and ``Add`` by a scalar): folded into the
  convolution's weights and bias, ``a·(W∗x + c) + b = (a·W)∗x + (a·c + b)``;
- hard-swish exported as four operations, ``x · clip(x + 3, 0, 6) / 6``: written as two,
  ``x · HardSigmoid(x)`` (α = 1/6, β = 1/2);
- a scalar scale and shift before a convolution: folded into it when it pads nothing (a 1×1 one),
  ``W∗(a·y + b) + c = (a·W)∗y + (c + b·ΣW)``; before one that pads (a depthwise one), only the scale,
  ``a·y + b = a·(y + b/a)`` and the zeros padded in scale alike (the shift would change its border).

Each is the same function; the outputs differ by float rounding (about 1e-6 on the models' outputs),
and the recognizer costs 0.52-0.72 and the detector 0.66 of what they did. Only a pattern whose every
piece is checked (the constants, each intermediate used once and not an output of the graph) is
rewritten; anything else is left as it is. A model rewritten is kept in a cache (:func:`cache_dir`),
named by the original's SHA-256 and :data:`FOLD_VERSION`. Without the ``onnx`` package, or on a model it
cannot read, the model is loaded as it is (and so it is when ONNX Runtime refuses the model rewritten).
Only float32 tensors are touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

_HARD_SWISH = (3.0, 0.0, 6.0, 6.0)  # x + 3, clipped to 0..6, divided by 6
FOLD_VERSION = 1  # of what fold() writes: a new one makes new files in the cache
CACHE_ENV = "GOVDISCLOSURE_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where the models rewritten are kept: ``$GOVDISCLOSURE_CACHE_DIR`` (empty: nowhere), else
    ``$XDG_CACHE_HOME/govdisclosure`` or ``~/.cache/govdisclosure``."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "govdisclosure"
    except (RuntimeError, KeyError):  # no home folder known: no cache
        return None


def lean_model(path: str) -> str | bytes:
    """The model at ``path`` rewritten: the path of its copy in the cache (written once; a process that
    finds it loads it without importing ``onnx``, which a worker would otherwise hold, 20 MiB), or its
    serialized bytes when there is no cache; ``path`` itself when it cannot be rewritten."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return path  # ONNX Runtime says what is wrong with it
    where = cache_dir()
    name = f"{Path(path).stem}-{hashlib.sha256(data).hexdigest()[:24]}-lean{FOLD_VERSION}.onnx"
    cached = where / name if where is not None else None
    with contextlib.suppress(OSError):  # a folder that cannot be looked into: no cache
        if cached is not None and cached.is_file():
            return str(cached)
    try:
        import onnx
    except ImportError:
        return path
    try:
        model = onnx.load_from_string(data)
        if not fold(model):
            return path
        out = bytes(model.SerializeToString())
    except Exception:  # not rewritten: ONNX Runtime loads the file as it did, or says why it cannot
        return path
    del model, data
    if cached is not None:
        with contextlib.suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            part = cached.with_name(f"{name}.{os.getpid()}.part")
            part.write_bytes(out)
            os.replace(part, cached)  # whole or not at all, whoever else writes it at the same time
            return str(cached)
    return out


def fold(model: Any) -> int:
    """Rewrite ``model`` (an ``onnx.ModelProto``) in place; returns how many patterns were rewritten."""
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    nodes: list[Any] = list(graph.node)
    const: dict[str, Any] = {}
    for n in nodes:
        if n.op_type == "Constant" and len(n.attribute) == 1 and n.attribute[0].name == "value":
            const[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    for init in graph.initializer:
        const[init.name] = numpy_helper.to_array(init)
    outputs = {o.name for o in graph.output}
    removed: set[int] = set()
    added: list[Any] = []  # new nodes; each also in ``before``: put in front of an old node, in order
    before: dict[int, list[Any]] = defaultdict(list)
    done = 0

    def users() -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = defaultdict(list)
        for n in nodes + added:
            if id(n) not in removed:
                for name in n.input:
                    out[name].append(n)
        return out

    def only(use: dict[str, list[Any]], name: str, op: str) -> Any:
        """The one node using ``name``, if it is an ``op`` and ``name`` is not an output of the graph."""
        u = use.get(name, [])
        return u[0] if len(u) == 1 and u[0].op_type == op and name not in outputs else None

    def scalar(n: Any) -> tuple[float, str] | None:
        """(the constant, the other input) of a binary node with one float scalar constant."""
        if n is None or len(n.input) != 2:
            return None
        ks = [i for i in n.input if i in const]
        if len(ks) != 1 or const[ks[0]].shape not in ((), (1,)) or const[ks[0]].dtype != np.float32:
            return None
        return float(const[ks[0]].ravel()[0]), (n.input[0] if n.input[1] == ks[0] else n.input[1])

    def value(name: str) -> float | None:
        v = const.get(name)
        return float(v.ravel()[0]) if v is not None and v.size == 1 else None

    def weights(conv: Any) -> tuple[Any, Any] | None:
        """The convolution's weights and bias (zeros when it has none), in float64, if constants."""
        if len(conv.input) < 2 or conv.input[1] not in const or (len(conv.input) > 2 and conv.input[2] not in const):
            return None
        w = const[conv.input[1]]
        if w.dtype != np.float32 or w.ndim != 4:
            return None
        b = const[conv.input[2]] if len(conv.input) > 2 and conv.input[2] else None
        if b is not None and (b.dtype != np.float32 or b.shape != (w.shape[0],)):
            return None
        return w.astype("float64"), (b.astype("float64") if b is not None else np.zeros(w.shape[0]))

    def put(new: Any, at: Any) -> None:
        added.append(new)
        before[id(at)].append(new)

    def constant(name: str, arr: Any, at: Any) -> str:
        arr = arr.astype("float32")
        put(helper.make_node("Constant", [], [name], value=numpy_helper.from_array(arr, name)), at)
        const[name] = arr
        return name

    def set_conv(conv: Any, x: str, w: Any, b: Any, tag: str) -> None:
        out = conv.output[0]
        inputs = [x, constant(f"{out}/lean_w{tag}", w, conv), constant(f"{out}/lean_b{tag}", b, conv)]
        del conv.input[:]
        conv.input.extend(inputs)

    # 1. Conv -> Mul(a) -> Add(b): the scale and shift folded into the convolution
    use = users()
    for conv in nodes:
        if conv.op_type != "Conv":
            continue
        mul = only(use, conv.output[0], "Mul")
        add = only(use, mul.output[0], "Add") if mul is not None else None
        a, b, wb = scalar(mul), scalar(add), weights(conv)
        if a is None or b is None or wb is None or add is None:
            continue
        set_conv(conv, conv.input[0], wb[0] * a[0], wb[1] * a[0] + b[0], "a")
        conv.output[0] = add.output[0]
        removed.update((id(mul), id(add)))
        done += 1

    # 2. x + 3 -> Clip(0, 6) -> x · that -> / 6: x · HardSigmoid(x)
    use = users()
    for add in nodes:
        s = scalar(add) if add.op_type == "Add" and id(add) not in removed else None
        if s is None:
            continue
        x = s[1]
        clip = only(use, add.output[0], "Clip")
        if clip is None or len(clip.input) != 3:
            continue
        mul = only(use, clip.output[0], "Mul")
        if mul is None or sorted(mul.input) != sorted([x, clip.output[0]]):
            continue
        div = only(use, mul.output[0], "Div")
        if div is None or list(div.input[:1]) != [mul.output[0]]:
            continue
        if (s[0], value(clip.input[1]), value(clip.input[2]), value(div.input[1])) != _HARD_SWISH:
            continue
        gate = helper.make_node("HardSigmoid", [x], [f"{div.output[0]}/lean_gate"], alpha=1.0 / 6.0, beta=0.5)
        put(gate, add)  # where x + 3 was: after x, before what reads the result
        put(helper.make_node("Mul", [x, gate.output[0]], [div.output[0]]), add)
        removed.update((id(add), id(clip), id(mul), id(div)))
        done += 1

    # 3. Mul(a) -> Add(b) -> a Conv that pads nothing: folded into the convolution
    use = users()
    for mul in nodes + added:
        a = scalar(mul) if mul.op_type == "Mul" and id(mul) not in removed else None
        if a is None:
            continue
        add = only(use, mul.output[0], "Add")
        b = scalar(add)
        conv = only(use, add.output[0], "Conv") if b is not None else None
        wb = weights(conv) if conv is not None else None
        if b is None or wb is None or conv is None:
            continue
        attrs = {at.name: helper.get_attribute_value(at) for at in conv.attribute}
        w, bias = wb
        if not any(attrs.get("pads", ())) and attrs.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET"):
            set_conv(conv, a[1], w * a[0], bias + b[0] * w.sum(axis=(1, 2, 3)), "b")
            removed.update((id(mul), id(add)))
        elif a[0] != 0.0:
            # padded: a·y + b = a·(y + b/a), and the zeros padded in scale alike: the scale folded alone
            shift = constant(f"{add.output[0]}/lean_shift", np.asarray([b[0] / a[0]]), add)
            put(helper.make_node("Add", [a[1], shift], [add.output[0]]), add)
            set_conv(conv, conv.input[0], w * a[0], bias, "b")
            removed.update((id(mul), id(add)))
        else:
            continue
        done += 1

    if not done:
        return 0
    # Each new node stands before the old node it was put in front of: after what it reads (a folded
    # convolution reads what it read, or what the scale it took in read; the gate reads what x + 3 read),
    # before what reads it (what read the last node it replaces came after its first)
    order = [m for n in nodes for m in (*before.get(id(n), ()), n) if id(m) not in removed]
    needed = {name for n in order for name in n.input} | outputs
    del graph.node[:]
    graph.node.extend(n for n in order if n.op_type != "Constant" or n.output[0] in needed)
    return done
