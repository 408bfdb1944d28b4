from datetime import timedelta

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _statistics_after_migrate(sender, plan=None, using="default", **kwargs) -> None:
    if plan:  # something was applied: new indexes need statistics before the planner can weigh them
        from .db import refresh_planner_statistics

        refresh_planner_statistics(using=using)


class CoreConfig(AppConfig):
    name = "satupintu.core"
    label = "core"
    verbose_name = _("Inti platform")

    def ready(self) -> None:
        from . import periodic, ratelimit  # noqa: F401 - ratelimit registers its deploy check
        from .images import configure_pillow
        from .tasks import planner_statistics_task

        configure_pillow()

        # post_migrate is sent once per app; listening for this app's only runs it once per migrate.
        post_migrate.connect(_statistics_after_migrate, sender=self, dispatch_uid="core.planner_statistics")
        periodic.register(name="core.planner_statistics", task=planner_statistics_task, every=timedelta(days=1))
