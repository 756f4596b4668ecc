from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailAnalyticsConfig(AppConfig):
    name = "wagtail_analytics"
    label = "wagtail_analytics"
    verbose_name = _("Analytics and news")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core.signals import setting_changed

        from . import checks  # noqa: F401  (registers the system checks)
        from .conf import reload_analytics_settings
        from .read_counter import reset_read_counter_cache

        setting_changed.connect(reload_analytics_settings, dispatch_uid="wagtail_analytics_conf")
        setting_changed.connect(reset_read_counter_cache, dispatch_uid="wagtail_analytics_reads")
