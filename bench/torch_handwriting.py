#!/usr/bin/python3
# PyTorch reference for training the paper's handwriting prediction network
# (§4, Fig. 1): input 3 (Δx, Δy, end-of-stroke), three LSTM layers of 400 cells
# with skip connections (layer 1 reads x_t, layer n > 1 reads [x_t, h^{n-1}_t],
# eqs 1-2; the output reads all layers, eq 3), and a mixture density output of
# 20 bivariate Gaussians + end-of-stroke (121 values, eqs 17-26), full BPTT
# over whole sequences from a zero state. nn.LSTM stacks cannot take skip
# inputs, so there is one nn.LSTM per layer. Optimizer: torch's centered
# RMSprop with the paper's constants (eqs 38-45: ℵ = 0.95, momentum 0.9,
# lr 1e-4, ε 1e-4; torch adds ε after the square root, the paper inside).
# Data are random offsets ~N(0,1) with random end-of-stroke bits: only the
# speed is measured. No gradient clipping (not a speed matter here).
import math
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import torch_common as tc  # first: it sets up the OpenMP environment before torch loads

import torch
import torch.nn as nn
import torch.nn.functional as F


class HandwritingNet(nn.Module):
    def __init__(self, inputs, hidden, layers, mixtures):
        super().__init__()
        self.mixtures = mixtures
        self.lstms = nn.ModuleList(
            nn.LSTM(inputs if n == 0 else inputs + hidden, hidden) for n in range(layers))
        self.out = nn.Linear(layers * hidden, tc.mdn_output_size(mixtures))

    def forward(self, x):  # x: (T, B, 3), time-major
        hs = []
        for n, lstm in enumerate(self.lstms):
            h, _ = lstm(x if n == 0 else torch.cat([x, hs[-1]], -1))
            hs.append(h)
        return self.out(torch.cat(hs, -1))


def mdn_loss(yhat, target, mixtures):
    """Mean over points of eq 26, -log Σ_j π_j N(x|μ_j,σ_j,ρ_j) - log Pr(x3),
    in log space: log π by log_softmax, the sum by logsumexp."""
    e_hat, pi_hat, mu1, mu2, s1_hat, s2_hat, rho_hat = tc.mdn_split(yhat, mixtures)
    x1, x2, x3 = target[..., 0:1], target[..., 1:2], target[..., 2]
    rho = torch.tanh(rho_hat)
    one_m_rho2 = 1 - rho * rho
    z1 = (x1 - mu1) * torch.exp(-s1_hat)
    z2 = (x2 - mu2) * torch.exp(-s2_hat)
    Z = z1 * z1 + z2 * z2 - 2 * rho * z1 * z2                                   # eq 25
    log_n = (-math.log(2 * math.pi) - s1_hat - s2_hat - 0.5 * torch.log(one_m_rho2)
             - Z / (2 * one_m_rho2))                                           # eq 24
    log_mix = torch.logsumexp(F.log_softmax(pi_hat, -1) + log_n, -1)
    # e = sigmoid(-ê) (eq 18): -log(e if x3 else 1-e) = BCE-with-logits of -ê.
    eos = F.binary_cross_entropy_with_logits(-e_hat, x3, reduction="none")
    return (eos - log_mix).mean()


def main():
    p = tc.base_parser("PyTorch reference: handwriting prediction network training speed (points/s).",
                       steps=3, warmup=1, batch=32)
    p.add_argument("--seq", type=int, default=700, help="points per sequence (default %(default)s)")
    p.add_argument("--hidden", type=int, default=400, help="cells per LSTM layer (default %(default)s)")
    p.add_argument("--layers", type=int, default=3, help="LSTM layers (default %(default)s)")
    p.add_argument("--mixtures", type=int, default=20, help="output mixture components (default %(default)s)")
    args = p.parse_args()
    info = tc.setup(args, ("seq", "hidden", "layers", "mixtures"))
    B, T, H, L, M, X = args.batch, args.seq, args.hidden, args.layers, args.mixtures, 3

    net = HandwritingNet(X, H, L, M)
    opt = torch.optim.RMSprop(net.parameters(), lr=1e-4, alpha=0.95, eps=1e-4,
                              momentum=0.9, centered=True)

    def make_batch():
        # T+1 points: inputs x_1..x_T, targets x_2..x_{T+1}.
        pts = torch.randn(T + 1, B, X)
        pts[..., 2] = (torch.rand(T + 1, B) < 0.05).float()
        return pts[:-1], pts[1:]

    batches = [make_batch() for _ in range(min(args.warmup + args.steps, 4))]
    calls = 0
    losses = []

    def step():
        nonlocal calls
        x, target = batches[calls % len(batches)]
        calls += 1
        loss = mdn_loss(net(x), target, M)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())

    tc.log(f"handwriting: batch {B} seq {T} layers {L}x{H} mixtures {M}, threads {info['threads']}, "
           f"{args.warmup} warmup + {args.steps} timed batches")
    seconds, per_step = tc.time_steps(step, args.warmup, args.steps)
    points = B * T * args.steps
    macs = sum(tc.lstm_layer_macs(X if n == 0 else X + H, H) for n in range(L))
    macs += tc.dense_macs(L * H, tc.mdn_output_size(M))
    flops_per_point = tc.train_flops(macs)
    result = dict(info)
    result.update({
        "bench": "handwriting_train",
        "batch": B, "seq": T, "hidden": H, "layers": L, "mixtures": M,
        "optimizer": "rmsprop_centered_momentum_0.9",
        "steps": args.steps, "warmup": args.warmup,
        "seconds": seconds,
        "step_seconds_min": min(per_step),
        "points_per_s": points / seconds,
        "flops_per_point": flops_per_point,
        "gflops": flops_per_point * points / seconds / 1e9,
        "loss_nats_per_point": losses[-1],
    })
    tc.log(f"  {result['points_per_s']:.0f} points/s, {result['gflops']:.1f} GFLOP/s, "
           f"{seconds / args.steps:.2f} s/batch, loss {losses[-1]:.3f}")
    tc.emit(result)


if __name__ == "__main__":
    main()
