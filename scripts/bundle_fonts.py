"""Make the static TTF files docgen ships in docgen/fonts/ (a development-time step, not run by users).

The Cambodian faces by Danh Hong (Moul for the kingdom header and headings,
Battambang for the body; both SIL OFL 1.1) come from the npm packages
@fontsource/moul and @fontsource/battambang as WOFF2, which fontTools (with
brotli) turns back into TrueType. Their Khmer subsets hold the whole Khmer
block docgen uses, ASCII and the dotted circle, with every GSUB/GPOS lookup.

The Latin face is Noto Serif (OFL 1.1) from the PyPI package fontpkg-noto-serif:
its variable font is instanced at 400 and 700, upright and italic, and subset
to the Latin, Greek and Cyrillic letters and the punctuation a letter needs.

    pip install fonttools brotli fontpkg-noto-serif==2.15 && python scripts/bundle_fonts.py

needs npm on the PATH; it rewrites docgen/fonts/*.ttf and the licence files.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

TARGET = Path(__file__).resolve().parent.parent / "docgen" / "fonts"
FONTSOURCE = {  # npm package (pinned: the shipped bytes can be made again) -> (file, TTF written, PostScript name)
    "@fontsource/moul@5.3.0": [("moul-khmer-400-normal.woff2", "Moul-Regular.ttf", "Moul-Regular")],
    "@fontsource/battambang@5.3.0": [("battambang-khmer-400-normal.woff2", "Battambang-Regular.ttf", "Battambang-Regular"),
                               ("battambang-khmer-700-normal.woff2", "Battambang-Bold.ttf", "Battambang-Bold")],
}
NOTO_STYLES = [("NotoSerif-Regular", False, 400), ("NotoSerif-Bold", False, 700),
               ("NotoSerif-Italic", True, 400), ("NotoSerif-BoldItalic", True, 700)]
# Latin, Latin-1, Latin Extended A/B and Additional (Vietnamese), IPA-free; Greek; Cyrillic;
# general punctuation, currency, letterlike symbols, arrows, the minus; no-break and zero-width characters.
LATIN_UNICODES = ("U+0020-024F,U+0259,U+02B9-02DD,U+0300-036F,U+0370-03FF,U+0400-045F,U+0490-0491,"
                  "U+1E00-1EFF,U+2000-206F,U+20A0-20C0,U+2100-214F,U+2190-2199,U+2212,U+2215,U+25CC,U+FEFF,U+FFFD")


def _npm_pack(package: str, folder: Path) -> tarfile.TarFile:
    name = subprocess.run(["npm", "pack", "--silent", package], cwd=folder, check=True,
                          capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return tarfile.open(folder / name)


def _save(font: TTFont, name: str) -> None:
    buffer = io.BytesIO()
    font.flavor = None
    font.save(buffer)
    (TARGET / name).write_bytes(buffer.getvalue())
    print(f"{name}: {len(buffer.getvalue()) // 1024} KB")


def bundle_fontsource(work: Path) -> None:
    for package, files in FONTSOURCE.items():
        with _npm_pack(package, work) as archive:
            licence = archive.extractfile("package/LICENSE").read()
            (TARGET / f"OFL-{files[0][1].split('-')[0]}.txt").write_bytes(licence)
            for member, target, ps_name in files:
                font = TTFont(io.BytesIO(archive.extractfile(f"package/files/{member}").read()))
                if font["name"].getDebugName(6) != ps_name:
                    raise SystemExit(f"{member}: PostScript name {font['name'].getDebugName(6)!r}, not {ps_name!r}")
                _save(font, target)


def bundle_noto_serif() -> None:
    import fontpkg_noto_serif

    files = sorted((fontpkg_noto_serif.ROOT / "files").glob("*.ttf"))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    unicodes = subset.parse_unicodes(LATIN_UNICODES)
    for ps_name, italic, weight in NOTO_STYLES:
        source = next(p for p in files if ("Italic" in p.name) == italic)
        with TTFont(source) as font:
            static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100},
                                                       updateFontNames=True)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            subsetter.subset(static)
            _name(static, ps_name)
            _save(static, f"{ps_name}.ttf")
    (TARGET / "OFL-NotoSerif.txt").write_bytes((fontpkg_noto_serif.ROOT / "LICENSE").read_bytes())


def _name(font: TTFont, ps_name: str) -> None:
    """Family, style, full and PostScript names of a static instance (the instancer names italics oddly)."""
    style = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}[ps_name.split("-")[1]]
    table = font["name"]
    for name_id, value in ((1, "Noto Serif"), (2, style), (4, f"Noto Serif {style}".replace(" Regular", "")),
                           (6, ps_name), (16, None), (17, None)):
        table.removeNames(nameID=name_id)
        if value:
            table.setName(value, name_id, 3, 1, 0x409)


def main() -> None:
    TARGET.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        bundle_fontsource(Path(work))
    bundle_noto_serif()


if __name__ == "__main__":
    main()
