"""A small two-session forum built in code for the attendance tests (ids match tests/fixtures/attendance/)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.model import Attendance, Forum, Organiser, Project, Recipient, Session, Text

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"

_PEOPLE = [
    # id, honorific km/en, name km/en, sex, category, session
    ("TK-001", ("ឯកឧត្តម", "H.E."), ("អ៊ុន វណ្ណា", "Un Vanna"), "M", "authority", "takeo"),
    ("TK-002", ("លោកស្រី", "Mrs."), ("ស៊ុន សុភា", "Sun Sophea"), "F", "department", "takeo"),
    ("TK-003", ("លោក", "Mr."), ("ចាន់ ដារា", "Chan Dara"), "M", "ngo", "takeo"),
    ("TK-004", ("កញ្ញា", "Miss"), ("កែវ ស្រីមុំ", "Keo Sreymom"), "F", "commune", "takeo"),
    ("TK-005", ("លោក", "Mr."), ("សុខ ពិសិដ្ឋ", "Sok Piseth"), "M", "union", "takeo"),
    ("KP-001", ("ឯកឧត្តម", "H.E."), ("ងិន ងីនដា", "Ngin Nginda"), "M", "authority", "kep"),
    ("KP-002", ("លោកស្រី", "Mrs."), ("ម៉ៅ ចន្ធី", "Mao Chanthy"), "F", "union", "kep"),
    ("KP-003", ("លោក", "Mr."), ("ហេង សំណាង", "Heng Samnang"), "M", "community", "kep"),
]


def recipients() -> list[Recipient]:
    return [
        Recipient(
            id=pid, honorific=Text(*hon), name=Text(*name), position=Text("មន្ត្រី", "Officer"),
            organisation=Text("អង្គភាព", "Office"), category=category, province=session.title(),
            session=session, language="both", sex=sex, phone="012 345 678",
        )
        for pid, hon, name, sex, category, session in _PEOPLE
    ]


def forum() -> Forum:
    sessions = (
        Session("takeo", "Takeo", dt.date(2018, 2, 27), dt.time(8), dt.time(12), Text("សាលាខេត្តតាកែវ", "Takeo Provincial Hall")),
        Session("kep", "Kep", dt.date(2018, 2, 28), dt.time(8), dt.time(12), Text("សាលាខេត្តកែប", "Kep Provincial Hall")),
    )
    return Forum(title=Text("វេទិកា", "Forum"), organiser=Organiser(Text("សម្ព័ន្ធ", "Alliance")), sessions=sessions)


def sample_project(root: Path, attendance: list[Attendance] | None = None) -> Project:
    """The sample forum rooted at ``root`` (a temporary folder)."""
    return Project(root=root, forum=forum(), recipients=recipients(), attendance=list(attendance or []),
                   out_dir=root / "out")
