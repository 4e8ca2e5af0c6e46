"""A tiny database in IAM-OnDB's form, for the scripts' tests: four forms (training,
testset_t, testset_f, validation) of three lines each, each line a wavy run of 4 strokes
with steps of about 18 units.
Usage: tiny_iam.py DIR [LINE1 LINE2 LINE3] (the text of every form's three lines)."""
import io
import math
import os
import sys
import tarfile


def add(t, name, text):
    b = text.encode("latin-1")
    i = tarfile.TarInfo(name)
    i.size = len(b)
    t.addfile(i, io.BytesIO(b))


def line_xml(k):
    out, t = [], 100.0
    for s in range(4):
        pts = []
        for j in range(30):
            x = 300 + s * 220 + j * 6
            y = 500 + 40 * math.sin(j * 0.5 + k)
            pts.append(f'<Point x="{x:.0f}" y="{y:.0f}" time="{t:.2f}"/>')
            t += 0.015
        out.append('<Stroke colour="black">' + "".join(pts) + "</Stroke>")
        t += 0.2
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<WhiteboardCaptureSession><WhiteboardDescription>'
            '<SensorLocation corner="top_left"/></WhiteboardDescription><StrokeSet>' + "".join(out) +
            "</StrokeSet></WhiteboardCaptureSession>")


def main():
    root = sys.argv[1]
    lines = sys.argv[2:5] if len(sys.argv) >= 5 else ["abc de fg", "hij kl", "mno pq rs"]
    os.makedirs(root)
    forms = {"a01-000u": "train", "a01-001u": "t", "a01-002u": "f", "b01-000u": "valid"}  # t, f: testset_t, _f (trained on)
    with tarfile.open(f"{root}/ascii-all.tar.gz", "w:gz") as a, tarfile.open(f"{root}/lineStrokes-all.tar.gz", "w:gz") as s:
        for f in forms:
            d = f"{f[:3]}/{f[:7]}"
            add(a, f"ascii/{d}/{f}.txt", "OCR:\n\nabc de\n\nCSR:\n\n" + "\n".join(lines) + "\n")
            for n in range(1, 4):
                add(s, f"lineStrokes/{d}/{f}-{n:02}.xml", line_xml(n))
    for name, want in (("trainset.txt", "train"), ("testset_v.txt", "valid"), ("testset_t.txt", "t"), ("testset_f.txt", "f")):
        open(f"{root}/{name}", "w").write("".join(f + "\n" for f, k in forms.items() if k == want))


if __name__ == "__main__":
    main()
