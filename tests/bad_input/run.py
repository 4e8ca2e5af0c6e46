"""The bad-input catalogue: every case a command (or an HTTP request to
`seqgen serve`) that must fail with a given exit code (HTTP status) and a
message naming the culprit. The damaged files the cases read are made here, in
a temporary folder, from the shipped models; nothing large is committed.

Usage: run.py SEQGEN_BINARY SOURCE_DIR [CATALOGUE.tsv ...] [--no-memory-limit]

A catalogue line: id <TAB> arguments <TAB> exit code <TAB> text the message
must contain. Arguments are split as a shell would (shlex) after {tmp} (the
temporary folder), {models} (the shipped models) and {esc} (an escape
character) are filled in; arguments
that start with "http" are a request to the server instead: "http GET PATH" or
"http POST PATH BODY", the code then being the HTTP status and the text part
of the JSON answer's "error". Every message must also be free of control
characters other than newline, and no case may take more than a minute or
(without --no-memory-limit, which sanitizer builds need) 4 GiB of address
space.
"""
import fcntl
import json
import os
import random
import re
import resource
import shlex
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TIMEOUT = 60
MEMORY_LIMIT = 4 << 30
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def st_read(path):
    """(header dict, data bytes) of a safetensors file."""
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    return json.loads(b[8:8 + n]), b[8 + n:]


def st_write(path, header, data=b""):
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + data)


def with_metadata(src, dst, **changes):
    """A copy of src with metadata entries replaced (each value a JSON string)."""
    header, data = st_read(src)
    header["__metadata__"].update(changes)
    st_write(dst, header, data)


def st_without(header, data, name):
    """header and data with tensor `name` left out (the others packed again)."""
    out_h, out_d = {"__metadata__": header["__metadata__"]}, b""
    for k, t in sorted(((k, t) for k, t in header.items() if k not in ("__metadata__", name)),
                       key=lambda e: e[1]["data_offsets"][0]):
        b, e = t["data_offsets"]
        out_h[k] = dict(t, data_offsets=[len(out_d), len(out_d) + e - b])
        out_d += data[b:e]
    return out_h, out_d


def fixtures(tmp, models):
    """The files the cases name, made fresh for each run."""
    syn, ptb = f"{models}/synthesis.safetensors", f"{models}/ptb-char.safetensors"
    w = lambda name, body, mode="w": open(os.path.join(tmp, name), mode).write(body)
    os.makedirs(f"{tmp}/folder", exist_ok=True)
    # Texts.
    w("empty.txt", "")
    w("spaces.txt", "    \n   \n")
    w("one.txt", "a")
    w("long-word.txt", "x" * 10000)
    w("long-line.txt", " ".join(["word"] * 80))
    w("escape.txt", "ab\x1b[31mred\x1b[0m")
    w("bad-utf8.txt", b"ab\xff\xfe", "wb")
    w("bad.jsonl", '{"text": "ab"\n')
    w("wrong-field.jsonl", '{"text": "ab", "bias": "high"}\n')
    w("no-text.jsonl", '{"bias": 1}\n')
    rng = random.Random(1)
    words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog"]
    w("train.txt", "\n".join(" ".join(rng.choice(words) for _ in range(8)) for _ in range(60)) + "\n")
    w("train2.txt", "\n".join(" ".join(rng.choice(words) for _ in range(8)) for _ in range(70)) + "\n")
    w("valid.txt", "the lazy dog jumps over the quick brown fox\n")
    w("unknown-char.txt", "the quick brown cat\n")
    # Styles.
    w("style-bad.json", "{not json")
    w("style-flat.json", '{"text": "ab", "strokes": [[[5, 5], [5, 5]]]}')
    w("style-point.json", '{"text": "ab", "strokes": [[["x", 1], [2, 2]]]}')
    w("style-empty.json", '{"text": "ab", "strokes": []}')
    w("style-notext.json", '{"text": "", "strokes": [[[0, 0], [30, 40], [60, 0]]]}')
    w("style-array.json", "[1, 2, 3]")
    w("style-untitled.svg", '<svg><path d="M0 0 C 10 30 20 30 30 0"/></svg>')
    w("style-bad.svg", "<svg><path d=")
    w("style-nopath.svg", "<svg><title>ab</title></svg>")
    w("style-good.json", '{"text": "ab", "strokes": [[[0, 0], [300, 900], [600, 0]], [[800, 500], [1200, 500]]]}')
    w("style.txt", "just text")
    # For the catalogue after the parser fixes (catalogue_parsers.tsv).
    w("style-nested.svg", "<svg><title>ab</title>" + "<g>" * 20000 + '<path d="M0 0 L9 9"/>' + "</g>" * 20000 + "</svg>")
    w("style-z5.svg", '<svg><title>ab</title><path d="M0 0 L9 9 Z 5"/></svg>')
    w("style-zminus.svg", '<svg><title>ab</title><path d="M0 0 L9 9 Z -3 4"/></svg>')
    w("style-huge.json", '{"text": "ab", "strokes": [[' + ",".join(["[1, 2]"] * 3_000_000) + "]]}")
    # Model files: damaged copies of the shipped ones.
    w("empty.safetensors", "")
    w("short.safetensors", b"\x01\x02\x03", "wb")
    w("garbage.safetensors", bytes(random.Random(2).randrange(256) for _ in range(4096)), "wb")
    b = open(syn, "rb").read()
    w("truncated.safetensors", b[: len(b) // 2], "wb")
    w("trailing.safetensors", b + b"\0" * 8, "wb")
    w("hugelen.safetensors", struct.pack("<Q", 1 << 40) + b"{}", "wb")
    w("notjson.safetensors", struct.pack("<Q", 8) + b"not json", "wb")
    st_write(f"{tmp}/array.safetensors", [1, 2])
    st_write(f"{tmp}/2p62.safetensors", {"x": {"dtype": "F32", "shape": [1 << 62], "data_offsets": [0, 0]}})
    st_write(f"{tmp}/wrap.safetensors", {"x": {"dtype": "F32", "shape": [1 << 62, 1 << 3], "data_offsets": [0, 0]}})
    st_write(f"{tmp}/negative.safetensors", {"x": {"dtype": "F32", "shape": [-4], "data_offsets": [0, 0]}})
    st_write(f"{tmp}/dtype.safetensors", {"x": {"dtype": "Q7", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4)
    st_write(f"{tmp}/offsets.safetensors", {"x": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}, b"\0" * 4)
    st_write(f"{tmp}/overlap.safetensors", {"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]},
                                            "y": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 8)
    st_write(f"{tmp}/nometa.safetensors", {"x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4)
    header, data = st_read(syn)
    # A header declaring layers of 11,000 cells over the weights of 400.
    cfg = json.loads(header["__metadata__"]["seqgen.config"])
    cfg["hidden"] = [11000]
    with_metadata(syn, f"{tmp}/hidden11000.safetensors", **{"seqgen.config": json.dumps(cfg)})
    cfg["hidden"] = [1 << 21]
    with_metadata(syn, f"{tmp}/hidden-huge.safetensors", **{"seqgen.config": json.dumps(cfg)})
    with_metadata(syn, f"{tmp}/info-number.safetensors", **{"seqgen.info": "5"})
    with_metadata(syn, f"{tmp}/training-array.safetensors", **{"seqgen.training": "[1, 2]"})
    with_metadata(syn, f"{tmp}/config-type.safetensors", **{"seqgen.config": '{"hidden": "big"}'})
    with_metadata(syn, f"{tmp}/info-badjson.safetensors", **{"seqgen.info": "{oops"})
    with_metadata(syn, f"{tmp}/command-type.safetensors", **{"seqgen.training": '{"command": 5}'})
    info = json.loads(header["__metadata__"]["seqgen.info"])
    info_stats = info["stats"]
    info["stats"] = "fast"
    with_metadata(syn, f"{tmp}/stats-type.safetensors", **{"seqgen.info": json.dumps(info)})
    with_metadata(ptb, f"{tmp}/vocab-number.safetensors", **{"seqgen.info": '{"vocab": 5}'})
    # The recogniser a synthesis model carries for its line check (seqgen pack --reader), forged.
    reader = {"kind": "recognizer", "config": {"input_size": 3, "input_onehot": False, "hidden": [8], "output_size": 3,
                                                "window_alphabet": 0, "window_mixtures": 0},
              "info": {"stats": info_stats, "alphabet": ["a", "b"]}, "training": {}}
    with_metadata(syn, f"{tmp}/reader-badjson.safetensors", **{"seqgen.reader": "{oops"})
    with_metadata(syn, f"{tmp}/reader-kind.safetensors", **{"seqgen.reader": json.dumps(dict(reader, kind="synthesis"))})
    with_metadata(syn, f"{tmp}/reader-tensors.safetensors", **{"seqgen.reader": json.dumps(reader)})
    with_metadata(syn, f"{tmp}/reader-noconfig.safetensors", **{"seqgen.reader": '{"kind": "recognizer"}'})
    # NaN in the first weight of l2.w_rec (the weights are F16: 0x7E00 is a NaN).
    t = header["l2.w_rec"]
    assert t["dtype"] == "F16"
    nan = bytearray(data)
    nan[t["data_offsets"][0]: t["data_offsets"][0] + 2] = b"\x00\x7e"
    st_write(f"{tmp}/nan.safetensors", header, bytes(nan))
    inf = bytearray(data)
    inf[t["data_offsets"][0]: t["data_offsets"][0] + 2] = b"\x00\x7c"
    st_write(f"{tmp}/inf.safetensors", header, bytes(inf))
    st_write(f"{tmp}/missing-tensor.safetensors", *st_without(header, data, "out.b"))


def train_runs(seqgen, tmp):
    """A text run stopped after one update (a checkpoint of batch 4, segments of
    10), and a run whose lock is held (the returned file, kept open)."""
    base = [seqgen, "train", "text", "--train", f"{tmp}/train.txt", "--valid", f"{tmp}/valid.txt", "--hidden", "8",
            "--batch", "4", "--seq", "10", "--epochs", "1", "--quiet", "--precision", "f32"]
    for run in ("run", "locked"):
        r = subprocess.run(base + ["--run", f"{tmp}/{run}", "--max-steps", "1"], capture_output=True, text=True,
                           timeout=TIMEOUT)
        if r.returncode != 0:
            raise RuntimeError(f"the training the resume cases need failed: {r.stderr}")
    os.makedirs(f"{tmp}/run-truncated")
    b = open(f"{tmp}/run/checkpoint.safetensors", "rb").read()
    open(f"{tmp}/run-truncated/checkpoint.safetensors", "wb").write(b[: len(b) // 2])
    lock = open(f"{tmp}/locked/lock", "a")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return lock


def catalogue_read(path):
    cases = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise SystemExit(f"{path}:{n}: expected 4 tab-separated fields, got {len(parts)}")
        cid, args, code, expect = parts
        cases.append((f"{os.path.basename(path)}:{n}", cid, args, int(code), expect))
    return cases


class Server:
    def __init__(self, seqgen, model):
        self.proc = subprocess.Popen([seqgen, "serve", "--port", "0", "--quiet", "--model", model, "--max-lines", "10"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError(f"seqgen serve did not start: {line!r}")
        self.url = f"http://127.0.0.1:{m.group(1)}"

    def request(self, method, path, body):
        data = body.encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data is not None else {})
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def memory_limited(limit):
    def f():
        if limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return f


def case_run(seqgen, server, args, limit):
    """(exit code or HTTP status, message) of one case."""
    if args.startswith("http "):
        method, path, *body = args.split(" ", 3)[1:]
        status, text = server.request(method, path, body[0] if body else None)
        try:
            return status, json.loads(text).get("error", text)
        except ValueError:
            return status, text
    r = subprocess.run([seqgen] + shlex.split(args), capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL,
                       preexec_fn=memory_limited(limit))
    code = r.returncode if r.returncode >= 0 else 128 - r.returncode
    return code, r.stderr.decode("utf-8", "replace")


def main():
    argv = [a for a in sys.argv[1:] if a and a != "--no-memory-limit"]  # "" from an empty CMake expression
    # Sanitizer runtimes reserve terabytes of address space.
    sanitized = any(k in os.environ for k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"))
    limit = 0 if "--no-memory-limit" in sys.argv or sanitized else MEMORY_LIMIT
    seqgen, source = os.path.abspath(argv[0]), argv[1]
    catalogues = argv[2:] or [os.path.join(source, "tests/bad_input/catalogue.tsv")]
    cases = [c for path in catalogues for c in catalogue_read(path)]
    ids = [c[1] for c in cases]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"case ids used twice: {sorted(dup)}")
    models = os.path.join(source, "models")
    with tempfile.TemporaryDirectory(prefix="seqgen-bad-input-") as tmp:
        fixtures(tmp, models)
        lock = train_runs(seqgen, tmp)
        server = Server(seqgen, f"{models}/synthesis.safetensors")
        failed = []
        try:
            for where, cid, args, want_code, expect in cases:
                filled = args.replace("{tmp}", tmp).replace("{models}", models).replace("{esc}", "\x1b")
                t0 = time.monotonic()
                try:
                    code, msg = case_run(seqgen, server, filled, limit)
                except subprocess.TimeoutExpired:
                    code, msg = "timeout", f"no answer within {TIMEOUT} s"
                seconds = time.monotonic() - t0
                msg = msg.replace(tmp, "{tmp}")
                problems = []
                if code != want_code:
                    problems.append(f"exit {code}, expected {want_code}")
                if expect not in msg:
                    problems.append(f"message lacks {expect!r}")
                if CONTROL.search(msg):
                    problems.append("message holds a control character")
                status = "ok" if not problems else "FAIL"
                first = msg.strip().splitlines()[0] if msg.strip() else "(no message)"
                print(f"{status:4} {cid:32} exit {code!s:3} {seconds:5.1f}s  {first[:150]}")
                if problems:
                    failed.append(cid)
                    print(f"     {where}: {'; '.join(problems)}\n     seqgen {args}\n     {msg.strip()[:600]}")
        finally:
            server.stop()
            lock.close()
    print(f"bad-input catalogue: {len(cases) - len(failed)} of {len(cases)} cases pass")
    if failed:
        print("failed: " + " ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
