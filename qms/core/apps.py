from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qms.core"
    label = "core"
    verbose_name = "Nền tảng"
