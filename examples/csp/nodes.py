# csp-style nodes: each function reacts to ticks of its inputs. `with csp.state():` sets up state
# once; the rest of the body runs on every tick. quarry's transformer (transform.ts beside this
# file) rewrites each node into a plain generator that a runtime drives one tick at a time.
import csp


@csp.node
def running_sum(x):
    with csp.state():
        s_total = 0
    if csp.ticked(x):
        s_total += x
        csp.output(s_total)


@csp.node
def ema(x):
    with csp.state():
        s_value = None
        s_alpha = 0.25
    if csp.ticked(x):
        if s_value is None:
            s_value = x * 1.0
        else:
            s_value = s_alpha * x + (1 - s_alpha) * s_value
        csp.output(round(s_value, 6))


@csp.node
def spread(bid, ask):
    with csp.state():
        s_ticks = 0
        s_last = None
    s_ticks += 1
    if csp.ticked(bid) and csp.ticked(ask):
        s_last = ask - bid
        csp.output(("both", s_ticks, s_last))
    elif csp.ticked(bid):
        csp.output(("bid", s_ticks, bid * 1))
    else:
        csp.output(("ask", s_ticks, s_last))


@csp.node
def crossings(fast, slow):
    with csp.state():
        s_above = None
        s_count = 0
    if csp.ticked(fast, slow):
        above = fast > slow
        if s_above is not None and above != s_above:
            s_count += 1
            csp.output(s_count)
        s_above = above
