from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = "Kiểm soát tài liệu"

    def ready(self):
        from processes.mywork import provider
        from processes.mywork_pdf import provider as pdf_provider
        from qms.core import mywork

        mywork.register(provider)
        mywork.register(pdf_provider)
