"""Two tiny runtimes for the csp example, used by csp.test.ts (run with python3 >= 3.9).

reference:   runs the nodes of examples/csp/nodes.py as written: the `with csp.state():` block
             once, then the rest of the body on every tick, in one namespace that keeps the state.
transformed: drives quarry's output: each node is a generator; the runtime finds the inputs by
             the ('input_var', i) tuples left in the generator's fast locals, swaps in live inputs,
             and resumes the generator once per tick. `out + v` emits v.

Both read the same seeded ticks and print {node: [[tick, [outputs...]], ...]} as JSON.
"""
import ast
import ctypes
import inspect
import json
import random
import sys


def _v(o):
    return o.value if isinstance(o, Input) else o


class Input:
    """A node input: its last value and whether it ticked in the current cycle."""

    def __init__(self):
        self.value = None
        self.ticked = False

    def __pos__(self):
        return self.ticked

    def __add__(self, o): return self.value + _v(o)
    def __radd__(self, o): return _v(o) + self.value
    def __sub__(self, o): return self.value - _v(o)
    def __rsub__(self, o): return _v(o) - self.value
    def __mul__(self, o): return self.value * _v(o)
    def __rmul__(self, o): return _v(o) * self.value
    def __truediv__(self, o): return self.value / _v(o)
    def __rtruediv__(self, o): return _v(o) / self.value
    def __lt__(self, o): return self.value < _v(o)
    def __le__(self, o): return self.value <= _v(o)
    def __gt__(self, o): return self.value > _v(o)
    def __ge__(self, o): return self.value >= _v(o)
    def __float__(self): return float(self.value)
    def __int__(self): return int(self.value)


class Csp:
    """The `csp` module as the reference runtime sees it."""

    def __init__(self):
        self.outputs = []

    def node(self, fn):
        return fn

    def state(self):
        raise RuntimeError("state() is handled by the runtime")

    def ticked(self, *inputs):
        return any(i.ticked for i in inputs)

    def output(self, v):
        self.outputs.append(_v(v))


class Out:
    """`out` in transformed code: `out + v` emits v."""

    def __init__(self):
        self.outputs = []

    def __add__(self, v):
        self.outputs.append(_v(v))
        return self


def ticks_for(name, params, n=60):
    rnd = random.Random(name)
    out = []
    for t in range(n):
        tick = {}
        for p in params:
            if t == 0 or rnd.random() < 0.6:
                tick[p] = rnd.randint(-50, 50)
        out.append(tick)
    return out


def is_csp_attr(node, attr):
    return (isinstance(node, ast.Attribute) and node.attr == attr
            and isinstance(node.value, ast.Name) and node.value.id == "csp")


def run_reference(path):
    tree = ast.parse(open(path, "rb").read())
    result = {}
    for fn in tree.body:
        if not (isinstance(fn, ast.FunctionDef) and any(is_csp_attr(d, "node") for d in fn.decorator_list)):
            continue
        params = [a.arg for a in fn.args.args]
        first = fn.body[0]
        has_state = (isinstance(first, ast.With) and len(first.items) == 1
                     and isinstance(first.items[0].context_expr, ast.Call)
                     and is_csp_attr(first.items[0].context_expr.func, "state"))
        state = compile(ast.Module(first.body if has_state else [], []), path, "exec")
        body = compile(ast.Module(fn.body[1:] if has_state else fn.body, []), path, "exec")
        csp = Csp()
        ns = {"csp": csp}
        exec(state, ns)
        inputs = {p: Input() for p in params}
        ns.update(inputs)
        rows = []
        for t, tick in enumerate(ticks_for(fn.name, params)):
            for p, inp in inputs.items():
                inp.ticked = p in tick
                if p in tick:
                    inp.value = tick[p]
            csp.outputs = []
            exec(body, ns)
            if csp.outputs:
                rows.append([t, csp.outputs])
        result[fn.name] = rows
    return result


def set_fast_locals(frame, values):
    if sys.version_info >= (3, 13):
        for k, v in values.items():
            frame.f_locals[k] = v  # PEP 667: a write-through proxy
    else:
        frame.f_locals.update(values)
        ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(frame), ctypes.c_int(0))


def run_transformed(path):
    out = Out()
    ns = {"out": out, "__name__": "transformed"}
    exec(compile(open(path, "rb").read(), path, "exec"), ns)
    result = {}
    for name, fn in ns.items():
        if not inspect.isgeneratorfunction(fn):
            continue
        params = list(inspect.signature(fn).parameters)
        gen = fn(*[None] * len(params))
        next(gen)  # inputs bound, state set up, parked at the loop's first yield
        frame = gen.gi_frame
        by_index = {}
        swap = {}
        for local, v in dict(frame.f_locals).items():
            if isinstance(v, tuple) and len(v) == 2 and v[0] == "input_var":
                by_index[v[1]] = swap[local] = Input()
        set_fast_locals(frame, swap)
        inputs = {p: by_index[i] for i, p in enumerate(params)}
        rows = []
        for t, tick in enumerate(ticks_for(name, params)):
            for p, inp in inputs.items():
                inp.ticked = p in tick
                if p in tick:
                    inp.value = tick[p]
            out.outputs = []
            next(gen)
            if out.outputs:
                rows.append([t, out.outputs])
        result[name] = rows
    return result


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    res = run_reference(path) if mode == "reference" else run_transformed(path)
    print(json.dumps(res, sort_keys=True))
