"""A small two-session forum with invitees, attendance and outcomes, for the summary report's tests."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from docgen.model import Attendance, Forum, Organiser, Outcome, Person, Project, Recipient, Session, Source, Text

__all__ = ["small_project", "invitee", "attendee", "outcome"]


def invitee(rid: str, session: str, category: str, sex: str, report: bool = False) -> Recipient:
    return Recipient(
        id=rid, honorific=Text("លោក", "Mr."), name=Text(f"ឈ្មោះ {rid}", f"Name {rid}"),
        position=Text("ប្រធាន", "Director"), organisation=Text(f"អង្គការ {rid}", f"Organisation {rid}"),
        category=category, province="Kep" if session == "kep" else "Kampot", session=session,
        language="both", sex=sex, report=report, source=Source("recipients/test.csv", 2),
    )


def attendee(person: Recipient | None, session: str, sex: str = "", category: str = "", name: str = "") -> Attendance:
    if person is None:
        return Attendance(session, None, Text(name, name), sex=sex, category=category,
                          organisation=Text("សហគមន៍ថ្មី", "New community"))
    return Attendance(session, person.id, person.name, sex=person.sex, position=person.position,
                      organisation=person.organisation, category=person.category)


def outcome(oid: str, session: str, theme: str, status: str, responsible: str = "") -> Outcome:
    return Outcome(
        id=oid, session=session, theme=Text(f"ប្រធានបទ {theme}", theme.capitalize()),
        raised_by=Text("សហគមន៍នេសាទ", "Fishing community"), challenge=Text(f"បញ្ហា {oid}", f"Challenge {oid}"),
        response=Text(f"ចម្លើយ {oid}", f"Response {oid}"), status=status,
        responsible=Text(f"មន្ទីរ {responsible}", f"Department of {responsible}") if responsible else Text(),
        deadline=dt.date(2018, 6, 30) if status != "addressed" else None,
        follow_up=Text(f"តាមដាន {oid}", f"Follow up {oid}") if status != "addressed" else Text(),
        source=Source("outcomes.yaml", 3),
    )


def small_project(root: Path) -> Project:
    """Kep (4 invited: 2 authorities, 2 NGOs) and Kampot (3 invited); 5 attend, one walk-in; 4 outcomes."""
    sessions = (
        Session("kep", "Kep", dt.date(2018, 2, 28), dt.time(8), dt.time(12), Text("សាលាខេត្តកែប", "Kep Provincial Hall"),
                chair=Person(Text("ខឹម រ៉ាត់វិសិដ្ឋ", "Kem Rath Viseth"), Text("លោក", "Mr."),
                             Text("ប្រធានក្រុមប្រឹក្សាភិបាល", "Chairman of the Board"))),
        Session("kampot", "Kampot", dt.date(2018, 3, 1), dt.time(8), dt.time(12), Text("សាលាខេត្តកំពត", "Kampot Provincial Hall")),
    )
    forum = Forum(
        title=Text("វេទិកាសន្ទនា", "Dialogue Forum"),
        organiser=Organiser(Text("វេទិកាសង្គមស៊ីវិល", "Civil Society Forum"), province="Phnom Penh"),
        sessions=sessions, purpose=Text("ពង្រឹងកិច្ចសហការ", "To strengthen cooperation"),
        start=dt.date(2018, 2, 28), end=dt.date(2018, 3, 1),
    )
    people = [
        invitee("k1", "kep", "authority", "M", report=True), invitee("k2", "kep", "authority", "F"),
        invitee("k3", "kep", "ngo", "F"), invitee("k4", "kep", "ngo", "M"),
        invitee("p1", "kampot", "department", "M"), invitee("p2", "kampot", "ngo", "F"),
        invitee("p3", "kampot", "community", ""),
    ]
    by_id = {p.id: p for p in people}
    attendance = [
        attendee(by_id["k1"], "kep"), attendee(by_id["k3"], "kep"), attendee(by_id["k4"], "kep"),
        attendee(None, "kep", sex="F", category="community", name="Walk In"),
        attendee(by_id["p2"], "kampot"),
    ]
    outcomes = [
        outcome("o1", "kep", "land", "addressed"),
        outcome("o2", "kampot", "land", "referred", "Land Management"),
        outcome("o3", "kep", "fisheries", "pending", "Fisheries"),
        outcome("o4", "kampot", "health", "addressed"),
    ]
    return Project(root=root, forum=forum, recipients=people, outcomes=outcomes, attendance=attendance,
                   out_dir=root / "out")


def with_status(project: Project, outcome_id: str, status: str) -> Project:
    """A copy of ``project`` where one outcome has another status."""
    outcomes = [replace(o, status=status) if o.id == outcome_id else o for o in project.outcomes]
    return replace(project, outcomes=outcomes)
