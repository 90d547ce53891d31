"""The benchmark fleet: the same N devices for smartconnect's store and the checklists.

Deterministic (a seeded `random.Random`), so two runs compare like with like.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

SITES = [
  "Aarhus DC1", "Berlin Edge", "Chicago North", "Dublin Core", "Espoo Lab", "Frankfurt 2",
  "Geneva Ops", "Houston Yard", "Izmir Port", "Jakarta East", "Krakow Hub", "Lyon Depot",
]
MODELS = ["Smart-UPS 1500", "Smart-UPS 3000", "Galaxy VS 20", "Easy UPS 3S", "Back-UPS Pro"]


@dataclass(frozen=True)
class Device:
  serial: str
  name: str
  model: str
  site: str


def devices(count: int, seed: int = 20261130) -> list[Device]:
  rng = random.Random(seed)
  fleet = []
  for index in range(count):
    site = rng.choice(SITES)
    fleet.append(Device(
      serial=f"AS{index:08d}",
      name=f"UPS {site.split()[0][:3].upper()}-{rng.randrange(1, 99):02d}-{index:06d}",
      model=rng.choice(MODELS),
      site=site,
    ))
  return fleet


def write_csv(fleet: list[Device], path: str) -> None:
  with open(path, "w", newline="", encoding="utf-8") as out:
    writer = csv.writer(out)
    writer.writerow(["serial", "name", "model", "site"])
    for device in fleet:
      writer.writerow([device.serial, device.name, device.model, device.site])


def checklist_items(fleet: list[Device]) -> list[str]:
  """dialog/whiptail `--checklist` triples: tag (serial), item (name), status."""
  items: list[str] = []
  for device in fleet:
    items += [device.serial, device.name, "off"]
  return items
