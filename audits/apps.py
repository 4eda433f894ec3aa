from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Đánh giá nội bộ và sự không phù hợp"
