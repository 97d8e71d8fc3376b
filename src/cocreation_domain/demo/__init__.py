"""A realistic, fictional co-creation initiative of about 18 months, written through the API.

*Safe in Vestby* ("Tryg i Vestbyen") brings a municipality, a police district, a housing
association, clubs, volunteers and businesses together on young people's safety. The story
runs from January 2024 to August 2025 and touches every part of the method: platforms formed
at the establishment workshop, coordinators chosen by consent, first meetings with focus and
contributions, the coordinator meeting and its proposal to merge two platforms, goals with
baselines (qualitative, quantitative and a hypothesis) set at goal-setting meetings, progress
and ripples, an actor swap with onboarding and a pre-meeting, the merge, a platform on standby
and back, a new platform, reality checks, two joint status meetings with a guest talk and their
newsletters, a rescheduled meeting, a contact update and a person who asked to be forgotten.
The method cards' signals show too: every actor's backing recorded but the trade
association's (R-ACT-6), the coordinators' presentations and overlap reviews (R-MEET-7,
R-MEET-8), cross-platform initiatives in the second newsletter (R-NEWS-5), and, in 2025, a
police station at the head of the safe-nights table while the night ravens stop coming
(R-FLAT-5, R-ACT-5).
Every person and organisation is invented.

The package: :mod:`~cocreation_domain.demo.cast` is who is who, as frozen data;
:mod:`~cocreation_domain.demo.chapters` is the story, chapter by chapter;
:mod:`~cocreation_domain.demo.story` resolves the story's names over the
:class:`~cocreation_domain.testing.scenario.Scenario` that tells it.

>>> from cocreation_domain import CoCreation
>>> story = write_demo(CoCreation())
>>> [story.app.get_newsletter(n).state for n in story.newsletters]
['published', 'published']
"""

from __future__ import annotations

from cocreation_domain.demo.chapters import write_demo
from cocreation_domain.demo.story import DEMO_TODAY, DemoStory

__all__ = ["DEMO_TODAY", "DemoStory", "write_demo"]
