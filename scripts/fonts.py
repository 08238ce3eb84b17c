#!/usr/bin/python3
"""fonts.py — build assets/fonts/ from Debian's Noto fonts (OFL 1.1).

Run by `make fonts` (needs fonts-noto-core, fonts-noto-cjk and
python3-fonttools; scripts/deps.sh fonts installs them). The output is
committed: the binary embeds it and the build needs neither Python nor the
fonts. Everything written is deterministic (no timestamps), so a second run
changes nothing.

What is built, and why:
- latin: Noto Sans for what the Go font lacks in Latin (Vietnamese ư ơ ạ ễ,
  Latin Extended Additional), combining marks and the currency signs
  (₹ ₩ ₪ ₺ ₽ ₫ ₴ ₦ ₱).
- arabic, hebrew, thai, devanagari: the whole Noto Sans font of the script,
  layout tables kept, because these are shaped at run time (go-text's
  HarfBuzz). fpdf draws characters, not glyph ids, so every glyph is also
  given a Private Use Area code point (U+E000 + glyph id): a shaped glyph
  (a joined Arabic letter, a Devanagari conjunct) is drawn through it.
- armenian, georgian: their Noto Sans fonts as they are.
- cjk-jp, cjk-sc, cjk-tc, cjk-kr: Noto Sans CJK is a CFF (PostScript)
  font, which fpdf cannot embed; each region's face is cut to the
  characters of its national standard (JIS X 0208, GB 2312, Big5 level 1,
  KS X 1001 hangul and symbols) plus kana, CJK punctuation and the
  full-width forms (￥), and its outlines are converted to TrueType
  quadratics (fontTools cu2qu, within 1 unit of 1000).
- ui, ui-bold: the window's fonts (Fyne takes one font per text style):
  Noto Sans, then each font above with what the fonts before it lack,
  merged into one (fontTools.merge), without the Private Use Area code
  points; ui-bold the same from the Bold weights.
Each font is stored gzip-compressed (.ttf.gz): the binary carries about
two thirds of the bytes, and a font is unpacked only when a text needs it.
"""
import gzip
import io
import logging
import os
import sys
import tempfile

from fontTools import merge, subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

NOTO = "/usr/share/fonts/truetype/noto"
CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
CJK_FACE = {"jp": 0, "kr": 1, "sc": 2, "tc": 3}  # order in the collection
PUA = 0xE000


def ranges(*rs):
    out = set()
    for a, b in rs:
        out.update(range(a, b + 1))
    return out


def double_byte(enc, lead, trail):
    """Every character of a double-byte national character set."""
    out = set()
    for a in lead:
        for b in trail:
            try:
                out.update(ord(c) for c in bytes([a, b]).decode(enc))
            except UnicodeDecodeError:
                pass
    return out


HI = range(0xA1, 0xFF)
# Shared by every CJK face: CJK punctuation, kana, full-width forms (￥ ￦),
# ideographic space.
CJK_COMMON = ranges((0x3000, 0x303F), (0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF01, 0xFF9F), (0xFFE0, 0xFFEE))
CJK_SETS = {
    "jp": lambda: double_byte("euc_jp", HI, HI),
    "sc": lambda: double_byte("gb2312", HI, HI),
    "tc": lambda: double_byte("big5", range(0xA1, 0xC7), list(range(0x40, 0x7F)) + list(HI)),
    # Hangul and symbols of KS X 1001; its hanja are drawn by the other faces.
    "kr": lambda: {c for c in double_byte("euc_kr", HI, HI) if not 0x4E00 <= c <= 0x9FFF} | ranges((0x3130, 0x318F)),
}

LATIN = ranges((0x20, 0x7E), (0xA0, 0x24F), (0x250, 0x2FF), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x52F),
               (0x1E00, 0x1EFF), (0x1F00, 0x1FFF), (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x215F),
               (0x25CC, 0x25CC), (0xFFFD, 0xFFFD))

SCRIPTS = {  # name: (file, shaped)
    "arabic": ("NotoSansArabic-Regular.ttf", True),
    "hebrew": ("NotoSansHebrew-Regular.ttf", True),
    "thai": ("NotoSansThai-Regular.ttf", True),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", True),
    "armenian": ("NotoSansArmenian-Regular.ttf", False),
    "georgian": ("NotoSansGeorgian-Regular.ttf", False),
}


def cut(font, unicodes, keep_layout):
    o = subset.Options()
    o.layout_features = ["*"] if keep_layout else []
    o.name_IDs = ["*"]
    o.name_languages = [0x409]
    o.notdef_outline = True
    o.hinting = keep_layout  # the CFF faces have no TrueType hints to keep
    o.desubroutinize = True
    o.glyph_names = False
    s = subset.Subsetter(o)
    s.populate(unicodes=sorted(unicodes))
    s.subset(font)


def to_truetype(font):
    """CFF outlines to TrueType quadratics (fontTools' otf2ttf, trimmed)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for t in ("VORG", "vhea", "vmtx", "GSUB", "GPOS", "BASE"):
        if t in font:
            del font[t]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for a in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours", "maxTwilightPoints",
              "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
              "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, a, 0)
    maxp.maxZones = 1
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def add_pua(font):
    """Give every glyph the code point U+E000 + its id (see the docstring)."""
    n = len(font.getGlyphOrder())
    if n > 0xF8FF - PUA:
        sys.exit(f"fonts.py: {n} glyphs do not fit the Private Use Area")
    cmap = font["cmap"]
    base = dict(font.getBestCmap())
    order = font.getGlyphOrder()
    for gid, name in enumerate(order):
        base[PUA + gid] = name
    bmp = {c: g for c, g in base.items() if c <= 0xFFFF}
    sub4 = CmapSubtable.newSubtable(4)
    sub4.platformID, sub4.platEncID, sub4.language, sub4.cmap = 3, 1, 0, bmp
    tables = [sub4]
    if any(c > 0xFFFF for c in base):
        sub12 = CmapSubtable.newSubtable(12)
        sub12.platformID, sub12.platEncID, sub12.language, sub12.cmap = 3, 10, 0, base
        tables.append(sub12)
    cmap.tables = tables


def save(font, out):
    buf = io.BytesIO()
    font.save(buf)
    raw = buf.getvalue()
    gz = io.BytesIO()
    with gzip.GzipFile(fileobj=gz, mode="wb", compresslevel=9, mtime=0, filename="") as z:
        z.write(raw)
    with open(out, "wb") as f:
        f.write(gz.getvalue())
    print(f"{os.path.basename(out)}: {len(font.getGlyphOrder())} glyphs, {len(raw)} bytes, {len(gz.getvalue())} gzipped")


def build_ui(parts, out):
    """Merge parts (TTFont objects, most wanted first) into one font."""
    logging.getLogger("fontTools.merge").setLevel(logging.ERROR)
    covered = set()
    # Lines as tall as Noto Sans's, Fyne's own font: the merge would take
    # the tallest of all (Thai and Devanagari marks reach far), and every
    # line of the window would grow by a tenth.
    first = parts[0]
    created = (first["head"].created, first["head"].modified)
    vertical = {
        "hhea": {a: getattr(first["hhea"], a) for a in ("ascent", "descent", "lineGap")},
        "OS/2": {a: getattr(first["OS/2"], a) for a in ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent", "usWinDescent")},
    }
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, f in enumerate(parts):
            cmap = {c for c in f.getBestCmap() if not 0xE000 <= c <= 0xF8FF}
            want = cmap - covered
            if not want:
                continue
            cut(f, want, keep_layout="GSUB" in f)
            covered |= want
            path = os.path.join(tmp, f"{i}.ttf")
            f.save(path)
            paths.append(path)
        font = merge.Merger().merge(paths)
    # A format 4 table cannot hold this many code points: format 12 only,
    # which Fyne's go-text reads.
    best = dict(font.getBestCmap())
    tables = []
    for pid, eid in ((0, 4), (3, 10)):
        t = CmapSubtable.newSubtable(12)
        t.platformID, t.platEncID, t.language, t.cmap = pid, eid, 0, best
        tables.append(t)
    font["cmap"].tables = tables
    for table, values in vertical.items():
        for a, v in values.items():
            setattr(font[table], a, v)
    # The merge stamps the time of the run; keep the source's dates so that
    # a rebuild gives the same bytes.
    font["head"].created, font["head"].modified = created
    font.recalcTimestamp = False
    save(font, out)


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    f = TTFont(os.path.join(NOTO, "NotoSans-Regular.ttf"), recalcTimestamp=False)
    cut(f, LATIN, keep_layout=False)
    save(f, os.path.join(outdir, "latin.ttf.gz"))
    for name, (file, shaped) in SCRIPTS.items():
        f = TTFont(os.path.join(NOTO, file), recalcTimestamp=False)
        if shaped:
            add_pua(f)
        else:
            cut(f, set(f.getBestCmap()), keep_layout=False)
        save(f, os.path.join(outdir, name + ".ttf.gz"))
    for weight, suffix in (("Regular", ""), ("Bold", "-bold")):
        ui = [TTFont(os.path.join(NOTO, "NotoSans-" + weight + ".ttf"), recalcTimestamp=False)]
        cut(ui[0], LATIN, keep_layout=True)
        for file, _ in SCRIPTS.values():
            ui.append(TTFont(os.path.join(NOTO, file.replace("-Regular", "-" + weight)), recalcTimestamp=False))
        cjk = {}
        for region, face in CJK_FACE.items():
            f = TTFont(CJK.replace("-Regular", "-" + weight), fontNumber=face, recalcTimestamp=False)
            cut(f, CJK_SETS[region]() | CJK_COMMON, keep_layout=False)
            to_truetype(f)
            if weight == "Regular":
                save(f, os.path.join(outdir, "cjk-" + region + ".ttf.gz"))
            cjk[region] = f
        # Simplified Chinese shapes first, as in the PDFs' default order.
        for region in ("sc", "jp", "tc", "kr"):
            buf = io.BytesIO()
            cjk[region].save(buf)
            buf.seek(0)
            ui.append(TTFont(buf))
        build_ui(ui, os.path.join(outdir, "ui" + suffix + ".ttf.gz"))


if __name__ == "__main__":
    # fontTools.merge walks sets of glyph names: with Python's randomised
    # string hashing the merged font's bytes would change from run to run.
    if os.environ.get("PYTHONHASHSEED") != "0":
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    main(sys.argv[1] if len(sys.argv) > 1 else "assets/fonts")
