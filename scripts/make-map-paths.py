#!/usr/bin/env python3
"""Turns ../shared/data/up-districts.svg into data/up-district-paths.tsv (slug <TAB> path).

Coordinates are rounded to whole units of the 1000-wide viewBox (half a unit is under a pixel
at any size the map is shown) and repeated points dropped: the page carries a third of the bytes.
Run again only if the source map changes; its output is committed.
"""
import re, sys, pathlib

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/up-districts.svg").read_text()
out = []
for m in re.finditer(r'<path d="([^"]+)"[^>]*\bid="([a-z0-9-]+)"', src):
    d, slug = m.group(1), m.group(2)
    parts = []
    for ring in re.findall(r"M([^MZ]+)Z?", d):
        nums = [float(x) for x in ring.split()]
        pts, last = [], None
        for x, y in zip(nums[0::2], nums[1::2]):
            p = (round(x), round(y))
            if p != last:
                pts.append(p)
            last = p
        if len(pts) >= 3:
            parts.append("M" + " ".join(f"{x} {y}" for x, y in pts) + "Z")
    out.append(f"{slug}\t{''.join(parts)}")
assert len(out) == 75, len(out)
pathlib.Path("data/up-district-paths.tsv").write_text("\n".join(sorted(out)) + "\n")
print(len(out), "districts")
