"""A small two-session forum built in code for the attendance tests (ids match tests/fixtures/attendance/)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docgen.model import AgendaItem, Attendance, Forum, Organiser, Person, Project, Recipient, Session, Text

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


_AGENDA = [
    # start, end, km, en, speaker km, speaker en, kind
    ((8, 0), (8, 30), "ចុះឈ្មោះអ្នកចូលរួម", "Registration of participants", "លេខាធិការដ្ឋាន", "Secretariat", "item"),
    ((8, 30), (9, 0), "សុន្ទរកថាស្វាគមន៍", "Welcome remarks", "អភិបាលរងខេត្ត", "Deputy Governor", "item"),
    ((9, 0), (10, 0), "បទបង្ហាញស្តីពីតួនាទីរបស់វេទិកា", "Presentation of the forum's role", "ប្រធានក្រុមប្រឹក្សាភិបាល", "Chairman of the Board", "item"),
    ((10, 0), (10, 15), "សម្រាកអាហារសម្រន់", "Coffee break", "", "", "break"),
    ((10, 15), (11, 30), "កិច្ចពិភាក្សា និងសំណួរចម្លើយ", "Open discussion, questions and answers", "អ្នកចូលរួមទាំងអស់", "All participants", "item"),
    ((11, 30), (12, 0), "មតិបញ្ចប់ និងបិទវេទិកា", "Closing remarks", "អភិបាលរងខេត្ត", "Deputy Governor", "item"),
]


def agenda() -> tuple[AgendaItem, ...]:
    return tuple(
        AgendaItem(dt.time(*start), dt.time(*end), Text(km, en), Text(skm, sen), kind)
        for start, end, km, en, skm, sen, kind in _AGENDA
    )


def forum() -> Forum:
    chair = Person(Text("ខឹម រ័ត្នវិសិដ្ឋ", "Kem Rath Viseth"), Text("លោក", "Mr."), Text("ប្រធានក្រុមប្រឹក្សាភិបាល", "Chairman of the Board"))
    co_chair = Person(Text("អ៊ុន វណ្ណា", "Un Vanna"), Text("ឯកឧត្តម", "H.E."), Text("អភិបាលរងខេត្តតាកែវ", "Deputy Governor of Takeo"))
    sessions = (
        Session("takeo", "Takeo", dt.date(2018, 2, 27), dt.time(8), dt.time(12), Text("សាលាខេត្តតាកែវ", "Takeo Provincial Hall"),
                Text("វេទិកាសន្ទនាខេត្តតាកែវ", "Takeo dialogue"), chair, (co_chair,), agenda()),
        Session("kep", "Kep", dt.date(2018, 2, 28), dt.time(8), dt.time(12), Text("សាលាខេត្តកែប", "Kep Provincial Hall"),
                Text("វេទិកាសន្ទនាខេត្តកែប", "Kep dialogue"), chair, (), agenda()),
    )
    return Forum(title=Text("វេទិកាសន្ទនារវាងសម្ព័ន្ធវេទិកាសង្គមស៊ីវិល និងអាជ្ញាធរខេត្ត", "Dialogue forum of civil society with the provincial authorities"),
                 organiser=Organiser(Text("សម្ព័ន្ធវេទិកាសង្គមស៊ីវិល", "Civil Society Alliance Forum")), sessions=sessions)


def sample_project(root: Path, attendance: list[Attendance] | None = None) -> Project:
    """The sample forum rooted at ``root`` (a temporary folder)."""
    return Project(root=root, forum=forum(), recipients=recipients(), attendance=list(attendance or []),
                   out_dir=root / "out")
