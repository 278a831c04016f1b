from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Areas, organisations, people and roles"

    def ready(self) -> None:
        from core import signals  # noqa: F401
