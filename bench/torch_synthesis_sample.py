#!/usr/bin/python3
# PyTorch reference for the generation speed of the paper's handwriting
# synthesis network (§5, Fig. 12): input 3, three LSTM layers of 400 with skip
# connections, a soft window of K = 10 Gaussians over a one-hot text of V = 60
# symbols (eqs 46-51), the window fed to layer 1 at t+1 and to layers 2..3 at t
# (eqs 52-53), and a mixture density output of 20 components (121 values,
# eqs 17-22). Each next point is drawn from the mixture with the probability
# bias b of §5.4 (eqs 61-62) and fed back as the next input. Weights are
# random: only the speed is measured. A line is 700 steps at batch 1; a page is
# 10 lines sampled as one batch of 10. The step loop is nn.LSTMCell per layer
# under torch.inference_mode (eager) or the same loop compiled by
# torch.jit.script (--mode jit).
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import torch_common as tc  # first: it sets up the OpenMP environment before torch loads

import torch
import torch.nn as nn
import torch.nn.functional as F


class SynthesisNet(nn.Module):
    def __init__(self, inputs: int, hidden: int, layers: int, alphabet: int, window_k: int, mixtures: int):
        super().__init__()
        self.hidden = hidden
        self.alphabet = alphabet
        self.window_k = window_k
        self.mixtures = mixtures
        # layer 1 reads [x_t, w_{t-1}] (eq 52), layer n > 1 reads [x_t, h^{n-1}_t, w_t] (eq 53)
        self.cells = nn.ModuleList(
            nn.LSTMCell(inputs + alphabet if n == 0 else inputs + hidden + alphabet, hidden)
            for n in range(layers))
        self.window = nn.Linear(hidden, 3 * window_k)                    # eq 48
        self.out = nn.Linear(layers * hidden, tc.mdn_output_size(mixtures))

    def forward(self, text, steps: int, bias: float):
        """text: (B, U, V) one-hot. Returns the sampled pen steps (steps, B, 3)."""
        B, U = text.shape[0], text.shape[1]
        H, K, M = self.hidden, self.window_k, self.mixtures
        u = torch.arange(1, U + 1, dtype=torch.float32).view(1, 1, U)
        hs = [torch.zeros(B, H) for _ in self.cells]
        cs = [torch.zeros(B, H) for _ in self.cells]
        kappa = torch.zeros(B, K, 1)
        w = torch.zeros(B, self.alphabet)
        x = torch.zeros(B, 3)
        # The random numbers of the whole line at once: fewer small ops per step.
        normals = torch.randn(steps, B, 2)
        uniforms = torch.rand(steps, B, 2)
        out = torch.empty(steps, B, 3)
        for t in range(steps):
            below = torch.zeros(B, 0)
            for n, cell in enumerate(self.cells):
                if n == 0:
                    h, c = cell(torch.cat([x, w], 1), (hs[n], cs[n]))
                    abk = torch.exp(self.window(h)).view(B, 3, K, 1)        # eqs 49-50, exp(κ̂)
                    kappa = kappa + abk[:, 2]                                # eq 51
                    phi = (abk[:, 0] * torch.exp(-abk[:, 1] * (kappa - u) ** 2)).sum(1)  # eq 46
                    w = torch.bmm(phi.unsqueeze(1), text).squeeze(1)         # eq 47
                else:
                    h, c = cell(torch.cat([x, below, w], 1), (hs[n], cs[n]))
                hs[n] = h
                cs[n] = c
                below = h
            yhat = self.out(torch.cat(hs, 1))
            x = mdn_draw(yhat, M, bias, normals[t], uniforms[t])
            out[t] = x
        return out


def mdn_draw(yhat, mixtures: int, bias: float, normal, uniform):
    """One point per row from the biased mixture (eqs 18-22, 61-62)."""
    B = yhat.shape[0]
    params = yhat[:, 1:].view(B, 6, mixtures)
    pi = F.softmax(params[:, 0] * (1 + bias), 1)                             # eq 62
    # Component j: first whose cumulative weight exceeds a uniform draw.
    j = (torch.cumsum(pi, 1) < uniform[:, 0:1]).sum(1, keepdim=True).clamp(max=mixtures - 1)
    p = params.gather(2, j.view(B, 1, 1).expand(B, 6, 1)).squeeze(2)         # (B, 6)
    mu1, mu2 = p[:, 1], p[:, 2]
    s1, s2 = torch.exp(p[:, 3] - bias), torch.exp(p[:, 4] - bias)             # eq 61
    rho = torch.tanh(p[:, 5])
    z1, z2 = normal[:, 0], normal[:, 1]
    dx = mu1 + s1 * z1
    dy = mu2 + s2 * (rho * z1 + torch.sqrt(1 - rho * rho) * z2)
    eos = (uniform[:, 1] < torch.sigmoid(-yhat[:, 0])).float()               # eq 18
    return torch.stack([dx, dy, eos], 1)


def main():
    p = tc.base_parser("PyTorch reference: handwriting synthesis sampling speed (ms per line / page).",
                       steps=700, warmup=1, batch=10, steps_help="pen points sampled per line",
                       warmup_help="untimed lines, then untimed pages, first",
                       batch_help="lines of a page, sampled as one batch")
    p.add_argument("--reps", type=int, default=5, help="timed lines, then timed pages (default %(default)s)")
    p.add_argument("--chars", type=int, default=40, help="characters of text per line (default %(default)s)")
    p.add_argument("--hidden", type=int, default=400, help="cells per LSTM layer (default %(default)s)")
    p.add_argument("--layers", type=int, default=3, help="LSTM layers (default %(default)s)")
    p.add_argument("--alphabet", type=int, default=60, help="one-hot text symbols V (default %(default)s)")
    p.add_argument("--window", type=int, default=10, help="window Gaussians K (default %(default)s)")
    p.add_argument("--mixtures", type=int, default=20, help="output mixture components (default %(default)s)")
    p.add_argument("--bias", type=float, default=0.5, help="probability bias b of §5.4 (default %(default)s)")
    p.add_argument("--mode", choices=("eager", "jit"), default="eager",
                   help="eager step loop, or the loop compiled by torch.jit.script (default %(default)s)")
    args = p.parse_args()
    info = tc.setup(args, ("reps", "chars", "hidden", "layers", "alphabet", "window", "mixtures"))
    T, U, V, H, L, K, M, X = (args.steps, args.chars, args.alphabet, args.hidden, args.layers,
                              args.window, args.mixtures, 3)

    net = SynthesisNet(X, H, L, V, K, M).eval()
    if args.mode == "jit":
        net = torch.jit.script(net)

    def text(batch):
        return F.one_hot(torch.randint(0, V, (batch, U)), V).float()

    line_text, page_text = text(1), text(args.batch)
    nan_rows = 0

    def sample(txt):
        nonlocal nan_rows
        with torch.inference_mode():
            pts = net(txt, T, args.bias)
        nan_rows += int(torch.isnan(pts).any(2).sum())

    tc.log(f"synthesis sampling: {T} steps, {U} chars, layers {L}x{H}, V {V}, K {K}, M {M}, "
           f"mode {args.mode}, threads {info['threads']}, page batch {args.batch}")
    line_s, line_each = tc.time_steps(lambda: sample(line_text), args.warmup, args.reps)
    page_s, page_each = tc.time_steps(lambda: sample(page_text), args.warmup, args.reps)

    # Forward matrix products per step and sequence: the LSTM layers, the
    # window parameters (eq 48), the window sum over the text (eq 47, a
    # 1 x U by U x V product) and the output layer.
    macs = tc.lstm_layer_macs(X + V, H) + (L - 1) * tc.lstm_layer_macs(X + H + V, H)
    macs += tc.dense_macs(H, 3 * K) + tc.dense_macs(U, V) + tc.dense_macs(L * H, tc.mdn_output_size(M))
    flops_per_point = tc.infer_flops(macs)
    line_pts, page_pts = T * args.reps, T * args.batch * args.reps
    result = dict(info)
    result.update({
        "bench": "synthesis_sample",
        "mode": args.mode,
        "chars": U, "hidden": H, "layers": L, "alphabet": V, "window": K, "mixtures": M, "bias": args.bias,
        "batch": args.batch,
        "steps": T, "reps": args.reps, "warmup": args.warmup,
        "seconds": line_s + page_s,
        "ms_per_line": line_s / args.reps * 1e3,
        "ms_per_line_min": min(line_each) * 1e3,
        "ms_per_page": page_s / args.reps * 1e3,
        "ms_per_page_min": min(page_each) * 1e3,
        "lines_per_page": args.batch,
        "points_per_s_line": line_pts / line_s,
        "points_per_s_page": page_pts / page_s,
        "flops_per_point": flops_per_point,
        "gflops_line": flops_per_point * line_pts / line_s / 1e9,
        "gflops_page": flops_per_point * page_pts / page_s / 1e9,
        "gflops": flops_per_point * page_pts / page_s / 1e9,
        "nan_points": nan_rows,
    })
    tc.log(f"  {result['ms_per_line']:.0f} ms/line (batch 1), {result['ms_per_page']:.0f} ms/page "
           f"(batch {args.batch}), {result['gflops_line']:.2f} / {result['gflops_page']:.2f} GFLOP/s")
    tc.emit(result)


if __name__ == "__main__":
    main()
