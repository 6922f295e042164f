"""The peer measurement for bench_letters.py: N bilingual letters through WeasyPrint (HTML -> PDF).

Usage: python benchmarks/weasyprint_letters.py N OUTDIR
"""
from __future__ import annotations

import sys
from pathlib import Path

import weasyprint

PARAGRAPH_KM = (
    "វេទិកាសម្ព័ន្ធភាពសង្គមស៊ីវិល សហការជាមួយរដ្ឋបាលខេត្ត នឹងរៀបចំវេទិកាសន្ទនារវាងអង្គការសង្គមស៊ីវិល "
    "សហជីព និងសហគមន៍ ជាមួយអាជ្ញាធរខេត្ត ដើម្បីលើកកម្ពស់កិច្ចសហប្រតិបត្តិការ និងពិភាក្សាអំពីបញ្ហាប្រឈមនានា។ "
)
PARAGRAPH_EN = (
    "The Civil Society Alliance Forum, in collaboration with the provincial administration, will hold a "
    "dialogue forum between civil society organisations, unions and communities and the provincial authorities. "
)


def letter_html(i: int) -> str:
    body_km = "".join(f"<p>{PARAGRAPH_KM * 3}</p>" for _ in range(6))
    body_en = "".join(f"<p>{PARAGRAPH_EN * 3}</p>" for _ in range(6))
    return (
        "<html><head><style>@page{size:A4;margin:25mm 20mm} body{font-family:'Khmer OS Siemreap','Noto Sans Khmer';"
        "font-size:11pt} .h{text-align:center;font-family:'Khmer OS Muol Light'}</style></head><body>"
        f"<p class=h>ព្រះរាជាណាចក្រកម្ពុជា<br>ជាតិ សាសនា ព្រះមហាក្សត្រ</p><p>លេខ៖ {i}</p>{body_km}"
        f"<p style='page-break-before:always'>No. {i}</p>{body_en}</body></html>"
    )


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        weasyprint.HTML(string=letter_html(i)).write_pdf(out / f"{i}.pdf")


if __name__ == "__main__":
    main()
