#!/usr/bin/env python3
"""The default damped oscillator of pinn4j, trained by plain PyTorch, timed the way `./pinn bench` times pinn4j.

    x'' = -(mu/m) x' - (k/m) x,  m = 1, mu = 4, k = 400,  x(0) = 1, x'(0) = 0,  t in [0, 1]

The same problem, network and loss as pinn4j's defaults:

- float64; a 1-32-32-32-1 tanh network whose input t is first mapped to [-1, 1] over the domain; Glorot-uniform
  weights (U(-a, a), a = sqrt(6 / (fan_in + fan_out)), a rounded to float32 as DJL does), zero biases; seeded
  by torch.manual_seed, which with the same seed (0 to 2^31 - 1) gives the very initial weights pinn4j starts
  from (pinn4j seeds libtorch's generator the same way), so both trainings start from the same point;
- 200 collocation points on a uniform grid including both ends; the condition point t = 0 rides at the end of
  the batch, as in pinn4j's PinnLoss;
- derivatives in t by torch.autograd.grad(create_graph=True);
- loss = (x(0) - 1)^2 + (x'(0) - 0)^2 + mean_i r(t_i)^2 / omega^n with r = x'' - f(t, x, x'), omega the
  equation's fastest rate (max(1, |df/dx'|, |df/dx|^(1/2)) = 20) and n = 2: the residual weight is 1/400, as
  pinn4j's ResidualScale and PinnLoss have it (the weight is divided by omega^n, not by its square);
- Adam (lr 1e-3, betas 0.9/0.999, eps 1e-8) for 300 iterations, keeping the best parameters seen as pinn4j does,
  then torch.optim.LBFGS (history 50, strong Wolfe, up to 2500 iterations and 3125 evaluations, the 1.25
  evaluations per iteration pinn4j allows), with tolerances that do not stop it before its budget for want of
  progress (gradient 1e-11 as pinn4j's, change 1e-20);
- one intra-op and one inter-op thread (pinn4j runs libtorch with one of each).

What it measures, as `./pinn bench --json` does:

- perIteration: for (points, width) in (50, 32), (200, 32), (200, 64), (1000, 32), a fresh training of Adam 300
  then L-BFGS 150: ms per Adam iteration over iterations 51..300, ms per L-BFGS evaluation over the stage;
- secondsToError: training wall time until the relative L2 error against the exact solution on 201 grid points
  first falls to 1e-2, 1e-3, 1e-4, 1e-5. The error is checked at the first iteration of each stage and every 5th
  (Adam: before the update, on the parameters just evaluated; L-BFGS: after each accepted step), and the checks'
  own time is subtracted, as pinn4j's ErrorTrace does; stepsToError: the steps (Adam iterations plus accepted
  L-BFGS iterations) at that check.

`--adam-iterations 2000` gives the usual PyTorch recipe (long Adam, then L-BFGS); `--usual-recipe` adds that run's
figures to the JSON under "usualRecipe" for reference.

Needs only PyTorch: Debian's, with an optimized BLAS for it (apt-get install python3-torch libopenblas0-serial;
on the reference BLAS it runs several times slower; "blas" in the output names the one loaded). Prints one JSON
object on stdout. bench/side-by-side.sh runs it next to `./pinn bench --json`.
"""
import argparse
import json
import math
import os
import sys
import time

# One thread also for a threaded BLAS torch may call (OpenBLAS, Debian's torch calls the system's libblas.so.3).
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import torch  # noqa: E402  (after the thread settings)

# The problem: pinn4j's damped-oscillator built-in with its default parameters.
M, MU, K, X0, V0, T0, T1 = 1.0, 4.0, 400.0, 1.0, 0.0, 0.0, 1.0

THRESHOLDS = ["1e-2", "1e-3", "1e-4", "1e-5"]
SIZES = [(50, 32), (200, 32), (200, 64), (1000, 32)]
WARM_UP = 50
CHECK_EVERY = 5
EVALUATION_POINTS = 201


def exact(t):
    """The under-damped solution: exp(-g s) (x0 cos(w s) + (v0 + g x0)/w sin(w s)), g = mu/(2m), s = t - t0."""
    gamma = MU / (2 * M)
    w = math.sqrt(K / M - gamma * gamma)
    s = t - T0
    return torch.exp(-gamma * s) * (X0 * torch.cos(w * s) + (V0 + gamma * X0) / w * torch.sin(w * s))


def residual_scale():
    """omega^n as pinn4j's ResidualScale: rates |df/dx^(j)|^(1/(n-j)) of f = -(mu/m) x' - (k/m) x, at least 1."""
    omega = max(1.0, abs(MU / M) ** (1 / 1), abs(K / M) ** (1 / 2))
    return omega ** 2


def grid(count):
    """A uniform grid including both ends, the last point exactly t1 (pinn4j's Domain.grid)."""
    return [T1 if i == count - 1 else T0 + (T1 - T0) * i / (count - 1) for i in range(count)]


class Mlp(torch.nn.Module):
    """u(t): input mapped to [-1, 1] over [t0, t1], tanh hidden layers, a linear output."""

    def __init__(self, widths):
        super().__init__()
        sizes = [1] + list(widths) + [1]
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))
        # Glorot uniform, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)), drawn layer by layer from the seeded
        # global generator. DJL's XavierInitializer passes a as a float32, so a is rounded to float32 here too:
        # with that, seed S gives bit for bit the initial weights of pinn4j's --seed S (same initial loss).
        with torch.no_grad():
            for layer in self.layers:
                fan_out, fan_in = layer.weight.shape
                bound = torch.tensor(math.sqrt(6 / (fan_in + fan_out)), dtype=torch.float32).item()
                layer.weight.uniform_(-bound, bound)
                layer.bias.zero_()
        self.center = (T0 + T1) / 2
        self.inverse_half_width = 2 / (T1 - T0)

    def forward(self, t):
        z = (t - self.center) * self.inverse_half_width
        for layer in self.layers[:-1]:
            z = torch.tanh(layer(z))
        return self.layers[-1](z)


class Loss:
    """The unweighted terms [(x(0) - x0)^2, (x'(0) - v0)^2, mean r^2] and their weights [1, 1, 1/omega^n]."""

    def __init__(self, points):
        self.count = points
        # Collocation points, then the condition point t0 (pinn4j's PinnLoss.batch).
        self.batch = torch.tensor(grid(points) + [T0]).reshape(-1, 1).requires_grad_(True)
        self.weights = torch.tensor([1.0, 1.0, 1.0 / residual_scale()])

    def terms(self, net):
        t = self.batch
        u = net(t)
        du = torch.autograd.grad(u.sum(), t, create_graph=True)[0]
        d2u = torch.autograd.grad(du.sum(), t, create_graph=True)[0]
        residual = d2u - (-(MU / M) * du - (K / M) * u)
        n = self.count
        return torch.stack([(u[n, 0] - X0) ** 2, (du[n, 0] - V0) ** 2, residual[:n].pow(2).mean()])

    def evaluate(self, net, params):
        """One forward and backward pass; leaves the gradients in the parameters; returns the weighted total."""
        for p in params:
            p.grad = None
        total = (self.terms(net) * self.weights).sum()
        torch.autograd.backward(total, inputs=params)
        return total


class ErrorTrace:
    """Relative L2 error on 201 grid points, checked every few iterations; its own time is kept apart."""

    def __init__(self, net, every):
        self.net = net
        self.every = every
        self.t = torch.tensor(grid(EVALUATION_POINTS)).reshape(-1, 1)
        self.reference = exact(self.t)
        self.checking = 0.0
        self.points = []  # (step over the whole training, training seconds without the checks, error)

    def error(self):
        with torch.no_grad():
            return (torch.linalg.norm(self.net(self.t) - self.reference) / torch.linalg.norm(self.reference)).item()

    def on_iteration(self, iteration, step, elapsed):
        """iteration: within the stage, from 1; step: over the whole training, from 1."""
        if iteration % self.every != 0 and iteration != 1:
            return
        start = time.perf_counter()
        self.points.append((step, elapsed - self.checking, self.error()))
        self.checking += time.perf_counter() - start

    def first(self, threshold):
        return next(((step, s) for step, s, e in self.points if e <= threshold), (None, None))


def train(points, width, adam_iterations, lbfgs_iterations, seed, trace_every=None):
    """One training; returns per-stage timings and, with trace_every, the error trace."""
    torch.manual_seed(seed)
    start = time.perf_counter()
    net = Mlp([width] * 3)
    params = list(net.parameters())
    loss = Loss(points)
    trace = ErrorTrace(net, trace_every) if trace_every else None
    adam_times = []

    # Adam, keeping the best parameters seen (pinn4j's first-order stage does).
    adam = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    best, best_total = None, math.inf
    adam_start = time.perf_counter()
    for iteration in range(1, adam_iterations + 1):
        total = loss.evaluate(net, params).item()
        now = time.perf_counter()
        adam_times.append(now)
        if trace:
            trace.on_iteration(iteration, iteration, now - start)
        if total < best_total:
            best_total = total
            best = [p.detach().clone() for p in params]
        adam.step()
    if best is not None:
        with torch.no_grad():
            for p, b in zip(params, best):
                p.copy_(b)
    adam_seconds = time.perf_counter() - adam_start

    # L-BFGS. torch's LBFGS runs its whole budget in one step() and has no per-iteration callback: accepted
    # iterations are seen where step() moves the parameters by _add_grad outside a line-search trial.
    lbfgs = torch.optim.LBFGS(params, lr=1, max_iter=lbfgs_iterations, max_eval=lbfgs_iterations * 5 // 4,
                              tolerance_grad=1e-11, tolerance_change=1e-20, history_size=50,
                              line_search_fn="strong_wolfe")
    counts = {"evaluations": 0, "iterations": 0, "trial": False}
    if not (hasattr(lbfgs, "_add_grad") and hasattr(lbfgs, "_directional_evaluate")):
        sys.exit("oscillator.py: this torch's LBFGS has no _add_grad/_directional_evaluate (torch 1.x and 2.x"
                 " have them); cannot follow its iterations")
    add_grad, directional_evaluate = lbfgs._add_grad, lbfgs._directional_evaluate

    def trial(closure, x, t, d):
        counts["trial"] = True
        try:
            return directional_evaluate(closure, x, t, d)
        finally:
            counts["trial"] = False

    def step(step_size, update):
        add_grad(step_size, update)
        if not counts["trial"]:
            counts["iterations"] += 1
            if trace:
                trace.on_iteration(counts["iterations"], adam_iterations + counts["iterations"],
                                   time.perf_counter() - start)

    lbfgs._directional_evaluate, lbfgs._add_grad = trial, step

    def closure():
        counts["evaluations"] += 1
        return loss.evaluate(net, params)

    lbfgs_start = time.perf_counter()
    if lbfgs_iterations > 0:
        lbfgs.step(closure)
    end = time.perf_counter()
    result = {
        "adamSeconds": adam_seconds,
        "adamTimes": adam_times,
        "lbfgsSeconds": end - lbfgs_start,
        "lbfgsIterations": counts["iterations"],
        "lbfgsEvaluations": counts["evaluations"],
        "seconds": end - start,
        "trace": trace,
        "net": net,
        "finalLoss": (loss.terms(net) * loss.weights).sum().item(),
    }
    return result


def per_iteration(points, width, seed):
    r = train(points, width, 300, 150, seed)
    times = r["adamTimes"]
    return {
        "points": points,
        "width": width,
        "msPerAdamIteration": 1000 * (times[-1] - times[WARM_UP - 1]) / (len(times) - WARM_UP),
        "msPerLbfgsEvaluation": 1000 * r["lbfgsSeconds"] / r["lbfgsEvaluations"],
    }


def time_to_error(adam_iterations, lbfgs_iterations, seed):
    r = train(200, 32, adam_iterations, lbfgs_iterations, seed, trace_every=CHECK_EVERY)
    trace = r["trace"]
    return {
        "secondsToError": {name: trace.first(float(name))[1] for name in THRESHOLDS},
        "stepsToError": {name: trace.first(float(name))[0] for name in THRESHOLDS},
        "finalRelativeL2Error": trace.error(),
        "trainingSeconds": r["seconds"] - trace.checking,
        "finalLoss": r["finalLoss"],
        "stages": [
            {"optimizer": "adam", "iterations": adam_iterations, "seconds": r["adamSeconds"]},
            {"optimizer": "lbfgs", "iterations": r["lbfgsIterations"], "evaluations": r["lbfgsEvaluations"],
             "seconds": r["lbfgsSeconds"]},
        ],
        "settings": "float64, 200 grid points, [32, 32, 32] tanh, stages Adam %d then L-BFGS %d"
                    % (adam_iterations, lbfgs_iterations),
    }


def blas():
    """The BLAS library torch has loaded, from this process's memory map; Debian's torch uses the system's
    libblas.so.3, which is the slow reference BLAS unless an optimized one (libopenblas0-serial) is installed."""
    torch.ones(8, 8) @ torch.ones(8, 8)
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "/" in line}
    except OSError:
        return "unknown"
    found = sorted(os.path.realpath(p) for p in paths
                   if any(name in os.path.basename(p) for name in ("blas", "mkl_core", "libmkl")))
    return ", ".join(sorted(set(found))) or "torch's own (no BLAS library loaded)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--adam-iterations", type=int, default=300, help="Adam iterations (default 300)")
    parser.add_argument("--lbfgs-iterations", type=int, default=2500, help="L-BFGS iterations at most (2500)")
    parser.add_argument("--seed", type=int, default=1, help="torch.manual_seed (default 1)")
    parser.add_argument("--usual-recipe", action="store_true",
                        help="also time Adam 2000 then L-BFGS (the usual PyTorch recipe), under usualRecipe")
    parser.add_argument("--no-sizes", action="store_true", help="skip the ms-per-iteration sizes")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    torch.set_default_dtype(torch.float64)

    result = {"tool": "pytorch", "torchVersion": torch.__version__, "threads": torch.get_num_threads(),
              "blas": blas(), "seed": args.seed}
    result["perIteration"] = [] if args.no_sizes else [per_iteration(p, w, args.seed) for p, w in SIZES]
    result.update(time_to_error(args.adam_iterations, args.lbfgs_iterations, args.seed))
    if args.usual_recipe:
        result["usualRecipe"] = time_to_error(2000, args.lbfgs_iterations, args.seed)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
