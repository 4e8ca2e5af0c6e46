"""POST /api/write and friends over loopback: good requests and the 4xx catalogue.
Usage: test_serve_api.py SEQGEN_BINARY"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from serve_helper import Server

BINARY = sys.argv.pop(1) if len(sys.argv) > 1 else "seqgen"
STYLE = {"text": "mum", "strokes": [[[x, 50 + 30 * ((x // 15) % 2)] for x in range(0, 300, 5)]]}


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server(BINARY)

    @classmethod
    def tearDownClass(cls):
        cls.s.stop()

    def write(self, body):
        st, h, b = self.s.request("/api/write", body)
        return st, h, b

    def test_health_and_styles(self):
        st, _, b = self.s.request("/healthz")
        self.assertEqual(st, 200)
        self.assertTrue(json.loads(b)["ok"])
        st, _, b = self.s.request("/api/styles")
        styles = json.loads(b)["styles"]
        self.assertGreater(len(styles), 0)
        self.assertIn("text", styles[0])

    def test_page(self):
        for path, kind in [("/", "text/html"), ("/app.js", "javascript"), ("/style.css", "text/css")]:
            st, h, b = self.s.request(path)
            self.assertEqual(st, 200, path)
            self.assertIn(kind, h["Content-Type"])
            self.assertGreater(len(b), 100)

    def test_write_json(self):
        st, _, b = self.write({"lines": ["Hello", "world"], "bias": 0.75, "seed": 2, "style": 1})
        self.assertEqual(st, 200, b)
        j = json.loads(b)
        self.assertEqual([l["text"] for l in j["lines"]], ["Hello", "world"])
        for l in j["lines"]:
            self.assertGreater(sum(len(s) for s in l["strokes"]), 20)
        # Same request, same handwriting.
        self.assertEqual(self.write({"lines": ["Hello", "world"], "bias": 0.75, "seed": 2, "style": 1})[2], b)
        # The pen's moves between strokes at the strokes' bias (the paper's sampling): other lines.
        self.assertEqual(j["jump_bias"], 2)
        st, _, b0 = self.write({"lines": ["Hello", "world"], "bias": 0.75, "seed": 2, "style": 1, "jump_bias": 0})
        self.assertEqual(st, 200, b0)
        self.assertEqual(json.loads(b0)["jump_bias"], 0)
        self.assertNotEqual(json.loads(b0)["lines"], j["lines"])
        # Capitals at the line's bias too: the H of "Hello" drawn otherwise.
        self.assertEqual(j["rare_bias"], 3)
        st, _, b1 = self.write({"lines": ["Hello", "world"], "bias": 0.75, "seed": 2, "style": 1, "rare_bias": 0})
        self.assertEqual(st, 200, b1)
        self.assertEqual(json.loads(b1)["rare_bias"], 0)
        self.assertNotEqual(json.loads(b1)["lines"][0], j["lines"][0])

    def test_write_svg(self):
        st, h, b = self.write({"lines": ["svg please"], "format": "svg", "color": "#ff0000", "width": 3})
        self.assertEqual(st, 200, b)
        self.assertIn("image/svg+xml", h["Content-Type"])
        self.assertIn(b"<svg", b)

    def test_write_uploaded_styles(self):
        st, _, b = self.write({"lines": ["mine"], "style": STYLE})
        self.assertEqual(st, 200, b)
        self.assertTrue(json.loads(b)["lines"][0]["strokes"])
        svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>mum</title><path d="M0 0 L20 40 L40 0 L60 40 L80 0"/></svg>'
        st, _, b = self.write({"lines": ["mine"], "style": {"text": "mum", "svg": svg}})
        self.assertEqual(st, 200, b)
        # Points may carry their time, as the page records them.
        timed = {"text": "mum", "strokes": [[[p[0], p[1], i * 10] for i, p in enumerate(STYLE["strokes"][0])]]}
        self.assertEqual(self.write({"lines": ["mine"], "style": timed})[0], 200)

    def test_concurrent(self):
        out = []
        def one(i):
            out.append(self.write({"lines": [f"line {i}"], "seed": i})[0])
        ts = [threading.Thread(target=one, args=(i,)) for i in range(6)]
        for t in ts: t.start()
        for t in ts: t.join()
        self.assertEqual(out, [200] * 6)

    def test_errors(self):
        cases = [
            (b'{"lines": ["a"', 400, "not valid JSON"),
            (b"[1, 2]", 400, "must be a JSON object"),
            ({"text": "a"}, 400, 'unknown field "text"'),
            ({"bias": 1}, 400, '"lines" is missing'),
            ({"lines": "a"}, 400, '"lines" must be an array'),
            ({"lines": [1]}, 400, '"lines"[0] must be a string'),
            ({"lines": ["a"], "bias": "high"}, 400, '"bias" must be a number'),
            ({"lines": ["a"], "bias": -1}, 400, '"bias" must be between'),
            ({"lines": ["a"], "jump_bias": "x"}, 400, '"jump_bias" must be a number'),
            ({"lines": ["a"], "jump_bias": 11}, 400, '"jump_bias" must be between'),
            ({"lines": ["a"], "rare_bias": None}, 400, '"rare_bias" must be a number'),
            ({"lines": ["a"], "rare_bias": -0.5}, 400, '"rare_bias" must be between'),
            ({"lines": ["a"], "seed": 1.5}, 400, '"seed" must be an integer'),
            ({"lines": ["a"], "format": "png"}, 400, '"format" must be'),
            ({"lines": ["x" * 81]}, 400, "at most 80 per line"),
            ({"lines": ["x"] * 11}, 400, "at most 10"),
            ({"lines": ["", " "]}, 400, "nothing to write"),
            ({"lines": ["snow ☃"]}, 400, "cannot be written"),
            ({"lines": ["a"], "style": 999}, 400, "built-in styles"),
            ({"lines": ["a"], "style": "/etc/passwd"}, 400, '"style" must be'),
            ({"lines": ["a"], "style": {"text": "hi"}}, 400, "nothing to imitate"),
            ({"lines": ["a"], "style": {"text": "hi", "strokes": []}}, 400, "at least two points"),
            ({"lines": ["a"], "style": {"text": "", "strokes": STYLE["strokes"]}}, 400, '"text" is empty'),
            ({"lines": ["a"], "style": {"text": "hi", "strokes": [[["x", 1]]]}}, 400, "is not [x, y]"),
            ({"lines": ["a"], "style": {"text": "hi", "svg": "<svg"}}, 400, "not valid XML"),
            ({"lines": ["a"], "color": "mauve-ish"}, 400, "colo"),
            (b"{" + b" " * (2 << 20) + b"}", 413, "too large"),
        ]
        for body, status, words in cases:
            with self.subTest(body=str(body)[:60]):
                st, h, b = self.s.request("/api/write", **({"raw": body} if isinstance(body, bytes) else {"body": body}))
                self.assertEqual(st, status, b)
                self.assertIn("application/json", h["Content-Type"])
                msg = json.loads(b)["error"]
                self.assertIn(words, msg)
                print(f"{status} {msg}")
        st, _, b = self.s.request("/no/such/page")
        self.assertEqual(st, 404)
        self.assertIn("error", json.loads(b))


class Busy(unittest.TestCase):
    def test_full_queue_is_503(self):
        s = Server(BINARY, "--queue", "1")
        try:
            out = []
            def one():
                out.append(s.request("/api/write", {"lines": ["a fairly long line to keep it busy for a while"] * 4}))
            ts = [threading.Thread(target=one) for _ in range(4)]
            for t in ts: t.start()
            for t in ts: t.join()
            codes = sorted(r[0] for r in out)
            self.assertIn(503, codes)
            self.assertIn(200, codes)
            busy = [r for r in out if r[0] == 503][0]
            self.assertEqual(busy[1]["Retry-After"], "1")
        finally:
            self.assertEqual(s.stop(), 0)


class Batching(unittest.TestCase):
    def test_concurrent_requests_are_drawn_in_one_batch(self):
        """8 requests at once share batched steps, and each gets what it would get alone, with
        either weight format (and the formats draw different lines: the flag reaches both paths)."""
        bodies = [{"lines": [f"batch line {i}"], "seed": i, "bias": 0.5} for i in range(8)]
        first = {}
        for weights in ("bf16", "int8"):
            with self.subTest(weights=weights):
                s = Server(BINARY, "--lanes", "1", "--weights", weights)
                try:
                    out = {}
                    def one(i):
                        out[i] = s.request("/api/write", bodies[i])
                    ts = [threading.Thread(target=one, args=(i,)) for i in range(8)]
                    for t in ts: t.start()
                    for t in ts: t.join()
                    st, _, h = s.request("/healthz")
                    batch = json.loads(h)["batch"]
                    print(weights, "batched:", batch)
                    self.assertGreater(batch["largest"], 1, "no step drew lines of two requests together")
                    self.assertEqual(batch["lines"], 0)
                finally:
                    self.assertEqual(s.stop(), 0)
                alone = Server(BINARY, "--batching", "off", "--weights", weights)
                try:
                    for i in range(8):
                        self.assertEqual(out[i][0], 200, out[i][2])
                        self.assertEqual(alone.request("/api/write", bodies[i])[2], out[i][2],
                                         f"request {i} differs unbatched")
                finally:
                    self.assertEqual(alone.stop(), 0)
                first[weights] = out[0][2]
        self.assertNotEqual(first["bf16"], first["int8"])

    def test_reader_none_serves_the_model_without_its_reader(self):
        """--reader none: the answers of the same model packed without its reader, batched or
        not; the default's (the reader checks each word) differ where it drew a word again."""
        bodies = [{"lines": ["Quiz: 89 zebras jumped over 7 boxes"], "seed": i} for i in range(4)]
        out = {}
        with tempfile.TemporaryDirectory() as d:
            packed = os.path.join(d, "noreader.safetensors")
            for name, args in [("default", []), ("none", ["--reader", "none"]),
                               ("none, unbatched", ["--reader", "none", "--batching", "off"]),
                               ("packed", ["--model", packed])]:
                s = Server(BINARY, *args)
                try:
                    if name == "default":
                        subprocess.run([BINARY, "pack", "--model", s.model, "--reader", "none", "-q", "-o", packed],
                                       check=True)
                    out[name] = [s.request("/api/write", b) for b in bodies]
                finally:
                    self.assertEqual(s.stop(), 0)
        for name, answers in out.items():
            self.assertEqual([a[0] for a in answers], [200] * 4, name)
        body = {name: [a[2] for a in answers] for name, answers in out.items()}
        self.assertEqual(body["none"], body["packed"])
        self.assertEqual(body["none, unbatched"], body["packed"])
        self.assertNotEqual(body["default"], body["packed"])

    def test_timed_out_request_frees_its_slot(self):
        """With one slot, a request past --timeout is answered 503 and leaves the batch; the next one is drawn."""
        s = Server(BINARY, "--max-batch", "1", "--lanes", "1", "--timeout", "3")
        # ~300 characters of priming per line, 10 lines, one slot: far more than 3 s.
        long_style = {"text": "mum " * 75, "strokes": [[[x, 50 + 30 * ((x // 15) % 2)] for x in range(0, 9000, 5)]]}
        slow = {"lines": ["a long line to keep the only slot busy"] * 10, "style": long_style}
        try:
            out = {}
            t = threading.Thread(target=lambda: out.update(slow=s.request("/api/write", slow)))
            t.start()
            # Late enough that "next" has 2 s left once the slot frees at 3 s (its line is read by
            # the model's recogniser and may be drawn again: slow under the sanitizers).
            time.sleep(2)
            st, _, b = s.request("/api/write", {"lines": ["next"], "style": 0})
            t.join()
            self.assertEqual(out["slow"][0], 503, out["slow"][2])
            self.assertIn("time limit", json.loads(out["slow"][2])["error"])
            self.assertEqual(st, 200, b)
            self.assertEqual(json.loads(s.request("/healthz")[2])["batch"]["lines"], 0)
        finally:
            self.assertEqual(s.stop(), 0)

    def test_sigterm_finishes_requests_in_flight(self):
        s = Server(BINARY)
        out = {}
        t = threading.Thread(target=lambda: out.update(r=s.request("/api/write", {"lines": ["finish me", "and me"]})))
        t.start()
        for _ in range(200):  # until its lines are being drawn
            if json.loads(s.request("/healthz")[2])["batch"]["lines"] > 0:
                break
            time.sleep(0.02)
        self.assertEqual(s.stop(), 0)
        t.join()
        self.assertEqual(out["r"][0], 200, out["r"][2])


if __name__ == "__main__":
    unittest.main(verbosity=2)
