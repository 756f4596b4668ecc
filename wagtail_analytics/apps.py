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
        from .moderation.pipeline import reset_stages_cache
        from .moderation.rules import register_rule_signal_handlers
        from .read_counter import reset_read_counter_cache
        from .signal_handlers import register_signal_handlers

        # Settings-derived objects are rebuilt when tests change the settings.
        setting_changed.connect(reload_analytics_settings, dispatch_uid="wagtail_analytics_conf")
        setting_changed.connect(reset_read_counter_cache, dispatch_uid="wagtail_analytics_reads")
        setting_changed.connect(reset_stages_cache, dispatch_uid="wagtail_analytics_stages")
        register_signal_handlers()  # news feed cache invalidation
        register_rule_signal_handlers()  # moderation rule matcher invalidation
