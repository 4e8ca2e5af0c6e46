"""Hershey vector fonts (Debian package hershey-fonts-data): each glyph as pen strokes.

Used by scripts/iam_augment.py (words drawn into training lines) and bench/legibility.py
(a printed and a cursive font read by the same reader as seqgen's lines).
"""
import os

HERSHEY = "/usr/share/hershey-fonts"


class FontError(Exception):
    pass


def font_path(name):
    """A font's file: a path, or a name in the package's folder ("futural")."""
    return name if os.sep in name or name.endswith(".jhf") else os.path.join(HERSHEY, name + ".jhf")


def font_read(path):
    """{char: (left, right, strokes)} of a .jhf file holding ASCII 32..126 in order."""
    try:
        text = open(path, encoding="latin-1").read()
    except OSError as e:
        raise FontError(f"{path}: {e.strerror} (Debian package hershey-fonts-data)") from None
    glyphs, i = [], 0
    lines = text.split("\n")
    while i < len(lines):
        line = lines[i].rstrip("\r")
        i += 1
        if not line.strip():
            continue
        try:
            n = int(line[5:8])  # vertex pairs, the margins counting as one
        except ValueError:
            raise FontError(f"{path}: line {i}: no vertex count in columns 6-8 (not a Hershey .jhf font)") from None
        body = line[8:]
        while len(body) < 2 * n and i < len(lines):  # a glyph may go on over several lines
            body += lines[i].rstrip("\r")
            i += 1
        if len(body) < 2 * n:
            raise FontError(f"{path}: glyph {len(glyphs) + 1} is cut short")
        left, right = ord(body[0]) - 82, ord(body[1]) - 82
        strokes, cur = [], []
        for k in range(2, 2 * n, 2):
            if body[k:k + 2] == " R":
                if cur:
                    strokes.append(cur)
                cur = []
            else:
                cur.append((ord(body[k]) - 82, ord(body[k + 1]) - 82))
        if cur:
            strokes.append(cur)
        glyphs.append((left, right, strokes))
    if len(glyphs) < 95:
        raise FontError(f"{path}: {len(glyphs)} glyphs, expected ASCII 32..126")
    return {chr(32 + k): g for k, g in enumerate(glyphs[:95])}


def word_strokes(font, word):
    """The word's pen strokes in font units (y down, baseline at 9, x-height 14) and its width;
    a character the font lacks is left out."""
    x, out = 0.0, []
    for c in word:
        if c not in font:
            continue
        left, right, strokes = font[c]
        out += [[(x + px - left, py) for px, py in s] for s in strokes]
        x += right - left
    return out, x
