#!/usr/bin/python3
# PyTorch reference for training the paper's Penn Treebank character network
# (§3.1): one LSTM layer of 1000 cells, one-hot input of 50 classes, softmax
# output of 50 classes, truncated BPTT over segments of 100 steps with the
# hidden state carried (detached) from segment to segment, SGD with momentum
# 0.9 (the paper's text optimizer, lr 1e-4). Data are random characters: only
# the speed is measured. nn.LSTM has no peepholes; seqgen's peephole terms are
# elementwise and outside the FLOP count, so the counts of both sides match.
# Input: F.one_hot(...).float() fed to nn.LSTM(input_size=50), i.e. the dense
# product with the one-hot vector is really executed (and counted).
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import torch_common as tc  # first: it sets up the OpenMP environment before torch loads

import torch
import torch.nn as nn
import torch.nn.functional as F


class CharLstm(nn.Module):
    def __init__(self, classes, hidden):
        super().__init__()
        self.classes = classes
        self.lstm = nn.LSTM(classes, hidden)  # time-major (T, B, .)
        self.out = nn.Linear(hidden, classes)

    def forward(self, chars, state):
        x = F.one_hot(chars, self.classes).float()
        h, state = self.lstm(x, state)
        return self.out(h), state


def main():
    p = tc.base_parser("PyTorch reference: PTB character LSTM training speed (tokens/s).",
                       steps=20, warmup=2, batch=32)
    p.add_argument("--classes", type=int, default=50, help="input/output classes (default %(default)s)")
    p.add_argument("--hidden", type=int, default=1000, help="LSTM cells (default %(default)s)")
    p.add_argument("--seq", type=int, default=100, help="BPTT segment length (default %(default)s)")
    p.add_argument("--lr", type=float, default=1e-4, help="SGD learning rate (default %(default)s)")
    args = p.parse_args()
    info = tc.setup(args, ("classes", "hidden", "seq"))
    B, T, V, H = args.batch, args.seq, args.classes, args.hidden

    net = CharLstm(V, H)
    opt = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=0.9)
    segments = args.warmup + args.steps
    # One random stream per batch column; segment s reads [s*T, s*T+T] so the
    # carried state sees consecutive text, as in the paper's training.
    stream = torch.randint(0, V, (segments * T + 1, B))
    state = (torch.zeros(1, B, H), torch.zeros(1, B, H))
    segment = 0
    losses = []

    def step():
        nonlocal state, segment
        chars = stream[segment * T:segment * T + T]
        targets = stream[segment * T + 1:segment * T + T + 1]
        segment += 1
        state = tuple(s.detach() for s in state)
        logits, state = net(chars, state)
        loss = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())

    tc.log(f"ptb lstm: batch {B} seq {T} classes {V} hidden {H}, threads {info['threads']}, "
           f"{args.warmup} warmup + {args.steps} timed segments")
    seconds, per_step = tc.time_steps(step, args.warmup, args.steps)
    tokens = B * T * args.steps
    flops_per_token = tc.train_flops(tc.lstm_layer_macs(V, H) + tc.dense_macs(H, V))
    result = dict(info)
    result.update({
        "bench": "ptb_lstm_train",
        "batch": B, "seq": T, "classes": V, "hidden": H,
        "input": "one_hot_dense",
        "optimizer": "sgd_momentum_0.9",
        "steps": args.steps, "warmup": args.warmup,
        "seconds": seconds,
        "step_seconds_min": min(per_step),
        "tokens_per_s": tokens / seconds,
        "flops_per_token": flops_per_token,
        "gflops": flops_per_token * tokens / seconds / 1e9,
        "loss_nats_per_char": losses[-1],
    })
    tc.log(f"  {result['tokens_per_s']:.0f} tokens/s, {result['gflops']:.1f} GFLOP/s, "
           f"{seconds / args.steps * 1000:.0f} ms/segment, loss {losses[-1]:.3f}")
    tc.emit(result)


if __name__ == "__main__":
    main()
