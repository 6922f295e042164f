"""The print file files recipients of a category the forum does not list after every listed category."""
from __future__ import annotations

import datetime as dt

from docgen.build import BuildOptions, build
from letters_support import make_project, make_recipient
from typeset_support import pdfium_text


def test_an_unlisted_category_prints_after_the_last_listed_one(tmp_path):
    recipients = [
        make_recipient("KEP-001", name_km="ហេង វណ្ណា", category="community", row=2),  # the forum's last category
        make_recipient("KEP-002", name_km="សុខ ចាន់", category="authority", row=3),   # its first
        make_recipient("KEP-003", name_km="កែវ សុភា", category="press", row=4),       # no such category; ក sorts first
    ]
    project = make_project(tmp_path, recipients)
    (result,) = build(project, ["letters"], BuildOptions(out_dir=project.out_dir, formats=("pdf",), jobs=1,
                                                          order="province,category,name",
                                                          timestamp=dt.datetime(2018, 2, 1, 9)))
    assert result.counts["letters"] == 3
    texts = pdfium_text((project.out_dir / "letters" / "print.pdf").read_bytes())
    names = ["សុខ ចាន់", "ហេង វណ្ណា", "កែវ សុភា"]
    assert [[name for name in names if name in text] for text in texts] == [[name] for name in names]
