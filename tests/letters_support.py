"""A small forum built in code for the letters tests: two sessions, four recipients, no files needed."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from docgen.model import Forum, LetterSettings, Organiser, Person, Project, Recipient, Session, Source, Text

__all__ = ["make_project", "make_recipient"]


def make_recipient(rid: str, *, name_km: str = "សុខ ចាន់", name_en: str = "SOK Chan", language: str = "km",
                   province: str = "Kep", category: str = "authority", session: str = "KEP", row: int = 2,
                   **changes) -> Recipient:
    recipient = Recipient(
        id=rid, honorific=Text("ឯកឧត្តម", "H.E."), name=Text(name_km, name_en),
        position=Text("អភិបាលខេត្តកែប", "Governor of Kep Province"),
        organisation=Text("រដ្ឋបាលខេត្តកែប", "Kep Provincial Administration"),
        category=category, province=province, session=session, language=language,
        address=Text("ខេត្តកែប", "Kep Province"), source=Source("recipients/kep.csv", row),
    )
    return replace(recipient, **changes)


def make_project(root: Path, recipients: list[Recipient] | None = None) -> Project:
    sessions = (
        Session("KEP", "Kep", dt.date(2018, 2, 27), dt.time(8, 0), dt.time(11, 30),
                Text("សាលាខេត្តកែប", "Kep Provincial Hall"), Text("វេទិកាខេត្តកែប", "Kep Forum")),
        Session("KPT", "Kampot", dt.date(2018, 3, 1), dt.time(14, 0), None,
                Text("សាលាខេត្តកំពត", "Kampot Provincial Hall")),
    )
    forum = Forum(
        title=Text("វេទិកាផ្សព្វផ្សាយ និងពិគ្រោះយោបល់", "Dissemination and Consultation Forum"),
        organiser=Organiser(Text("លេខាធិការដ្ឋាន គ.ជ.អ.ប", "NCDD Secretariat"),
                            parent=Text("ក្រសួងមហាផ្ទៃ", "Ministry of Interior")),
        sessions=sessions,
        letters=LetterSettings(
            reference_pattern="{number:03d}/១៨ ល.គ.ជ.អ.ប", date=dt.date(2018, 2, 1),
            subject=Text("ការអញ្ជើញចូលរួមវេទិកា", "Invitation to the forum"),
            signatory=Person(Text("ង៉ុន ចាន់", "NGON Chan"), Text("ឯកឧត្តម", "H.E."),
                             Text("ប្រធានលេខាធិការដ្ឋាន", "Head of the Secretariat")),
            extra={"reference_pattern_en": "{number:03d}/18 NCDDS"},
        ),
    )
    if recipients is None:
        recipients = [
            make_recipient("KEP-001", row=2),
            make_recipient("KEP-002", name_km="ចាន់ ធីតា", name_en="CHAN Thida", language="en", category="ngo", row=3),
            make_recipient("KPT-001", name_km="កែវ សុភា", name_en="KEO Sophea", language="both", province="Kampot",
                           session="KPT", row=4),
            make_recipient("KPT-002", name_km="ហេង វណ្ណា", name_en="HENG Vanna", province="Kampot", session="KPT",
                           category="commune", row=5),
        ]
    return Project(root=root, forum=forum, recipients=list(recipients), out_dir=root / "out")
