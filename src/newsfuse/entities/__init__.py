"""Entities: one canonical name per person, organization, place and group across every outlet.

`resolve` turns the named mentions of many articles into `Entity` records (docs/entities.md);
`Gazetteer` gives places coordinates; `Corrections` keeps a user's merges, splits and renames.
"""

from newsfuse.entities.corrections import Corrections
from newsfuse.entities.gazetteer import Gazetteer, Place
from newsfuse.entities.resolve import Resolution, ResolveOptions, entity_key, resolve, resolve_story, resolve_with_report

__all__ = ["Corrections", "Gazetteer", "Place", "Resolution", "ResolveOptions", "entity_key", "resolve",
           "resolve_story", "resolve_with_report"]
