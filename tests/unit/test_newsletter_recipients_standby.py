"""Newsletter recipients on standby and closed platforms, as a deterministic test (issue 15.7:
before, only the random state machine caught a wrong answer here, in 5 of 6 runs)."""

from __future__ import annotations

from cocreation_domain import CoCreation
from cocreation_domain.testing.scenario import Scenario
from conftest import pause_and_close  # type: ignore[import-not-found]


class TestRecipientsOnStandby:
    """R-NEWS-4: a platform on standby is still open, so its actors are current actors and
    their persons receive the newsletter; a closed platform's actors are not."""

    def test_r_news_4_standby_actors_receive_closed_ones_do_not(self, app: CoCreation) -> None:
        """R-NEWS-4: publishing after one platform went on standby and another closed sends
        the newsletter to the persons of the working and the standby platform's actors only."""
        p6 = Scenario.phase6(app, actors=6, groups=((0, 1), (2, 3), (4, 5)))
        working, paused, closed = p6.platforms
        p6.reality_checks()
        _, newsletter = p6.joint_status()
        for platform in p6.platforms:
            app.submit_newsletter_section(
                p6.coordinators[platform], newsletter, platform, "on track", "rooms", on=p6.today
            )
        app.compile_newsletter(p6.anchor, newsletter, on=p6.today)
        pause_and_close(p6, paused, closed, on=p6.today)
        recipients = app.publish_newsletter(p6.anchor, newsletter, on=p6.today)
        actors = {
            name: app.get_platform(platform).actors
            for name, platform in (("working", working), ("standby", paused), ("closed", closed))
        }
        persons = {name: {p6.person_of(a) for a in group} for name, group in actors.items()}
        assert app.get_platform(paused).state == "standby"
        assert recipients == persons["working"] | persons["standby"]
        assert recipients.isdisjoint(persons["closed"])
        assert app.get_newsletter(newsletter).actors == actors["working"] | actors["standby"]
