# Shared helpers of the PyTorch reference benchmarks (bench/torch_*.py):
# argument parsing, thread setup, timing, FLOP counting and the JSON result
# line that bench drivers read. Run the scripts with /usr/bin/python3 (Debian's
# python3-torch), not a python3 earlier on PATH.
#
# FLOP convention (shared with seqgen's side so that GFLOP/s compare):
#   only matrix products are counted, 2 FLOPs per multiply-add; elementwise
#   work (gate nonlinearities, cell updates, peepholes, biases, softmax, the
#   mixture density loss, window exp/sum, optimizer updates) is excluded.
#   An LSTM layer of H cells with input width I does 4H*(I+H) multiply-adds
#   per token (eqs 7-10 without the peephole terms, which are elementwise);
#   a dense output layer from H to K does H*K. Training (forward + backward)
#   counts 3x the forward products: backward does two products of the same
#   size per forward product (input gradient and weight gradient), counted
#   even where PyTorch can skip one (e.g. the gradient of the data input).
#   Inference counts 1x.
import argparse
import ctypes
import json
import os
import platform
import sys
import time

# Two thread pools share the cores here: torch's OpenMP team (elementwise ops)
# and OpenBLAS's pthreads (matrix products). With libgomp's default spinning
# the idle team burns the core the other needs (measured: 3-6x slower training
# with 2 threads), so OpenMP threads must sleep when idle. libgomp reads this
# when torch loads it, hence scripts import this module before torch.
_TORCH_PREIMPORTED = "torch" in sys.modules
if not _TORCH_PREIMPORTED:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402


def lstm_layer_macs(inputs, hidden):
    """Multiply-adds per token of one LSTM layer (4 gates, input + recurrent)."""
    return 4 * hidden * (inputs + hidden)


def dense_macs(inputs, outputs):
    """Multiply-adds per token of a dense layer."""
    return inputs * outputs


def train_flops(macs):
    """FLOPs of forward + backward for `macs` forward multiply-adds."""
    return 3 * 2 * macs


def infer_flops(macs):
    """FLOPs of a forward pass for `macs` multiply-adds."""
    return 2 * macs


def cores():
    return len(os.sched_getaffinity(0))


def base_parser(description, steps, warmup, batch, steps_help="timed training steps",
                warmup_help="untimed training steps first", batch_help="sequences per batch"):
    """Options every benchmark takes; each script adds its sizes."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--threads", type=int, default=cores(),
                   help="threads of the matrix products (OpenBLAS) and, unless --torch-threads "
                        "says otherwise, of torch's other ops (default: all cores, %(default)s)")
    p.add_argument("--torch-threads", type=int, default=0,
                   help="torch.set_num_threads for the non-BLAS ops (default: --threads)")
    p.add_argument("--steps", type=int, default=steps, help=steps_help + " (default %(default)s)")
    p.add_argument("--warmup", type=int, default=warmup, help=warmup_help + " (default %(default)s)")
    p.add_argument("--batch", type=int, default=batch, help=batch_help + " (default %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="RNG seed (default %(default)s)")
    p.add_argument("--malloc", choices=("tuned", "default"), default="tuned",
                   help="tuned (default): keep freed memory in glibc's heap so that the big "
                        "temporaries autograd makes every step are not fresh, page-faulting "
                        "mmaps; default: glibc as configured")
    return p


# glibc mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def _malloc_tune():
    # Blocks below 32 MiB (glibc's largest accepted mmap threshold on 64-bit)
    # come from the heap, which is never trimmed, so autograd's per-step
    # temporaries reuse pages already faulted in (measured here: a 16 MB
    # out-of-place add 4.5 ms -> 1.7 ms).
    libc = ctypes.CDLL("libc.so.6")
    ok = libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)
    ok &= libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    ok &= libc.mallopt(_M_TOP_PAD, 64 << 20)
    if not ok:
        sys.exit("mallopt refused the --malloc tuned settings; use --malloc default")


def _openblas():
    # torch's float32 matrix products go to Debian's libblas.so.3, which is
    # OpenBLAS here; its pool ignores torch.set_num_threads, so set it too.
    # Only a library torch already loaded counts, so look in our own maps.
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "libopenblas" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p  # AttributeError if not OpenBLAS
            return lib
        except (OSError, AttributeError):
            continue
    return None


def setup(args, sizes=()):
    """Checks the options (`sizes`: names of the script's own options that must
    be >= 1), applies --threads, --torch-threads, --malloc and --seed, and
    returns facts about the run for the JSON."""
    if args.torch_threads < 0:
        sys.exit(f"--torch-threads must be >= 0, got {args.torch_threads}")
    for name in ("threads", "steps", "batch") + tuple(sizes):
        if getattr(args, name) < 1:
            sys.exit(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if args.warmup < 0:
        sys.exit(f"--warmup must be >= 0, got {args.warmup}")
    if args.malloc == "tuned":
        _malloc_tune()
    torch.set_num_threads(args.torch_threads or args.threads)
    torch.manual_seed(args.seed)
    info = {"impl": "pytorch", "torch": torch.__version__, "threads": args.threads,
            "torch_threads": torch.get_num_threads()}
    blas = _openblas()
    if blas is not None:
        blas.openblas_set_num_threads(args.threads)
        info["blas"] = blas.openblas_get_config().decode()
        info["blas_threads"] = blas.openblas_get_num_threads()
    else:
        info["blas"] = "unknown (not OpenBLAS; thread count not forced)"
    info["blas_kernel"] = _blas_kernel()
    # OPENBLAS_CORETYPE pins OpenBLAS's kernels (e.g. to Haswell's on an AVX-512
    # CPU); bench/compare.py runs the reference without it.
    info["openblas_env"] = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    info["omp_wait_policy"] = ("unknown (torch imported before torch_common)" if _TORCH_PREIMPORTED
                               else os.environ["OMP_WAIT_POLICY"])
    info["malloc"] = args.malloc
    info["cpu"] = _cpu_name()
    # Other work on the machine skews every figure; the driver can check this.
    info["loadavg_1m_at_start"] = os.getloadavg()[0]
    info["python"] = platform.python_version()
    return info


def _blas_kernel():
    """The BLAS torch runs and the CPU kernels it chose, as threadpoolctl
    (python3-threadpoolctl) reports them."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (python3-threadpoolctl not installed)"
    blas = [f"{p.get('internal_api')} {p.get('version')} {p.get('architecture')}"
            for p in threadpool_info() if p.get("user_api") == "blas"]
    return "; ".join(blas) or "unknown (no BLAS loaded)"


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def time_steps(step, warmup, steps):
    """Runs step() warmup times untimed, then `steps` times timed; returns
    (seconds, list of per-step seconds). step() must finish its work before
    returning (true for CPU tensors)."""
    for _ in range(warmup):
        step()
    per_step = []
    t0 = time.perf_counter()
    for _ in range(steps):
        t = time.perf_counter()
        step()
        per_step.append(time.perf_counter() - t)
    return time.perf_counter() - t0, per_step


def log(msg):
    """Human-readable progress goes to stderr so stdout ends with the JSON."""
    print(msg, file=sys.stderr, flush=True)


def emit(result):
    """Prints the result as one JSON object on the last stdout line."""
    print(json.dumps(result, sort_keys=False), flush=True)


# Mixture density output (paper §4.1, eqs 17-22), same row layout as seqgen's
# src/nn/mdn_output.hpp: [ê | π̂ (M) | μ̂1 (M) | μ̂2 (M) | σ̂1 (M) | σ̂2 (M) | ρ̂ (M)].
def mdn_output_size(mixtures):
    return 1 + 6 * mixtures


def mdn_split(yhat, mixtures):
    """Splits ŷ (..., 1+6M) into (ê, π̂, μ̂1, μ̂2, σ̂1, σ̂2, ρ̂)."""
    e_hat = yhat[..., 0]
    rest = yhat[..., 1:].unflatten(-1, (6, mixtures))
    return (e_hat,) + tuple(rest.unbind(-2))
