"""A seeded day at a small centre, driven through the real services, that keeps its own records.

The records are what an independent observer wrote down; reports computed from the database's
events must agree with them exactly.
"""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from server.domain.states import Action
from server.services.auth import authenticate, create_device, create_user, login
from server.services.calling import call_next, counter_action
from server.services.day_end import end_of_day
from server.services.ratings import submit_rating
from server.services.setup import add_counter, add_sector, create_site
from server.services.issuing import issue_ticket
from server.services.tickets import act_on_ticket

SECTORS = {"land": 5, "civil": 3, "tax": 2}  # relative arrival weights
COUNTERS = {1: [("land", "primary")], 2: [("land", "primary"), ("civil", "backup")],
            3: [("civil", "primary"), ("tax", "backup")], 4: [("tax", "primary")]}


@dataclass
class Record:
    sector: str
    issued: datetime
    called: datetime | None = None
    started: datetime | None = None
    finished: datetime | None = None
    counter: int | None = None
    outcome: str = "waiting"
    score: int | None = None


@dataclass
class Simulation:
    records: dict[int, Record] = field(default_factory=dict)
    day: str = ""


def run(services, clock, seed: int = 7, minutes: int = 150) -> Simulation:
    rng = random.Random(seed)
    site_id = create_site(services, "sim", "Trung tâm mô phỏng", settings={"recall_limit": 3})
    for position, code in enumerate(SECTORS):
        add_sector(services, site_id, code, code, position=position)
    officers, raters = {}, {}
    for number, sectors in COUNTERS.items():
        counter_id = add_counter(services, site_id, number, f"Quầy {number}", sectors)
        create_user(services, f"sim{number}", "matkhau-sim", f"Cán bộ {number}", "officer", ["sim"])
        officers[number] = authenticate(services, login(services, f"sim{number}", "matkhau-sim")[0])
        raters[number] = authenticate(services, create_device(services, site_id, "rating", f"r{number}", counter_id))
    kiosk = authenticate(services, create_device(services, site_id, "kiosk", "k"))
    start = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # 08:00 in Hanoi
    clock.set(start)
    sim = Simulation(day="2026-11-23")
    busy: dict[int, tuple[int, datetime, str]] = {}  # counter → (ticket, when the next step is due, step)
    for minute in range(minutes):
        clock.set(start + timedelta(minutes=minute))
        peak = 3 if minute < 60 else 1
        for _ in range(rng.choices([0, 1, 2], weights=[4, 3, peak])[0]):
            sector = rng.choices(list(SECTORS), weights=list(SECTORS.values()))[0]
            ticket = issue_ticket(services, kiosk, "sim", sector).ticket
            sim.records[ticket.id] = Record(sector, clock.now())
        for number in COUNTERS:
            now = clock.now()
            if number in busy:
                ticket_id, due, step = busy[number]
                if now < due:
                    continue
                record = sim.records[ticket_id]
                if step == "no_show":
                    counter_action(services, officers[number], "sim", number, Action.NO_SHOW)
                    record.outcome = "no_show"
                elif step == "cancel":
                    act_on_ticket(services, officers[number], "sim", ticket_id, Action.CANCEL, "không đủ hồ sơ")
                    record.outcome = "cancelled"
                elif step == "start":
                    counter_action(services, officers[number], "sim", number, Action.START)
                    record.started = now
                    busy[number] = (ticket_id, now + timedelta(minutes=rng.randint(3, 14)), "finish")
                    continue
                else:
                    counter_action(services, officers[number], "sim", number, Action.FINISH)
                    record.finished, record.outcome = now, "done"
                    if rng.random() < 0.7:
                        clock.set(now + timedelta(seconds=20))
                        record.score = rng.choices([1, 2, 3], weights=[1, 3, 6])[0]
                        submit_rating(services, raters[number], "sim", number, ticket_id, record.score)
                        clock.set(now)
                del busy[number]
                continue
            called = call_next(services, officers[number], "sim", number)
            if called is None:
                continue
            record = sim.records[called.id]
            record.called, record.counter, record.outcome = now, number, "called"
            step = rng.choices(["start", "no_show", "cancel"], weights=[85, 10, 5])[0]
            busy[number] = (called.id, now + timedelta(minutes=1), step)
    for number, (ticket_id, _, _) in list(busy.items()):  # what is at a counter at closing time expires too
        sim.records[ticket_id].outcome = "expired"
    for record in sim.records.values():
        if record.outcome == "waiting":
            record.outcome = "expired"
    clock.set(start + timedelta(days=1))
    end_of_day(services, "sim")
    return sim
