"""Two similar but different events (earthquakes in two countries), each reported by several outlets.

Written for these tests; the outlets differ in register and in how they spell names.
"""

from __future__ import annotations

from .conftest import make_article

PERU = [("Peru", "GPE"), ("Arequipa", "GPE"), ("Camana", "GPE"), ("Camaná", "GPE"), ("Dina Boluarte", "PERSON"),
        ("Boluarte", "PERSON"), ("Geophysical Institute of Peru", "ORG"), ("Civil Defence Institute", "ORG"),
        ("Indeci", "ORG")]
TURKEY = [("Turkey", "GPE"), ("Türkiye", "GPE"), ("Izmir", "GPE"), ("İzmir", "GPE"), ("Seferihisar", "GPE"),
          ("AFAD", "ORG"), ("Kandilli Observatory", "ORG"), ("Ali Yerlikaya", "PERSON"), ("Yerlikaya", "PERSON")]


def peru(n: int):
    reports = [
        ("Strong earthquake shakes southern Peru, at least 12 dead",
         "A magnitude 6.8 earthquake struck southern Peru on March 4, 2025, killing at least 12 people in the "
         "region of Arequipa, the Geophysical Institute of Peru said.\nThe quake was centred 40 km from Camana. "
         "President Dina Boluarte flew to Arequipa and promised aid to the families of the victims.\n"
         "The Civil Defence Institute said more than 300 homes collapsed in the coastal towns.", "2025-03-04"),
        ("Peru quake: death toll climbs as rescuers search rubble in Arequipa",
         "Rescue teams in Arequipa kept digging through collapsed adobe homes on Wednesday after the 6.8 "
         "earthquake that hit the south of Peru on 4 March.\nIndeci, the civil defence agency, counted 12 dead "
         "and 85 injured, most of them in Camaná.\nBoluarte declared a state of emergency for 60 days.", "2025-03-05"),
        ("Boluarte declares emergency after deadly Peru earthquake",
         "Peru's president Dina Boluarte declared a 60-day state of emergency in Arequipa after the magnitude 6.8 "
         "earthquake.\nThe Geophysical Institute of Peru recorded more than 40 aftershocks near Camana since the "
         "quake on March 4.\nOfficials said 12 people died and hundreds of adobe homes were destroyed.", "2025-03-05"),
        ("Aftershocks rattle Arequipa days after Peru earthquake",
         "Residents of Camaná slept outdoors as aftershocks rattled Arequipa, three days after the magnitude 6.8 "
         "quake that killed 12 people in southern Peru.\nThe Civil Defence Institute sent tents and water; "
         "Boluarte visited the shelters.", "2025-03-07"),
    ]
    return [make_article(f"peru{i}", t, x, PERU, published=d) for i, (t, x, d) in enumerate(reports[:n])]


def turkey(n: int):
    reports = [
        ("Earthquake hits western Turkey near Izmir, buildings damaged",
         "A magnitude 6.1 earthquake hit western Turkey on August 19, 2024, damaging dozens of buildings in "
         "Izmir province, the disaster agency AFAD said.\nThe epicentre was off the coast of Seferihisar. "
         "Interior Minister Ali Yerlikaya said 34 people were injured and no one was killed.", "2024-08-19"),
        ("Türkiye quake: 34 injured as tremor shakes İzmir",
         "The 6.1 tremor that shook İzmir on 19 August injured 34 people, AFAD said on Tuesday, as engineers "
         "inspected cracked apartment blocks in Seferihisar.\nThe Kandilli Observatory measured the quake at "
         "a depth of 10 km.\nYerlikaya said tents were sent to families who left their homes.", "2024-08-20"),
        ("Aftershocks follow strong earthquake off Turkey's Aegean coast",
         "More than 200 aftershocks followed the magnitude 6.1 earthquake off Seferihisar in western Turkey, "
         "the Kandilli Observatory said.\nAFAD said 34 people were hurt in Izmir province and that schools "
         "would stay closed until inspections end.", "2024-08-20"),
    ]
    return [make_article(f"turkey{i}", t, x, TURKEY, published=d) for i, (t, x, d) in enumerate(reports[:n])]
